"""A composition rendered, mastered and written to disk as a finished track."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from nemo_notebook.engine.music.brief import MusicBrief, brief_from_video, brief_from_words, style_named
from nemo_notebook.engine.music.compose import Composition, SectionInfo, compose
from nemo_notebook.engine.music.scene_energy import scene_energies
from nemo_notebook.engine.progress import Progress, forward_only

if TYPE_CHECKING:
    from nemo_notebook.engine.analysis.types import VideoAnalysis

SAMPLE_RATE = 48_000
_FORMATS = {".wav": ("WAV", "PCM_16"), ".flac": ("FLAC", "PCM_16")}
_PRODUCED = 0.75  # the share of the work done when the parts are rendered and mixed (colour, balance, master: the rest)

"""Told the fraction of a track's work done, 0..1, on the thread doing it."""


@dataclass(frozen=True)
class GeneratedTrack:
    """A finished track on disk and what the rest of the engine needs to cut to it.

    ``beats_ms``/``downbeats_ms`` are the grid the music was written on (the first beat at the requested phase),
    up to the final chord: every one is a beat the groove plays, none falls in the final chord's ring;
    ``loudness_lufs`` and ``true_peak_dbtp`` are measured on the written samples.
    """

    path: Path
    duration_ms: int
    tempo_bpm: float
    beats_ms: tuple[int, ...]
    downbeats_ms: tuple[int, ...]
    key: str
    mode: str
    style: str
    loudness_lufs: float
    true_peak_dbtp: float
    sections: tuple[SectionInfo, ...] = ()
    sample_rate: int = SAMPLE_RATE
    instruments: tuple[str, ...] = ()  # what plays, in words ("synth drums", "FM electric piano", "piano")
    later_tempo_bpm: float = 0.0  # the tempo after a change (0: one tempo throughout)

    shape: str = ""  # the style whose form it took where a request named one beside the genre ("epic" rock)

    @property
    def title(self) -> str:
        """A name for the draft and the timeline: ``"Lo-Fi in A minor, 84 BPM"``, the genre as people write it
        (``genres.title_name``: "Hip-Hop", "Rock", "Epic Rock"), the tempo in whole BPM as a person says it (a
        tempo fitted to a video's cuts is rarely whole)."""
        from nemo_notebook.engine.music.genres import title_name

        return f"{title_name(self.style, self.shape)} in {self.key} {self.mode}, {round(self.tempo_bpm)} BPM"


def render_track(composition: Composition, out_path: Path, *, progress: Progress | None = None) -> GeneratedTrack:
    """Render, master and write a composition: 48 kHz stereo 16-bit WAV (or FLAC for a ``.flac`` path).

    The file has exactly ``composition.duration_ms`` of audio (to the sample), -14 LUFS integrated and a true
    peak of at most -1 dBTP. It is written to a temporary file beside ``out_path`` and renamed into place, so a
    reader never sees half a file. ``progress`` hears the fraction done, 0..1, as each part, the mix and the master
    are done (never going back), and 1.0 when the file is in place.

    Raises
    ------
    ValueError
        For an output suffix other than ``.wav`` or ``.flac``.
    SynthesisError
        When the SoundFont synthesizer fails.
    """
    from nemo_notebook.engine.music.air import air
    from nemo_notebook.engine.music.balance import balance
    from nemo_notebook.engine.music.colour import colour, toned
    from nemo_notebook.engine.music.dynamics import filtered_ends, ride
    from nemo_notebook.engine.music.master import master
    from nemo_notebook.engine.music.produce import instruments, render_produced
    from nemo_notebook.engine.music.room import room_tone
    from nemo_notebook.engine.music.under_speech import speech_spans, voice_pocket

    out_path = Path(out_path)
    file_format, subtype = _format_for(out_path)
    length = round(composition.duration_ms * SAMPLE_RATE / 1000)
    tell = forward_only(progress)
    mix = render_produced(
        composition, sample_rate=SAMPLE_RATE, length=length, progress=lambda fraction: tell(_PRODUCED * fraction)
    )
    mix = air(mix, style=composition.style, sample_rate=SAMPLE_RATE)
    mix = filtered_ends(
        mix,
        composition.sections,
        style=composition.style,
        sample_rate=SAMPLE_RATE,
        bar_ms=240_000.0 / composition.tempo_bpm,
    )  # the record's crackle and hiss stay unfiltered
    mix = colour(mix, style=composition.style, sample_rate=SAMPLE_RATE, seed=composition.seed)
    mix = voice_pocket(mix, speech_spans(composition.brief), sample_rate=SAMPLE_RATE)
    tell(_PRODUCED + 0.03)
    mix = balance(mix, style=composition.style, sample_rate=SAMPLE_RATE)
    mix = toned(mix, composition.brief.tone, sample_rate=SAMPLE_RATE)
    mix = ride(mix, composition.sections, style=composition.brief.form_style, sample_rate=SAMPLE_RATE,
               bar_ms=240_000.0 / composition.tempo_bpm, shaped=not composition.brief.section_starts_ms)  # fmt: skip
    mix = room_tone(mix, style=composition.style, sample_rate=SAMPLE_RATE, seed=composition.seed)
    tell(_PRODUCED + 0.07)
    ending = next((s for s in composition.sections if s.name == "ending"), None)
    ring_ms = ending.end_ms - ending.start_ms if ending else composition.duration_ms * 0.1  # from the final hit
    result = master(mix, sample_rate=SAMPLE_RATE, length=length, fade_out_ms=ring_ms)
    tell(0.97)
    _write_atomically(out_path, result.samples, file_format, subtype)
    tell(1.0)
    return GeneratedTrack(
        path=out_path,
        duration_ms=composition.duration_ms,
        tempo_bpm=composition.tempo_bpm,
        beats_ms=composition.beats_ms,
        downbeats_ms=composition.downbeats_ms,
        key=composition.key,
        mode=composition.mode,
        style=composition.style,
        loudness_lufs=round(result.loudness_lufs, 2),
        true_peak_dbtp=round(result.true_peak_dbtp, 2),
        sections=composition.sections,
        instruments=instruments(composition),
        later_tempo_bpm=composition.brief.later_tempo_bpm,
        shape=composition.brief.shape,
    )


