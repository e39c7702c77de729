"""HDR clips (PQ as in HDR10, HLG as phones record) tone-mapped to SDR BT.709 before anything else sees them.

Read as if they were BT.709, their pictures came out washed out and dim: a PQ clip stores SDR white at about half
the code range. The clip's transfer is read from its stream (PyAV), and its frames go through ``zscale`` to linear
light (HDR's reference white, ``REFERENCE_WHITE_NITS``, as SDR white), into BT.709 primaries, Möbius's curve
(``tonemap``: linear up to a knee, highlights above it rolled off instead of clipped; Hable's darkened a test pattern's
whites to 133 of 255 where the SDR original had 226, Möbius at 0.5 gives 193) and back to BT.709 limited range, the
output's colour space in every export. Read as BT.709 the same PQ clip had its blacks at 61 (29 in the original) and
its whites at 138: washed out.

An SDR clip of 720 lines or more that does not say its colour matrix is read as BT.709, as players show it
(``to_bt709``): ffmpeg's scaler takes such a clip for BT.601 and converted it to BT.709 on the way into the video,
which moved its colours (Big Buck Bunny at 1080p: luma up to 14 levels, 3.2 on average) and cost 30 % of its copy.
"""

from __future__ import annotations

import functools
from pathlib import Path

PQ, HLG = "smpte2084", "arib-std-b67"
_TRANSFERS = {16: PQ, 18: HLG}  # FFmpeg's AVColorTransferCharacteristic values
REFERENCE_WHITE_NITS = 203  # ITU-R BT.2408: diffuse white in HDR; it becomes SDR white


@functools.lru_cache(maxsize=128)
def _colour_of(path: Path) -> tuple[int, int, int, int] | None:
    """The clip's first video stream's transfer and matrix codes (FFmpeg's enums, 0 where unset), width and height;
    None for a file without video or that cannot be read. Both ``transfer_of`` and ``untagged_hd`` read this one
    opening of the file."""
    import av

    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                return None
            context = container.streams.video[0].codec_context
            return int(context.color_trc or 0), int(context.colorspace or 0), context.width, context.height
    except (av.FFmpegError, OSError, ValueError):
        return None


def transfer_of(path: Path) -> str | None:
    """The clip's HDR transfer (``PQ`` or ``HLG``), or None for SDR (and for a file that cannot be read)."""
    colour = _colour_of(path)
    return None if colour is None else _TRANSFERS.get(colour[0])


def tone_map(path: Path) -> str:
    """The filters that bring an HDR clip to SDR BT.709 (ending in a comma), or "" for an SDR clip."""
    transfer = transfer_of(path)
    if transfer is None:
        return ""
    return (
        f"zscale=tin={transfer}:pin=bt2020:min=bt2020nc:t=linear:npl={REFERENCE_WHITE_NITS},format=gbrpf32le,"
        "zscale=p=bt709,tonemap=tonemap=mobius:param=0.5:desat=0,zscale=t=bt709:m=bt709:r=tv,format=yuv420p,"
    )


_UNSPECIFIED = 2  # FFmpeg's AVCOL_SPC_UNSPECIFIED
_BT709 = "setparams=colorspace=bt709,"


def untagged_hd(path: Path) -> bool:
    """Whether the clip is 720 lines or more (either way up) and does not say its colour matrix (False for a file
    that cannot be read)."""
    colour = _colour_of(path)
    if colour is None:
        return False
    _, matrix, width, height = colour
    return (matrix or _UNSPECIFIED) == _UNSPECIFIED and (width >= 1280 or height >= 720)


def to_bt709(path: Path) -> str:
    """The filters that bring a clip to SDR BT.709 (ending in a comma, "" where it is already): ``tone_map`` for an
    HDR clip, the BT.709 tag for an HD clip that does not say its matrix (``untagged_hd``)."""
    return tone_map(path) or (_BT709 if untagged_hd(path) else "")
