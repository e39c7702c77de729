"""A Gaussian blur whose result does not depend on how many threads the filter graph runs on.

ffmpeg 9's ``gblur`` cuts its horizontal pass into slices of rows, one a thread, and on x86 blurs a slice of 16
rows or more 16 rows at a time in SIMD, which goes wrong on a plane 16 pixels wide or less: on a 14×24 frame
(a 9:16 preview's fill, made at a sixteenth of its size) one thread drew a bright smear at the left edge of its last
rows (luma 223 where the picture has 136; a "bright blurred cloud" low in the fill), two threads, each with 12
rows, did not (16×32: three different pictures on 1, 2 and 4 threads). Planes 17 pixels wide or more came out the
same on 1, 2 and 4 threads. A 4:2:0 picture's colour planes are half its width, so a picture narrower than ``STEADY_WIDTH`` is enlarged for the blur (its sigma with it)
and brought back to its size; a wider one is blurred as it is, as before.
"""

from __future__ import annotations

from .graph import even

STEADY_WIDTH = (
    34  # pixels: a 4:2:0 picture this wide has colour planes of 17, which ``gblur`` blurs alike on any threads
)


def steady_gblur(size: tuple[int, int], sigma: float) -> str:
    """The filter (no comma) that blurs a ``size`` (width, height) picture by ``sigma`` of its pixels, the same on
    any number of threads; it comes out at ``size``.

    >>> steady_gblur((76, 134), 2.2)
    'gblur=sigma=2.2'
    >>> steady_gblur((14, 24), 2.2)
    'scale=34:60:flags=bicubic,gblur=sigma=5.34,scale=14:24:flags=area'
    """
    w, h = size
    if w >= STEADY_WIDTH:
        return f"gblur=sigma={sigma:g}"
    k = STEADY_WIDTH / max(w, 1)
    up = (even(w * k), max(2, even(h * k)))
    return f"scale={up[0]}:{up[1]}:flags=bicubic,gblur=sigma={sigma * k:.2f},scale={w}:{h}:flags=area"
