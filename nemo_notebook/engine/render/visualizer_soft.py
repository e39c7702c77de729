"""The bars' look over pictures and clips: thin, rounded bars that fade towards the picture and fall slowly.

Drawn as solid, evenly spaced blocks at 0.9 opacity, the bars read as an opaque fence along the bottom of every shot
(a blind reviewer: "opaque beige bars over the subjects"). Over pictures and clips the bars' see-through (their alpha,
which ``visualizer_draw.draw_chains`` fills with the colour) is shaped instead:

- centred: the spectrum drawn at half the width and mirrored, its low notes in the middle of the frame and its high
  ones at both ends, ``SOFT_BARS`` bars in all (64 from one end to the other before);
- thinner: a gap of ``GAP_SHARE`` of the pitch between bars (a fifth before);
- rounded: the bars blurred by a quarter of their width and cut again on a soft ramp, which rounds their corners and
  smooths their edges;
- falling slowly: ``lagfun`` keeps each pixel at least ``RELEASE`` of its last frame's light (at 30 fps; as much a
  second at other rates), so a bar rises with the beat and fades back over a few frames (release) rather than
  flicker;
- drawn, coloured and glowing at half the video's rate from 24 fps (``visualizer.strip_rate``), each drawing shown
  on two frames, as a track alone's designs are: at 30 fps the strip's filters ran on every frame and x264 coded a
  new strip on each (the strip was about two fifths of a music video's bits);
- fading towards the picture: the alpha times a still gradient, whole over the lower half of the strip (the bars'
  body: the colour's contrast with what lies beneath holds there) and fading to ``TIP_ALPHA`` at its far edge (the mirrored bars: whole along their middle), and at the strip's two ends (a fence runs from
  one side of the frame to the other; these fade out at ``EDGE_ALPHA``);
- set apart from the picture by a glow (``glow_chain``): a dark one round a light colour, a light one round a dark
  colour, hugging the bars and filling the gaps between them, so that the bars read on a ground near their own
  lightness without changing colour from shot to shot.
"""

from __future__ import annotations

from collections.abc import Sequence

from .graph import Graph, even
from .visualizer_draw import Box, bar_gaps, bar_pitch, draw_shape, still_colors

SOFT_STYLES = ("spectrum", "mirrored")
SOFT_BARS = 48
GAP_SHARE = 0.45
TIP_ALPHA, BODY = 0.3, 0.5
RELEASE = 0.6
EDGE_SPAN, EDGE_ALPHA = 0.08, 0.5
# a bar's faint trail as it falls casts none; at most half dark (0.9 and three times the alpha before: a black
# outline round each pill bar, "heavy" to a blind reviewer)
GLOW_ALPHA, GLOW_GAIN, GLOW_FROM = 0.5, 2.0, 30
_RAMP_FROM, _RAMP_GAIN = 70, 2.5  # the blurred bars cut again: 0 below 70, whole above 172
NARROW, NARROW_MIN_PX = 2, 640  # the bars drawn at half the width and enlarged, at least this wide (narrower,
# a preview's bars came out a few pixels thin and dim)


def soft_shape(graph: Graph, audio: str, effect: str, box: Box, fps: int) -> str:
    """Add the chains that draw ``effect`` (one of ``SOFT_STYLES``) from the ``audio`` chain as the soft bars (the
    module's docstring), white on black at the box's size, for ``visualizer_draw.draw_chains`` to colour; return
    its label. Drawn, rounded and faded at ``1 / NARROW`` of the box's width (``narrow``) and enlarged: every bar is
    flat across, and the enlargement softens its sides no more than the rounding does; at ``fps`` (half the video's,
    ``visualizer.strip_rate``)."""
    centred = effect == "spectrum"
    bars = SOFT_BARS // 2 if centred else SOFT_BARS
    whole = narrow(box)
    drawn = Box(box.x, box.y, even(whole.width / 2), box.height) if centred else whole
    full = Box(box.x, box.y, even(box.width / 2), box.height) if centred else box
    radius = _radius(full, bars, whole.width / box.width)
    shape = _rounded(graph, draw_shape(graph, audio, effect, drawn, fps, bars=bars), drawn, fps, bars, radius)
    mirrored = _mirrored(graph, shape, drawn, whole) if centred else shape
    fade, out = graph.label("vize"), graph.label("vizp")
    graph.add(f"{_gradient(effect, whole, fps)}{fade}")
    enlarged = f",scale={box.width}:{box.height}:flags=bicubic" if whole.width != box.width else ""
    graph.add(f"{mirrored}{fade}blend=all_mode=multiply:shortest=1{enlarged}{out}")
    return out


def narrow(box: Box) -> Box:
    """The box the soft bars are drawn in: ``1 / NARROW`` of its width (even, and at least ``NARROW_MIN_PX``), its
    whole height."""
    width = min(box.width, max(even(box.width / NARROW), NARROW_MIN_PX))
    return Box(box.x, box.y, width, box.height)


def _radius(box: Box, bars: int, share: float) -> tuple[int, int]:
    """The rounding's blur (across, up): a quarter of the width of a bar drawn ``bars`` across ``box``, across in
    the pixels of a drawing ``share`` of its width."""
    radius = max(1, round(bar_pitch(box, bars) * (1 - GAP_SHARE) / 4))
    return max(1, round(radius * share)), radius


