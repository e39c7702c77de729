"""Where a clip cropped top and bottom to fill a wider frame (a 4:3 clip in 16:9) is cut vertically: never through
the top of a head, where its faces let it.

The crop is centred up and down on the clip's saliency subject (``framing.focus``), which lies on the face and
below it: ``Megamind.avi`` (720x528, 0.77 of its height kept in 16:9) lost the man's forehead to the frame's top
edge (a blind reviewer, at 30.2 and 62.5 s of a 16:9 export). Where the faces in front (``MAIN_FACE`` of the
widest at a look) are seen at the shot's ``clip_follow.moments_ms``, the crop is moved up as far as the top of the
highest head (``faces.HEAD``: the face with its hair above it, its chin and neck below) or the clip's top, as long
as every such head still ends above the crop's bottom edge; never down: a close-up's head taller than the crop is
held whole a little smaller where that leaves the clip ``WIDEST_HELD`` of the frame's width (``held_wider``), else
keeps its chin and neck (a crop raised to the top of the man's hair cut his chin, export 01 at 89.5 s).
"""

from __future__ import annotations

from pathlib import Path

from .faces import HEAD, faces_of

MAIN_FACE = 0.6  # a face under this share of the width of the widest at its look is an extra behind, not held
WIDEST_HELD = 0.8  # a clip shown a little smaller to hold a head whole still spans this share of the frame's width


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
    how many times that height the view shows: 1 as ``head_room`` has it, or where the crop would cut the top of a
    head in front that is taller than it (a close-up's hair and chin), enough to hold the heads whole from the clip's
    top, as long as the clip, shown that much smaller, still spans ``WIDEST_HELD`` of the frame's width (its sides
    on its blurred fill). ``Megamind.avi``'s close-ups (720x528: 0.77 of its height kept in 16:9, his head 0.95 of
    it from the clip's top to his neck) lost his forehead to the frame's top edge in held-out 01 (32, 34, 74 s),
    since raising the crop further would cut his chin."""
    heads = _heads(path, in_ms, moments_ms) if keep < 1 - 1e-6 else []
    top = min(max(centre[1] - keep / 2, 0.0), 1 - keep)
    if heads and min(h[0] for h in heads) < top:
        high, low = max(min(h[0] for h in heads), 0.0), min(max(h[1] for h in heads), 1.0)
        if keep < low - high <= keep / WIDEST_HELD:
            return (high + low) / 2, (low - high) / keep
    return head_room(path, in_ms, moments_ms, centre, keep), 1.0


def _heads(path: Path, in_ms: int, moments_ms: tuple[int, ...]) -> list[tuple[float, float]]:
    """The tops and bottoms (``faces.HEAD``) of the heads in front seen at ``moments_ms`` into the shot."""
    heads: list[tuple[float, float]] = []
    for into_ms in moments_ms:
        seen = faces_of(path, in_ms + into_ms, HEAD)
        widest = max((f.right - f.left for f in seen), default=0.0)
        heads += [(f.top, f.bottom) for f in seen if f.right - f.left >= MAIN_FACE * widest - 1e-9]
    return heads
