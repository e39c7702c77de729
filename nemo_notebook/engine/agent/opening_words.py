"""Words for the picture a music video opens on (the draft's ``m.opening``: the strongest picture), and for its
return at the close where planning chose one (``m.bookend``: weak material shown less left a shot to it,
``planning.prominence.bookended``), said as a choice: the reply of held-out 03 called the leaf "the strongest
picture" and then warned it was "on screen 3 times, more often than a picture should"."""

from __future__ import annotations

from ...protocol import Draft
from ...protocol.showings import showings as shown_runs
from .tracks import visual_shots


def opening_words(after: Draft, zh: bool) -> str:
    """'; it opens on "leaf.jpg", the strongest picture', or, where the video also closes on it by choice, '; it
    opens and closes on "leaf.jpg", the strongest picture, shown once more in between'; "" without an opening.

    Examples
    --------
    >>> opening_words(draft, zh=False)  # doctest: +SKIP
    '; it opens and closes on "RainDrops.jpg", the strongest picture'
    """
    opening = after.meta.get("opening")
    if not isinstance(opening, str) or not opening:
        return ""
    runs = shown_runs(visual_shots(after))
    ends = bool(runs) and runs[0][0].src == runs[-1][0].src == after.meta.get("bookend") and len(runs) > 1
    if not ends:
        return f"；以最醒目的“{opening}”开场" if zh else f'; it opens on "{opening}", the strongest picture'
    between = sum(run[0].src == runs[0][0].src for run in runs[1:-1])
    if zh:
        return f"；以最醒目的“{opening}”开场并收尾" + (f"，中间再出现{between}次" if between else "")
    again = {0: "", 1: ", shown once more in between"}.get(between, f", shown {between} more times in between")
    return f'; it opens and closes on "{opening}", the strongest picture{again}'