def _rounded(graph: Graph, shape: str, box: Box, fps: int, bars: int, radius: tuple[int, int]) -> str:
    """The white-on-black bars of ``shape`` (at ``box``'s size) cut apart, rounded (``radius``: the blur's, across
    and up) and falling slowly; its label."""
    gaps, out = graph.label("vizg"), graph.label("vizn")
    decay = RELEASE ** (30 / max(fps, 1))
    graph.add(f"{bar_gaps(box, fps, GAP_SHARE, bars)}{gaps}")
    graph.add(
        f"{shape}{gaps}blend=all_mode=darken:shortest=1,avgblur=sizeX={radius[0]}:sizeY={radius[1]},"
        f"lut=c0='clip((val-{_RAMP_FROM})*{_RAMP_GAIN},0,255)',lagfun=decay={decay:.3f}{out}"
    )
    return out


def _mirrored(graph: Graph, half: str, drawn: Box, box: Box) -> str:
    """The half-width drawing ``half`` beside its mirror image (flipped on the left), at ``box``'s size."""
    left, right, flipped, out = (graph.label(p) for p in ("vizh", "vizr", "vizx", "vizy"))
    graph.add(f"{half}split{left}{right}")
    graph.add(f"{left}hflip{flipped}")
    fit = f",scale={box.width}:{box.height}" if 2 * drawn.width != box.width else ""
    graph.add(f"{flipped}{right}hstack{fit}{out}")
    return out


def _gradient(effect: str, box: Box, fps: int) -> str:
    """A source of one still grey frame, repeated: whole over the ``BODY`` of the strip at the bars' base (its
    bottom; the mirrored bars' middle), fading from there to ``TIP_ALPHA`` at the far edge; and towards the strip's ends, over ``EDGE_SPAN`` of its width,
    down to ``EDGE_ALPHA`` of that."""
    base = f"(1-abs(2*Y/{max(box.height - 1, 1)}-1))" if effect == "mirrored" else f"Y/{max(box.height - 1, 1)}"
    far = f"min(1,{base}/{BODY})"
    span = max(1.0, EDGE_SPAN * box.width)
    ends = f"min(1,{EDGE_ALPHA}+{1 - EDGE_ALPHA:.2f}*min(X,W-1-X)/{span:.1f})"
    return (
        f"color=c=white:s={box.width}x{box.height}:r={fps}:d=1,format=gray,"
        f"geq=lum='255*({TIP_ALPHA}+{1 - TIP_ALPHA:.2f}*{far})*{ends}',trim=end_frame=1,loop=loop=-1:size=1"
    )


def glow_chain(
    graph: Graph,
    drawing: str,
    box: Box,
    fps: int,
    opacity: float,
    light: bool = False,
    *,
    turned: str = "",
    plate: str = "",
    lights: Sequence[tuple[int, bool]] = (),
) -> str:
    """Add the chains that turn the soft ``drawing`` (yuva420p at ``box``'s size, ``fps``) into its glow; return
    its label. The glow is black (``light``: white) with ``GLOW_GAIN`` times the drawing's alpha less
    ``GLOW_FROM``, at most ``GLOW_ALPHA``, at half size widened by a pixel (``dilation`` of its alpha: two pixels
    round the bars at full size) and enlarged smoothly, lowered by a pixel or two (in the place of
    ``visualizer_draw.shadow_chain``'s broad shadow, which thin bars barely cast).

    Only the alpha is worked on (one grey plane), laid on a still frame of the glow's colour (``still_color``): the
    filters ran on all four planes of the drawing before, whose colour planes they left as they were. ``turned``:
    lookups of that plane (``lut=c0=…``, each with a comma before it) after the glow's own, its strength turned
    down where the drawing's is; ``plate``: the label of a grey plane at the box's size laid in the glow's alpha
    where it is the stronger (``visualizer_plate``), "" for none; ``lights``: (frame of the drawing, whether light)
    from which the glow is light or dark (a section's shade of the colour on the other side of ``light``'s)."""
    dy = max(1, box.height // 60)
    small = f"{max(2, even(box.width / 2))}:{max(2, even(box.height / 2))}"
    top = round(255 * GLOW_ALPHA * max(0.0, min(1.0, opacity / 0.9)))
    alpha, shade, out = graph.label("vizga"), graph.label("vizgc"), graph.label("vizgo")
    graph.add(
        f"{drawing}alphaextract,lut=c0='clip(val*{GLOW_GAIN}-{GLOW_FROM},0,{top})',scale={small}:flags=area,"
        f"dilation,scale={box.width}:{box.height}:flags=bilinear,pad=iw:ih+{dy}:0:{dy}:color=black,"
        f"crop={box.width}:{box.height}:0:0{turned if not plate else ''}{alpha}"
    )
    if plate:
        alpha, bare = graph.label("vizgp"), alpha
        graph.add(f"{bare}{plate}blend=all_mode=lighten:shortest=1{turned}{alpha}")
    levels = [(frame, (235 if lit else 16, 128, 128)) for frame, lit in lights]
    graph.add(f"{still_colors(graph, box, fps, (235 if light else 16, 128, 128), levels)}{shade}")
    graph.add(f"{shade}{alpha}alphamerge{out}")
    return out
