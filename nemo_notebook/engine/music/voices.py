"""Synthesised instruments in numpy/scipy: the sound of the electronic, pop, lo-fi and corporate styles.

Every voice renders one part (its notes) into a stereo buffer, note by note, each note vectorised:

* ``supersaw`` pads, leads and stabs: three band-limited saws (polyBLEP), detuned a few cents and spread left and
  right, through a filter envelope; ``square`` the same with pulse waves (the arps); ``bass``: a saw and a sine sub an
  octave down, one voice, centred.
* ``keys`` (an electric piano) and ``bell``: two-operator FM, the modulation index decaying with the note, so the
  attack is bright and the tail pure (ratio 1 with a little ratio-14 tine for the keys, ratio 2 with a faint 3.5 partial for the bell).

A filter envelope is rendered as a crossfade between the oscillator through a bright low-pass and through a dark one,
weighted by the envelope: the spectrum closes as the note decays, at the cost of two ``lfilter`` calls a note instead
of a time-varying filter run sample by sample in Python. Velocity sets both the level and how far the filter opens, so
the arrangement's energy (which sets velocities) opens the sound in the loud sections.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from nemo_notebook.engine.music.notes import Note

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Audio = npt.NDArray[np.float32]
    Signal = npt.NDArray[Any]

_NAIVE_BELOW = 300 / 24_000  # fundamental (as a share of the rate) under which no polyBLEP correction is needed
VOICES = ("supersaw", "pad", "square", "bass", "keys", "bell", "pluck")


def midi_hz(pitch: float) -> float:
    return 440.0 * 2 ** ((pitch - 69) / 12)


def render_voice(voice: str, notes: Sequence[Note], length: int, sample_rate: int, *, seed: int = 0) -> Audio:
    """A part's notes played by ``voice`` (one of ``VOICES``): float32 stereo at ``sample_rate``, ``length`` samples.

    The mix bus runs the synthesised voices at half the track's rate (a synth part's energy above 12 kHz is
    negligible next to the hats') and resamples their sum once; a note repeated at the same pitch, length (to 10 ms) and velocity (to 6 steps)
    is rendered once and reused, as a sampler would.
    """
    import numpy as np

    rate, half = sample_rate, length
    out = np.zeros((half, 2), dtype=np.float32)
    rng = np.random.default_rng(seed)
    shape = _SHAPES[voice]
    cache: dict[tuple[int, int, int], tuple[Signal, Signal]] = {}
    for note in notes:
        begin = int(note.start_ms * rate / 1000)
        if begin >= half:
            continue
        held = max(1, round((note.end_ms - note.start_ms) / 10) * rate // 100)
        key = (note.pitch, held, note.velocity // 6)
        if key not in cache:
            size = held + int(shape.release_s * rate)
            cache[key] = _note(shape, Note(note.pitch, 0.0, 0.0, key[2] * 6 + 3), held, size, rate, rng)
        left, right = cache[key]
        size = min(half - begin, len(left))
        out[begin : begin + size, 0] += left[:size]
        out[begin : begin + size, 1] += right[:size]
    return out


class _Shape:
    """How a voice is built: oscillator, envelope times (s), filter range (Hz) and spread."""

    def __init__(self, osc: str, attack: float, decay: float, sustain: float, release: float, *,
                 dark_hz: float, bright_hz: float, filter_decay: float, detune_cents: float = 0.0,
                 spread: float = 0.0, sub: float = 0.0) -> None:  # fmt: skip
        self.osc, self.attack_s, self.decay_s, self.sustain, self.release_s = osc, attack, decay, sustain, release
        self.dark_hz, self.bright_hz, self.filter_decay_s = dark_hz, bright_hz, filter_decay
        self.detune_cents, self.spread, self.sub = detune_cents, spread, sub


_SHAPES = {
    "supersaw": _Shape("saw", 0.004, 0.25, 0.55, 0.12, dark_hz=900, bright_hz=6000, filter_decay=0.25,
                       detune_cents=11, spread=0.8),
    "pad": _Shape("saw", 0.35, 1.2, 0.8, 0.6, dark_hz=1400, bright_hz=4500, filter_decay=0.8, detune_cents=14,
                  spread=1.0),
    "pluck": _Shape("saw", 0.002, 0.18, 0.15, 0.15, dark_hz=600, bright_hz=5000, filter_decay=0.12,
                    detune_cents=8, spread=0.6),
    "square": _Shape("square", 0.003, 0.15, 0.3, 0.1, dark_hz=800, bright_hz=5500, filter_decay=0.15,
                     detune_cents=6, spread=0.5),
    "bass": _Shape("saw", 0.003, 0.3, 0.7, 0.05, dark_hz=180, bright_hz=1400, filter_decay=0.12, sub=0.9),
    "keys": _Shape("fm_keys", 0.002, 1.6, 0.0, 0.25, dark_hz=2000, bright_hz=7000, filter_decay=0.3, spread=0.4),
    "bell": _Shape("fm_bell", 0.001, 2.0, 0.0, 0.6, dark_hz=2200, bright_hz=7000, filter_decay=0.3, spread=0.3),
}  # fmt: skip


def _note(shape: _Shape, note: Note, held: int, size: int, sample_rate: int,
          rng: np.random.Generator) -> tuple[Signal, Signal]:  # fmt: skip
    import numpy as np
    from scipy.signal import sosfilt

    t = np.arange(size, dtype=np.float32) / np.float32(sample_rate)
    hz = midi_hz(note.pitch)
    velocity = min(1.0, note.velocity / 127)
    amp = _adsr(shape, held, size, sample_rate)
    amp *= np.float32(velocity**1.6)
    if shape.osc.startswith("fm"):
        pan = float(rng.uniform(-shape.spread, shape.spread))
        waves = _fm(shape.osc, hz, t, velocity)[None, :]
        mixing = np.array([[math.sqrt((1 - pan) / 2)], [math.sqrt((1 + pan) / 2)]])
    else:
        cents = np.array([0.0, shape.detune_cents, -shape.detune_cents])
        dt = hz * 2 ** (cents / 1200) / sample_rate
        waves = _blep(shape.osc, dt, size, rng.random(3))
        pans = np.array([0.0, -shape.spread, shape.spread])
        mixing = 0.6 * np.stack([np.sqrt((1 - pans) / 2), np.sqrt((1 + pans) / 2)])
        if shape.sub:
            waves = np.vstack([waves, shape.sub * np.sin(np.pi * hz * t)])
            mixing = np.hstack([mixing, [[0.7], [0.7]]])
    # filter envelope: a crossfade from the bright low-pass to the dark one as the note decays (the filters are
    # linear, so the oscillators are mixed to stereo first and two rows filtered instead of three or four; a voice
    # that is one signal scaled into each side, an FM voice or one without spread, is filtered as that one row)
    sides = None
    if waves.shape[0] == 1:
        rows, sides = waves.astype(np.float32), mixing[:, 0].astype(np.float32)
    elif shape.spread == 0:
        rows, sides = mixing[:1].astype(np.float32) @ waves.astype(np.float32), np.ones(2, dtype=np.float32)
    else:
        rows = mixing.astype(np.float32) @ waves.astype(np.float32)
    bright_hz = shape.dark_hz + (shape.bright_hz - shape.dark_hz) * (0.1 + 0.9 * velocity**2)
    out = sosfilt(_lowpass(shape.dark_hz, sample_rate), rows, axis=1)
    opened = min(size, int(6 * shape.filter_decay_s * sample_rate))  # after that the envelope has closed
    bright = sosfilt(_lowpass(round(bright_hz, -2), sample_rate), rows[:, :opened], axis=1)
    bright -= out[:, :opened]
    bright *= np.exp(-t[:opened] / np.float32(shape.filter_decay_s))
    out[:, :opened] += bright
    out *= amp
    stereo = out if sides is None else sides[:, None] * out
    return stereo[0], stereo[1]


def _adsr(shape: _Shape, held: int, size: int, sample_rate: int) -> Signal:
    import numpy as np

    t = np.arange(size, dtype=np.float32) / np.float32(sample_rate)
    attack = np.minimum(1.0, t / max(shape.attack_s, 1e-4))
    decay = shape.sustain + (1 - shape.sustain) * np.exp(-np.maximum(0.0, t - shape.attack_s) / shape.decay_s)
    env: Signal = attack * decay
    if size > held:
        level = env[held - 1]
        tail = np.arange(size - held, dtype=np.float32) / np.float32(sample_rate)
        env[held:] = level * np.exp(-tail / max(shape.release_s / 4, 1e-3))
    env[-min(64, size) :] *= np.linspace(1, 0, min(64, size))  # no click where the buffer stops
    return env


def _blep(kind: str, dt: Signal, size: int, phases: Signal) -> Signal:
    """Band-limited saws (or squares: a saw minus a saw half a cycle on), one row per increment in ``dt``."""
    wave = _blep_saw(dt, size, phases)
    if kind == "square":
        wave -= _blep_saw(dt, size, phases + 0.5)
    return wave


def _blep_saw(dt: Signal, size: int, phases: Signal) -> Signal:
    """Saws from -1 to 1, one row per increment in ``dt`` (cycles a sample), with polyBLEP corrections at each wrap
    for the higher notes (little aliasing, no oversampling).

    The phase is a 32-bit integer accumulator that wraps by itself (exact, and three times faster than ``%``).
    """
    import numpy as np

    increments = np.round(dt * 2**32).astype(np.uint64).astype(np.uint32)[:, None]
    phase = np.arange(size, dtype=np.uint32)[None, :] * increments
    phase += (np.asarray(phases) % 1.0 * 2**32).astype(np.uint64).astype(np.uint32)[:, None]
    wave = phase.astype(np.float32)
    wave *= np.float32(2 / 2**32)
    wave -= np.float32(1)
    if float(dt.max()) < _NAIVE_BELOW:  # low notes: the aliases of a plain saw fall far above the filter
        return wave
    step = dt[:, None].astype(np.float32)
    t = (wave + 1) * np.float32(0.5)
    low = t < step
    x = (t / step)[low]
    wave[low] -= x + x - x * x - 1
    high = t > 1 - step
    x = ((t - 1) / step)[high]
    wave[high] -= x * x + x + x + 1
    return wave


def _fm(kind: str, hz: float, t: Signal, velocity: float) -> Signal:
    import numpy as np

    if kind == "fm_bell":
        index = (0.6 + 1.0 * velocity) * np.exp(-t / 0.5)
        shimmer = 0.12 * velocity * np.exp(-t / 0.25) * np.sin(2 * np.pi * hz * 3.5 * t)
        return np.sin(2 * np.pi * hz * t + index * np.sin(2 * np.pi * hz * 2 * t)) + shimmer
    index = (0.8 + 2.2 * velocity) * np.exp(-t / 0.35)
    tine = 0.25 * velocity * np.exp(-t / 0.04) * np.sin(2 * np.pi * hz * 14 * t)
    return np.sin(2 * np.pi * hz * t + index * np.sin(2 * np.pi * hz * t)) + tine


@functools.lru_cache(maxsize=256)
def _lowpass(hz: float, sample_rate: int) -> npt.NDArray[np.float32]:
    import numpy as np
    from scipy.signal import butter

    sos = butter(2, min(hz, 0.45 * sample_rate), fs=sample_rate, output="sos")
    return np.asarray(sos, dtype=np.float32)
