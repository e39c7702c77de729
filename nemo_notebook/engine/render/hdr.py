"""HDR clips (PQ as in HDR10, HLG as phones record) tone-mapped to SDR BT.709 before anything else sees them.

Read as if they were BT.709, their pictures came out washed out and dim: a PQ clip stores SDR white at about half
the code range. The clip's transfer is read from its stream (PyAV), and its frames go through ``zscale`` to linear
light (HDR's reference white, ``REFERENCE_WHITE_NITS``, as SDR white), into BT.709 primaries, Möbius's curve
(``tonemap``: linear up to a knee, highlights above it rolled off instead of clipped; Hable's darkened a test pattern's
whites to 133 of 255 where the SDR original had 226, Möbius at 0.5 gives 193) and back to BT.709 limited range, the
output's colour space in every export. Read as BT.709 the same PQ clip had its blacks at 61 (29 in the original) and
its whites at 138: washed out.
"""

from __future__ import annotations

import functools
from pathlib import Path

PQ, HLG = "smpte2084", "arib-std-b67"
_TRANSFERS = {16: PQ, 18: HLG}  # FFmpeg's AVColorTransferCharacteristic values
REFERENCE_WHITE_NITS = 203  # ITU-R BT.2408: diffuse white in HDR; it becomes SDR white


@functools.lru_cache(maxsize=128)
def transfer_of(path: Path) -> str | None:
    """The clip's HDR transfer (``PQ`` or ``HLG``), or None for SDR (and for a file that cannot be read)."""
    import av

    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                return None
            return _TRANSFERS.get(int(container.streams.video[0].codec_context.color_trc or 0))
    except (av.FFmpegError, OSError, ValueError):
        return None


def tone_map(path: Path) -> str:
    """The filters that bring an HDR clip to SDR BT.709 (ending in a comma), or "" for an SDR clip."""
    transfer = transfer_of(path)
    if transfer is None:
        return ""
    return (
        f"zscale=tin={transfer}:pin=bt2020:min=bt2020nc:t=linear:npl={REFERENCE_WHITE_NITS},format=gbrpf32le,"
        "zscale=p=bt709,tonemap=tonemap=mobius:param=0.5:desat=0,zscale=t=bt709:m=bt709:r=tv,format=yuv420p,"
    )
