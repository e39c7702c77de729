"""Electric guitars through an amp: plucked strings (Karplus-Strong), then drive and a cabinet, in numpy/scipy.

The chain, as a guitarist's rig has it:

* the string: a burst of noise in a feedback delay one period long with a two-point average and a first-order
  all-pass in its loop (the string's damping and its exact tuning), run by ``scipy.signal.lfilter``; a note that is
  let go is damped over ~15 ms, as a fretting hand mutes it;
* the pre-EQ of an overdrive pedal: the lows cut below ~120 Hz (a tight chug, not mud) and a mid hump at 800 Hz;
* the drive: an asymmetric ``tanh`` (a bias before the curve, so even harmonics come with the odd ones) at twice the
  rate it is rendered at, so that the harmonics it makes fold back less into the audible band;
* the cabinet: a band-pass from ~80 Hz to ~5 kHz with a resonance at 110 Hz, a scoop at 400 Hz and a presence bump
  at 2.5 kHz, the shape a 4×12" speaker cabinet's impulse response has.

``render_guitars`` plays a part twice, two takes with their own noise bursts, a few cents and milliseconds apart,
one hard left and one hard right: the doubled rhythm guitar of rock, which the ear hears as one wide wall.
``render_lead`` plays a single line once, with less drive (a lead guitar sings over the wall rather than joins it).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from nemo_notebook.engine.music.notes import Note

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Audio = npt.NDArray[np.float32]
    Signal = npt.NDArray[np.float64]

DRIVE = 24.0  # the drive's gain into the curve for a string at full velocity
LEAD_DRIVE = 10.0
_BIAS = 0.25  # the curve's offset: the asymmetry that brings even harmonics
_MUTE_S = 0.015
_TAKE_CENTS = 4.0  # the second take's tuning against the first
_TAKE_MS = 7.0  # how far the second take's strokes stray from the first's (at most)


def render_guitars(notes: Sequence[Note], length: int, sample_rate: int, *, seed: int = 0) -> Audio:
    """The notes as a doubled, distorted rhythm guitar: float32 stereo ``(length, 2)``, take one left, two right."""
    import numpy as np

    out = np.empty((length, 2), dtype=np.float32)
    for side in (0, 1):
        rng = np.random.default_rng(seed * 2 + side)
        direct = _strings(notes, length, sample_rate, rng, cents=_TAKE_CENTS * side, stray_ms=_TAKE_MS * side)
        out[:, side] = amp(direct, sample_rate)
    return out


def render_lead(notes: Sequence[Note], length: int, sample_rate: int, *, seed: int = 0) -> Audio:
    """The notes as one take through the amp at ``LEAD_DRIVE``: float32 stereo ``(length, 2)``, the same both sides."""
    import numpy as np

    direct = _strings(notes, length, sample_rate, np.random.default_rng(seed), cents=0.0, stray_ms=0.0)
    mono = amp(direct, sample_rate, drive=LEAD_DRIVE)
    return np.repeat(mono[:, None], 2, axis=1)


def amp(direct: Signal, sample_rate: int, *, drive: float = DRIVE) -> Audio:
    """A guitar's direct signal through the pre-EQ, the drive (at twice the rate) and the cabinet: float32."""
    import numpy as np
    from scipy.signal import sosfilt

    from nemo_notebook.engine.music.iir import noise_floor
    from nemo_notebook.engine.music.mixbus import doubled, halved

    peak = float(np.max(np.abs(direct))) if len(direct) else 0.0
    if peak <= 0.0:
        return np.zeros(len(direct), dtype=np.float32)
    # a floor 180 dB down: in the silences between parts the filters' states would otherwise decay into subnormal
    # floats, which the CPU computes a hundred times slower (a guitar resting for half a piece cost five seconds)
    shaped = sosfilt(_pre_eq(sample_rate), direct / peak + noise_floor(len(direct))).astype(np.float32)
    fast = doubled(shaped)
    driven = np.tanh(np.float32(drive) * fast + np.float32(_BIAS)) - np.float32(math.tanh(_BIAS))
    back = halved(driven.astype(np.float32))[: len(direct)]
    cab: Audio = sosfilt(_cabinet(sample_rate), back).astype(np.float32)
    return cab


