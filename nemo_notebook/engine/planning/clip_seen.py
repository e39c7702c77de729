"""How much of a clip's window was shown already: by earlier passes through the clips (``seen``: their windows as
(in-point, out-point) ms) or by this one (``used``)."""

from __future__ import annotations

from collections.abc import Sequence

SEEN_STEP_MS = 250  # windows that showed as much again of what earlier passes showed, to this step, are as good
SAME_IN_MS = 400  # a window opening this near an in-point shown before opens on the same moment again

Shown = Sequence[tuple[int, int]]
"""Windows of one clip shown: (in-point, out-point) ms."""


def seen_steps(seen: Shown, start: int, length_ms: int) -> int:
    """How much of the window ``seen`` showed, in steps of ``SEEN_STEP_MS`` (a moment shown twice counted twice)."""
    shown_ms = sum(max(0, min(b, start + length_ms) - max(a, start)) for a, b in seen)
    return round(shown_ms / SEEN_STEP_MS)


def unseen(seen: Shown, starts: list[int], length_ms: int) -> list[int]:
    """Those of ``starts`` showing at most half of any window ``seen`` showed, or of themselves (half a window from
    its in-point was new: 3080-5080 ms then 3600-4600 ms, one moment twice in a minute)."""
    half = [(a, b, min(length_ms, b - a)) for a, b in seen]
    return [s for s in starts if all(2 * (min(b, s + length_ms) - max(a, s)) <= n for a, b, n in half)]


def overlaps(used: Shown, start: int, length_ms: int) -> bool:
    """Whether the window shares a moment with any of ``used``."""
    return any(start < b and a < start + length_ms for a, b in used)


def new_in_points(shown: Shown, starts: list[int]) -> list[int]:
    """Those of ``starts`` at least ``SAME_IN_MS`` from every in-point ``shown`` opened on, else half or a quarter
    as far where none is; all of them where none is even that (an 11 s clip cut into 20 shots of 0.77 s opened on
    209 ms three times and on four other in-points twice each while others in its scenes were never shown: "the
    same four Megamind shots recurring")."""
    for near in (SAME_IN_MS, SAME_IN_MS // 2, SAME_IN_MS // 4):
        far = [s for s in starts if all(abs(s - a) >= near for a, _ in shown)]
        if far:
            return far
    return starts
