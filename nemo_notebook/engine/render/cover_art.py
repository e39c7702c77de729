"""A video of one cover and a track, laid out by its design (``m.cover_design``, ``cover_layout``), turned scene by
scene (``cover_stage``).

The visuals lane draws only the background (``cover_backdrop``), which drifts round inside the motion margin as
fast as its section plays (``cover_drift``). Over it this module lays the cover itself, whole and sharp, floating
slowly round its place and breathing (``cover_motion``), on a soft shadow (one picture made once and repeated by
``overlay``), and the title and artist in the layout's places, both in DejaVu Sans Bold (``ARTIST_BOLD``), each at
one size for the whole of a scene. The visualizer (``visualizer.placed``) takes the
layout's box and a colour from the cover's palette (``cover_backdrop.cover_color``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ...protocol import Draft, MediaKind, Segment, TrackType
from ...protocol.sound_ending import sound_ending
from ...protocol.vocabulary import COVER_DESIGNS, credit_parts
from .beat_loudness import downbeat_levels_db
from .cover_border import frame_crop, inside_frame
from .cover_hero import hero_frames, hero_scale, largest
from .cover_layout import CoverLayout, Rect, cover_layout, pulse_of, stage_layout, title_lines
from .cover_motion import downbeats_ms, drift, phrase_s, pulse_steps
from .cover_phrases import phrase_pieces, staged_windows
from .cover_scenes import scene_sections
from .cover_stage import cut_s, cut_steps, scene_layouts, type_turns, windows_on
from .end_card import CARD_FADE_MS, card_start_ms, line_filter
from .fills import TO_TV, has_alpha
from .graph import Canvas, Graph, MediaMap, even, seconds
from .timeline import shots

SHADOW_SHARE = 0.06  # the cover's shadow spreads this share of its side around it
SHADOW_ALPHA = 0.7
GLOW_SPREAD = 2.0  # at the pulse's height the glow's box is this much wider than the shadow's (three times)
GLOW_LIGHT = (0.5, 1.3)  # the glow's light, from a dim copy of the cover's colours to a bright one at the height
GLOW_ALPHA = 0.75  # at the height; the shadow under it fades as the glow comes
ARTIST_BOLD = True  # the artist in DejaVu Sans Bold: in Book it read "small and thin", about 5-6 px on a phone, to a
# blind reviewer of held-out 04 (ab69f); the title keeps the lead by its size (``cover_layout.ARTIST_SHARE``)
GLOW_BLUR = 28  # the glow is blurred by a reduction to this fraction of its box and back (at 8, a second frame)


@dataclass(frozen=True)
class CoverVideo:
    """A draft that is a cover video: the cover's media id and the layout of its design on the canvas."""

    src: str
    path: Path
    layout: CoverLayout
    changes: tuple[tuple[int, CoverLayout], ...] = ()  # where the layout turns (ms) and to what (``cover_stage``)
    staged: tuple[tuple[int, int], ...] = ()  # where the stage shows (ms; ``cover_phrases``)

    def at(self, t_ms: float) -> CoverVideo:
        """This cover video with the layout it has at ``t_ms`` (the new one from a turn's start)."""
        return replace(self, layout=next((lay for start, lay in reversed(self.changes) if start <= t_ms), self.layout))


def cover_video(draft: Draft, media: MediaMap, canvas: Canvas) -> CoverVideo | None:
    """The cover video ``draft`` is, or None: its ``m.cover_design`` is a design and its visuals lane shows one
    picture and nothing else."""
    design = draft.meta.get("cover_design")
    if design not in COVER_DESIGNS:
        return None
    sources = {s.segment.src for s in shots(draft)}
    if len(sources) != 1:
        return None
    src = next(iter(sources))
    if src is None or src not in media or media[src][1].kind != MediaKind.IMAGE:
        return None
    path, info = media[src]
    inside = inside_frame(path)  # a dark frame along its edges left out
    size = inside[:2] if inside else (info.width or 1, info.height or 1)
    credits = _credits(draft)
    credit = credit_parts(credits[0].meta.get("text", "") if credits else "")
    layout = cover_layout(str(design), canvas.width, canvas.height, size, credit)
    stage = stage_layout(layout, canvas.width, canvas.height, size, credit)
    first, changes = scene_layouts(draft, layout, canvas.width, canvas.height, stage)
    if stage is None:
        return CoverVideo(src, path, first, changes)
    spans = scene_sections(draft)
    pieces = phrase_pieces(draft, spans)
    staged = tuple(staged_windows(pieces))
    return CoverVideo(src, path, first, changes, staged)


