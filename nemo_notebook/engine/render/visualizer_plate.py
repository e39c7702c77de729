"""A soft plate under the automatic strip's bars: dark under a light colour (light under a dark one), as strong as
the ground under the strip needs, shot by shot.

The bars' colour is chosen once a section for the shots' grounds (``visualizer_color``); over a bright shot in a dark
section pale bars vanished into the sky (a blind reviewer, at 38.5 s and 44 s of two exports), and the glow round
them (``visualizer_soft.glow_chain``) follows only the bars. The plate is a still, soft-edged band over the strip's
middle (where the mirrored bars stand), whole over ``CORE`` of its height and fading to nothing at its edges and
ends, laid in the glow's alpha (the brighter of the two), so that it costs no overlay of its own. Its strength in
each shot is what brings the ground under the strip (its median luminance, ``visualizer_auto.shot_grounds``) to
``RATIO`` against the bars' colour, at most ``MOST``, in steps of ``STEP``: none over a dark ground, up to a
half-dark band over a white sky.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .contrast import luminance
from .graph import Graph, rgb
from .visualizer_draw import Box

RATIO = 4.5  # WCAG's contrast for text: the bars are thin, their tips see-through
MOST = 0.6  # of a full shade: the picture still shows through the plate
STEP = 0.1  # strengths rounded up to this, so that shots of a like ground share one
CORE = 0.5  # of the strip's height, about its middle: the plate whole there
END_SPAN = 0.06  # of the strip's width: the plate fades in over this from each end
GAMMA = 2.2  # a shade laid over the picture darkens its coded values, about this power of its luminance
DARK = 0.2  # bars of at most this relative luminance get a light plate (``visualizer.DARK``, their glow's)


def strength(bars: float, ground: float, dark: bool = True) -> float:
    """The plate's alpha (0..``MOST``, a multiple of ``STEP``) under bars of relative luminance ``bars`` over a
    ground of ``ground``: ``dark`` (under light bars), the ground's coded values times (1 - alpha), else (under dark
    bars) moved that far towards white.

    >>> strength(0.8, 0.9), strength(0.8, 0.02), strength(0.02, 0.05, dark=False)
    (0.6, 0.0, 0.4)
    """
    if dark:  # the ground darkened to (bars + 0.05) / RATIO - 0.05
        wanted = max(0.0, (bars + 0.05) / RATIO - 0.05)
        alpha = 1 - (wanted / ground) ** (1 / GAMMA) if ground > wanted else 0.0
    else:  # lightened to RATIO * (bars + 0.05) - 0.05
        wanted, coded = min(1.0, RATIO * (bars + 0.05) - 0.05) ** (1 / GAMMA), ground ** (1 / GAMMA)
        alpha = 0.0 if coded >= wanted else (wanted - coded) / (1 - coded) if coded < 1 else 0.0
    steps = math.ceil(round(alpha / STEP, 6))
    return round(min(MOST, steps * STEP), 2)


def strengths(
    grounds: Sequence[tuple[int, float]], first: int, color: str, shades: Sequence[tuple[int, str]] = ()
) -> tuple[tuple[int, float], ...]:
    """The plate's strength over time: (frame of the drawing, counted from ``first``, alpha) where it changes, from
    ``grounds`` (each shot's first frame and the median luminance under the strip there, in order) and the bars'
    colour then (``color``, or from each of ``shades``' first frames on, that shade); () where it is nowhere
    drawn. Dark under a light colour (as the glow round the bars), light under a dark one."""
    out: list[tuple[int, float]] = []
    for frame, ground in grounds:
        bars = luminance(rgb(next((s for f, s in reversed(shades) if f <= frame), color)))
        alpha = strength(bars, ground, bars > DARK)
        if not out or out[-1][1] != alpha:
            out.append((max(0, frame - first), alpha))
    return tuple(out) if any(alpha > 0 for _, alpha in out) else ()


def plate_chain(graph: Graph, box: Box, fps: int, runs: Sequence[tuple[int, float]]) -> str:
    """Add the chains of the plate (one grey plane at ``box``'s size, ``fps``) at each of ``runs``' strengths from
    its frame on (the first from frame 0), each one still frame looked up once and repeated, joined (``concat``);
    return the label of the joined stream."""
    out = graph.label("vizpo")
    runs = [(0, runs[0][1]), *runs[1:]] if runs else [(0, 0.0)]
    shapes = [graph.label("vizpl") for _ in runs]
    graph.add(f"{_shape(box, fps)},split={len(runs)}{''.join(shapes)}")
    labels = []
    for shape, (start, alpha), (end, _) in zip(shapes, runs, [*runs[1:], (-1, 0.0)], strict=True):
        label = graph.label("vizpr")
        held = f"loop=loop={end - start - 1}:size=1" if end > 0 else "loop=loop=-1:size=1"
        graph.add(f"{shape}lut=c0='val*{alpha}',{held}{label}")
        labels.append(label)
    graph.add(f"{''.join(labels)}concat=n={len(labels)}:v=1:a=0{out}")
    return out


def _shape(box: Box, fps: int) -> str:
    """One still grey frame: white over ``CORE`` of the box's height about its middle and away from its ends,
    fading smoothly to black at its top and bottom edges and over ``END_SPAN`` of its width at each end."""
    across = f"min(1,(1-abs(2*Y/{max(box.height - 1, 1)}-1))/{1 - CORE})"
    along = f"min(1,min(X,W-1-X)/{max(1.0, END_SPAN * box.width):.1f})"
    smooth = f"({across}*{along})"
    return (
        f"color=c=black:s={box.width}x{box.height}:r={fps}:d=1,format=gray,trim=end_frame=1,"
        f"geq=lum='255*{smooth}*{smooth}*(3-2*{smooth})'"
    )
