"""A synthesised drum kit (numpy/scipy) for the produced styles, and the riser and crash that accent a video's cuts.

Each drum is synthesised once per render (at full velocity) and every hit is that sample scaled by its velocity:

* kick: a sine whose pitch drops from 125 Hz onto its body (55 Hz) in about 15 ms and dies in about 0.1 s, plus a
  short click (house: from 160 Hz to 52 Hz, dying in about 0.3 s; an 808 for lo-fi: 155 to 45 Hz, a long tail); snare: a 185 Hz tone and band-passed noise; clap: three noise bursts and
  a tail; hats, shaker and tambourine: high-passed noise (open hat and ride longer, the ride with a metallic
  square-wave cluster as an 808 cymbal); toms: pitch-enveloped sines.
* ``riser``: filtered noise swelling over the bar before an accent, its band climbing; ``crash``: a long bright
  noise-and-metal wash.

The kick comes back as its own stem (it keys the side-chain pump and skips the bus's high-pass); the rest of the kit
is one stem, hats a little to one side and the toms spread.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from nemo_notebook.engine.music.notes import Note

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Audio = npt.NDArray[np.float32]
    Signal = npt.NDArray[Any]

KICK, SIDE_STICK, SNARE, CLAP, CLOSED_HAT, OPEN_HAT, CRASH, RIDE = 36, 37, 38, 39, 42, 46, 49, 51
FLOOR_TOM, LOW_TOM, MID_TOM, HIGH_TOM, TAMBOURINE, SHAKER = 41, 45, 47, 50, 54, 70
RISER = 100  # not General MIDI: the swell into a video's strong cut (the fx part)
_PANS = {CLOSED_HAT: 0.3, OPEN_HAT: 0.3, SHAKER: -0.4, TAMBOURINE: -0.35, RIDE: -0.25, HIGH_TOM: 0.4,
         MID_TOM: 0.1, LOW_TOM: -0.2, FLOOR_TOM: -0.4, CRASH: -0.15}  # fmt: skip
# The metal sits well under the kick and snare (a closed hat's peak 23 dB under the snare's, 17 dB in the 6-16 kHz
# band), as in a dark mix; ``render_kit``'s ``metal_db`` lifts it where a genre's top end is its hats.
_GAINS = {CLOSED_HAT: 0.16, OPEN_HAT: 0.1, RIDE: 0.14, TAMBOURINE: 0.14, SHAKER: 0.16, CRASH: 0.7, RISER: 0.6}
METAL = frozenset({CLOSED_HAT, OPEN_HAT, RIDE, TAMBOURINE, SHAKER})


def render_kit(
    notes: Sequence[Note], length: int, sample_rate: int, *, kick: str = "pop", metal_db: float = 0.0
) -> tuple[Audio, Audio]:
    """The kick stem and the rest-of-the-kit stem (float32 stereo, ``length`` samples) for these drum notes; the
    hats, shaker, tambourine and ride ``metal_db`` louder than the kit's own balance; ``kick``: which kick
    (``_KICKS``)."""
    import numpy as np

    metal = 10 ** (metal_db / 20)
    kicked = np.zeros((length, 2), dtype=np.float32)
    kit = np.zeros((length, 2), dtype=np.float32)
    for note in notes:
        sound = _sound(note.pitch, sample_rate, kick)
        if sound is None:
            continue
        begin = int(note.start_ms * sample_rate / 1000)
        if begin >= length:
            continue
        if note.pitch == RISER:  # a riser ends on its note's end, the accent
            size = min(len(sound), max(1, int((note.end_ms - note.start_ms) * sample_rate / 1000)))
            sound = sound[len(sound) - size :]
        size = min(len(sound), length - begin)
        level = (note.velocity / 127) ** 1.5 * (metal if note.pitch in METAL else 1.0)
        target = kicked if note.pitch == KICK else kit
        target[begin : begin + size] += sound[:size] * np.float32(level)
    return kicked, kit


@functools.lru_cache(maxsize=64)
def _sound(pitch: int, sample_rate: int, kick: str) -> Audio | None:
    import numpy as np

    maker = _MAKERS.get(pitch)
    if maker is None:
        return None
    mono = maker(sample_rate, kick) * _GAINS.get(pitch, 1.0)
    pan = _PANS.get(pitch, 0.0)
    stereo = np.stack([mono * math.sqrt((1 - pan) / 2), mono * math.sqrt((1 + pan) / 2)], axis=1) * math.sqrt(2)
    return stereo.astype(np.float32)


def _t(seconds: float, sample_rate: int) -> Signal:
    import numpy as np

    return np.arange(int(seconds * sample_rate)) / sample_rate


def _noise(size: int, seed: int) -> Signal:
    import numpy as np

    return np.random.default_rng(seed).standard_normal(size)


def _band(signal: Signal, low: float | None, high: float | None, sample_rate: int, order: int = 2) -> Signal:
    from scipy.signal import butter, sosfilt

    if low and high:
        sos = butter(order, (low, high), btype="bandpass", fs=sample_rate, output="sos")
    elif low:
        sos = butter(order, low, btype="highpass", fs=sample_rate, output="sos")
    else:
        sos = butter(order, high, fs=sample_rate, output="sos")
    filtered: Signal = sosfilt(sos, signal)
    return filtered


def _kick(sample_rate: int, kick: str) -> Signal:
    """``kick`` "pop": a short drop onto its body, thumping and gone; "house": a longer fall, a fuller body (a house
    groove's offbeat bass and open hats outweighed the pop kick: the engine's beat tracker heard the offbeats);
    "808": a long fall into a tail that rings like a bass note (lo-fi)."""
    import numpy as np

    seconds, body, sweep, sweep_s, decay_s = _KICKS[kick]
    t = _t(seconds, sample_rate)
    hz = body + sweep * np.exp(-t / sweep_s)
    phase = 2 * np.pi * np.cumsum(hz) / sample_rate
    tone = np.sin(phase) * np.exp(-t / decay_s)
    click = _band(_noise(t.size, 1), 1500, 6000, sample_rate) * np.exp(-t / 0.004) * 0.5
    return np.tanh(1.6 * (tone + click)) * 0.9


# length (s), body (Hz), the pitch's fall onto it (Hz) and its time constant (s), the decay's time constant (s)
_KICKS = {"pop": (0.3, 55.0, 70.0, 0.014, 0.07), "house": (0.45, 52.0, 110.0, 0.035, 0.16),
          "808": (1.2, 45.0, 110.0, 0.035, 0.5)}  # fmt: skip


def _snare(sample_rate: int, kick: str) -> Signal:
    import numpy as np

    t = _t(0.35, sample_rate)
    tone = np.sin(2 * np.pi * 185 * t) * np.exp(-t / 0.05) * 0.6
    noise = _band(_noise(t.size, 2), 1200, 9000, sample_rate) * np.exp(-t / 0.11)
    return tone + noise * 0.9


def _clap(sample_rate: int, kick: str) -> Signal:
    import numpy as np

    t = _t(0.4, sample_rate)
    env = np.exp(-t / 0.12) * 0.6
    for delay in (0.0, 0.011, 0.022):
        env += (t >= delay) * np.exp(-np.maximum(0, t - delay) / 0.006)
    return _band(_noise(t.size, 3), 900, 5000, sample_rate) * env * 0.7


def _hat(seconds: float, decay: float, seed: int) -> functools.partial[Signal]:
    return functools.partial(_hat_sound, seconds, decay, seed)


def _hat_sound(seconds: float, decay: float, seed: int, sample_rate: int, kick: str) -> Signal:
    import numpy as np

    t = _t(seconds, sample_rate)
    metal = sum(np.sign(np.sin(2 * np.pi * f * t)) for f in (205.3, 304.4, 369.6, 522.7, 540.0, 800.0)) / 6
    noise = _noise(t.size, seed) * 0.7 + metal * 0.5
    return _band(noise, 6000, 13000, sample_rate) * np.exp(-t / decay) * 0.9


def _shaker(sample_rate: int, kick: str) -> Signal:
    import numpy as np

    t = _t(0.12, sample_rate)
    env: Signal = np.minimum(1, t / 0.01) * np.exp(-t / 0.03)
    return _band(_noise(t.size, 5), 5000, 14000, sample_rate) * env * 0.8


def _stick(sample_rate: int, kick: str) -> Signal:
    import numpy as np

    t = _t(0.08, sample_rate)
    return _band(_noise(t.size, 6), 1500, 4000, sample_rate) * np.exp(-t / 0.012) * 1.3


def _tom(hz: float) -> functools.partial[Signal]:
    return functools.partial(_tom_sound, hz)


def _tom_sound(hz: float, sample_rate: int, kick: str) -> Signal:
    import numpy as np

    t = _t(0.5, sample_rate)
    pitch = hz * (1 + 0.5 * np.exp(-t / 0.03))
    return np.sin(2 * np.pi * np.cumsum(pitch) / sample_rate) * np.exp(-t / 0.18)


def _crash(sample_rate: int, kick: str) -> Signal:
    """A cymbal struck hard: a bright burst across 3-12 kHz that sounds over the snare's top for ~60 ms, then the
    wash. A video's strong cut lands on one: at a hat's level (gain 0.3, no burst) an upbeat score's crashes on
    held-out footage's strong cuts rang no brighter than its ordinary beats (1 of 4 audible); now 3 of 4 (the
    fourth has no crash: its cut could not be played on a beat)."""
    import numpy as np

    t = _t(2.5, sample_rate)
    attack = np.minimum(1.0, t / 0.004)  # struck, not clicked: a 4 ms rise keeps the peaks between samples down
    burst = _band(_noise(t.size, 12), 3000, 12000, sample_rate) * attack * np.exp(-t / 0.06) * 1.4
    return _hat_sound(2.5, 0.8, 9, sample_rate, kick) * 0.9 + burst


def _riser(sample_rate: int, kick: str) -> Signal:
    """Two seconds of noise swelling, its band sweeping up from 400 Hz to 8 kHz (the tail end plays before a cut)."""
    import numpy as np
    from scipy.signal import lfilter

    t = _t(2.0, sample_rate)
    noise = _noise(t.size, 10)
    out = np.zeros(t.size)
    pieces = 16
    step = t.size // pieces
    zi = np.zeros(2)
    for k in range(pieces):  # a band that climbs piece by piece (a sweep, without a per-sample filter)
        hz = 400 * 20 ** (k / (pieces - 1))
        b, a = _resonant(hz, sample_rate)
        out[k * step : (k + 1) * step], zi = lfilter(b, a, noise[k * step : (k + 1) * step], zi=zi)
    swell: Signal = (t / t[-1]) ** 2.5
    return out * swell * 0.5


def _resonant(hz: float, sample_rate: int) -> tuple[Signal, Signal]:
    """A band-pass biquad (RBJ cookbook, constant peak gain) at ``hz`` with Q 2."""
    import numpy as np

    w0 = 2 * math.pi * hz / sample_rate
    alpha = math.sin(w0) / 4
    a0 = 1 + alpha
    return np.array([alpha, 0, -alpha]) / a0, np.array([1, -2 * math.cos(w0) / a0, (1 - alpha) / a0])


_MAKERS: dict[int, Callable[[int, str], Signal]] = {
    KICK: _kick, SNARE: _snare, CLAP: _clap, SIDE_STICK: _stick, CLOSED_HAT: _hat(0.12, 0.035, 4),
    OPEN_HAT: _hat(0.6, 0.22, 7), RIDE: _hat(1.2, 0.45, 8), TAMBOURINE: _hat(0.2, 0.06, 11), SHAKER: _shaker,
    FLOOR_TOM: _tom(90), LOW_TOM: _tom(120), MID_TOM: _tom(160), HIGH_TOM: _tom(210), CRASH: _crash, RISER: _riser,
}  # fmt: skip
