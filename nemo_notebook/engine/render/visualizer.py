"""The visualizer lane: ffmpeg's audio-to-video filters drawn at their own size, tinted and laid over the picture.

Each style draws at the size of its strip only (or smaller, and scaled up), so the per-frame cost scales with the
strip rather than the frame. Waves (a filled cube-root waveform) and the vectorscope draw in the chosen colour on
transparency; the spectrum (64 constant-Q bars with gaps) and ``cqt`` (a smooth constant-Q silhouette) come as solid
white on black, filled with the chosen colour and given their brightness as alpha. A blurred
dark copy under every style keeps a white drawing visible on a light picture (a light copy, under a dark drawing).
Colour and position "auto" (or not said) are chosen from the pictures beneath (``visualizer_auto``). Where the
draft lists the song's sections, the drawing is stronger in the loudest and quieter in the calm ones (``sections``),
and an automatic strip may take its other place for a section whose own pictures have the subject where it would
be: ``overlay``'s x and y switch on the section's first frame (expressions of ``t``, one graph; a chosen position,
or a draft without sections, keeps the fixed corner it always had). The bar designs draw a copy of the sound levelled
band by band (``visualizer_level``), so that the whole width moves on any music.

More designs, all on the same log-frequency (constant-Q) axis: ``mirrored`` (the bars grow both ways from a centre
line), ``line`` (a thin waveform line), ``circular`` (the bars bent round a ring, by a ``remap`` whose maps are
computed on one frame and repeated) and ``glow`` (the bars with a soft halo, scaled down and up rather than blurred).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ...protocol import Draft, Segment, TrackType
from ...protocol.vocabulary import AUTO, Role
from .graph import Canvas, Graph, MediaMap, even, hex_color, rgb, seconds
from .sections import sections_of, strength_chain
from .timeline import frame_at, shots
from .visualizer_auto import (
    SQUARES,
    auto_color,
    auto_position,
    luminance,
    samples,
    section_positions,
    section_samples,
)
from .visualizer_level import leveller

# strip height and top edge as fractions of the frame height, for each position
STRIPS: dict[str, tuple[float, float]] = {
    "bottom": (0.22, 0.74),
    "top": (0.22, 0.04),
    "center": (0.30, 0.35),
    "lower_third": (0.20, 0.62),
    "full": (1.0, 0.0),
    "bottom_left": (0.22, 0.74),  # lower corners, for a square design placed automatically
    "bottom_right": (0.22, 0.74),
}
CORNER_MARGIN = 0.05  # of the frame's short side, between a design in a corner and the frame's edges
BARS = 64  # spectrum bars across a full-width strip (fewer, as whole bars, where the width does not divide)
SOLID = "format=gray,lut=y='if(gt(val,10),255,0)'"  # showcqt's bars fade with level: make them solid shapes
SHADOW_ALPHA = 0.75  # how dark the soft shadow under a visualizer is at its darkest
HALO_ALPHA = 0.55  # how light the soft halo under a dark visualizer is at its lightest
DARK = 0.2  # a colour of at most this relative luminance gets a light halo rather than a dark shadow
CIRCLE_BARS = 96  # bars round the ring of the circular design
RING = (0.42, 0.98)  # inner and outer radius of its bars, as shares of half the box
BAR_STYLES = ("spectrum", "cqt", "mirrored", "circular", "glow")  # drawn white on black, then coloured


@dataclass(frozen=True)
class Box:
    """Where the visualizer is drawn on the canvas, in pixels."""

    x: int
    y: int
    width: int
    height: int


def build_visualizer(graph: Graph, draft: Draft, media: MediaMap, canvas: Canvas, under: str) -> str:
    """Overlay every visualizer segment of the draft on ``under``; return the label of the result."""
    for track in draft.tracks_of(TrackType.VIDEO):
        if track.meta.get("role") != Role.VISUALIZER:
            continue
        for segment in track.segments:
            src = segment.src or _music_src(draft)
            if src is None or src not in media or segment.duration_ms <= 0:
                continue
            under = _overlay(graph, draft, segment, src, media, canvas, under)
    return under


def _music_src(draft: Draft) -> str | None:
    for track in draft.tracks_of(TrackType.AUDIO):
        if track.meta.get("role", Role.MUSIC) == Role.MUSIC:
            for segment in track.segments:
                if segment.src:
                    return segment.src
    return None


def box_for(effect: str, position: str, canvas: Canvas) -> Box:
    """The strip (or, for the vectorscope, the square) a visualizer occupies at ``position``."""
    share, top = STRIPS.get(position, STRIPS["bottom"])
    height = even(canvas.height * share) if position == "full" else even(min(canvas.height * share, canvas.width * 0.4))
    width = canvas.width
    if effect in SQUARES:
        width = height = even(min(canvas.width, canvas.height) * (1.0 if position == "full" else 0.34))
    y = min(int(canvas.height * top), canvas.height - height)
    if position == "center":
        y = (canvas.height - height) // 2
    x = (canvas.width - width) // 2
    if position in ("bottom_left", "bottom_right"):
        margin = int(min(canvas.width, canvas.height) * CORNER_MARGIN)
        x = margin if position == "bottom_left" else canvas.width - width - margin
        y = canvas.height - height - margin
    return Box(x, y, width, height)


def draw_filter(effect: str, box: Box, fps: int, color: object = "#ffffff") -> str:
    """The ffmpeg filter that draws ``effect`` at the box's size: in ``color`` on transparency (waves, vectorscope),
    or in white on black (``spectrum`` and ``cqt``, whose shapes ``draw_chains`` turns into colour and alpha).

    Amplitudes are compressed (cube root, or a high bar gamma) so that ordinary mastered music fills most of the
    strip instead of a thin line; the frequency styles span 40 Hz–3.2 kHz (30 Hz–3.5 kHz for ``cqt``), where a song's
    notes are, so the right half of the strip is not empty.
    """
    size, c = f"{box.width}x{box.height}", hex_color(color)
    if effect == "waves":
        return f"showwaves=s={size}:r={fps}:mode=cline:scale=cbrt:draw=full:colors={c}|{c}"
    if effect == "line":
        # a waveform line drawn at a third of the height and scaled up: three times as thick
        return (
            f"showwaves=s={box.width // 2}x{even(box.height / 3)}:r={fps}:mode=p2p:scale=cbrt:draw=full:"
            f"colors={c}|{c},scale={box.width}:{box.height}"
        )
    if effect == "mirrored":
        return _bars(Box(box.x, box.y, box.width, even(box.height / 2)), fps)
    if effect == "circular":
        return _bars(Box(box.x, box.y, CIRCLE_BARS * 2, even(box.height / 4)), fps)
    if effect == "glow":
        return _bars(box, fps)
    if effect == "cqt":
        # a smooth silhouette at half width (scaling it up costs nothing visible); B-weighting tames the bass, which
        # otherwise fills the left of the strip while the melody's harmonics barely show
        return (
            f"showcqt=s={even(box.width / 2)}x{box.height}:r={fps}:sono_h=0:axis_h=0:bar_h=-1:bar_g=5:"
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
    return _bars(box, fps)


def _bars(box: Box, fps: int) -> str:
    """Spectrum bars: a constant-Q spectrum one pixel per bar, cut to solid white and widened (``bar_gaps`` cuts the
    gaps between them)."""
    pitch = bar_pitch(box)
    count = even(box.width / pitch)  # whole bars over the width, an even count (showcqt draws only even widths)
    return (
        f"showcqt=s={count}x{box.height}:r={fps}:sono_h=0:axis_h=0:bar_h=-1:bar_g=6:bar_v=11:basefreq=40:"
        f"endfreq=3200:cscheme=1|1|1|1|1|1,{SOLID},scale={count * pitch}:{box.height}:flags=neighbor,"
        f"crop={box.width}:{box.height}:0:0"
    )


def bar_pitch(box: Box) -> int:
    """Pixels from one spectrum bar to the next."""
    return max(3, box.width // BARS)


def bar_gaps(box: Box, fps: int) -> str:
    """A source of one still frame, repeated: white with a black gap before each spectrum bar. Drawn once, because
    ``drawgrid`` on every frame cost 2.7 ms a 1080p-wide strip."""
    pitch = bar_pitch(box)
    return (
        f"color=c=white:s={box.width}x{box.height}:r={fps}:d=1,format=gray,"
        f"drawgrid=w={pitch}:h=ih+1:t={max(1, pitch // 5)}:c=black,trim=end_frame=1,loop=loop=-1:size=1"
    )


def yuv(color: object) -> tuple[int, int, int]:
    """``color`` as limited-range BT.601 Y, U, V levels (0–255), what ``yuva420p`` stores."""
    r, g, b = rgb(color)
    luma = 0.299 * r + 0.587 * g + 0.114 * b
    return round(16 + 219 * luma), round(128 + 224 * (b - luma) / 1.772), round(128 + 224 * (r - luma) / 1.402)


def draw_chains(graph: Graph, audio: str, effect: str, box: Box, fps: int, color: object, opacity: float) -> str:
    """Add the chains that draw ``effect`` from the ``audio`` chain in colour, with see-through, as yuva420p (what
    ``overlay`` blends onto yuv420p without converting); return the label of the drawing.

    Waves and the vectorscope draw in the chosen colour on transparency and only need their alpha scaled. The spectrum
    and ``cqt`` come as solid white on black: one copy, filled with the colour by a lookup, takes the other (its
    brightness times ``opacity``) as alpha — a plane copy, where a colour mixer in RGBA cost 1.7 ms a 1080p frame.
    """
    out = graph.label("vizc")
    a = max(0.0, min(1.0, opacity))
    if effect in BAR_STYLES:
        fill, mask, colored, alpha = (graph.label(p) for p in ("vizf", "vizm", "vizk", "viza"))
        y, u, v = yuv(color)
        shape = _shape(graph, audio, effect, box, fps)
        graph.add(f"{shape}split{fill}{mask}")
        graph.add(f"{fill}format=yuva420p,lutyuv=y={y}:u={u}:v={v}{colored}")
        if effect in ("spectrum", "mirrored", "glow"):
            gaps, gapped = graph.label("vizg"), graph.label("vizb")
            graph.add(f"{bar_gaps(box, fps)}{gaps}")
            graph.add(f"{mask}{gaps}blend=all_mode=darken:shortest=1{gapped}")
            mask = gapped
        graph.add(f"{mask}lut=c0=val*{a:.3f}{alpha}")
        graph.add(f"{colored}{alpha}alphamerge{out}")
        return out
    chain = f"{draw_filter(effect, box, fps, color)},format=yuva420p"
    graph.add(f"{audio}{chain}{',lut=a=val*' + format(a, '.3f') if a < 0.99 else ''}{out}")
    return out


def _shape(graph: Graph, audio: str, effect: str, box: Box, fps: int) -> str:
    """The white-on-black drawing of a bar style at the box's size; its label."""
    out = graph.label("vizw")
    drawn = draw_filter(effect, box, fps)
    if effect == "mirrored":
        top, bottom, flipped = graph.label("vizt"), graph.label("vizu"), graph.label("vizv")
        graph.add(f"{audio}{drawn},split{top}{bottom}")
        graph.add(f"{bottom}vflip{flipped}")
        graph.add(f"{top}{flipped}vstack,scale={box.width}:{box.height}{out}")
    elif effect == "circular":
        strip, xmap, ymap = graph.label("vizr"), graph.label("vizx"), graph.label("vizy")
        graph.add(f"{audio}{drawn}{strip}")
        sw, sh = CIRCLE_BARS * 2, even(box.height / 4)
        graph.add(f"{_ring_map(box, sw, sh, 'x', fps)}{xmap}")
        graph.add(f"{_ring_map(box, sw, sh, 'y', fps)}{ymap}")
        graph.add(f"{strip}{xmap}{ymap}remap=fill=black,format=gray{out}")
    elif effect == "glow":
        sharp, soft, halo = graph.label("vizs"), graph.label("vizh"), graph.label("vizo")
        small = f"{max(2, even(box.width / 8))}:{max(2, even(box.height / 8))}"
        graph.add(f"{audio}{drawn},split{sharp}{soft}")
        graph.add(f"{soft}scale={small}:flags=area,scale={box.width}:{box.height}:flags=bicubic{halo}")
        graph.add(f"{sharp}{halo}blend=all_mode=screen:shortest=1{out}")
    else:
        graph.add(f"{audio}{drawn}{out}")
    return out