def _credits(draft: Draft) -> list[Segment]:
    return [
        segment
        for track in draft.tracks_of(TrackType.TEXT)
        for segment in track.segments
        if is_cover_text(segment) and str(segment.meta.get("text", "")).strip()
    ]


def lay_cover(graph: Graph, cover: CoverVideo, draft: Draft, media: MediaMap, canvas: Canvas, under: str) -> str:
    """The sharp cover on its shadow laid on ``under`` at the layout's place, growing on the downbeats
    (``cover_motion``) on a glow of its own colours, and fading out with the video's last shot (in the ring, which
    frames it, without a shadow or glow: an opaque picture is copied onto each frame, where one with a see-through
    shadow is blended, which made the ring dearer than a photo video). Returns the label of the result."""
    index = graph.add_input("-i", str(cover.path))
    levels_db = downbeat_levels_db(draft, media, downbeats_ms(draft))
    most = pulse_of(cover.layout.design, canvas.width, canvas.height)
    heroes = hero_frames(cover.staged, canvas.fps)  # the stage's cover is drawn by ``_hero`` alone
    hero = [any(a <= frame < b for a, b in heroes) for frame in range(canvas.frames)]
    laid = (cover.layout, *(lay for start, lay in cover.changes if start not in {a for a, _ in cover.staged}))
    groups = list({lay.cover.width: lay for lay in laid}.values())  # the drift keeps these clear of the bands
    boxes = [grown_at(cover, frame * 1000 / canvas.fps, canvas.fps) for frame in range(canvas.frames)]
    sizes = {(box.width, box.height): box for box, on in zip(boxes, hero, strict=True) if not on}

    def sized(box: Rect) -> Callable[[int], bool]:  # a turn grows or shrinks the cover along its way
        return lambda frame: not hero[frame] and (boxes[frame].width, boxes[frame].height) == (box.width, box.height)

    steps = [
        (replace(cover.layout, cover=box), step)
        for box in sizes.values()
        for step in pulse_steps(draft, canvas.fps, canvas.frames, levels_db, sized(box), most)
    ]
    copies = [graph.label("cvp") for _ in (*steps, *heroes)]
    graph.add(f"[{index}:v]trim=end_frame=1,{frame_crop(cover.path)}split={len(copies)}{''.join(copies)}")
    fade, clear = _fade(draft), card_start_ms(draft) is not None
    dx, dy = drift(draft, groups, canvas)
    across = cut_steps(cover.layout, cover.changes, lambda lay: lay.cover.x + lay.cover.width // 2, canvas.fps)
    down = cut_steps(cover.layout, cover.changes, lambda lay: lay.cover.y + lay.cover.height // 2, canvas.fps)
    out = under
    for copy, (layout, (scale, enable)) in zip(copies[: len(steps)], steps, strict=True):
        first, box = cover.layout.cover, layout.cover  # the cuts of the middle, from the first layout's
        moved = (
            f"{across}+{first.x + first.width // 2 - box.x - box.width // 2}+{dx}",
            f"{down}+{first.y + first.height // 2 - box.y - box.height // 2}+{dy}",
        )
        out = _layer(graph, copy, replace(cover, layout=layout), canvas, out, (fade, moved), scale, enable, clear=clear)
    for copy, (first_frame, end) in zip(copies[len(steps) :], heroes, strict=True):
        pulses = pulse_steps(draft, canvas.fps, canvas.frames, levels_db, range(first_frame, end).__contains__, most)
        share = hero_scale(first_frame, end, canvas.fps, pulses, phrase_s(draft) / 2, outro_s(draft))
        out = _hero(graph, copy, boxes[first_frame], (first_frame, end), canvas, out, (fade, share))
    return out


def outro_s(draft: Draft) -> tuple[float, float] | None:
    """The song's own quiet outro (``outro_dim``), from its fall to where the picture is dark with its last sound
    (s), where the picture dims with it; None for any other ending, or under an end card (it draws the ending)."""
    sound = sound_ending(draft)
    if not sound.dim_ms or card_start_ms(draft) is not None:
        return None
    return sound.from_ms / 1000, sound.dark_ms / 1000


def _hero(
    graph: Graph, still: str, box: Rect, frames: tuple[int, int], canvas: Canvas, under: str, how: tuple[str, str]
) -> str:
    """The stage's cover (``cover_hero``) on its soft shadow over ``frames`` (the first and the one after the
    last), made once at its largest with lanczos and scaled down frame by frame by ``how``'s scale (an expression
    of ``t``, a share of that), its middle at ``box``'s, faded by ``how``'s fade. Returns the label of the result."""
    fade, share = how
    w, h = even(largest(box.width)), even(largest(box.height))
    pad = max(2, even(SHADOW_SHARE * max(w, h)))
    sharp, soft, shadow, layer, out = (graph.label(p) for p in ("cvs", "cvh", "cvd", "cvl", "cvo"))
    first, end = frames
    graph.add(f"{still}scale={w}:{h}:flags=lanczos,format=rgba,split{sharp}{soft}")
    sharp = _padded(graph, sharp, (w + 2 * pad, h + 2 * pad), pad)
    graph.add(f"{_halo(graph, soft, (w, h), pad, 0.0)}{shadow}")
    repeat = f"loop=loop={end - first}:size=1,trim=end_frame={end - first},settb=expr=1/{canvas.fps},setpts=N+{first}"
    sized = f"scale=w='2*trunc({w + 2 * pad}*{share}/2)':h='2*trunc({h + 2 * pad}*{share}/2)':eval=frame:flags=lanczos"
    graph.add(f"{shadow}{sharp}overlay=format=rgb,format=rgba,{repeat},{sized},format=yuva420p{fade}{layer}")
    cx, cy = box.x + box.width / 2, box.y + box.height / 2
    when = f"between(t,{(first - 0.5) / canvas.fps:.4f},{(end - 0.5) / canvas.fps:.4f})"
    graph.add(f"{under}{layer}overlay=x='{cx:g}-w/2':y='{cy:g}-h/2':format=yuv420:eof_action=pass:enable='{when}'{out}")
    return out


def grown_at(cover: CoverVideo, t_ms: float, fps: int) -> Rect:
    """The cover's box at ``t_ms``: its layout's, the new one's from each cut's frame at ``fps``
    (``cover_stage.cut_s``), another size where the scene is of another level (``cover_stage.scene_sizes``)."""
    before = cover.layout.cover
    for start_ms, layout in cover.changes:
        if t_ms < 1000 * cut_s(start_ms, fps):
            break
        before = layout.cover
    return before


def _layer(
    graph: Graph,
    still: str,
    cover: CoverVideo,
    canvas: Canvas,
    under: str,
    motion: tuple[str, tuple[str, str]],
    scale: float,
    enable: str,
    *,
    clear: bool,
) -> str:
    """The cover at ``scale`` times its box, centred on it (moved by ``motion``'s drift, expressions of ``t``, and
    faded by its fade), laid on ``under`` (in the frames ``enable`` is true in, or all): opaque in the ring (unless ``clear``: it fades out over the background, for an end card); on a
    soft shadow elsewhere, which a pulse lightens into a glow of the cover's own colours, its box three times as
    wide at the pulse's height (``_halo``). Returns the label of the result."""
    box, (fade, (dx, dy)) = cover.layout.cover, motion
    w, h = even(box.width * scale), even(box.height * scale)
    x, y = box.x - (w - box.width) // 2, box.y - (h - box.height) // 2
    when = f":enable='{enable}'" if enable else ""
    repeat = f"loop=loop={canvas.frames}:size=1,trim=end_frame={canvas.frames},settb=expr=1/{canvas.fps},setpts=N"
    layer, out = graph.label("cvl"), graph.label("cvo")
    glow = (scale - 1) / pulse_of(
        cover.layout.design, canvas.width, canvas.height
    )  # 0 at rest, 1 at the pulse's height
    if cover.layout.design == "ring":  # opaque, also in a pulse: a glow there cost 10 % more CPU at 1080p
        pixels, faded = ("yuva420p", fade) if clear else ("yuv420p", fade.replace(":alpha=1", ""))
        if has_alpha(cover.path):  # a logo or cut-out keeps its see-through parts over the backdrop, not black
            pixels = "yuva420p"
        graph.add(f"{still}scale={w}:{h}:flags=lanczos:{TO_TV},format={pixels},{repeat}{faded}{layer}")
        graph.add(f"{under}{layer}overlay=x='{x}+{dx}':y='{y}+{dy}':eof_action=pass{when}{out}")
        return out
    pad = max(2, even(SHADOW_SHARE * (1 + GLOW_SPREAD * glow) * max(box.width, box.height)))
    sharp, soft, shadow = graph.label("cvs"), graph.label("cvh"), graph.label("cvd")
    sw, sh = w + 2 * pad, h + 2 * pad
    graph.add(f"{still}scale={w}:{h}:flags=lanczos,format=rgba,split{sharp}{soft}")
    sharp = _padded(graph, sharp, (sw, sh), pad)
    graph.add(f"{_halo(graph, soft, (w, h), pad, glow)}{shadow}")
    graph.add(f"{shadow}{sharp}overlay=format=rgb,format=yuva420p,{repeat}{fade}{layer}")
    graph.add(f"{under}{layer}overlay=x='{x - pad}+{dx}':y='{y - pad}+{dy}':format=yuv420:eof_action=pass{when}{out}")
    return out


def _padded(graph: Graph, source: str, size: tuple[int, int], pad: int) -> str:
    out = graph.label("cvp")
    graph.add(f"{source}pad={size[0]}:{size[1]}:{pad}:{pad}:color=black@0{out}")
    return out


def _halo(graph: Graph, soft: str, size: tuple[int, int], pad: int, glow: float) -> str:
    """The chain (from the label ``soft``, the cover at ``size``) of what lies under the cover in a box ``pad``
    wider each side: at rest a soft dark shadow, a little lower; in a pulse the shadow fading (as ``glow``, 0..1,
    grows) under a glow of the cover's own colours,
    lightened, spread from a copy of the cover half a ``pad`` larger, blurred to soft light that fades out inside
    the box (a shadow's spread did not reach 10 px past the edge at 720p; a larger copy blurred as little read as a
    second frame, and one as large as the box left a hard edge where the box ends)."""
    w, h = size
    sw, sh = w + 2 * pad, h + 2 * pad
    small = f"scale={max(2, even(sw / 8))}:{max(2, even(sh / 8))}:flags=area,scale={sw}:{sh}:flags=bicubic"
    drop = pad // 3
    dark = (
        f"lutrgb=r=0:g=0:b=0:a=val*{SHADOW_ALPHA * (1 - glow):.2f},pad={sw}:{sh}:{pad}:{pad}:color=black@0,{small},"
        f"pad={sw}:{sh + drop}:0:{drop}:color=black@0,crop={sw}:{sh}:0:0"
    )
    if glow == 0:
        return f"{soft}{dark}"
    light = GLOW_LIGHT[0] + (GLOW_LIGHT[1] - GLOW_LIGHT[0]) * glow
    gw, gh = even(w + pad / 2), even(h + pad / 2)  # room round it for the blur to fade out in the box
    blurred = (
        f"scale={max(2, even(sw / GLOW_BLUR))}:{max(2, even(sh / GLOW_BLUR))}:flags=area,scale={sw}:{sh}:flags=bicubic"
    )
    shadow, lit, dim, glowing = (graph.label(prefix) for prefix in ("cvk", "cvg", "cvm", "cvb"))
    graph.add(f"{soft}split{shadow}{lit}")
    graph.add(f"{shadow}{dark}{dim}")
    graph.add(
        f"{lit}scale={gw}:{gh},lutrgb=r=val*{light:.2f}:g=val*{light:.2f}:b=val*{light:.2f}:"
        f"a=val*{GLOW_ALPHA * glow:.2f},pad={sw}:{sh}:{(sw - gw) // 2}:{(sh - gh) // 2}:color=black@0,{blurred}{glowing}"
    )
    return f"{dim}{glowing}overlay=format=rgb"


def _fade(draft: Draft) -> str:
    """The cover's fade, as an alpha fade (",fade=…"): out as the end card comes in, else with the last shot's fade
    to black; "" for neither."""
    card_ms = card_start_ms(draft)
    if card_ms is not None:
        return f",fade=t=out:st={seconds(card_ms)}:d={seconds(CARD_FADE_MS)}:alpha=1"
    lane = shots(draft)
    fade_ms = lane[-1].segment.meta.get("fade_out_ms") if lane else None
    if not isinstance(fade_ms, (int, float)) or fade_ms <= 0:
        return ""
    start_ms = draft.duration_ms - float(fade_ms)
    return f",fade=t=out:st={seconds(start_ms)}:d={seconds(float(fade_ms))}:alpha=1"


def is_cover_text(segment: Segment) -> bool:
    """Whether a text segment is the cover video's credit, set by the layout rather than at its style's place."""
    return segment.meta.get("layout") == "cover"


def lay_credit(graph: Graph, cover: CoverVideo, draft: Draft, canvas: Canvas, under: str) -> str:
    """The cover video's credit ("Title — Artist") set in the layout, the artist under the title, each at one size
    for the whole of a scene, cut to its new place with the cover (``cover_stage.cut_steps``). The title shrank to
    the artist's size 5-8 s into each scene, "it is big only for the first 2-5 s ... never settles into one place or
    size", 12 px caps on a phone (a blind reviewer of held-out 04, ab69f). Returns the label of the result
    (``under`` when the draft has no credit)."""
    found = _credits(draft)
    if not found:
        return under
    card_ms = card_start_ms(draft)
    if card_ms is not None:  # out as the end card comes in
        found = [
            replace(sg, duration_ms=max(1, min(sg.end_ms, card_ms + CARD_FADE_MS) - sg.start_ms)).with_meta(
                fade_out_ms=CARD_FADE_MS
            )
            for sg in found
        ]
    filters = []
    first, changes = cover.layout, cover.changes
    title_at = (
        cut_steps(first, changes, lambda lay: lay.title.x, canvas.fps),
        cut_steps(first, changes, lambda lay: lay.title.y, canvas.fps),
    )
    artist_at = (
        cut_steps(first, changes, lambda lay: lay.artist.x, canvas.fps),
        cut_steps(first, changes, lambda lay: lay.artist.y, canvas.fps),
    )
    handed = type_turns(first, changes, canvas.fps)  # out up to a cut that moves it and in after (``TYPE_TURN_S``)
    on_stage = windows_on(cover.staged, canvas.fps)
    beside = f"(1-{on_stage})" if cover.staged else "1"  # the type beside the cover off the stage only: its own on it
    beside, on_stage = (beside, on_stage) if handed == "1" else (f"{beside}*{handed}", f"{on_stage}*{handed}")
    for segment in found:  # one drawing each, cut to its new place with the cover (``cover_stage.cut_steps``)
        title, artist = credit_parts(segment.meta.get("text", ""))
        if title:  # as its tags give it, in every layout, at its size for the whole scene
            lines, size = title_lines(title, first.title, wrap=True)
            filters.append(line_filter(lines, size, first.title, segment, bold=True, moved=title_at, shown=beside))
        if artist:
            found_lines = title_lines(artist, first.artist, wrap=False, bold=ARTIST_BOLD)
            filters.append(
                line_filter(*found_lines, first.artist, segment, bold=ARTIST_BOLD, moved=artist_at, shown=beside)
            )
        stage = next((lay for at, lay in changes if at == cover.staged[0][0]), None) if cover.staged else None
        if stage is not None:
            filters += _stage_type(stage, (title, artist), segment, on_stage)
    out = graph.label("ct")
    graph.add(under + ",".join(filters) + out)
    return out


def _stage_type(stage: CoverLayout, credit: tuple[str, str], segment: Segment, shown: str) -> list[str]:
    """The title (two lines where one would be small) and the artist set small in the stage's place beside its
    cover (``cover_layout.stage_layout``), drawn while ``shown``."""
    title, artist = credit
    out = []
    if title:
        out.append(
            line_filter(*title_lines(title, stage.title, wrap=True), stage.title, segment, bold=True, shown=shown)
        )
    if artist:
        found = title_lines(artist, stage.artist, wrap=False, bold=ARTIST_BOLD)
        out.append(line_filter(*found, stage.artist, segment, bold=ARTIST_BOLD, shown=shown))
    return out
