"""Tone and style colour applied to the mix before mastering.

The General MIDI SoundFont the styles were first mixed on (6 MB) had dull samples, thick in the low mids, so every
style but lo-fi gets a mastering EQ: a gentle cut around 300 Hz (mud), a lift around 2.5 kHz (presence: the lead,
the snare's crack) and a high shelf from 5 kHz (air: the hats and the attack of the plucks). Measured on the
rendered styles before it, the 1–4 kHz band sat about 4 dB under a typical pop mix's. With the brighter Fluid R3
cut the SoundFont stems' own lifts went (``produce``) and this one stayed: the synthesised voices were set against
it, and ``balance`` holds the finished mix's tone inside the real recordings' range. A lo-fi track is expected to
sound old instead: the top end rolled off (a tape or sampler low-pass near 7 kHz), a touch of soft saturation, the
crackle of a record and a tape's hiss under the music.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Audio = npt.NDArray[np.float32]

_CRACKLES_PER_SECOND = 9.0
_CRACKLE_BELOW_MUSIC_DB = 30.0
_HISS_BELOW_MUSIC_DB = 40.0
_DARK_SHELF = (2_000.0, -6.0)  # Hz, dB: a dark or dreamy sound, the attacks and the air softened
_BRIGHT_SHELF = (5_000.0, 2.5)  # a bright one, kept under balance's most air


def colour(mix: Audio, *, style: str, sample_rate: int, seed: int) -> Audio:
    """The mix with the style's tone and colour. Deterministic under ``seed``."""
    if not len(mix):
        return mix
    return _lofi(mix, sample_rate, seed) if style == "lofi" else _brighten(mix, sample_rate)


def toned(mix: Audio, tone: float, *, sample_rate: int) -> Audio:
    """The finished mix darker (``tone`` -1: the top shelved ``_DARK_SHELF``) or brighter (1: ``_BRIGHT_SHELF``) as
    the words asked, after ``balance`` has set the style's own tone; unchanged at 0."""
    import numpy as np
    from scipy.signal import sosfilt

    if not tone or not len(mix):
        return mix
    hz, gain_db = _DARK_SHELF if tone < 0 else _BRIGHT_SHELF
    out: Audio = sosfilt(high_shelf(hz, gain_db * abs(tone), sample_rate).astype(np.float32), mix, axis=0)
    return out


def _brighten(mix: Audio, sample_rate: int) -> Audio:
    import numpy as np
    from scipy.signal import sosfilt

    sos = np.vstack(
        [
            peaking(300.0, -2.0, 0.9, sample_rate),
            peaking(2_500.0, 2.5, 0.8, sample_rate),
            high_shelf(5_000.0, 4.0, sample_rate),
        ]
    )
    bright: Audio = sosfilt(sos.astype(np.float32), mix, axis=0)  # float32 in and out
    return bright


def peaking(f0_hz: float, gain_db: float, q: float, sample_rate: int) -> npt.NDArray[np.float64]:
    """One biquad section (RBJ audio-EQ cookbook peaking filter) in scipy's sos layout."""
    import math

    a, w0 = 10 ** (gain_db / 40), 2 * math.pi * f0_hz / sample_rate
    alpha = math.sin(w0) / (2 * q)
    b = [1 + alpha * a, -2 * math.cos(w0), 1 - alpha * a]
    return _section(b, [1 + alpha / a, -2 * math.cos(w0), 1 - alpha / a])


def high_shelf(f0_hz: float, gain_db: float, sample_rate: int) -> npt.NDArray[np.float64]:
    """One biquad section (RBJ cookbook high shelf, slope 1) in scipy's sos layout."""
    return _shelf(f0_hz, gain_db, sample_rate, 1)


def low_shelf(f0_hz: float, gain_db: float, sample_rate: int) -> npt.NDArray[np.float64]:
    """One biquad section (RBJ cookbook low shelf, slope 1) in scipy's sos layout."""
    return _shelf(f0_hz, gain_db, sample_rate, -1)