def _ring_map(box: Box, strip_w: int, strip_h: int, axis: str, fps: int) -> str:
    """One frame of ``remap``'s x or y map (gray16), repeated: each pixel of the ring reads the bar strip at its
    angle (x: low notes at the top, going round clockwise) and its radius (y: the bars grow outwards); pixels off
    the ring read outside the strip, which ``remap`` fills with black."""
    inner, outer = (f"{r * box.width / 2:.1f}" for r in RING)
    radius = "hypot(X-W/2,Y-H/2)"
    on_ring = f"between({radius},{inner},{outer})"
    if axis == "x":
        value = f"mod((atan2(X-W/2,H/2-Y)+2*PI)/(2*PI)*{strip_w},{strip_w})"
        expr = f"if({on_ring},{value},{strip_w + 1})"
    else:
        value = f"clip({strip_h}-1-({radius}-{inner})/({outer}-{inner})*{strip_h},0,{strip_h}-1)"
        expr = f"if({on_ring},{value},{strip_h + 1})"
    return (
        f"nullsrc=s={box.width}x{box.height}:r={fps}:d=1,format=gray16le,geq=lum='{expr}',"
        f"trim=end_frame=1,loop=loop=-1:size=1"
    )


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


@dataclass(frozen=True)
class Placement:
    """Where a visualizer segment is drawn and in which colour: at ``box``, and from each of ``moves``' frames (the
    first frame of a section) on, at that move's box (the strip's other place, or back)."""

    box: Box
    color: object
    moves: tuple[tuple[int, Box], ...] = ()


