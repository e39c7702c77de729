"""A JPEG decoded at the reduced scale its use needs, not at its full size (issue 27: "each source decoded once, at
the size the output needs").

FFmpeg's JPEG decoder reads a picture at 1/2, 1/4 or 1/8 of its size (its ``lowres`` option) from the low
frequencies of each 8x8 block: a 12-megapixel photo read for the engine's measures (384 pixels across at most) or
for a preview's copy of it (718x538) is then a 2000x1500 picture, not a 4000x3000 one brought down afterwards.
Nothing shown or measured is enlarged from a reduced decode, nor made softer (``halvings``). Its file is still read
whole, and most of a large JPEG's decoding is reading its coded coefficients: one of the decode benchmark's 21 MB
4000x3000 photos took 0.32-0.41 CPU s to decode in PyAV whole or at 1/2 alike (0.28 at 1/4), and 0.06-0.20 to bring
to the measures' four widths from its whole decode, 0.02-0.03 from the 1/2 one. Its EXIF orientation is applied as
before. Other formats (PNG, HEIC, WebP) are decoded whole.
"""

from __future__ import annotations

REDUCED_CODECS = frozenset({"mjpeg"})  # FFmpeg's decoders with a ``lowres`` of 1/2, 1/4 and 1/8
_MOST_HALVINGS = 3


def halvings(share: float) -> int:
    """The halvings (0 to 3) a picture is decoded at where ``share`` of its size is needed: one where that leaves it
    at least as large, more only where they leave it at least twice as large. A 1/4 or 1/8 decode keeps 2x2 or 1x1
    of each block's 8x8 coefficients, and scaled down by less than half it shows softer than the whole picture scaled
    down (a 5640x3172 photo's copy for a preview's close framing, 1114x626: its fine detail, the mean difference of
    the luma from its blur of one pixel, 6.99 from the whole decode, 6.62 from the 1/4 one, 6.98 from the 1/2 one;
    the whole decode's copy for the preview's 718x404 frame 6.63, the 1/4 decode's 6.55).

    >>> halvings(0.6), halvings(0.5), halvings(0.18), halvings(0.125), halvings(0.0625)
    (0, 1, 1, 2, 3)
    """
    n = 1 if share <= 0.5 else 0
    while n < _MOST_HALVINGS and share * 2 ** (n + 2) <= 1.0:
        n += 1
    return n


def decoder_options(codec: str, size: tuple[int, int], needed: tuple[int, int]) -> dict[str, str]:
    """The decoder options that read a picture of ``size`` (by ``codec``) at least ``needed`` large both ways, as
    few of its pixels as that takes; none where the codec has no reduced decode or none would do.

    >>> decoder_options("mjpeg", (4000, 3000), (384, 384)), decoder_options("mjpeg", (4000, 3000), (2150, 1210))
    ({'lowres': '1'}, {})
    >>> decoder_options("png", (4000, 3000), (384, 384))
    {}
    """
    if codec not in REDUCED_CODECS:
        return {}
    share = max(needed[0] / max(size[0], 1), needed[1] / max(size[1], 1))
    n = halvings(share)
    return {"lowres": str(n)} if n else {}
