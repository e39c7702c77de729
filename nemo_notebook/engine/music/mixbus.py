"""The mix bus: stems → one stereo mix, as a producer would set it up, before the master (``master.py``).

Per stem: its level (measured where it plays, set to the part's ``level_db``), a high-pass (everything but kick and
bass, so the low end belongs to them), an EQ (peaking and shelving biquads), placement (pan) and width (mid/side
gain), the side-chain pump (the stem ducking under every kick, on four-on-the-floor styles) and a send to the reverb.
Then the bus: the reverb return added and a gentle bus compressor (2:1, RMS detector) gluing the parts together.

The reverb is a feedback-delay network: eight delay lines (30–60 ms, mutually prime lengths) mixed by a Hadamard
matrix, each with a one-pole low-pass in its loop (high frequencies die first, as in a room) and a gain that sets the
decay time. An FDN is linear and time-invariant, so its impulse response (left and right taken from different sign
patterns of the lines, so the two sides are decorrelated) is rendered once, a block of samples at a time, and the
send is convolved with it by FFT (``scipy.signal.oaconvolve``) at half the sample rate: the same sound as running
the network sample by sample, at a small fraction of the cost.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Audio = npt.NDArray[np.float32]
    Signal = npt.NDArray[np.float64]

_DELAYS = (1433, 1601, 1867, 2053, 2251, 2399, 2687, 2903)  # samples at 48 kHz
_PREDELAY_S = 0.018
_SPREAD_S = 0.011
_COMP_THRESHOLD_DB, _COMP_RATIO, _COMP_TIME_S = -18.0, 2.0, 0.08


@dataclass(frozen=True)
class Stem:
    """One part's audio and how it sits in the mix. ``eq``: (Hz, dB, Q) peaks, Q 0 for a high shelf.

    ``half_rate``: the audio is at half the track's sample rate (the synthesised voices).
    """

    name: str
    audio: Audio
    level_db: float
    highpass_hz: float | None = 150.0
    eq: tuple[tuple[float, float, float], ...] = ()
    pan: float = 0.0  # -1 left … 1 right
    width: float = 1.0  # side gain: 0 mono, 1 as rendered, >1 wider
    send: float = 0.15  # reverb send, linear
    pump: float = 0.0  # side-chain depth under the kick, 0..1
    half_rate: bool = False
    spread: float = 0.0  # a side made from the mid delayed ``_SPREAD_S`` (``_spread``), at this gain


def mix(stems: Sequence[Stem], *, sample_rate: int, length: int, kicks_s: Sequence[float] = (),
        reverb_s: float = 1.8, progress: Callable[[float], None] | None = None) -> Audio:  # fmt: skip
    """The stems mixed, the reverb return added and the bus compressed: float32 stereo, ``length`` samples.

    Stems at half rate are mixed at half rate, with the reverb (which runs at half rate), and their sum is brought
    up to the track's rate once. ``progress`` hears 0..1: the stems up to 0.8, the reverb to 0.9, then the bus
    compressor.
    """
    import numpy as np

    half = (length + 1) // 2
    buses = {False: np.zeros((2, length), dtype=np.float32), True: np.zeros((2, half), dtype=np.float32)}
    sends = {False: np.zeros(length, dtype=np.float32), True: np.zeros(half, dtype=np.float32)}
    pumps: dict[bool, npt.NDArray[np.float32]] = {}
    for done, stem in enumerate(stems):
        if progress is not None:
            progress(0.8 * done / len(stems))
        rate = sample_rate // 2 if stem.half_rate else sample_rate
        size = half if stem.half_rate else length
        audio = _processed(stem, rate, size)
        if audio is None:
            continue
        if stem.pump and kicks_s:
            if stem.half_rate not in pumps:
                pumps[stem.half_rate] = _pump_curve(kicks_s, size, rate).astype(np.float32)
            audio *= 1 - np.float32(stem.pump) * pumps[stem.half_rate]
        buses[stem.half_rate] += audio
        if stem.send:
            sends[stem.half_rate] += (audio[0] + audio[1]) * np.float32(stem.send / 2)
    send = sends[True] + halved(sends[False])[:half]
    if np.any(send):
        buses[True] += reverb(send, sample_rate // 2, reverb_s)
    bus = buses[False]
    bus += doubled(buses[True])[:, :length]
    if progress is not None:
        progress(0.9)
    return compress(np.ascontiguousarray(bus.T), sample_rate)


def halved(signal: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """Half the sample rate: an elliptic low-pass under the new Nyquist, then every other sample."""
    from nemo_notebook.engine.music.iir import filtered

    low: npt.NDArray[np.float32] = filtered(_halfband(), signal)[..., ::2]
    return low


def doubled(signal: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """Twice the sample rate: zeros between the samples, then the same low-pass (gain 2) removes the image."""
    import numpy as np

    from nemo_notebook.engine.music.iir import filtered

    stuffed = np.zeros((*signal.shape[:-1], signal.shape[-1] * 2), dtype=np.float32)
    np.multiply(signal, np.float32(2), out=stuffed[..., ::2])
    up: npt.NDArray[np.float32] = filtered(_halfband(), stuffed)
    return up


@functools.cache
def _halfband() -> npt.NDArray[np.float32]:
    import numpy as np
    from scipy.signal import ellip

    sos = ellip(8, 0.05, 70, 0.46, output="sos")  # flat to 11 kHz at 48 kHz, 70 dB down from 12 kHz
    return np.asarray(sos, dtype=np.float32)


def _processed(stem: Stem, sample_rate: int, length: int) -> Audio | None:
    """The stem levelled, filtered, placed and widened: float32, shape ``(2, length)``."""
    import numpy as np
    from scipy.signal import butter

    from nemo_notebook.engine.music.colour import high_shelf, peaking
    from nemo_notebook.engine.music.iir import filtered
    from nemo_notebook.engine.music.synth import active_level_db

    audio = stem.audio[:length]
    if len(audio) < length:
        audio = np.pad(audio, ((0, length - len(audio)), (0, 0)))
    measured = active_level_db(audio[::4], block=sample_rate // 40)  # every 4th sample: the level, 4× cheaper
    if measured is None:
        return None
    sections = []
    if stem.highpass_hz:
        sections.append(butter(2, stem.highpass_hz, btype="highpass", fs=sample_rate, output="sos"))
    for hz, gain, q in stem.eq:
        sections.append(high_shelf(hz, gain, sample_rate) if q == 0 else peaking(hz, gain, q, sample_rate))
    gain = 10 ** ((stem.level_db - 12.0 - measured) / 20)
    left, right = math.sqrt(1 - stem.pan) * gain, math.sqrt(1 + stem.pan) * gain
    # left = (mid + side)·left and right = (mid - side)·right, written as each channel's share of the two inputs
    same, cross = 0.5 * (1 + stem.width), 0.5 * (1 - stem.width)
    sos = np.vstack(sections).astype(np.float32) if sections else None
    out = np.empty((2, length), dtype=np.float32)
    if stem.width == 0 and stem.pan == 0:  # mono in the middle: both channels are one signal, filtered once
        np.add(audio[:, 0], audio[:, 1], out=out[0])
        out[0] *= np.float32(0.5 * gain)
        if sos is not None:
            out[0] = filtered(sos, out[0])
        out[1] = out[0]
        return out
    for channel, scale in ((0, left), (1, right)):
        np.multiply(audio[:, channel], np.float32(same * scale), out=out[channel])
        if cross:
            out[channel] += audio[:, 1 - channel] * np.float32(cross * scale)
    if sos is not None:
        out = filtered(sos, out)
    return _spread(out, stem.spread, sample_rate) if stem.spread else out


def _spread(out: Audio, gain: float, sample_rate: int) -> Audio:
    """``out`` (shape ``(2, n)``) widened as a pair of microphones would hear it: the mid, delayed ``_SPREAD_S`` and
    scaled by ``gain``, added to the left and taken from the right. The mono sum is untouched; the side it adds is
    decorrelated from the mid by the delay (a recorded instrument panned one microphone a key sat nearly mono)."""
    import numpy as np

    delay = int(_SPREAD_S * sample_rate)
    echo = (out[0, :-delay] + out[1, :-delay]) * np.float32(0.5 * gain)
    out[0, delay:] += echo
    out[1, delay:] -= echo
    return out


def _pump_curve(kicks_s: Sequence[float], length: int, sample_rate: int) -> Signal:
    """1 on each kick, falling back to 0 over about 180 ms (the ducking shape; depth is applied per stem)."""
    import numpy as np

    impulses = np.zeros(length)
    for t in kicks_s:
        index = int(t * sample_rate)
        if 0 <= index < length:
            impulses[index] = 1.0
    shape = np.exp(-np.arange(int(0.25 * sample_rate)) / (0.07 * sample_rate))
    attack = np.linspace(0, 1, int(0.004 * sample_rate))  # the duck comes in over 4 ms: no click
    kernel = np.concatenate([attack, shape])
    from scipy.signal import oaconvolve

    curve: Signal = np.minimum(1.0, oaconvolve(impulses, kernel)[:length])
    return curve


def reverb(send: npt.NDArray[np.float32], sample_rate: int, seconds: float) -> Audio:
    """The FDN's stereo return for a mono send: float32, shape ``(2, len(send))``."""
    import numpy as np
    from scipy.signal import oaconvolve

    ir = _impulse_response(sample_rate, round(seconds, 2))
    # the send's blocks are transformed once for both sides (the two responses broadcast against one send)
    wet: Audio = oaconvolve(send[None, :], np.ascontiguousarray(ir.T), axes=-1)[:, : len(send)].astype(
        np.float32, copy=False
    )
    return wet


