"""Where a clip cropped top and bottom to fill a wider frame (a 4:3 clip in 16:9) is cut vertically: never through
the top of a head, where its faces let it.

The crop is centred up and down on the clip's saliency subject (``framing.focus``), which lies on the face and
below it: ``Megamind.avi`` (720x528, 0.77 of its height kept in 16:9) lost the man's forehead to the frame's top
edge (a blind reviewer, at 30.2 and 62.5 s of a 16:9 export). Where the faces in front (``MAIN_FACE`` of the
widest at a look) are seen at the shot's ``clip_follow.moments_ms``, the crop is moved up as far as the top of the
highest head (``faces.HEAD``: the face with its hair above it, its chin and neck below) or the clip's top, as long
as every such head still ends above the crop's bottom edge; never down: a close-up's head taller than the crop keeps
its chin and neck (a crop raised to the top of the man's hair cut his chin, export 01 at 89.5 s).
"""

from __future__ import annotations

from pathlib import Path

from .faces import HEAD, faces_of

MAIN_FACE = 0.6  # a face under this share of the width of the widest at its look is an extra behind, not held


def head_room(path: Path, in_ms: int, moments_ms: tuple[int, ...], centre: tuple[float, float], keep: float) -> float:
    """The vertical centre (a share of the clip's height) of a crop that keeps ``keep`` of the clip's height, moved
    up from ``centre``'s to hold the top of the heads seen at ``moments_ms`` into the shot from ``in_ms`` (the
    module's docstring); ``centre``'s where no face is seen or nothing is cut."""
    fy = centre[1]
    if keep >= 1 - 1e-6:
        return fy
    heads: list[tuple[float, float]] = []  # the tops and bottoms of the heads in front
    for into_ms in moments_ms:
        seen = faces_of(path, in_ms + into_ms, HEAD)
        widest = max((f.right - f.left for f in seen), default=0.0)
        heads += [(f.top, f.bottom) for f in seen if f.right - f.left >= MAIN_FACE * widest - 1e-9]
    top = min(max(fy - keep / 2, 0.0), 1 - keep)
    if not heads or min(h[0] for h in heads) >= top:
        return fy
    raised = max(min(h[0] for h in heads), 0.0, max(h[1] for h in heads) - keep)
    return min(raised, top) + keep / 2