def placed(draft: Draft, segment: Segment, media: MediaMap, canvas: Canvas) -> Placement:
    """Where a visualizer segment is drawn and in which colour: as its meta says, or, where it says ``"auto"`` or
    nothing, chosen from the pictures beneath it (``visualizer_auto``), its place section by section."""
    meta = segment.meta
    effect = str(meta.get("effect", "spectrum"))
    position, color = meta.get("position", AUTO), meta.get("color", AUTO)
    if AUTO not in (position, color):
        return Placement(box_for(effect, str(position), canvas), color)
    starts = _section_starts(draft, segment, canvas) if position == AUTO else []
    parts = section_samples(shots(draft), media, canvas, starts) if starts else []
    found = [sample for part in parts for sample in part] if parts else samples(shots(draft), media, canvas)
    places = [str(position)]  # parts are sampled only for an automatic place
    if position == AUTO:
        names = ("bottom_right", "bottom_left") if effect in SQUARES else ("bottom", "top")
        if canvas.height > canvas.width and effect not in SQUARES:  # 9:16: the platforms' caption and buttons
            names = ("lower_third", "top")  # cover the bottom fifth, so the strip sits above it
        regions = {name: region_of(box_for(effect, name, canvas), canvas) for name in names}
        position = auto_position(found, regions)
        places = section_positions(parts, regions, position) if parts else [position]
    box = box_for(effect, places[0], canvas)
    if color == AUTO:
        under = [
            region_of(box_for(effect, p, canvas), canvas) for p, part in zip(places, parts, strict=False) for _ in part
        ]
        color = auto_color(found, under or [region_of(box, canvas)])
    return Placement(box, color, _moves(effect, places, starts, canvas))


