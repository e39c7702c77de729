"""What to compose: a ``MusicBrief`` from a user's words or from a video's mood, pace and cuts. Pure Python."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from nemo_notebook.engine.music.genres import genre_and_shape, without_uses
from nemo_notebook.engine.music.mood_words import disagrees, drive_over, energy_over, footage_mode, mode_over
from nemo_notebook.engine.music.scene_energy import scene_energies
from nemo_notebook.engine.music.styles import STYLE_WORDS, STYLES
from nemo_notebook.engine.music.theory import NOTE_NAMES, pitch_class

if TYPE_CHECKING:
    from nemo_notebook.engine.analysis.types import VideoAnalysis

DEFAULT_DURATION_MS = 30_000
MIN_DURATION_MS = 2_000
MAX_DURATION_MS = 10 * 60_000  # a 3-minute track peaks at about 0.6 GB of memory while it is mastered
MIN_TEMPO_BPM = 40.0
MAX_TEMPO_BPM = 220.0

# Keys that sit well on the SoundFont's instruments and in a singer's range, by mode.
_KEYS = {"major": ("C", "D", "Eb", "F", "G", "A", "Bb"), "minor": ("A", "D", "E", "C", "G", "B", "F")}
_CHINESE_NUMBERS = {"一": 1.0, "两": 2.0, "二": 2.0, "三": 3.0, "四": 4.0, "五": 5.0, "六": 6.0, "十": 10.0, "半": 0.5}
_FASTER = ("upbeat", "fast", "energetic", "driving", "lively", "quick", "exciting", "high energy", "high-energy")
_SLOWER = ("slow", "calm", "gentle", "soft", "relax", "quiet", "low energy", "low-energy", "sleepy", "sad", "dreamy")
_MINOR_MOODS = ("sad", "dark", "melanchol", "moody", "somber", "sombre", "gloomy", "mysterious", "tense", "haunting")
# Words for the tone of the sound (``MusicBrief.tone``): darker (the top shelved down) or brighter
_DARK_TONE = ("dark", "dreamy", "moody", "gloomy", "haunting", "mysterious", "murky", "ethereal", "melanchol")
_BRIGHT_TONE = ("bright", "sunny", "sparkl", "shiny", "crisp", "cheerful")
_MAJOR_MOODS = ("happy", "upbeat", "up-beat", "bright", "cheerful", "joyful", "uplifting", "sunny", "positive")
_NUMBER_WORDS = {
    "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45, "fifty": 50, "sixty": 60, "ninety": 90, "half": 0.5,
}  # fmt: skip


@dataclass(frozen=True)
class MusicBrief:
    """Everything the composer needs to write a piece.

    Attributes
    ----------
    style : one of ``STYLES`` (``"upbeat"``, ``"lofi"``, ``"cinematic"``, …).
    tempo_bpm : beats per minute; the beat grid is ``phase_ms + k * 60000 / tempo_bpm``.
    key, mode : tonic name (``"A"``, ``"Eb"``) and ``"major"`` or ``"minor"``.
    energy : 0 (still) … 1 (full on), the overall level the arrangement's energy curve is scaled by.
    duration_ms : exact length of the track.
    phase_ms : time of the first beat (a downbeat); what comes before it is a pickup.
    section_starts_ms : where new sections should begin (a video's big cuts); snapped to bar lines.
    section_energies : optional energy (0..1) of each section, one per start plus one for the opening.
    instrumentation : instruments the user asked for (``"piano"``, ``"strings"``, ``"flute"``); each takes over a
        part it can play (see ``styles.with_instruments``).
    accents_ms : the video's strong cuts, each on a beat of the grid: a crash (and a riser or fill into it) there.
    tempo_change_ms, later_tempo_bpm : a bar line of the first grid where the tempo becomes ``later_tempo_bpm``
        (0: one tempo throughout), for cuts one tempo cannot land.
    cuts_ms : every cut of the video a score is for: each one's nearest beat is played on it, the tempo bending by
        at most 5 % between them (``onto_cuts``).
    shape : the style whose form the piece takes where it is not ``style``'s own ("epic rock": ``"epic"``, its waves
        built by rock's band; ``genres.genre_and_shape``); "" for the style's own.
    tone : -1 darker (dark, dreamy words: the top of the finished mix shelved down), 0 the style's own, 1 brighter
        (``colour.toned``).
    speech_ms : (start, end) of each stretch a clip's speech plays over (a score): the pad keeps under the voice
        there (``under_speech``).
    free_tempo : nothing is cut to this grid (a piece asked for in words alone), so the band may push and pull the
        tempo between section starts (``feel.tempo_drift``); False keeps every beat on the grid, as a video's
        score needs.
    """

    style: str
    tempo_bpm: float
    key: str
    mode: str
    energy: float
    duration_ms: int
    phase_ms: int = 0
    section_starts_ms: tuple[int, ...] = ()
    section_energies: tuple[float, ...] = ()
    instrumentation: tuple[str, ...] = ()
    accents_ms: tuple[int, ...] = ()
    tempo_change_ms: int = 0
    later_tempo_bpm: float = 0.0
    cuts_ms: tuple[int, ...] = field(default=(), repr=False)  # out of the repr too: the same choices as before
    free_tempo: bool = field(default=False, repr=False)  # out of the repr: the composer seeds its choices with it
    tone: float = field(default=0.0, repr=False)  # out of the repr: the same notes, another sound
    shape: str = field(default="", repr=False)  # out of the repr: a piece of one style keeps its notes
    speech_ms: tuple[tuple[int, int], ...] = field(default=(), repr=False)  # out of the repr: the same choices

    def __post_init__(self) -> None:
        if self.style not in STYLES:
            raise ValueError(f"unknown style {self.style!r}; choose one of {', '.join(sorted(STYLES))}")
        if self.mode not in ("major", "minor"):
            raise ValueError(f"mode must be 'major' or 'minor', not {self.mode!r}")
        if not MIN_TEMPO_BPM <= self.tempo_bpm <= MAX_TEMPO_BPM:
            raise ValueError(f"tempo {self.tempo_bpm} bpm is outside {MIN_TEMPO_BPM:g}–{MAX_TEMPO_BPM:g} bpm")
        if not MIN_DURATION_MS <= self.duration_ms <= MAX_DURATION_MS:
            raise ValueError(
                f"a track lasts {MIN_DURATION_MS // 1000}–{MAX_DURATION_MS // 60000 * 60} s, not {self.duration_ms} ms"
            )
        if self.later_tempo_bpm and not (
            MIN_TEMPO_BPM <= self.later_tempo_bpm <= MAX_TEMPO_BPM and self.phase_ms < self.tempo_change_ms
        ):
            raise ValueError(f"a tempo change to {self.later_tempo_bpm} bpm must come after the first beat")
        if not 0 <= self.phase_ms < self.duration_ms:
            raise ValueError(f"phase_ms {self.phase_ms} must lie inside the track (0…{self.duration_ms} ms)")
        if self.shape and self.shape not in STYLES:
            raise ValueError(f"unknown shape {self.shape!r}; choose one of {', '.join(sorted(STYLES))}")
        pitch_class(self.key)

    @property
    def form_style(self) -> str:
        """The style whose form the piece takes: ``shape`` where a request named one beside the genre."""
        return self.shape or self.style

    @property
    def beat_ms(self) -> float:
        return 60_000.0 / self.tempo_bpm


def brief_from_words(words: str, *, duration_ms: int | None = None, seed: int = 0) -> MusicBrief:
    """A brief from a request such as ``"an upbeat 60-second track for my travel video"``.

    Parameters
    ----------
    words : the request. Style words (upbeat, energetic, happy, calm, chill, lo-fi, sad, cinematic, epic, acoustic,
        electronic, corporate, romantic and their synonyms), pace words (fast, slow), a tempo (``"120 bpm"``), a key
        (``"in D minor"``), major/minor and a length (``"a 60-second track"``, ``"2 minutes"``, ``"1:30"``).
    duration_ms : length when the words do not give one (default 30 s).
    seed : picks key and tempo within the style's range where the words leave them open.
    """
    text = words.lower()
    rng = random.Random(f"brief:{seed}")
    named, shape = _named_style(text)
    style = STYLES[named or "upbeat"]
    nudge = _pace_nudge(text)
    lean_energy, lean_tempo = _other_styles_lean(text, style.name)
    low, high = style.tempo_range_bpm
    drive = _clamp(rng.random() * 0.6 + 0.2 + 0.3 * nudge + lean_tempo)
    tempo = tempo_from_words(text) or round(low + (high - low) * drive, 1)
    leaning = style.mode if style.mode != "either" or not shape else STYLES[shape].mode  # epic rock: minor
    mode = mode_from_words(text) or mood_mode(text) or _pick_mode(leaning, rng)
    key = key_from_words(text) or rng.choice(_KEYS[mode])
    length = duration_from_words(text) or duration_ms or DEFAULT_DURATION_MS
    return MusicBrief(
        style=style.name,
        tempo_bpm=_clamp(tempo, MIN_TEMPO_BPM, MAX_TEMPO_BPM),
        key=key,
        mode=mode,
        energy=_clamp(style.energy + 0.15 * nudge + lean_energy),
        duration_ms=int(length),
        instrumentation=_instruments_from_words(text),
        free_tempo=True,
        tone=tone_from_words(text),
        shape=shape,
    )


def brief_from_video(
    analysis: VideoAnalysis, *, words: str = "", tempo_bpm: float | None = None, phase_ms: int = 0, seed: int = 0
) -> MusicBrief:
    """A brief that fits a video: its mood picks style and mode, its pace the tempo, its big cuts the sections.

    Parameters
    ----------
    analysis : the video's analysis (valence, arousal, pace, cut points and strengths, motion curve).
    words : the user's request; a style, key, tempo or length named there wins over what the video suggests, and a
        named style plays at its own energy, tempo and mode where the footage disagrees (``mood_words``).
    tempo_bpm, phase_ms : the beat grid chosen to land beats on the cuts (honoured exactly when given).
    seed : picks the key and fine tempo where nothing else decides them.
    """
    text = words.lower()
    rng = random.Random(f"video:{seed}")
    named = _named_style(text)[0]
    style = STYLES[named or style_from_mood(analysis.valence, analysis.arousal)]
    low, high = style.tempo_range_bpm
    tempo = (
        tempo_bpm
        or tempo_from_words(text)
        or round(low + (high - low) * drive_over(analysis, named, _pace_nudge(text)), 1)
    )
    mode = mode_from_words(text) or mood_mode(text) or mode_over(analysis, named)
    key = key_from_words(text) or rng.choice(_KEYS[mode])
    duration = duration_from_words(text) or analysis.duration_ms
    starts = section_starts_from_cuts(analysis, bar_ms=4 * 60_000.0 / tempo, duration_ms=duration)
    return MusicBrief(
        style=style.name,
        tempo_bpm=_clamp(float(tempo), MIN_TEMPO_BPM, MAX_TEMPO_BPM),
        key=key,
        mode=mode,
        energy=energy_over(analysis, named, _pace_nudge(text)),
        duration_ms=int(_clamp(duration, MIN_DURATION_MS, MAX_DURATION_MS)),
        phase_ms=phase_ms,
        section_starts_ms=starts,
        section_energies=scene_energies(analysis, starts, duration, named),
        instrumentation=_instruments_from_words(text),
        tone=tone_from_words(text),
        shape=_named_style(text)[1],
    )


def word_over_footage(analysis: VideoAnalysis, words: str) -> str | None:
    """The word of a request that wins over the footage's mood (``"upbeat"`` over a still, grey clip: a style whose
    energy disagrees, or a mood word whose mode does), or None where the words agree with it or name no mood."""
    text = words.lower()
    named = _named_style(text)[0]
    if named is not None and disagrees(analysis, named):
        return next((w for w, s in STYLE_WORDS if s == named and _says(w, text)), named)
    mode = mode_from_words(text) or mood_mode(text)
    if mode is not None and mode != footage_mode(analysis):
        return next(w for w in (*_MINOR_MOODS, *_MAJOR_MOODS, "minor", "major") if _says(w, text))
    return None


def _says(word: str, text: str) -> bool:
    return re.search(r"(?<![a-z])" + re.escape(word), text) is not None


def video_style(analysis: VideoAnalysis, words: str = "") -> str:
    """The style a score for this video takes: the one the words name, else the one its mood suggests."""
    return _named_style(words.lower())[0] or style_from_mood(analysis.valence, analysis.arousal)


def style_named(words: str) -> str | None:
    """The style a request names, or None (the footage's mood picks one)."""
    return _named_style(words.lower())[0]


def _named_style(text: str) -> tuple[str | None, str]:
    """The style a request names (None: none) and the style whose form it takes where another ("epic rock": rock,
    shaped as epic; else "")."""
    both = genre_and_shape(text)
    if both is not None:
        return both
    return _solo_piano(text, style_from_words(without_uses(text))), ""


def style_from_words(text: str) -> str | None:
    """The style a request names (``"lo-fi"`` → ``"lofi"``), or None."""
    for word, style in STYLE_WORDS:
        if re.search(r"(?<![a-z])" + re.escape(word), text):
            return style
    return None


def _other_styles_lean(text: str, style: str) -> tuple[float, float]:
    """How far the other styles a request names pull the first one's energy and tempo (a share of its range) their
    way, half way at most: "a chill electronic track" is house played laid back, not house as it comes. Mood words
    that name a style too ("dark", "bright", "happy") set the mode and the tone, not this. The styles are summed in
    their names' order: a set's order changes with the hash seed, and a float sum with its order (0.5333333333333333
    or …32 for "acoustic chill epic romantic"), which the brief's repr, the composer's seed, carries into every note."""
    moods = {*_MINOR_MOODS, *_MAJOR_MOODS, *_DARK_TONE, *_BRIGHT_TONE}  # they set the mode and the tone instead
    text = without_uses(text)  # and what the music is for does not pull a genre named beside it
    others = sorted(
        {
            named
            for word, named in STYLE_WORDS
            if named != style and word not in moods and re.search(r"(?<![a-z])" + re.escape(word), text)
        }
    )
    if not others:
        return 0.0, 0.0
    own, (low, high) = STYLES[style], STYLES[style].tempo_range_bpm
    energy = sum(STYLES[o].energy for o in others) / len(others)
    tempo = sum(sum(STYLES[o].tempo_range_bpm) / 2 for o in others) / len(others)
    return 0.5 * (energy - own.energy), 0.5 * _clamp((tempo - (low + high) / 2) / (high - low), -1.0, 1.0)


def style_from_mood(valence: float, arousal: float) -> str:
    """Style for a mood on the valence (sad…happy) × arousal (calm…excited) plane."""
    if arousal >= 0.68:
        return "energetic" if valence >= 0.6 else ("upbeat" if valence >= 0.45 else "epic")
    if arousal >= 0.42:
        return "happy" if valence >= 0.62 else ("corporate" if valence >= 0.45 else "cinematic")
    if valence >= 0.55:
        return "acoustic" if arousal >= 0.3 else "chill"
    return "calm" if valence >= 0.35 else "sad"


def tone_from_words(text: str) -> float:
    """-1 where the words ask for a dark sound (``"dark"``, ``"dreamy"``), 1 for a bright one, else 0."""
    dark = re.search(r"(?<![a-z])(" + "|".join(_DARK_TONE) + ")", text) is not None
    bright = re.search(r"(?<![a-z])(" + "|".join(_BRIGHT_TONE) + ")", text) is not None
    return float(bright) - float(dark)


def mood_mode(text: str) -> str | None:
    """The mode a mood word asks for (``"sad"``, ``"dark"`` → minor; ``"happy"``, ``"upbeat"`` → major), or None:
    the words win over a video's mood when they disagree."""
    if re.search(r"(?<![a-z])(" + "|".join(_MINOR_MOODS) + ")", text):
        return "minor"
    return "major" if re.search(r"(?<![a-z])(" + "|".join(_MAJOR_MOODS) + ")", text) else None


def _solo_piano(text: str, style: str | None) -> str | None:
    """The piano style when the piano is the one instrument named for a quiet piece ("a sad piano track", "calm piano
    music"), else the style the words name: a piano named in a band's style ("upbeat, with piano") takes its chords."""
    quiet = style in (None, "sad", "calm", "romantic", "piano")
    return "piano" if quiet and _instruments_from_words(text) == ("piano",) else style


def tempo_from_words(text: str) -> float | None:
    match = re.search(r"(\d{2,3}(?:\.\d+)?)\s*(?:bpm|beats per minute)", text)
    return float(match.group(1)) if match else None


def mode_from_words(text: str) -> str | None:
    if re.search(r"\bminor\b", text):
        return "minor"
    return "major" if re.search(r"\bmajor\b", text) else None


def key_from_words(text: str) -> str | None:
    match = re.search(r"\bin\s+([a-g])\s*(#|b|♯|♭|sharp|flat)?\s*(?:major|minor)\b", text)
    match = match or re.search(r"\bkey of\s+([a-g])\s*(#|b|♯|♭|sharp|flat)?\b", text)
    if not match:
        return None
    accidental = {"sharp": "#", "flat": "b", "♯": "#", "♭": "b"}.get(match.group(2) or "", match.group(2) or "")
    return NOTE_NAMES[pitch_class(match.group(1) + accidental)]


def duration_from_words(text: str) -> int | None:
    """Length named in a request in ms: ``"60-second"``, ``"2 minutes"``, ``"1:30"``, ``"90s"``, ``"a minute"``,
    ``"60秒"``, ``"两分钟"``."""
    clock = re.search(r"\b(\d{1,2}):([0-5]\d)\b", text)
    if clock:
        return (int(clock.group(1)) * 60 + int(clock.group(2))) * 1000
    if re.search(r"\bhalf an? minute\b", text):
        return 30_000
    chinese = re.search(r"(\d+(?:\.\d+)?|[一两二三四五六十半])\s*(分钟|分|秒)", text)
    if chinese:
        amount = _CHINESE_NUMBERS.get(chinese.group(1)) or float(chinese.group(1))
        return round(amount * (1000 if chinese.group(2) == "秒" else 60_000))
    number = r"(\d+(?:\.\d+)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
    match = re.search(r"(?<![\w.])" + number + r"[\s-]*(minutes?|mins?|seconds?|secs?|s)\b", text)
    if not match:
        return None
    amount = _NUMBER_WORDS.get(match.group(1)) or float(match.group(1))
    seconds = amount * 60 if match.group(2).startswith("m") else amount
    return round(seconds * 1000) if seconds > 0 else None


def section_starts_from_cuts(analysis: VideoAnalysis, *, bar_ms: float, duration_ms: int) -> tuple[int, ...]:
    """The video's big cuts, as section starts at least four bars apart (and away from the ends).

    A cut is big when its strength is in the top half of the clip's cuts; sections shorter than four bars would
    make the music change more often than a listener can follow, so weaker cuts near a stronger one give way.
    """
    cuts = sorted(zip(analysis.cut_strengths, analysis.cut_points_ms, strict=False), reverse=True)
    if not cuts:
        return ()
    threshold = cuts[len(cuts) // 2][0] if len(cuts) >= 3 else 0.0
    chosen: list[int] = []
    for strength, at_ms in cuts:
        far = all(abs(at_ms - c) >= 4 * bar_ms for c in chosen)
        inside = 4 * bar_ms <= at_ms <= duration_ms - 3 * bar_ms
        if strength >= threshold and far and inside:
            chosen.append(int(at_ms))
    return tuple(sorted(chosen))


def _instruments_from_words(text: str) -> tuple[str, ...]:
    families = ("piano", "guitar", "strings", "synth", "drums", "bass", "bells", "brass", "choir", "flute")
    return tuple(f for f in families if f in text)


def _pace_nudge(text: str) -> float:
    up = sum(1 for w in _FASTER if w in text)
    down = sum(1 for w in _SLOWER if w in text)
    return float(max(-1, min(1, up - down)))


def _pick_mode(preference: str, rng: random.Random) -> str:
    if preference in ("major", "minor"):
        return preference
    return rng.choice(("major", "minor"))


def _clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return max(low, min(high, value))
