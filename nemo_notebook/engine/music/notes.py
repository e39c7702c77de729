"""Notes and parts as plain values, and the small timing helpers every part writer shares."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

from nemo_notebook.engine.music.arrange import BEATS_PER_BAR, Form

STEPS_PER_BEAT = 4  # the grid is sixteenth notes
STEPS_PER_BAR = STEPS_PER_BEAT * BEATS_PER_BAR
_CLEAR_BEFORE_MS = 30.0  # more than any humanising jitter, less than a sixteenth at any tempo we write
_RELEASE_BEFORE_MS = 10.0
BREATH_MS = 150.0  # the longest breath before an accent: the pitched parts rest and the riser stops short


@dataclass(frozen=True)
class Note:
    """One note: MIDI pitch, start and end in ms from the start of the track, MIDI velocity 1..127."""

    pitch: int
    start_ms: float
    end_ms: float
    velocity: int


@dataclass(frozen=True)
class Control:
    """A MIDI controller change: controller number and value (0..127) at a time in ms."""

    time_ms: float
    number: int
    value: int


@dataclass(frozen=True)
class Part:
    """One instrument's notes. ``level_db`` is its loudness in the mix relative to the drums; ``pan`` 0..127;
    ``controls`` are controller changes over time (the expression curve of a side-chain pump, say)."""

    name: str
    program: int
    is_drum: bool
    notes: tuple[Note, ...]
    level_db: float = 0.0
    pan: int = 64
    reverb: int = 40
    controls: tuple[Control, ...] = ()


def step_time_ms(form: Form, bar: int, step: float, *, swing: float = 0.0) -> float:
    """Time of a sixteenth step in a bar; off-beat eighths and sixteenths are delayed by the swing."""
    delay = 0.0
    if swing and step % 2 == 1:
        delay = swing * 0.5
    elif swing and step % 4 == 2:
        delay = swing
    return form.time_ms(bar * BEATS_PER_BAR + (step + delay) / STEPS_PER_BEAT)


def steps_ms(form: Form, steps: float) -> float:
    return form.beat_ms * steps / STEPS_PER_BEAT


def breath_ms(form: Form) -> float:
    """The silence before an accent (ms): an eighth note, at most ``BREATH_MS``; the cut lands on what follows it."""
    return min(steps_ms(form, 2), BREATH_MS)


def humanize(rng: random.Random, velocity: float, *, spread: int = 6) -> int:
    """A velocity with a little deterministic life in it, kept inside 1..127."""
    return max(1, min(127, round(velocity + rng.uniform(-spread, spread))))


def jitter_ms(rng: random.Random, amount_ms: float = 4.0) -> float:
    return rng.uniform(-amount_ms, amount_ms)


def energy_velocity(energy: float, *, low: float = 58.0, high: float = 112.0) -> float:
    return low + (high - low) * max(0.0, min(1.0, energy))


def before(notes: Iterable[Note], time_ms: float) -> list[Note]:
    """The notes played before ``time_ms`` (the final chord), released just ahead of it.

    A groove written in whole bars stops here: notes starting at (or a humanised hair before) ``time_ms`` are
    dropped, and those ringing past it end ``_RELEASE_BEFORE_MS`` early so the final chord's attack is clean.
    """
    cut = time_ms - _RELEASE_BEFORE_MS
    return [
        n if n.end_ms <= cut else Note(n.pitch, n.start_ms, cut, n.velocity)
        for n in notes
        if n.start_ms < time_ms - _CLEAR_BEFORE_MS
    ]