def _section_starts(draft: Draft, segment: Segment, canvas: Canvas) -> list[int]:
    """The first frame of each section of the draft that the visualizer segment overlaps; [] with one or none."""
    first, last = frame_at(segment.start_ms, canvas.fps), frame_at(segment.end_ms, canvas.fps)
    spans = [(frame_at(s.start_ms, canvas.fps), frame_at(s.end_ms, canvas.fps)) for s in sections_of(draft.meta)]
    starts = [max(a, first) for a, b in spans if b > first and a < last]
    return sorted(set(starts)) if len(starts) > 1 else []


def _moves(effect: str, places: Sequence[str], starts: Sequence[int], canvas: Canvas) -> tuple[tuple[int, Box], ...]:
    """Where the strip moves, at the first frame of the sections whose place differs from the one before."""
    moves = []
    for before, place, start in zip(places, places[1:], starts[1:], strict=False):
        if place != before:
            moves.append((start, box_for(effect, place, canvas)))
    return tuple(moves)


def region_of(box: Box, canvas: Canvas) -> tuple[float, float, float, float]:
    return box.x / canvas.width, box.y / canvas.height, box.width / canvas.width, box.height / canvas.height


def _overlay(
    graph: Graph, draft: Draft, segment: Segment, src: str, media: MediaMap, canvas: Canvas, under: str
) -> str:
    meta = segment.meta
    effect = str(meta.get("effect", "spectrum"))
    placement = placed(draft, segment, media, canvas)
    box, color = placement.box, placement.color
    opacity = meta.get("opacity", 0.9)
    opacity = float(opacity) if isinstance(opacity, (int, float)) else 0.9
    index = graph.add_input("-i", str(media[src][0]))
    start, drawn, out = seconds(segment.start_ms), graph.label("viz"), graph.label("v")
    lit, shade, shadow, shaded = (graph.label(p) for p in ("vizl", "vizs", "vizd", "vizo"))
    audio = graph.label("viza")
    level = leveller(media[src][0], segment.in_ms or 0, segment.duration_ms) if effect in BAR_STYLES else ""
    graph.add(
        f"[{index}:a]atrim=start={seconds(segment.in_ms or 0)}:duration={seconds(segment.duration_ms)},"
        f"asetpts=PTS-STARTPTS,aresample=48000,aformat=channel_layouts=stereo{level}{audio}"
    )
    # stronger in the loudest sections of the song, quieter in the calm ones (as drawn without sections)
    drawn_opacity, by_section = strength_chain(sections_of(draft.meta), opacity, segment.start_ms)
    drawing = draw_chains(graph, audio, effect, box, canvas.fps, color, drawn_opacity)
    fade = _closing_fade(draft, segment)
    graph.add(f"{drawing}{by_section[1:] + ',' if by_section else ''}{fade}split{lit}{shade}")
    light = luminance(rgb(color)) <= DARK
    graph.add(f"{shade}{shadow_chain(box, opacity, light)},setpts=PTS-STARTPTS+{start}/TB{shadow}")
    graph.add(f"{lit}setpts=PTS-STARTPTS+{start}/TB{drawn}")
    # the shadow and the drawing each laid on the picture: an overlay of the one on the other (yuva on yuva) gave
    # chroma that changed from run to run under a coloured drawing
    place = f"{_where(placement, canvas.fps)}:eof_action=pass:enable='between(t,{start},{seconds(segment.end_ms)})'"
    graph.add(f"{under}{shadow}overlay={place}{shaded}")
    graph.add(f"{shaded}{drawn}overlay={place}{out}")
    return out


