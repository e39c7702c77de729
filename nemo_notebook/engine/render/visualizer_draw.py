"""The visualizer's drawings: ffmpeg's audio-to-video filters at the size of their box, in colour with alpha.

Waves (a filled cube-root waveform) and the vectorscope draw in the chosen colour on transparency; the spectrum (64
constant-Q bars with gaps) and ``cqt`` (a smooth constant-Q silhouette) come as solid white on black, filled with the
chosen colour and given their brightness as alpha. ``mirrored`` (the bars grow both ways from a centre line),
``line`` (a thin waveform line), ``circular`` (the bars bent round a ring, by a ``remap`` whose maps are computed on
one frame and repeated, at half size and enlarged) and ``glow`` (the bars with a soft halo, scaled down and up
rather than blurred); ``smooth`` (one thick antialiased line of the low notes' waveform, white on black like the
bars, for the calm design's line); ``horizon`` (the constant-Q silhouette drawn small as one smooth curve, its
crest lit over a faint body, and enlarged: a soft skyline of light along the bottom of the frame, for the track
alone's aurora; a halo round the crest cost 4 s of CPU a 30 s 1080p video, the encoder coding a glow that changed
everywhere); ``orbit`` (the track alone's tunnel: the levels as one smooth curve, mirrored four ways, bent round a bold
ring with a soft knee, a light crest over a body in the scene's accent colour on a solid band); ``spread`` (the constant-Q silhouette
mirrored four ways, the low notes in the middle and the high ones fading out to both ends, growing up and down from
a centre line: the cover video's wave, a shape of the sound where a waveform of its low notes read as "a synthetic
sine squiggle" to a blind reviewer).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .box import Box as Box
from .graph import Graph, even, hex_color, rgb
from .visualizer_calm import LOUD, calmed, hills
from .visualizer_crest import horizon
from .visualizer_hill import hill
from .visualizer_joined import joined_mask
from .visualizer_orbit import ORBIT_ALPHA, ORBIT_BANDS, ORBIT_BODY, orbit, orbit_rows, orbit_shrink, ring_map
from .visualizer_spread import BARS_ONLY, spread_chains, spread_filter
from .visualizer_tone import two_tone
from .visualizer_warm import warmed

BARS = 64  # spectrum bars across a full-width strip (fewer, as whole bars, where the width does not divide)
SOLID = "format=gray,lut=y='if(gt(val,10),255,0)'"  # showcqt's bars fade with level: make them solid shapes
SHADOW_ALPHA = 0.75  # how dark the soft shadow under a visualizer is at its darkest
HALO_ALPHA = 0.55  # how light the soft halo under a dark visualizer is at its lightest
CIRCLE_BARS = 96  # bars round the ring of the circular design
RING = (0.42, 0.98)  # inner and outer radius of its bars, as shares of half the box
BASE_RING = 0.05  # the ring's always-drawn base, as a share of its bars' length
BAR_STYLES = (
    "spectrum",
    "cqt",
    "mirrored",
    "circular",
    "glow",
    "horizon",
    "spread",
    "orbit",
    "twin",
)  # white on black, then coloured
WHITE_ON_BLACK = (*BAR_STYLES, "smooth")
# the horizon is drawn at a quarter of its box's width and half its height, and enlarged (at a quarter of the height
# its crest was a staircase of 4-pixel steps that a blind reviewer saw)
HORIZON_SHRINK = (4, 2)
HORIZON_HALF_FROM = 200  # a horizon this high or higher is drawn at half its height; a lower one (a preview's) at
# its own (at half, its crest was a stair of 2-pixel steps after the enlargement)
HORIZON_MIN_PX = 384  # four pixels a level: fewer, at a preview's 640 wide, left steps a viewer saw
HORIZON_EDGE = 3.0  # the horizon's soft edge (``hill``) made this much steeper: its crest, the edge less its
# erosion, was 20-25 px of half light at 1080p ("a fuzzy grey line", a blind reviewer)
# the track alone's designs draw their levels with this gamma and volume (``showcqt``'s bar_g, bar_v): with the
# sound levelled band by band (``visualizer_level``), no level of six held-out songs reached the top of its box in
# 30 s (the bars' 6 and 9-11 pinned the rock ballad's bass at the top in 19 % of its frames: a flat plateau)
DESIGN_GAMMA, DESIGN_VOLUME = 7, 3
DESIGN_LEVELS = f"bar_g={DESIGN_GAMMA}:bar_v={DESIGN_VOLUME}"
BAR_LEVELS = "bar_g=6:bar_v=11"  # the bars' over pictures
HORIZON_BANDS = 96  # the horizon's levels across the frame


def draw_filter(
    effect: str, box: Box, fps: int, color: object = "#ffffff", bars: int = BARS, density: int = LOUD, since: float = 0
) -> str:
    """The ffmpeg filter that draws ``effect`` at the box's size: in ``color`` on transparency (waves, vectorscope),
    or in white on black (``spectrum`` and ``cqt``, whose shapes ``draw_chains`` turns into colour and alpha).

    Amplitudes are compressed (cube root, or a high bar gamma) so that ordinary mastered music fills most of the
    strip instead of a thin line; the frequency styles span 40 Hz–3.2 kHz (30 Hz–3.5 kHz for ``cqt``), where a song's
    notes are, so the right half of the strip is not empty. It reads ``visualizer_warm.WARM_S`` of sound before
    its first frame (``pre_roll``), and drops the frames of it (``warmed``).
    """
    return warmed(_drawing(effect, box, fps, color, bars, density, since), fps)


def _drawing(effect: str, box: Box, fps: int, color: object, bars: int, density: int, since: float) -> str:
    size, c = f"{box.width}x{box.height}", hex_color(color)
    if effect == "waves":
        return f"showwaves=s={size}:r={fps}:mode=cline:scale=cbrt:draw=full:colors={c}|{c}"
    if effect == "line":
        # a waveform line drawn at a third of the height and scaled up: three times as thick
        return (
            f"showwaves=s={box.width // 2}x{even(box.height / 3)}:r={fps}:mode=p2p:scale=cbrt:draw=full:"
            f"colors={c}|{c},scale={box.width}:{box.height}"
        )
    if effect == "smooth":
        # white on black at twice the box's size, thickened by a box blur whose every lit pixel is then made whole
        # (a line 2r+1 pixels thick there, its edges soft) and reduced by area: antialiased, about 1/8 of the box's
        # height thick, 12-13 px at 1080p, 6 px at a preview's 360 lines (1/11, 3 px there: "a 1-2 px squiggle,
        # barely visible", said a blind reviewer; 1/22, 5-6 px at 1080p, "still reads thin"; drawn at a third of the
        # height and enlarged, it was two pixels thin and stair-stepped at
        # 720p; ``dilation`` thickened it as well at 5 ms a 1080p frame, the blur at under 0.5)
        r = max(2, round(box.height / 8))
        return (
            f"showwaves=s={2 * box.width}x{2 * box.height}:r={fps}:mode=p2p:scale=cbrt:draw=full:colors=white,"
            f"format=gray,avgblur=sizeX={r}:sizeY={r},lut=c0='min(255,val*{2 * r + 1})',"
            f"scale={box.width}:{box.height}:flags=area"
        )
    if effect in ("mirrored", "twin"):
        levels = DESIGN_LEVELS if effect == "twin" else BAR_LEVELS
        return _bars(Box(box.x, box.y, box.width, even(box.height / 2)), fps, levels, bars)
    if effect == "circular":
        return _bars(Box(box.x, box.y, CIRCLE_BARS * 2, even(box.height / 4)), fps)
    if effect == "glow":
        return _bars(box, fps)
    if effect == "horizon":
        # drawn as the spectrum's bars are (the sound comes levelled band by band), a little lower: the crest keeps
        # clear of the top; eased over a few frames (``calmed``), so that it rolls rather than redraws itself
        small, volume = horizon_box(box), DESIGN_VOLUME * hills(density) ** DESIGN_GAMMA  # bars grow as its root
        return (
            f"showcqt=s={HORIZON_BANDS}x{small.height}:r={fps}:{BARS_ONLY}:bar_g={DESIGN_GAMMA}:bar_v={volume:.3f}:"
            f"basefreq=40:endfreq=3200:cscheme=1|1|1|1|1|1,{SOLID},{calmed(fps, density)},{hill(small, since)},"
            f"lut=y='clip((val-127)*{HORIZON_EDGE}+127,0,255)'"
        )  # no line along the bottom (a hard white rule under the hills: "a loudness graph", a blind reviewer)
    if effect == "spread":
        return spread_filter(box.width, box.height, fps, SOLID)
    if effect == "orbit":
        return (
            f"showcqt=s={ORBIT_BANDS}x{orbit_rows(box)}:r={fps}:{BARS_ONLY}:{DESIGN_LEVELS}:"
            f"basefreq=40:endfreq=3200:cscheme=1|1|1|1|1|1,{SOLID}"
        )
    if effect == "cqt":
        # a smooth silhouette at half width (scaling it up costs nothing visible); B-weighting tames the bass, which
        # otherwise fills the left of the strip while the melody's harmonics barely show
        return (
            f"showcqt=s={even(box.width / 2)}x{box.height}:r={fps}:{BARS_ONLY}:bar_g=5:"
            f"bar_v=60*b_weighting(f):basefreq=30:endfreq=3500:cscheme=1|1|1|1|1|1,{SOLID},"
            f"scale={box.width}:{box.height}"
        )
    if effect == "vectorscope":
        r, g, b = (round(v * 255) for v in rgb(color))
        # drawn at a third of the size and scaled up: lines three times as thick, for a ninth of the drawing
        return (
            f"avectorscope=s={even(box.width / 3)}x{even(box.height / 3)}:r={fps}:draw=aaline:scale=cbrt:zoom=2:"
            f"rc={r}:gc={g}:bc={b}:rf=12:gf=12:bf=12:af=12,scale={box.width}:{box.height}"
        )
    return _bars(box, fps, bars=bars)


def _bars(box: Box, fps: int, levels: str = BAR_LEVELS, bars: int = BARS) -> str:
    """Spectrum bars: a constant-Q spectrum one pixel per bar, cut to solid white and widened (``bar_gaps`` cuts the
    gaps between them); ``levels``: showcqt's gamma and volume."""
    pitch = bar_pitch(box, bars)
    count = even(box.width / pitch)  # whole bars over the width, an even count (showcqt draws only even widths)
    return (
        f"showcqt=s={count}x{box.height}:r={fps}:{BARS_ONLY}:{levels}:basefreq=40:"
        f"endfreq=3200:cscheme=1|1|1|1|1|1,{SOLID},scale={count * pitch}:{box.height}:flags=neighbor,"
        f"crop={box.width}:{box.height}:0:0"
    )


