"""The visualizer lane: ffmpeg's audio-to-video filters drawn at their own size, tinted and laid over the picture.

Each style draws at the size of its strip only (or smaller, and scaled up), so the per-frame cost scales with the
strip rather than the frame (the drawings: ``visualizer_draw``). A blurred dark copy under every style keeps a
white drawing visible on a light picture (a light copy, under a dark drawing); an automatic strip's bars lie on a
soft plate as strong as each shot's ground needs (``visualizer_plate``). Colour and position "auto" (or not said) are chosen from the pictures beneath (``visualizer_auto``). Where the
draft lists the song's sections, the drawing is stronger in the loudest and quieter in the calm ones (``sections``),
and an automatic strip is never at full strength over a subject: shot by shot it lies at another place or is drawn
light (``visualizer_light``); where it moves (at a cut), it fades out before the cut and in after it at the other
place, ``overlay``'s x and y switching between (expressions of ``t``, one graph; a chosen position keeps the fixed
corner it always had). Every place lies inside what a player or an app leaves clear (``safe_zone``), where the bars
over pictures float, growing both ways from a centre line. The bar designs draw a copy of the sound levelled
band by band (``visualizer_level``), so that the whole width moves on any music. In a cover video the layout of its
design places the drawing, in a colour from the cover (``cover_art``).
"""

from __future__ import annotations

from collections.abc import Sequence

from ...protocol import Draft, Segment, TrackType
from ...protocol.vocabulary import AUTO, CALM_DESIGN, Role
from .alone_scenes import alone_pieces, crossing_fades, levelled_span
from .contrast import luminance
from .cover_art import CoverVideo
from .cover_backdrop import VISUALIZER_CONTRAST, cover_color
from .cover_layout import STAGE_EFFECT
from .cover_phrases import staged_pieces
from .cover_scenes import scene_pieces
from .graph import Canvas, Graph, MediaMap, rgb, seconds
from .kick_hits import draft_hits_ms
from .outro_dim import bars_fade
from .ring_pulse import ring_pulse
from .sections import CALM, quiet_lift, sections_of, strength_chain, windows
from .strip_threads import small_layer
from .text import PlacedText, placed_texts
from .timeline import frame_at, shots
from .visualizer_auto import (
    CONTRAST,
    SQUARES,
    auto_color,
    auto_position,
    places_under,
    samples,
    section_samples,
    shot_grounds,
)
from .visualizer_clear import ShownText, barred, clear_course, shown_texts
from .visualizer_clear import region_of as region_of
from .visualizer_color import section_shades
from .visualizer_designs import DESIGN_DRAWINGS, at_rate, design_rate, designed
from .visualizer_draw import BAR_STYLES, Box, draw_chains, enlarge, shadow_chain
from .visualizer_follow import DEPTH_SHARE, LIFT_SHARE, before_the_outro, calm_tail, follow_lift
from .visualizer_level import leveller
from .visualizer_light import course, light_chain, light_ranges, on_mask
from .visualizer_placement import STRIPS as STRIPS
from .visualizer_placement import Placement as Placement
from .visualizer_placement import box_for, candidates
from .visualizer_plate import plate_chain, strengths
from .visualizer_soft import SOFT_STYLES, glow_chain, soft_shape
from .visualizer_steady import through_dissolves
from .visualizer_timing import closing_fade, enabled, hide_fades, move_fades, overlay_place
from .visualizer_turn import around_cover
from .visualizer_warm import pre_roll

DARK = 0.2  # a colour of at most this relative luminance gets a light halo rather than a dark shadow
SMOOTH_HZ = 160  # a smooth waveform shows the sound below this
# before the shot's cut and in after its end, rather than vanish and come back at the cut
CALM_CONTRAST = 5.0  # the calm design's line over pictures (its dark shadow under it does the rest)


