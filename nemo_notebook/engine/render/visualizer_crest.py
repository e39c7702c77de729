"""The aurora's horizon of light drawn from its silhouette (``visualizer_draw``'s "horizon"): a soft hill of light, its
crest a glow a little lighter than its body, which fades slowly towards its foot. A thin crest at full light over a
faint body read as "a thick white line ... a loudness graph, not a horizon" to two blind reviewers of a ballad."""

from __future__ import annotations

from .box import Box
from .graph import Graph

HORIZON_BODY = 0.5  # the light of the horizon's body under its crest (0.25 under a crest at full light before)
HORIZON_CREST_GAIN = 2.5  # the crest's edge lifted this many times: lit whole, not half
CREST_LIGHT = 0.6  # the crest's light at most (it was fully lit: a white stroke)
CREST_GLOW = 3  # the crest softened into a glow: shrunk this many times and enlarged again, laid over it
CREST_SHARE = 1 / 30  # the horizon's crest, of the height it is drawn at (one row: at a preview's 360 lines "a thin,
# barely readable waveform line", a blind reviewer of a 4-minute ballad)


def horizon(graph: Graph, drawn: str, small: Box, fps: int, out: str) -> None:
    """The horizon's silhouette (``drawn``, at ``small``'s size) as a thin crest at full light over a body whose light
    fades from ``HORIZON_BODY`` under the top of the box to nothing at its foot: a line of light over a glow under
    the hills, where a crest twice as thick and half lit over a flat body read as "a fuzzy grey line over a flat
    band" (a blind reviewer). Built-in blends of a still gradient (an expression evaluated for every pixel cost
    2.5 s of CPU a 30 s video, even at a quarter of the box)."""
    whole, inner, eroded, kept, line, body, fade = (
        graph.label(p) for p in ("vizs", "vizi", "vizc", "vizk", "vizn", "vizb", "vizf")
    )
    graph.add(f"{drawn},split{whole}{inner}")
    erode = ",".join(["erosion"] * crest_rows(small))  # the silhouette less its edge: what is left is the crest
    graph.add(f"{inner}{erode},split{eroded}{kept}")
    sharp, soft, halo = graph.label("vizx"), graph.label("vizy"), graph.label("vizh")
    top = round(255 * CREST_LIGHT)
    graph.add(
        f"{whole}{eroded}blend=all_mode=subtract:shortest=1,lut=y='min({top},val*{HORIZON_CREST_GAIN})',split{sharp}{soft}"
    )
    shrunk = f"{max(2, small.width // CREST_GLOW)}:{max(2, small.height // CREST_GLOW)}"
    graph.add(f"{soft}scale={shrunk}:flags=area,scale={small.width}:{small.height}:flags=bicubic{halo}")
    graph.add(f"{sharp}{halo}blend=all_mode=screen:shortest=1{line}")
    graph.add(
        f"nullsrc=s={small.width}x{small.height}:r={fps},format=gray,geq=lum='255*{HORIZON_BODY}*pow(1-Y/H,0.6)',"
        f"trim=end_frame=1,loop=loop=-1:size=1{fade}"
    )
    graph.add(f"{kept}{fade}blend=all_mode=multiply:shortest=1{body}")
    graph.add(f"{line}{body}blend=all_mode=lighten:shortest=1{out}")


def crest_rows(small: Box) -> int:
    """How many rows thick the horizon's crest is drawn at ``small``'s size (``horizon_box``): ``CREST_SHARE`` of
    its height, about 0.8 % of the frame's once enlarged (3 px at a preview's 360 lines, 8 at 1080), at least 1."""
    return max(1, round(CREST_SHARE * small.height))