def _closing_fade(draft: Draft, segment: Segment) -> str:
    """A visualizer that runs to the end of the video fades out with the last shot's fade to black (it was left
    drawn on black), as a ``fade`` of its alpha ending in a comma; "" otherwise."""
    lane = shots(draft)
    fade_ms = lane[-1].segment.meta.get("fade_out_ms") if lane else None
    if not isinstance(fade_ms, (int, float)) or fade_ms <= 0 or segment.end_ms < draft.duration_ms:
        return ""
    fade_ms = min(float(fade_ms), segment.duration_ms)
    return f"fade=t=out:st={seconds(segment.duration_ms - fade_ms)}:d={seconds(fade_ms)}:alpha=1,"


def _where(placement: Placement, fps: int) -> str:
    """``overlay``'s x and y: the box's corner, or expressions of ``t`` (evaluated each frame) that switch to each
    move's box half a frame before its first frame."""
    x, y = str(placement.box.x), str(placement.box.y)
    if not placement.moves:
        return f"x={x}:y={y}"
    for frame, box in placement.moves:
        at = seconds((frame - 0.5) * 1000 / fps)
        x, y = f"if(gte(t,{at}),{box.x},{x})", f"if(gte(t,{at}),{box.y},{y})"
    return f"x='{x}':y='{y}'"