def build_visualizer(
    graph: Graph,
    draft: Draft,
    media: MediaMap,
    canvas: Canvas,
    under: str,
    *,
    cover: CoverVideo | None = None,
    texts: Sequence[PlacedText] | None = None,
    staged: bool | None = None,
) -> str:
    """Overlay every visualizer segment of the draft on ``under`` (in a cover video, where its layout says; given
    ``staged``, only its pieces on the stage, ``cover_phrases.staged_pieces``, or only those off it), clear
    of the ``texts`` (``text.placed_texts``); return the label of the result. The automatic colour is the first segment's throughout: a song cut in two (a
    video made shorter) drew its second part in a colour of its own pictures (orange, then blue over a forest)."""
    shared: str | None = None
    last: tuple[int, Box] | None = None  # where the segment before ended, and its box there
    for track in draft.tracks_of(TrackType.VIDEO):
        if track.meta.get("role") != Role.VISUALIZER:
            continue
        planned: list[tuple[Segment, Placement, str]] = []
        pieces = [p for s in track.segments for p in (scene_pieces if cover else alone_pieces)(draft, s)]
        if cover is not None and cover.staged:
            pieces = staged_pieces(pieces, cover.staged, STAGE_EFFECT)
        for segment in pieces:
            if staged is not None and bool(segment.meta.get("staged")) != staged:
                continue
            src = segment.src or _music_src(draft)
            if src is None or src not in media or segment.duration_ms <= 0:
                continue
            after = last[1] if last is not None and last[0] == segment.start_ms else None
            shown = cover.at(segment.start_ms) if cover else None  # where the layout has turned to by then
            placement = placed(draft, segment, media, canvas, shown, shared, after=after, texts=texts)
            placement = around_cover(placement, cover, shown, canvas, segment)
            last = (segment.end_ms, placement.moves[-1][1] if placement.moves else placement.box)
            shared = shared or (
                str(placement.color) if placement.soft and segment.meta.get("color", AUTO) == AUTO else None
            )
            planned.append((segment, placement, src))
        for segment, placement, src in planned:
            first = len(graph.chains)
            under = _overlay(graph, draft, segment, src, media, canvas, under, placement, quiet_low=cover is not None)
            if small_layer(placement.box.width, placement.box.height, canvas.width, canvas.height):
                graph.one_thread_from(first)
    return under


def _music_src(draft: Draft) -> str | None:
    for track in draft.tracks_of(TrackType.AUDIO):
        if track.meta.get("role", Role.MUSIC) == Role.MUSIC:
            for segment in track.segments:
                if segment.src:
                    return segment.src
    return None


def placed(
    draft: Draft,
    segment: Segment,
    media: MediaMap,
    canvas: Canvas,
    cover: CoverVideo | None = None,
    shared: str | None = None,
    *,
    after: Box | None = None,
    texts: Sequence[PlacedText] | None = None,
) -> Placement:
    """Where a visualizer segment is drawn and in which colour: as its meta says, or, where it says ``"auto"`` or
        nothing, chosen from the pictures beneath it (``visualizer_auto``; ``shared``: the colour an earlier segment
        took, kept), its place shot by shot (``after``: where the segment just before it ended, where it stays unless
    moving pays; ``texts``: the draft's, as placed for the render, else placed here); in a cover video, where its layout puts it, in a colour from the
        cover (``cover_art``)."""
    meta = segment.meta
    effect = str(meta.get("effect", "spectrum"))
    position, color = meta.get("position", AUTO), meta.get("color", AUTO)
    if cover is not None and position == AUTO and (effect in SQUARES) == (cover.layout.effect in SQUARES):
        r = cover.layout.visualizer
        shown = cover_color(cover.path, VISUALIZER_CONTRAST) if color == AUTO else color
        box = Box(r.x, r.y, r.width, r.height)
        drawn = "spread" if cover.layout.design == "wave" and effect == "line" else None
        return Placement(box, shown, ring=cover.layout.ring, shadow=False, drawn=drawn, joined=True)
    own = designed(draft, effect, str(position), color, canvas, segment.start_ms)
    if own is not None:
        return own
    calm = meta.get("design") == CALM_DESIGN and effect == "line"  # the music's choice: a thin, low wave
    if AUTO not in (position, color):
        return Placement(box_for(effect, str(position), canvas, calm), color, smooth=calm, soft=True)
    shown = shown_texts(placed_texts(draft, canvas, media) if texts is None else texts, canvas)
    return _automatic(draft, segment, media, canvas, (calm, shared, after), shown)


