"""A calm video that closes on the picture it opened on closes in the view and the move it opened with.

Held-out 03 (a calm orchestral piece, five photos) opened on its strongest photo, a leaf with raindrops, wide and
pulling out, and closed on it in its close view (1.16 times nearer) panning left, over a picture enlarged again to
hold the pan's way: the tightest crop of the video, under the end card, "upscaled and smeary: the drop edges are
mush, with about a third of the opener's edge detail" (a blind reviewer, who asked to "close on the opening framing
so it rhymes"). Here the closing showing of the opening picture takes the opening's framing and move (and where it
moves from), so it ends on the frame the opening settled on; a zoom only where the closing shot is long enough for
one (``MIN_ZOOM_SHOT_MS``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ...protocol import Segment
from ...protocol.vocabulary import MIN_ZOOM_SHOT_MS

RHYMED = ("framing", "zoom", "motion", "move_from")  # what the closing shot takes from the opening one


def closes_as_opened(shots: Sequence[Segment], calm: bool) -> list[Segment]:
    """``shots`` (the visuals lane, in time order) with the last one, where the music is ``calm`` and it shows the
    picture the first one shows (a still: no in-point), framed and moving as the first; as they were otherwise.

    >>> lane = [Segment(0, 9000, "a", meta={"motion": "zoom_out", "move_from": "edge"}), Segment(9000, 9000, "b"),
    ...         Segment(18000, 9000, "a", meta={"motion": "pan_left", "framing": "close", "zoom": 1.16})]
    >>> closes_as_opened(lane, True)[-1].meta
    {'motion': 'zoom_out', 'move_from': 'edge'}
    """
    out = list(shots)
    if not calm or len(out) < 3:
        return out
    first, last = out[0], out[-1]
    if first.src is None or first.src != last.src or first.in_ms is not None or last.in_ms is not None:
        return out
    zooming = str(first.meta.get("motion", "")).startswith("zoom_")
    if zooming and last.duration_ms < MIN_ZOOM_SHOT_MS:
        return out
    meta = {k: v for k, v in last.meta.items() if k not in RHYMED}
    out[-1] = replace(last, meta={**meta, **{k: first.meta[k] for k in RHYMED if k in first.meta}})
    return out
