"""HDR frames (PQ, HLG) tone-mapped to SDR BT.709 before their brightness, colour and mood are measured, as the
render maps them (``render/hdr.py``): the reference white (BT.2408's 203 nits) becomes SDR white, BT.2020 primaries
become BT.709's, Möbius's curve (knee 0.5, the signal's peak 10 times the reference white, as ffmpeg's ``tonemap``
assumes for an untagged linear input) rolls the highlights off, and the result is encoded for a BT.1886 display
(gamma 2.4, as zimg writes BT.709 when the picture is display-referred).

Read as if they were SDR, a picture's PQ clip measured saturation 0.33 and valence 0.42 where the SDR clip it was
made from measured 0.74 and 0.67 (HLG: 0.49 and 0.52): the mood was read darker and greyer than what is shown.
Only the small pictures are mapped (36×64 and the 72×128 luma), in numpy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Plane = npt.NDArray[np.float32]
    Light = npt.NDArray[Any]

PQ_CODE, HLG_CODE = 16, 18  # FFmpeg's AVColorTransferCharacteristic for SMPTE ST 2084 and ARIB STD-B67
REFERENCE_WHITE_NITS = 203.0
_PEAK = 10.0  # the signal's peak in reference whites, as ffmpeg's tonemap takes it for an untagged linear frame
_KNEE = 0.5  # Möbius's linear part ends here (the render's ``param=0.5``)
_BT2020_TO_BT709 = ((1.6605, -0.5876, -0.0728), (-0.1246, 1.1329, -0.0083), (-0.0182, -0.1006, 1.1187))


def is_hdr(transfer_code: int | None) -> bool:
    """Whether a frame's transfer (FFmpeg's code) is PQ or HLG."""
    return transfer_code in (PQ_CODE, HLG_CODE)


def to_sdr(y: Plane, u: Plane, v: Plane, transfer_code: int) -> tuple[Plane, Plane, Plane]:
    """Full-range Y'CbCr (Y 0..255, Cb and Cr centred on 0) of a BT.2020 HDR picture, as the SDR BT.709 picture the
    render shows (the same scale)."""
    import numpy as np

    e = np.stack([y + 1.4746 * v, y - 0.16455 * u - 0.57135 * v, y + 1.8814 * u], axis=-1) / 255.0
    e = np.clip(e, 0.0, 1.0)
    light = _pq_light(e) if transfer_code == PQ_CODE else _hlg_light(e)
    light = np.maximum(light @ np.asarray(_BT2020_TO_BT709, np.float32).T, 0.0)
    brightest = np.maximum(light.max(axis=-1, keepdims=True), 1e-6)
    light *= _mobius(brightest) / brightest
    coded = np.power(np.clip(light, 0.0, 1.0), 1.0 / 2.4) * 255.0  # BT.1886's display gamma, as zimg encodes BT.709
    luma = coded @ np.asarray((0.2126, 0.7152, 0.0722), np.float32)
    cb, cr = (coded[..., 2] - luma) / 1.8556, (coded[..., 0] - luma) / 1.5748
    return luma.astype(np.float32), cb.astype(np.float32), cr.astype(np.float32)


def _pq_light(e: Light) -> Light:
    """SMPTE ST 2084's EOTF, in reference whites."""
    import numpy as np

    m1, m2, c1, c2, c3 = 0.1593017578125, 78.84375, 0.8359375, 18.8515625, 18.6875
    p = np.power(e, 1.0 / m2)
    nits = 10000.0 * np.power(np.maximum(p - c1, 0.0) / (c2 - c3 * p), 1.0 / m1)
    return nits / REFERENCE_WHITE_NITS


def _hlg_light(e: Light) -> Light:
    """ARIB STD-B67's inverse OETF and a 1000-nit display's system gamma 1.2 on each component (as zimg applies it:
    on the luminance alone, a picture's saturation measured 0.60 against the render's 0.73), in reference whites."""
    import numpy as np

    a, b, c = 0.17883277, 0.28466892, 0.55991073
    scene = np.where(e <= 0.5, e * e / 3.0, (np.exp((np.maximum(e, 0.5) - c) / a) + b) / 12.0)
    return 1000.0 * np.power(scene, 1.2) / REFERENCE_WHITE_NITS


def _mobius(x: Light) -> Light:
    import numpy as np

    j, peak = _KNEE, _PEAK
    a = -j * j * (peak - 1.0) / (j * j - 2.0 * j + peak)
    b = (j * j - 2.0 * j * peak + peak) / max(peak - 1.0, 1e-6)
    return np.where(x <= j, x, (b * b + 2.0 * b * j + j * j) / (b - a) * (x + a) / (x + b))