def horizon_box(box: Box) -> Box:
    """The size the horizon is drawn at: ``HORIZON_SHRINK`` of its box (its whole height under
    ``HORIZON_HALF_FROM``), at least ``HORIZON_MIN_PX`` wide (``enlarge`` brings it to the box)."""
    across, up = HORIZON_SHRINK
    width = min(box.width, max(even(box.width / across), HORIZON_MIN_PX))
    up = up if box.height >= HORIZON_HALF_FROM else 1
    return Box(box.x, box.y, max(2, width), max(2, even(box.height / up)))


def enlarge(effect: str, box: Box) -> str:
    """The scale, with a comma after it, that brings a drawing made smaller than its box to the box ("" for the
    drawings made at the box's size): the horizon, coloured and faded at ``horizon_box`` (each pass over a
    1080p-wide box cost about 0.4 s of CPU a 30 s video)."""
    return f"scale={box.width}:{box.height}:flags=bicubic," if effect == "horizon" else ""


def bar_pitch(box: Box, bars: int = BARS) -> int:
    """Pixels from one spectrum bar to the next (``bars`` across the width, at most)."""
    return max(3, box.width // bars)


def bar_gaps(box: Box, fps: int, share: float | None = None, bars: int = BARS) -> str:
    """A source of one still frame, repeated: white with a black gap before each spectrum bar (a fifth of the pitch,
    or ``share`` of it). Drawn once, because ``drawgrid`` on every frame cost 2.7 ms a 1080p-wide strip."""
    pitch = bar_pitch(box, bars)
    gap = max(1, pitch // 5 if share is None else round(pitch * share))
    return (
        f"color=c=white:s={box.width}x{box.height}:r={fps}:d=1,format=gray,"
        f"drawgrid=w={pitch}:h=ih+1:t={gap}:c=black,trim=end_frame=1,loop=loop=-1:size=1"
    )


def yuv(color: object) -> tuple[int, int, int]:
    """``color`` as limited-range BT.601 Y, U, V levels (0–255), what ``yuva420p`` stores."""
    r, g, b = rgb(color)
    luma = 0.299 * r + 0.587 * g + 0.114 * b
    return round(16 + 219 * luma), round(128 + 224 * (b - luma) / 1.772), round(128 + 224 * (r - luma) / 1.402)


def draw_chains(
    graph: Graph,
    audio: str,
    effect: str,
    box: Box,
    fps: int,
    color: object,
    opacity: float,
    ring: tuple[float, float] = RING,
    shades: Sequence[tuple[float, str]] = (),
    shape: str | None = None,
    accent: str | None = None,
    *,
    turned: str = "",
    joined: bool = False,
    density: int = LOUD,
    since: float = 0,
    pulse: str = "",
) -> str:
    """Add the chains that draw ``effect`` from the ``audio`` chain in colour, with see-through, as yuva420p (what
    ``overlay`` blends onto yuv420p without converting); return the label of the drawing. ``shades``: (seconds into
    the drawing, colour) from which the white-on-black styles take another colour (a still frame of it, joined to
    the others, ``still_colors``; a lookup of constants enabled until the next where the shape is drawn here), where
    it is not ``color``. ``shape``: the label of a white-on-black style's drawing made
    already, whole (``visualizer_soft``), to colour instead of drawing ``effect`` here.

    Waves and the vectorscope draw in the chosen colour on transparency and only need their alpha scaled. The spectrum
    and ``cqt`` come as solid white on black: one copy, filled with the colour by a lookup, takes the other (its
    brightness times ``opacity``) as alpha — a plane copy, where a colour mixer in RGBA cost 1.7 ms a 1080p frame.
    ``ring``: the circular design's inner and outer radius, as shares of half the box. The horizon comes at
    ``horizon_box`` (``enlarge``). ``accent``: the orbit's body in this colour (``two_tone``), its light in ``color``.
    ``turned``: lookups (``lut=c0=…``, each with a comma before it) that turn a white-on-black style's alpha down,
    run on its grey mask, one plane, rather than on the four of the drawing. ``density``: the track alone's scene's
    (``Placement.density``), which eases the horizon. ``since``: seconds into the video the drawing starts (where
    the horizon's hill has rolled to). ``pulse``: the orbit's ring enlarged on the beat (``ring_pulse``).
    """
    out = graph.label("vizc")
    a = max(0.0, min(1.0, opacity))
    if effect in WHITE_ON_BLACK:
        fill, mask, colored, alpha = (graph.label(p) for p in ("vizf", "vizm", "vizk", "viza"))
        y, u, v = yuv(color)
        if shape is None:
            graph.add(
                f"{draw_shape(graph, audio, effect, box, fps, ring, density=density, since=since, pulse=pulse)}"
                f"split{fill}{mask}"
            )
            if effect == "orbit" and accent is not None:  # its body in the accent, its light in ``color``
                graph.add(f"{fill}format=gbrp,{two_tone(accent, color, ORBIT_BODY)},format=yuva420p{colored}")
                a = a * ORBIT_ALPHA
            else:
                graph.add(f"{fill}format=yuva420p,lutyuv=y={y}:u={u}:v={v}{_shaded(shades, color)}{colored}")
        else:  # at the box's size: the colour is one still frame (each frame made yuva420p cost 0.8 s a minute)
            graph.add(f"{still_colors(graph, box, fps, (y, u, v), _frames_of(shades, color, fps))}{colored}")
            mask = shape
        if joined and effect in ("spectrum", "mirrored"):  # on a line through their base: none stands apart
            mask = joined_mask(graph, mask, (box.width, box.height), fps, middle=effect == "mirrored")
        elif shape is None and effect in ("spectrum", "mirrored", "glow", "twin"):
            gaps, gapped = graph.label("vizg"), graph.label("vizb")
            graph.add(f"{bar_gaps(box, fps)}{gaps}")
            graph.add(f"{mask}{gaps}blend=all_mode=darken:shortest=1{gapped}")
            mask = gapped
        scaled = "" if f"{a:.3f}" == "1.000" else f",lut=c0='min(255,val*{a:.3f})'"  # (not each value to itself)
        if scaled or turned:
            graph.add(f"{mask}{(scaled + turned)[1:]}{alpha}")
        else:
            alpha = mask
        # the ring is drawn and coloured at half size, then enlarged smoothly (which also takes the jaggies off)
        half = effect == "circular" or (effect == "orbit" and orbit_shrink(box) > 1)
        enlarged = f",scale={box.width}:{box.height}:flags=bilinear" if half else ""
        graph.add(f"{colored}{alpha}alphamerge{enlarged}{out}")
        return out
    chain = f"{draw_filter(effect, box, fps, color)},format=yuva420p"
    graph.add(f"{audio}{chain}{',lut=a=val*' + format(a, '.3f') if a < 0.99 else ''}{out}")
    return out


def still_color(box: Box, fps: int, levels: tuple[int, int, int]) -> str:
    """A source of one yuva420p frame at the box's size, its Y, U and V ``levels`` (set by a lookup, whatever range
    the graph negotiates: ``color=white`` came out 255 beside a full-range picture, 235 beside a video), repeated at
    ``fps`` for ever: a colour laid under an alpha that changes (``alphamerge``) with nothing drawn each frame."""
    y, u, v = levels
    return (
        f"color=c=black:s={box.width}x{box.height}:r={fps}:d=1,format=yuva420p,lutyuv=y={y}:u={u}:v={v},"
        f"trim=end_frame=1,loop=loop=-1:size=1"
    )


def still_colors(
    graph: Graph, box: Box, fps: int, levels: tuple[int, int, int], shades: Sequence[tuple[int, tuple[int, int, int]]]
) -> str:
    """A source of ``still_color`` frames in ``levels``, then from each of ``shades``' frame numbers (ascending) on
    in its levels: one still frame a colour, repeated and joined (``concat``), so that no frame is filled or looked up
    as the render runs (a lookup over the whole 1080p-wide strip, enabled from a section's first frame, cost 0.2 s
    of CPU a 20 s video: the first section's shade, from frame 0, was one on every frame)."""
    runs = [(0, levels)]
    for frame, shade in shades:
        runs = [*(r for r in runs if r[0] < frame), (frame, shade)]
    runs = [(start, level) for i, (start, level) in enumerate(runs) if i == 0 or level != runs[i - 1][1]]
    if len(runs) == 1:
        return still_color(box, fps, runs[0][1])
    labels = []
    for (start, level), (end, _) in zip(runs, [*runs[1:], (-1, levels)], strict=True):
        label = graph.label("vizk")
        held = f"loop=loop={end - start - 1}:size=1" if end > 0 else "loop=loop=-1:size=1"
        graph.add(f"{still_color(box, fps, level).removesuffix('loop=loop=-1:size=1')}{held}{label}")
        labels.append(label)
    return f"{''.join(labels)}concat=n={len(labels)}:v=1:a=0"


def _frames_of(shades: Sequence[tuple[float, str]], color: object, fps: int) -> list[tuple[int, tuple[int, int, int]]]:
    """``shades`` (seconds into the drawing, colour) as (the drawing's first frame at ``fps`` in that colour, its
    Y, U, V levels); a shade that is ``color`` brings ``color`` back."""
    return [
        (max(0, math.ceil(start * fps - 1e-6)), yuv(shade if hex_color(shade) != hex_color(color) else color))
        for start, shade in shades
    ]


def _shaded(shades: Sequence[tuple[float, str]], color: object) -> str:
    """``lutyuv`` fills, each with a comma before it, that paint the drawing in each of ``shades``' colours (but
    ``color``) from its time until the next's; "" for none. A lookup of constants, enabled for its while: a
    ``drawbox`` fill of the whole 1080p-wide strip cost 1.3 ms a frame (2.3 s of CPU a minute of video with two
    shades), a lookup 0.1."""
    out = []
    for (start, shade), (end, _) in zip(shades, [*shades[1:], (1e9, "")], strict=False):
        if hex_color(shade) != hex_color(color):
            y, u, v = yuv(shade)
            out.append(f",lutyuv=y={y}:u={u}:v={v}:enable='between(t,{start:.3f},{end:.3f})'")
    return "".join(out)


def draw_shape(
    graph: Graph,
    audio: str,
    effect: str,
    box: Box,
    fps: int,
    ring: tuple[float, float] = RING,
    bars: int = BARS,
    density: int = LOUD,
    since: float = 0,
    pulse: str = "",
) -> str:
    """The white-on-black drawing of a bar style at the box's size (``bars`` across it, at most), the horizon eased
    as a scene of ``density`` eases it (``visualizer_calm``), the orbit pulsing on the beat (``pulse``); its
    label."""
    out = graph.label("vizw")
    drawn = draw_filter(effect, box, fps, bars=bars, density=density, since=since)
    if effect in ("mirrored", "twin"):
        top, bottom, flipped = graph.label("vizt"), graph.label("vizu"), graph.label("vizv")
        graph.add(f"{audio}{drawn},split{top}{bottom}")
        graph.add(f"{bottom}vflip{flipped}")
        graph.add(f"{top}{flipped}vstack,scale={box.width}:{box.height}{out}")
    elif effect == "circular":
        spokes, gaps, strip = graph.label("vizq"), graph.label("vizg"), graph.label("vizr")
        xmap, ymap = graph.label("vizx"), graph.label("vizy")
        sw, sh = CIRCLE_BARS * 2, even(box.height / 4)
        graph.add(f"{audio}{drawn}{spokes}")
        graph.add(f"{bar_gaps(Box(0, 0, sw, sh), fps)}{gaps}")  # gaps between the bars, so they read as spokes
        # a thin base ring at the inner radius, always drawn, so that a quiet intro shows a ring and not stray spokes
        base = (
            f"drawbox=x=0:y=ih-{max(2, even(sh * BASE_RING))}:w=iw:h={max(2, even(sh * BASE_RING))}:color=white:t=fill"
        )
        graph.add(f"{spokes}{gaps}blend=all_mode=darken:shortest=1,{base}{strip}")
        half = Box(0, 0, even(box.width / 2), even(box.height / 2))  # ``draw_chains`` enlarges it
        graph.add(f"{ring_map(half, sw, sh, 'x', fps, ring)}{xmap}")
        graph.add(f"{ring_map(half, sw, sh, 'y', fps, ring)}{ymap}")
        # remap fills off the ring with video black (16), which as alpha left a faint square of colour: made 0
        graph.add(f"{strip}{xmap}{ymap}remap=fill=black,format=gray,lut=c0='if(lt(val,24),0,val)'{out}")
    elif effect == "spread":
        spread_chains(graph, f"{audio}{drawn}", box.width, box.height, fps, out)
    elif effect == "orbit":
        orbit(graph, audio, drawn, box, fps, out, pulse)
    elif effect == "horizon":  # a lit crest over a faint body, at ``horizon_box`` (``enlarge``)
        horizon(graph, f"{audio}{drawn}", horizon_box(box), fps, out)
    elif effect == "glow":
        sharp, soft, halo = graph.label("vizs"), graph.label("vizh"), graph.label("vizo")
        small = f"{max(2, even(box.width / 8))}:{max(2, even(box.height / 8))}"
        graph.add(f"{audio}{drawn},split{sharp}{soft}")
        graph.add(f"{soft}scale={small}:flags=area,scale={box.width}:{box.height}:flags=bicubic{halo}")
        graph.add(f"{sharp}{halo}blend=all_mode=screen:shortest=1{out}")
    else:
        graph.add(f"{audio}{drawn}{out}")
    return out


def shadow_chain(box: Box, opacity: float, light: bool = False) -> str:
    """A soft dark copy of the drawing, a few pixels down and right, so a light visualizer stands out on a light
    picture: black with the drawing's alpha, blurred by scaling to a quarter and back (cheaper than a blur filter).
    ``light``: a white halo instead, for a dark visualizer over dark parts of the pictures.
    """
    dx, dy = max(1, box.height // 60), max(1, box.height // 45)
    small = f"{max(2, even(box.width / 4))}:{max(2, even(box.height / 4))}"
    alpha = (HALO_ALPHA if light else SHADOW_ALPHA) * max(0.0, min(1.0, opacity / 0.9))
    return (
        f"lutyuv=y={235 if light else 16}:u=128:v=128:a=val*{alpha:.3f},scale={small}:flags=area,scale={box.width}:{box.height}:"
        f"flags=bilinear,pad=iw+{dx}:ih+{dy}:{dx}:{dy}:color=black@0,crop={box.width}:{box.height}:0:0"
    )