def _automatic(
    draft: Draft,
    segment: Segment,
    media: MediaMap,
    canvas: Canvas,
    kind: tuple[bool, str | None, Box | None],
    shown: Sequence[ShownText],
) -> Placement:
    """A visualizer whose colour or place (or both) is "auto": its places section by section, off each shot's
    subject and clear of the texts, and its colour shot by shot (``visualizer_auto``, ``visualizer_clear``,
    ``visualizer_color``); ``kind``: whether it is the calm design, the colour an earlier segment took and where the
    segment just before it ended; ``shown``: the texts on screen."""
    calm, shared, after = kind
    effect = str(segment.meta.get("effect", "spectrum"))
    position, color = segment.meta.get("position", AUTO), segment.meta.get("color", AUTO)

    def box_of(name: str) -> Box:
        return box_for(effect, name, canvas, calm)

    names: tuple[str, ...] = candidates(effect, canvas)
    regions = {name: region_of(box_of(name), canvas) for name in names}
    starts = _section_starts(draft, segment, canvas) if position == AUTO else []
    parts = section_samples(shots(draft), media, canvas, starts) if starts else []
    found = [sample for part in parts for sample in part] if parts else samples(shots(draft), media, canvas)
    span = (frame_at(segment.start_ms, canvas.fps), frame_at(segment.end_ms, canvas.fps))
    lane = shots(draft)
    places = [str(position)]  # parts are sampled only for an automatic place
    heads: list[frozenset[str]] = []
    frames: list[str | None] = []
    light: list[bool] = []
    if position == AUTO:  # shot by shot, never at full strength over a subject (``visualizer_light``)
        preferred = auto_position(found, regions) if found else names[0]  # over the least saliency
        names = (preferred, *(name for name in names if name != preferred))
        seen = places_under(span[0], span[1] - span[0], lane, media, canvas, regions)
        heads, over_head, faces = (
            through_dissolves(found, span[0], lane, canvas) for found in (seen.subjects, seen.heads, seen.faces)
        )
        shut = barred(shown, names, box_of, span, canvas)
        cuts = [shot.start_frame - span[0] for shot in lane]
        begin = next((i for i, name in enumerate(names) if box_of(name) == after), None)
        firsts = [a - span[0] for a in starts]
        chosen, light, hide = course(heads, shut, cuts, names, firsts, canvas.fps, begin, faces, over_head)
        frames = [None if out else place for place, out in zip(chosen, hide, strict=True)]
        places = [chosen[max(0, a - span[0])] for a in starts] or chosen[:1]
    if color == AUTO and shared is not None:
        color = shared
    elif color == AUTO:
        under = [region_of(box_of(p), canvas) for p, part in zip(places, parts, strict=False) for _ in part]
        color = auto_color(found, under or [region_of(box_of(places[0]), canvas)], CALM_CONTRAST if calm else CONTRAST)
    if position != AUTO:  # a place the user chose is kept
        return Placement(box_of(places[0]), color, smooth=calm, soft=True)
    cuts = [shot.start_frame for shot in lane]
    clear = clear_course(frames, span[0], shown, names, box_of, cuts, canvas, heads)
    moves = tuple((frame, box_of(place)) for frame, place in clear.moves)
    box = box_of(clear.first)
    ratio = CALM_CONTRAST if calm else CONTRAST
    automatic = segment.meta.get("color", AUTO) == AUTO
    grounds = _grounds(draft, media, canvas, span, (box, moves))
    # lightened or darkened section by section where the ground of its shots needs it (``section_shades``)
    shades = section_shades(str(color), grounds, starts or [span[0]], span[1], ratio) if automatic else ()
    shades = shades if any(shade != color for _, shade in shades) else ()
    plate = strengths(grounds, span[0], str(color), shades)
    lit = light_ranges(light, span[0])
    return Placement(
        box, color, moves, smooth=calm, hidden=clear.hidden, shades=shades, soft=True, light=lit, plate=plate
    )


def _grounds(
    draft: Draft, media: MediaMap, canvas: Canvas, span: tuple[int, int], course: tuple[Box, Sequence[tuple[int, Box]]]
) -> list[tuple[int, float]]:
    """Each shot's first frame over ``span`` and the median luminance under the strip there, the strip at
    ``course``'s box and then at each of its moves (``visualizer_auto.shot_grounds``)."""
    box, moves = course

    def region_at(frame: int) -> tuple[float, float, float, float]:
        return region_of(next((b for f, b in reversed(moves) if f <= frame), box), canvas)

    return shot_grounds(shots(draft), media, canvas, span, region_at)