def _strings(notes: Sequence[Note], length: int, sample_rate: int, rng: np.random.Generator, *, cents: float,
             stray_ms: float) -> Signal:  # fmt: skip
    """Every note plucked and summed into one mono signal. A string is rung once per pitch and velocity step, as
    long as its longest note; each note takes its first samples and is muted where it is let go."""
    import numpy as np

    out = np.zeros(length)
    mute = int(_MUTE_S * sample_rate)
    placed = []
    longest: dict[tuple[int, int], int] = {}
    for note in notes:
        begin = int((note.start_ms + (rng.uniform(-stray_ms, stray_ms) if stray_ms else 0.0)) * sample_rate / 1000)
        if not 0 <= begin < length:
            continue
        held = max(1, int((note.end_ms - note.start_ms) * sample_rate / 1000))
        key = (note.pitch, note.velocity // 16)
        longest[key] = max(longest.get(key, 0), held + mute)
        placed.append((begin, held, key))
    rung = {k: _pluck(k[0] + cents / 100, size, (k[1] * 16 + 8) / 127, sample_rate, rng) for k, size in longest.items()}
    fade = np.linspace(1, 0, mute)
    for begin, held, key in placed:
        size = min(length - begin, held + mute)
        out[begin : begin + size] += rung[key][:size]
        if size > held:  # let go: the ring muted over ``_MUTE_S``
            out[begin + held : begin + size] -= rung[key][held:size] * (1 - fade[: size - held])
    return out


def _pluck(pitch: float, size: int, velocity: float, sample_rate: int, rng: np.random.Generator) -> Signal:
    """One plucked string ringing for ``size`` samples."""
    import numpy as np
    from scipy.signal import lfilter

    period = sample_rate / (440.0 * 2 ** ((pitch - 69) / 12))
    delay = int(period - 0.5)  # the two-point average adds half a sample; the all-pass the fraction left
    fraction = max(period - 0.5 - delay, 0.1)
    c = (1 - fraction) / (1 + fraction)  # a first-order all-pass delaying ``fraction`` samples at low frequencies
    rho = 0.996
    excite = np.zeros(size)
    burst = lfilter([0.6], [1, -0.4], rng.uniform(-1, 1, delay))  # a pick, not a hammer: the burst a little dark
    excite[: min(delay, size)] = burst[: min(delay, size)]
    den = np.zeros(delay + 3)
    den[0], den[1] = 1.0, c
    den[delay] -= 0.5 * rho * c
    den[delay + 1] -= 0.5 * rho * (1 + c)
    den[delay + 2] -= 0.5 * rho
    wave: Signal = lfilter([1.0, c], den, excite)
    wave *= velocity
    return wave


@functools.lru_cache(maxsize=4)
def _pre_eq(sample_rate: int) -> npt.NDArray[np.float64]:
    import numpy as np
    from scipy.signal import butter

    from nemo_notebook.engine.music.colour import peaking

    return np.vstack(
        [butter(2, 120.0, btype="highpass", fs=sample_rate, output="sos"), peaking(800.0, 6.0, 0.7, sample_rate)]
    )


@functools.lru_cache(maxsize=4)
def _cabinet(sample_rate: int) -> npt.NDArray[np.float64]:
    import numpy as np
    from scipy.signal import butter

    from nemo_notebook.engine.music.colour import peaking

    return np.vstack(
        [
            butter(2, 80.0, btype="highpass", fs=sample_rate, output="sos"),
            peaking(110.0, 3.0, 1.2, sample_rate),
            peaking(400.0, -4.0, 1.0, sample_rate),
            peaking(2_500.0, 4.0, 1.2, sample_rate),
            butter(4, min(5_000.0, 0.45 * sample_rate), fs=sample_rate, output="sos"),
        ]
    )