def _shelf(f0_hz: float, gain_db: float, sample_rate: int, side: int) -> npt.NDArray[np.float64]:
    """RBJ's shelves are one formula: the low shelf is the high one with the sign (``side``) of its cosine terms
    turned."""
    import math

    a, w0 = 10 ** (gain_db / 40), 2 * math.pi * f0_hz / sample_rate
    alpha, cos = math.sin(w0) / 2 * math.sqrt(2), side * math.cos(w0)
    root = 2 * math.sqrt(a) * alpha
    b = [
        a * ((a + 1) + (a - 1) * cos + root),
        -2 * side * a * ((a - 1) + (a + 1) * cos),
        a * ((a + 1) + (a - 1) * cos - root),
    ]
    den = [(a + 1) - (a - 1) * cos + root, 2 * side * ((a - 1) - (a + 1) * cos), (a + 1) - (a - 1) * cos - root]
    return _section(b, den)


def _section(b: list[float], den: list[float]) -> npt.NDArray[np.float64]:
    """Numerator ``b`` and denominator ``den`` as one sos row, normalised so that the denominator starts with 1."""
    import numpy as np

    return np.array([[*(x / den[0] for x in b), 1.0, den[1] / den[0], den[2] / den[0]]])


def _lofi(mix: Audio, sample_rate: int, seed: int) -> Audio:
    import numpy as np
    from scipy.signal import butter, sosfilt

    rms = float(np.sqrt(np.mean(np.square(mix, dtype=np.float64)))) or 1e-4
    ceiling = np.float32(4 * rms)
    warm = np.tanh(mix / ceiling) * ceiling  # soft saturation: only the loudest transients are rounded off
    dull = sosfilt(butter(2, 7_000, fs=sample_rate, output="sos").astype(np.float32), warm, axis=0)
    crackle = (_crackle(len(mix), sample_rate, seed) * rms * 10 ** (-_CRACKLE_BELOW_MUSIC_DB / 20)).astype(np.float32)
    dull += crackle[:, None]
    dull += _hiss(len(mix), sample_rate, seed) * np.float32(rms * 10 ** (-_HISS_BELOW_MUSIC_DB / 20))
    coloured: Audio = dull.astype(np.float32, copy=False)
    return coloured


def _hiss(length: int, sample_rate: int, seed: int) -> Audio:
    """Tape hiss: stereo noise tilted towards the highs (2-12 kHz, as a cassette's), unit RMS per channel."""
    import numpy as np
    from scipy.signal import butter, sosfilt

    noise = np.random.default_rng(seed + 1).standard_normal((length, 2)).astype(np.float32)
    band = sosfilt(butter(2, (2_000, 12_000), btype="bandpass", fs=sample_rate, output="sos").astype(np.float32),
                   noise, axis=0)  # fmt: skip
    hiss: Audio = band / np.float32(float(np.sqrt(np.mean(band**2))) or 1.0)
    return hiss


def _crackle(length: int, sample_rate: int, seed: int) -> npt.NDArray[np.float64]:
    """Sparse clicks of random size, band-limited like dust on a record, normalised to unit RMS."""
    import numpy as np
    from scipy.signal import butter

    from nemo_notebook.engine.music.iir import filtered

    rng = np.random.default_rng(seed)
    clicks = np.zeros(length)
    count = int(length / sample_rate * _CRACKLES_PER_SECOND)
    clicks[rng.integers(0, length, count)] = rng.standard_normal(count) * rng.pareto(3.0, count)
    # between the clicks the band-pass rings down into subnormal floats: 0.6 s of CPU for 3 minutes, unfloored
    band = filtered(butter(2, (1_000, 6_000), btype="bandpass", fs=sample_rate, output="sos"), clicks)
    level = float(np.sqrt(np.mean(band**2))) or 1.0
    shaped: npt.NDArray[np.float64] = band / level
    return shaped