@functools.lru_cache(maxsize=8)
def _impulse_response(sample_rate: int, seconds: float) -> npt.NDArray[np.float32]:
    """The FDN's response to an impulse: ``seconds`` long (about its T60), stereo, unit energy."""
    import numpy as np
    from scipy.linalg import hadamard
    from scipy.signal import lfilter

    delays = np.array([max(8, round(d * sample_rate / 48_000)) for d in _DELAYS])
    lines = len(delays)
    matrix = hadamard(lines) / math.sqrt(lines)
    gains = 10 ** (-3 * delays / (seconds * sample_rate))
    damping = 0.35  # one-pole low-pass in each loop: y = (1-d)·x + d·y[-1]
    length = int(seconds * sample_rate)
    size = int(delays.max()) + 1
    buffers = np.zeros((lines, size + length + int(delays.max())))
    block = int(delays.min())
    out = np.zeros((length, lines))
    state = np.zeros((lines, 1))
    buffers[np.arange(lines), delays] = 1.0 / math.sqrt(lines)  # the impulse leaves each line after its delay
    for begin in range(0, length, block):
        end = min(length, begin + block)
        read = buffers[:, begin:end]  # what leaves the lines now entered them ``delay`` samples ago
        out[begin:end] = read.T
        mixed = matrix @ read * gains[:, None]
        mixed, state = lfilter([1 - damping], [1, -damping], mixed, axis=1, zi=state)
        for i in range(lines):  # re-enters line i, to leave again ``delays[i]`` samples later
            buffers[i, begin + delays[i] : end + delays[i]] += mixed[i]
    signs_left = np.array([1, -1, 1, 1, -1, 1, -1, -1])
    signs_right = np.array([1, 1, -1, 1, 1, -1, -1, 1])
    ir = np.stack([out @ signs_left[:lines], out @ signs_right[:lines]], axis=1)
    predelay = int(_PREDELAY_S * sample_rate)
    ir = np.concatenate([np.zeros((predelay, 2)), ir])
    ir[-length // 8 :] *= np.linspace(1, 0, length // 8)[:, None]
    ir /= math.sqrt(float(np.sum(ir**2)) / 2)
    result: npt.NDArray[np.float32] = ir.astype(np.float32)
    return result


def compress(bus: Audio, sample_rate: int) -> Audio:
    """A gentle bus compressor: 2:1 above -18 dBFS RMS, the detector smoothed over about 80 ms.

    The detector runs on 1 ms blocks (the gain moves far more slowly than that) and the gain is interpolated back
    to every sample.
    """
    import numpy as np
    from scipy.signal import lfilter

    block = max(1, sample_rate // 1000)
    blocks = len(bus) // block
    if blocks < 2:
        return bus
    power = np.square(bus[: blocks * block], dtype=np.float32).reshape(blocks, block * 2).mean(axis=1)
    coeff = math.exp(-1 / (_COMP_TIME_S * 1000))
    envelope = lfilter([1 - coeff], [1, -coeff], power.astype(np.float64))
    over = np.maximum(0.0, 10 * np.log10(np.maximum(envelope, 1e-10)) - _COMP_THRESHOLD_DB)
    gain_blocks = (10 ** (-over * (1 - 1 / _COMP_RATIO) / 20)).astype(np.float32)
    # linear between the blocks' centres (k + 1/2 blocks), flat before the first and after the last: np.interp's
    # figures, worked out a block at a time
    first = (block + 1) // 2  # the first sample at or after the first centre
    ramp = (np.arange(block, dtype=np.float32) + np.float32(first - block / 2)) / np.float32(block)
    gain = np.empty(len(bus), dtype=np.float32)
    gain[:first] = gain_blocks[0]
    inner = gain[first : first + (blocks - 1) * block].reshape(blocks - 1, block)
    np.multiply(np.diff(gain_blocks)[:, None], ramp, out=inner)
    inner += gain_blocks[:-1, None]
    gain[first + (blocks - 1) * block :] = gain_blocks[-1]
    out: Audio = bus * gain[:, None]
    return out