def _section_starts(draft: Draft, segment: Segment, canvas: Canvas) -> list[int]:
    """The first frame of each section of the draft that the visualizer segment overlaps; [] with one or none."""
    first, last = frame_at(segment.start_ms, canvas.fps), frame_at(segment.end_ms, canvas.fps)
    spans = [(frame_at(s.start_ms, canvas.fps), frame_at(s.end_ms, canvas.fps)) for s in sections_of(draft.meta)]
    starts = [max(a, first) for a, b in spans if b > first and a < last]
    return sorted(set(starts)) if len(starts) > 1 else []


def _overlay(
    graph: Graph,
    draft: Draft,
    segment: Segment,
    src: str,
    media: MediaMap,
    canvas: Canvas,
    under: str,
    placement: Placement,
    *,
    quiet_low: bool = False,
) -> str:
    """``segment`` drawn as ``placement`` says and laid on ``under``; the label of the result. ``quiet_low``: its
    sound lowered where the song plays quietly (a cover video's: ``visualizer_follow.DEPTH_SHARE``), else raised."""
    meta = segment.meta
    effect = str(meta.get("effect", "spectrum"))
    box, color = placement.box, placement.color
    opacity = meta.get("opacity", 0.9)
    opacity = float(opacity) if isinstance(opacity, (int, float)) else 0.9
    opacity = 1.0 if placement.smooth else opacity  # the calm line is thin: see-through, it read faintly
    # a later piece of a track alone's visualizer (``alone_pieces``) reads the song from its own in-point: from the one
    # copy of the song, every later piece's overlay waited on its first drawing, and the song's sound up to it was
    # held in memory for the mix and for every piece before it (peak 196 -> 358 MB over 240 s in six scenes)
    own = "levelled" in meta and segment.start_ms > 0
    drawn_effect = placement.drawn or ("smooth" if placement.smooth else effect)
    # over pictures every strip floats above the band a player or an app covers (``safe_zone``): its bars grow both
    # ways from a centre line (standing on an edge of their own, they read as a fence hovering over the picture)
    drawn_effect = "mirrored" if placement.soft and drawn_effect == "spectrum" else drawn_effect
    soft = placement.soft and drawn_effect in SOFT_STYLES
    rate = design_rate(placement, canvas.fps, soft=soft)
    read_s, lead_s, rolled = pre_roll(segment.in_ms or 0, rate)  # its first frame drawn warm (``warmed``)
    sound = f"[{graph.add_input('-ss', f'{read_s:.6f}', '-i', str(media[src][0]))}:a]" if own else ""
    sound = sound or graph.sound(media[src][0], (segment.in_ms or 0) - segment.start_ms)
    start, drawn, out = seconds(segment.start_ms), graph.label("viz"), graph.label("v")
    lit, shade, shadow, shaded = (graph.label(p) for p in ("vizl", "vizs", "vizd", "vizo"))
    audio = graph.label("viza")
    bars = effect in BAR_STYLES or drawn_effect in BAR_STYLES
    alone_design = placement.drawn in DESIGN_DRAWINGS
    level = leveller(media[src][0], *levelled_span(segment)) if bars else ""
    level += f",lowpass=f={SMOOTH_HZ},lowpass=f={SMOOTH_HZ},pan=mono|c0=c0+c1" if placement.smooth else ""
    # a design's calm sections raised section by section (``quiet_lift``), and the quiet passages outside them of
    # every drawing but a track alone's design (whose sections are its composition; it is, in the song's own quiet
    # outro) raised as the song's level falls (``visualizer_follow``): a quiet outro still moves it
    calm = windows(sections_of(draft.meta), CALM, segment.start_ms) if placement.drawn else ""
    level += quiet_lift(sections_of(draft.meta), segment.start_ms) if placement.drawn else ""
    drawn_span = (segment.in_ms or 0, segment.duration_ms)
    outro = before_the_outro(draft, segment) if alone_design else ""
    tail = calm_tail(draft, segment, media[src][0])  # a near-silent outro is drawn as it is: calm, not lifted
    if outro is not None:  # a track alone's design only in the song's quiet outro
        unlifted = "+".join(p for p in (calm, outro, tail) if p)
        share = DEPTH_SHARE if quiet_low else LIFT_SHARE
        level += follow_lift(media[src][0], levelled_span(segment), drawn_span, unlifted, share=share)
    graph.add(
        f"{sound}atrim=start={0 if own else f'{read_s:.6f}'}:duration={segment.duration_ms / 1000 + lead_s:.6f},"
        f"asetpts=PTS-STARTPTS,aresample=48000,aformat=channel_layouts=stereo{rolled}{level}{audio}"
    )
    # stronger in the loudest sections of the song, quieter in the calm ones (as drawn without sections); a track
    # alone's design's at its full light in every section: it is the scene (a calm opening's ring at half its light
    # was "a dim grey ring" to a blind reviewer)
    sections = [] if placement.drawn or placement.smooth else sections_of(draft.meta)
    drawn_opacity, by_section = strength_chain(sections, opacity, segment.start_ms)
    first = frame_at(segment.start_ms, canvas.fps)
    shades = tuple(((frame - first - 0.5) / canvas.fps, shade) for frame, shade in placement.shades)
    shape = soft_shape(graph, audio, drawn_effect, box, rate) if soft else None
    lighter = light_chain(placement.light, first, canvas.fps)
    # the soft bars' strength is turned on their grey masks (one plane each), not on the four of the drawing's
    turned = on_mask(by_section + "," + lighter) if soft else ""
    by_section, lit_after = ("", "") if soft else (by_section, lighter)
    pulse = ring_pulse(
        placement.beat_growth,
        canvas,
        segment.start_ms,
        segment.duration_ms,
        rate,
        placement.grows_from,
        draft_hits_ms(draft.meta) if max(placement.beat_growth) > 0 else (),  # on the kicks heard
    )
    drawing = draw_chains(
        graph,
        audio,
        drawn_effect,
        box,
        rate,
        color,
        drawn_opacity,
        placement.ring,
        shades,
        shape,
        placement.accent,
        turned=turned,
        joined=placement.joined,
        density=placement.density,
        since=segment.start_ms / 1000,
        pulse=pulse,
    )
    fade = lit_after + move_fades(placement, segment, canvas.fps) + hide_fades(placement, segment, canvas.fps)
    fade += closing_fade(draft, segment) + bars_fade(draft, media, segment)  # no flat line over near silence
    fade += crossing_fades(segment)
    place = f"{overlay_place(placement, canvas.fps)}:eof_action=pass:enable='{enabled(placement, segment, canvas.fps)}'"
    finished = f"{drawing}{by_section[1:] + ',' if by_section else ''}{fade}{enlarge(drawn_effect, box)}"
    # each drawing on two frames of the video (``design_rate``): a design's on an even one and the odd one after it;
    # a pulse shows it on every frame already (``ring_pulse``)
    hold = f"fps={canvas.fps}," + ("trim=start_frame=1," if first % 2 and placement.drawn else "")
    hold = hold if rate != canvas.fps and not pulse else ""
    if not placement.shadow:
        graph.add(f"{finished}{hold}setpts=PTS-STARTPTS+{start}/TB{drawn}")
        graph.add(f"{under}{drawn}overlay={place}{out}")
        return out
    graph.add(f"{finished}split{lit}{shade}")
    light = luminance(rgb(color)) <= DARK  # and each section's shade of it, for its own glow
    lights = at_rate(((max(0, f - first), luminance(rgb(s)) <= DARK) for f, s in placement.shades), rate, canvas.fps)
    # the glow (its alpha a steep function of the drawing's) made light as well, else it stays a dark outline; a
    # plate as strong as the ground needs (``visualizer_plate``) laid in its alpha, faded as the drawing is
    plate = (
        plate_chain(graph, box, rate, at_rate(placement.plate, rate, canvas.fps)) if soft and placement.plate else ""
    )
    shading = (
        glow_chain(graph, shade, box, rate, opacity, light, turned=on_mask(lighter), plate=plate, lights=lights)
        + (fade if plate else "")
        if soft
        else f"{shade}{shadow_chain(box, opacity, light)},{lighter}"
    )
    graph.add(f"{shading}{hold}setpts=PTS-STARTPTS+{start}/TB{shadow}")
    graph.add(f"{lit}{hold}setpts=PTS-STARTPTS+{start}/TB{drawn}")
    # the shadow and the drawing each laid on the picture: an overlay of the one on the other (yuva on yuva) gave
    # chroma that changed from run to run under a coloured drawing
    graph.add(f"{under}{shadow}overlay={place}{shaded}")
    graph.add(f"{shaded}{drawn}overlay={place}{out}")
    return out