def generate_track(
    out_path: Path,
    *,
    words: str = "",
    duration_ms: int | None = None,
    video: VideoAnalysis | None = None,
    tempo_bpm: float | None = None,
    phase_ms: int = 0,
    seed: int = 0,
    accents_ms: Sequence[int] = (),
    tempo_change: tuple[int, float] | None = None,
    section_starts_ms: Sequence[int] | None = None,
    cuts_ms: Sequence[int] = (),
    speech_ms: Sequence[tuple[int, int]] = (),
    progress: Progress | None = None,
) -> GeneratedTrack:
    """Compose and render a track from words, a video's analysis, or both: the one call the agent makes.

    Parameters
    ----------
    out_path : where the WAV (or FLAC) goes.
    words : the user's request (``"an upbeat 60-second track"``); style, tempo, key and length named there win.
    duration_ms : length when neither the words nor the video give one (default 30 s).
    video : the video's analysis; its mood, pace and big cuts shape the music and its length is the default.
    tempo_bpm, phase_ms : the beat grid to honour exactly (the first beat at ``phase_ms``).
    seed : the same arguments and seed give the same samples; another seed gives another piece.
    accents_ms : strong cuts on the grid (``planning.score_fit``): a crash on each, a riser or fill into it.
    tempo_change : (ms, bpm): from that downbeat of the grid on, the tempo is ``bpm``.
    section_starts_ms : the scene changes where sections start (on downbeats), instead of the video's big cuts.
    cuts_ms : every cut of the video: each one's nearest beat is played exactly on it (``music.onto_cuts``).
    speech_ms : (start, end) of each stretch under a clip's speech: the pad keeps under the voice there.
    progress : told the fraction done, 0..1, as the track is rendered (see ``render_track``).

    Examples
    --------
    >>> track = generate_track(Path("bgm.wav"), words="a calm 20-second track", seed=1)
    >>> track.duration_ms, track.style
    (20000, 'calm')
    """
    brief = track_brief(words=words, duration_ms=duration_ms, video=video, tempo_bpm=tempo_bpm, phase_ms=phase_ms,
                        seed=seed, accents_ms=accents_ms, tempo_change=tempo_change,
                        section_starts_ms=section_starts_ms, cuts_ms=cuts_ms, speech_ms=speech_ms)  # fmt: skip
    return render_track(compose(brief, seed=seed), out_path, progress=progress)


def track_brief(
    *,
    words: str = "",
    duration_ms: int | None = None,
    video: VideoAnalysis | None = None,
    tempo_bpm: float | None = None,
    phase_ms: int = 0,
    seed: int = 0,
    accents_ms: Sequence[int] = (),
    tempo_change: tuple[int, float] | None = None,
    section_starts_ms: Sequence[int] | None = None,
    cuts_ms: Sequence[int] = (),
    speech_ms: Sequence[tuple[int, int]] = (),
) -> MusicBrief:
    """The brief ``generate_track`` composes, from the same arguments (see there)."""
    from dataclasses import replace

    if video is not None:
        brief = brief_from_video(video, words=words, tempo_bpm=tempo_bpm, phase_ms=phase_ms, seed=seed)
        if duration_ms is not None and not _names_length(words):
            brief = replace(brief, duration_ms=duration_ms)
    else:
        brief = brief_from_words(words, duration_ms=duration_ms, seed=seed)
        held = tempo_bpm is not None or phase_ms or accents_ms or tempo_change or section_starts_ms is not None
        brief = replace(brief, tempo_bpm=tempo_bpm or brief.tempo_bpm, phase_ms=phase_ms, free_tempo=not held)
    if section_starts_ms is not None:
        starts = tuple(int(t) for t in section_starts_ms)
        # one energy a section of these starts (the video's were counted for the starts its own tempo gave)
        energies = scene_energies(video, starts, brief.duration_ms, style_named(words)) if video is not None else ()
        brief = replace(brief, section_starts_ms=starts, section_energies=energies)
    if tempo_change is not None:
        brief = replace(brief, tempo_change_ms=int(tempo_change[0]), later_tempo_bpm=float(tempo_change[1]))
    if cuts_ms:
        brief = replace(brief, cuts_ms=tuple(sorted(int(c) for c in cuts_ms if 0 < c < brief.duration_ms)))
    if accents_ms:
        brief = replace(brief, accents_ms=tuple(sorted(int(a) for a in accents_ms if 0 < a < brief.duration_ms)))
    if speech_ms:
        brief = replace(brief, speech_ms=tuple((int(start), int(end)) for start, end in speech_ms))
    return brief


def _names_length(words: str) -> bool:
    from nemo_notebook.engine.music.brief import duration_from_words

    return duration_from_words(words.lower()) is not None


def _format_for(path: Path) -> tuple[str, str]:
    suffix = path.suffix.lower()
    if suffix not in _FORMATS:
        raise ValueError(f"cannot write a track as {suffix or 'a file without suffix'}; name it .wav or .flac")
    return _FORMATS[suffix]


def _write_atomically(path: Path, samples: object, file_format: str, subtype: str) -> None:
    import soundfile as sf

    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.stem}.{os.getpid()}.partial{path.suffix}")
    try:
        sf.write(str(temporary), samples, SAMPLE_RATE, format=file_format, subtype=subtype)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
