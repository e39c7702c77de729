"""A brief becomes a ``Composition``: the form, the harmony and every part's notes. Pure Python, deterministic."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from nemo_notebook.engine.music.arrange import BEATS_PER_BAR, Form, plan_form
from nemo_notebook.engine.music.brief import MusicBrief
from nemo_notebook.engine.music.climax import with_climax
from nemo_notebook.engine.music.drums import accent_part, drum_part, groove_level
from nemo_notebook.engine.music.feel import played, tempo_drift, warped
from nemo_notebook.engine.music.melody import counter_part, melody_part
from nemo_notebook.engine.music.notes import Part, breath_ms
from nemo_notebook.engine.music.onto_cuts import heard_in_eighths, onto_cuts
from nemo_notebook.engine.music.parts import accompaniment, bass_part, harmony, with_pedal, with_pump
from nemo_notebook.engine.music.styles import STYLES, with_instruments
from nemo_notebook.engine.music.theory import Chord, pitch_class
from nemo_notebook.engine.music.under_speech import speech_spans, under_speech

if TYPE_CHECKING:
    import pretty_midi


_RINGING_ON = ("pad", "fx")  # the parts that play on through a drop-out bar
# The band breathes and the drums fill into the final hit of a piece this long or longer. In a shorter one the
# fill's sixteenths, a tenth of the piece from its end, drew a beat tracker half a beat off the grid (a 12 s house
# track: 236 ms, median); a short piece's final hit is its level alone (``dynamics``)
_LANDING_FROM_BARS = 16


@dataclass(frozen=True)
class SectionInfo:
    """A section as the outside sees it: its name, start and end in ms and its energy (0..1)."""

    name: str
    start_ms: int
    end_ms: int
    energy: float


@dataclass(frozen=True)
class Composition:
    """A written piece: every part's notes plus the grid it was written on.

    ``beats_ms`` start at the brief's ``phase_ms`` and run to the final chord (the beats the groove plays: no
    beat is claimed while the last chord rings out), as played: a piece for no video breathes in tempo between its
    section starts (``feel.tempo_drift``), a score's beats are its fitted grid. ``downbeats_ms`` are every fourth
    beat from there. ``midi`` builds the ``pretty_midi.PrettyMIDI`` on demand.
    """

    brief: MusicBrief
    parts: tuple[Part, ...]
    tempo_bpm: float
    beats_ms: tuple[int, ...]
    downbeats_ms: tuple[int, ...]
    key: str
    mode: str
    style: str
    sections: tuple[SectionInfo, ...]
    seed: int = 0
    chords: tuple[Chord, ...] = ()  # one a bar (the chord on its downbeat) from the first downbeat, then the final
    half_bar_chords: tuple[Chord, ...] = ()  # two a bar (the first and the second half), then the final chord

    @property
    def duration_ms(self) -> int:
        return self.brief.duration_ms

    @property
    def midi(self) -> pretty_midi.PrettyMIDI:
        from nemo_notebook.engine.music.midi import to_pretty_midi

        return to_pretty_midi(self.parts, tempo_bpm=self.tempo_bpm)

    def notes_per_second(self, *, pitched_only: bool = False) -> float:
        count = sum(len(p.notes) for p in self.parts if not (pitched_only and p.is_drum))
        return count / (self.duration_ms / 1000)


def compose(brief: MusicBrief, *, seed: int = 0) -> Composition:
    """Write the music a brief asks for.

    Parameters
    ----------
    brief : style, tempo, key, mode, energy, exact length, first-beat time and section starts.
    seed : the same brief and seed always give the same notes; another seed gives other progressions, motifs,
        fills and humanisation.

    Examples
    --------
    >>> from nemo_notebook.engine.music.brief import brief_from_words
    >>> piece = compose(brief_from_words("a calm 20-second track"), seed=3)
    >>> piece.beats_ms[0], piece.style
    (0, 'calm')
    """
    rng = random.Random(f"compose:{seed}:{brief!r}")
    style = with_instruments(STYLES[brief.style], brief.instrumentation)
    form = plan_form(brief, rng)
    tonic = pitch_class(brief.key)
    chords = harmony(style, form, brief.mode, tonic, rng)
    parts: list[Part] = []
    accents = _accent_beats(brief, form)
    hits = tuple(sorted({*accents, *_drops(brief, form)}))  # the video's cuts, and a trailer's drops
    landing = _landing(form)
    # a score's drums land as they were mixed against the video's accents: a fill more lowered the level the mix bus
    # set for the whole drum stem, and a crash on a strong cut fell from audible to not (``score_figures.accents``)
    drums = drum_part(style, form, rng, hits, landing=bool(landing) and not (brief.section_starts_ms or accents))
    if drums is not None:
        parts.append(drums)
    fx = accent_part(form, hits, crash=drums is None)
    if fx is not None:
        parts.append(fx)
    parts.append(bass_part(style, form, chords, rng))
    lead: Part | None = None
    for layer in style.layers:
        if layer.role == "lead":
            lead = melody_part(layer, style, form, chords, (tonic, brief.mode), rng)
            parts.append(lead)
        elif layer.role == "counter" and lead is not None:
            parts.append(counter_part(layer, lead, (tonic, brief.mode), form, chords, rng))
        elif layer.role != "counter":
            parts.append(with_pump(accompaniment(layer, style, form, chords, rng), style, form))
    parts = [_stopped(p, form) for p in parts]
    accents_ms, hits_ms = [form.time_ms(b) for b in accents], [form.time_ms(b) for b in hits]
    gap_ms = breath_ms(form)
    parts = [with_pedal(_breathe(p, hits_ms, gap_ms), form, chords, breaths_ms=hits_ms, breath_ms=gap_ms)
             for p in parts]  # fmt: skip
    free = brief.free_tempo and not accents_ms
    parts = played(parts, style=brief.style, form=form, accents_ms=accents_ms, seed=seed, free_tempo=free)
    warp = tempo_drift(form, style=brief.style, free=free)
    if not brief.section_starts_ms:  # a piece that builds peaks in its last section (a score's form is its video's)
        parts = with_climax(parts, form, warp)
    if brief.cuts_ms:  # a score: each cut's nearest beat played on the cut (never free, so no drift to join)
        warp = onto_cuts(form, brief.cuts_ms, eighths=heard_in_eighths(form, swing=style.swing))
        parts = [warped(p, warp) for p in parts]
    # the breath before the final hit taken as played (the pedal lifts before it anyway): breathing before the parts
    # are played would change which notes the player's random feel falls on, all through the piece
    parts = [_breathe(p, [warp(form.time_ms(b)) for b in landing], gap_ms) for p in parts]
    parts = [under_speech(p, speech_spans(brief)) for p in parts]  # as played, too: the rest's feel as without it
    return _finish(brief, form, tuple(p for p in parts if p.notes), seed, chords, warp)


def _breathe(part: Part, accents_ms: list[float], gap_ms: float) -> Part:
    """The pitched part silent for ``gap_ms`` before each accent and struck again on it: the band breathes in and
    the cut lands on everything at once (the drums' fill and the riser carry the gap)."""
    if part.is_drum or not accents_ms:
        return part
    notes = []
    for note in part.notes:
        pieces = [note]
        for at in accents_ms:
            kept = []
            for piece in pieces:
                if piece.end_ms <= at - gap_ms or piece.start_ms >= at:
                    kept.append(piece)
                    continue
                if piece.start_ms < at - gap_ms:
                    kept.append(replace(piece, end_ms=at - gap_ms))
                if piece.end_ms > at + gap_ms:
                    kept.append(replace(piece, start_ms=at))
            pieces = kept
        notes += pieces
    return replace(part, notes=tuple(notes))


def _stopped(part: Part, form: Form) -> Part:
    """The part silent where a section's last bar drops out (``Section.stop``): from its second beat on ("stop": the
    band plays the one) or from its bar line ("roll"). The pads ring on (and the riser); the drums stop on their
    own."""
    if part.is_drum or part.name in _RINGING_ON:
        return part
    spans = [(form.time_ms((s.end_bar - 1) * BEATS_PER_BAR + (1 if s.stop == "stop" else 0)),
              form.time_ms(s.end_bar * BEATS_PER_BAR)) for s in form.sections if s.stop]  # fmt: skip
    if not spans:
        return part
    notes = []
    for note in part.notes:
        span = next(((a, b) for a, b in spans if note.start_ms < b and note.end_ms > a), None)
        if span is None:
            notes.append(note)
        elif note.start_ms < span[0]:
            notes.append(replace(note, end_ms=span[0]))
    return replace(part, notes=tuple(notes))


def _landing(form: Form) -> tuple[int, ...]:
    """The final chord's beat when a piece of ``_LANDING_FROM_BARS`` or more ends at full tilt (its last section's
    groove full): the band breathes before it and (in a piece from words) the drums fill into it, so the piece lands
    on a final hit (``dynamics`` lifts it); a quieter ending, or one eased into through an outro, rings out."""
    last = form.sections[-1]
    full = groove_level(last.energy) == "full" and last.name != "outro"
    return (form.final_beat,) if full and form.final_bar >= _LANDING_FROM_BARS else ()


def _accent_beats(brief: MusicBrief, form: Form) -> tuple[int, ...]:
    """The brief's accents as beats from the first, those the groove plays (not before bar 1 or after the end)."""
    beats = {round(form.beat_at(t)) for t in brief.accents_ms}
    return tuple(sorted(b for b in beats if b >= 1 and form.time_ms(b) < form.final_ms - form.beat_ms))


def _drops(brief: MusicBrief, form: Form) -> tuple[int, ...]:
    """Where a piece from words alone comes out of a drop-out (``Section.stop``) or, building (epic, cinematic), out of
    its breakdown into its last section: struck as a video's cut is, a riser and a fill into a crash and the whole
    band at once."""
    if brief.section_starts_ms:
        return ()
    building = form.builds
    return tuple(
        after.start_bar * BEATS_PER_BAR
        for before, after in itertools.pairwise(form.sections)
        if before.stop
        or (building and before.name == "bridge" and groove_level(before.energy) is None
            and groove_level(after.energy) == "full")
    )  # fmt: skip


def _finish(brief: MusicBrief, form: Form, parts: tuple[Part, ...], seed: int, chords: tuple[Chord, ...],
            warp: Callable[[float], float]) -> Composition:  # fmt: skip
    beats = tuple(b for b in _grid(form, brief.duration_ms, warp) if b <= form.final_ms + 0.5)
    return Composition(
        brief=brief,
        parts=tuple(_clipped(p, brief.duration_ms) for p in parts),
        tempo_bpm=brief.tempo_bpm,
        beats_ms=beats,
        downbeats_ms=beats[::BEATS_PER_BAR],
        key=brief.key,
        mode=brief.mode,
        style=brief.style,
        sections=tuple(_moved(s, warp) for s in _section_infos(form, brief.duration_ms)),
        seed=seed,
        chords=chords[::2],
        half_bar_chords=chords,
    )


def _grid(form: Form, duration_ms: int, warp: Callable[[float], float]) -> tuple[int, ...]:
    """The beats as played (the grid through the band's tempo drift), up to the end of the track."""
    count = int(form.beat_at(duration_ms)) + 1
    return tuple(t for t in (round(warp(form.time_ms(k))) for k in range(count)) if t < duration_ms)


def _section_infos(form: Form, duration_ms: int) -> tuple[SectionInfo, ...]:
    infos = [SectionInfo("pickup", 0, round(form.phase_ms), 0.3)] if form.phase_ms >= 1 else []
    for section in form.sections:
        start = round(form.time_ms(section.start_bar * BEATS_PER_BAR))
        end = round(min(form.time_ms(section.end_bar * BEATS_PER_BAR), form.final_ms))
        infos.append(SectionInfo(section.name, start, end, round(section.energy, 3)))
    infos.append(SectionInfo("ending", round(form.final_ms), duration_ms, 0.4))
    # A track shorter than its first bars (a late first beat, a very short length) keeps what fits.
    return tuple(replace(s, end_ms=min(s.end_ms, duration_ms)) for s in infos if s.start_ms < duration_ms)


def _moved(section: SectionInfo, warp: Callable[[float], float]) -> SectionInfo:
    """A section where the band plays it (a tempo drift keeps section starts; a score's cuts may move them)."""
    return replace(section, start_ms=round(warp(section.start_ms)), end_ms=round(warp(section.end_ms)))


def _clipped(part: Part, duration_ms: int) -> Part:
    """Drop notes that start after the end and shorten the ones that ring past it."""
    kept = tuple(
        n if n.end_ms <= duration_ms else type(n)(n.pitch, n.start_ms, float(duration_ms), n.velocity)
        for n in part.notes
        if 0 <= n.start_ms < duration_ms - 1 and n.end_ms > n.start_ms
    )
    return replace(part, notes=kept, controls=tuple(c for c in part.controls if c.time_ms < duration_ms))
