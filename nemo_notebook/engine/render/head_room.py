"""Where a clip cropped top and bottom to fill a wider frame (a 4:3 clip in 16:9) is cut vertically: never through
the top of a head, where its faces let it.

The crop is centred up and down on the clip's saliency subject (``framing.focus``), which lies on the face and
below it: ``Megamind.avi`` (720x528, 0.77 of its height kept in 16:9) lost the man's forehead to the frame's top
edge (a blind reviewer, at 30.2 and 62.5 s of a 16:9 export). Where the faces in front (``MAIN_FACE`` of the
widest at a look) are seen at the shot's ``clip_follow.moments_ms``, the crop is moved up as far as the top of the
highest head (``faces.HEAD``: the face with its hair above it, its chin and neck below) or the clip's top, as long
as every such head still ends above the crop's bottom edge; never down. A close-up's head taller than the crop
(``held_wider``) is cut by the frame's top edge as a close-up's frame cuts it, where its face (``faces.FACE``) fits
in the crop with its chin; a face taller than the crop is shown whole a little smaller, on the clip's blurred fill
(a crop raised to the top of the man's hair cut his chin, export 01 at 89.5 s; shown smaller to hold his hair and
neck whole, his close-ups left side strips, export 01 at 25-28 s).
"""

from __future__ import annotations

from pathlib import Path

from .faces import FACE, HEAD, faces_of

MAIN_FACE = 0.6  # a face under this share of the width of the widest at its look is an extra behind, not held


def head_room(path: Path, in_ms: int, moments_ms: tuple[int, ...], centre: tuple[float, float], keep: float) -> float:
    """The vertical centre (a share of the clip's height) of a crop that keeps ``keep`` of the clip's height, moved
    up from ``centre``'s to hold the top of the heads seen at ``moments_ms`` into the shot from ``in_ms`` (the
    module's docstring); ``centre``'s where no face is seen or nothing is cut."""
    fy = centre[1]
    if keep >= 1 - 1e-6:
        return fy
    heads = _heads(path, in_ms, moments_ms)
    top = min(max(fy - keep / 2, 0.0), 1 - keep)
    if not heads or min(h[0] for h in heads) >= top:
        return fy
    raised = max(min(h[0] for h in heads), 0.0, max(h[1] for h in heads) - keep)
    return min(raised, top) + keep / 2


def held_wider(
    path: Path, in_ms: int, moments_ms: tuple[int, ...], centre: tuple[float, float], keep: float
) -> tuple[float, float]:
    """The vertical centre (a share of the clip's height) of a crop that keeps ``keep`` of the clip's height, and
    how many times that height the view shows. Where the crop would cut the top of a head in front (``head_room``'s
    heads) but its faces (``faces.FACE``: hairline to chin) fit in it, the crop fills the frame as high as the heads'
    tops allow while every chin stays in it: 1. Where the faces are taller than the crop, as much as holds them whole
    (at most the clip's whole height), its sides on its blurred fill. Else ``head_room``'s, 1. ``Megamind.avi``'s
    close-ups (720x528: 0.77 of its height kept in 16:9; his face 0.64-0.74 of it, his head from the clip's top to
    his neck 0.95) were shown 0.81 of the frame's width between blurred side strips in held-out 01 (25-28, 36,
    60-62 s), where "the clip should be cropped to fill the frame" (a blind reviewer)."""
    heads = _heads(path, in_ms, moments_ms) if keep < 1 - 1e-6 else []
    top = min(max(centre[1] - keep / 2, 0.0), 1 - keep)
    if heads and min(h[0] for h in heads) < top:
        faces = _heads(path, in_ms, moments_ms, FACE)
        high = max(min((f[0] for f in faces), default=1.0), 0.0)
        low = min(max((f[1] for f in faces), default=0.0), 1.0)
        if low - high <= keep:
            return min(max(min(h[0] for h in heads), low - keep, 0.0), 1 - keep) + keep / 2, 1.0
        wider = min(low - high, 1.0) / keep
        return min(max((high + low) / 2, wider * keep / 2), 1 - wider * keep / 2), wider
    return head_room(path, in_ms, moments_ms, centre, keep), 1.0


def _heads(
    path: Path, in_ms: int, moments_ms: tuple[int, ...], grown: tuple[float, float, float] = HEAD
) -> list[tuple[float, float]]:
    """The tops and bottoms of the heads in front (``faces.HEAD``, or their faces: ``grown``) seen at
    ``moments_ms`` into the shot."""
    heads: list[tuple[float, float]] = []
    for into_ms in moments_ms:
        seen = faces_of(path, in_ms + into_ms, grown)
        widest = max((f.right - f.left for f in seen), default=0.0)
        heads += [(f.top, f.bottom) for f in seen if f.right - f.left >= MAIN_FACE * widest - 1e-9]
    return heads
