"""The visuals lane as filter chains: pictures, clips and generated backgrounds, concatenated on the frame grid.

Every shot's chain emits exactly ``shot.frames`` frames with timestamps 0, 1, 2 … in a ``1/fps`` time base, and the
concatenated stream is stamped again by frame count, so a cut is where the frame count puts it and nowhere else.
(A shot that blends into its neighbour draws a few frames more, which are laid under its neighbour's: ``accents``.)

Pictures are decoded and scaled once (with a margin for motion), then shared with ``split`` (which passes references,
not copies) and repeated with the ``loop`` filter. DESIGN.md measured ``-loop 1`` inputs, which decode the picture
again for every frame, at 1.9× the cost. Pans are a moving ``crop`` (no pixel work at all, at odd pixels too: ``camera``); zooms are ``scale``
evaluated per frame and a ``crop`` at any pixel (``camera``). ffmpeg starts every shot's chain as soon as the picture
arrives, so each zoom shot holds a few frames until its turn. (Planning zooms only in long shots.) ``crop`` keeps the
frame size it was configured with while the scaled frames grow or shrink: an early version took its corner from that
stale size, drifted off centre and read past the frame's buffer (intermittent SIGSEGVs on 1080p renders); ``camera``
configures it on the largest frame and works the corner out from the frame number.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from ...protocol import MediaInfo, MediaKind, Segment
from ..errors import RenderError
from . import accents
from .camera import pan_chain, zoom_filter
from .clip_follow import band_follow, moments_ms, shot_follow, still_centre
from .clip_reads import clip_input, cut_frames
from .cover_backdrop import backdrop
from .figures import figures_of
from .fills import (
    COVER_SHARE,
    MIN_BAND,
    PICTURE_FILL_UPSCALE,
    WHOLE_SHARE,
    band_scale,
    clip_scale,
    crop_keeps,
    has_alpha,
    over_backdrop,
    picture_shows_whole,
    scaled_on_fill,
    sharpened,
    small_on_fill,
    whole_on_fill,
)
from .framing import MAX_UPSCALE, fill_scale, focus, grade, has_clear_subject, look
from .framings import (
    MIN_NEARER,
    band_framing,
    fill,
    framed,
    framing_key,
    motion_box,
    nearer_crop,
    parse_key,
    sharp_zoom,
    steady_pan,
)
from .generated import generated_background
from .graph import Canvas, Graph, MediaMap
from .hdr import tone_map
from .head_room import held_wider
from .originals import original_size, reference_canvas
from .pan_held import held_in_box
from .panorama import is_panorama, shot_crop, strip, swept_band
from .timeline import Shot, shot_fades

HEIF_FORMATS = frozenset({"heic", "heif", "avif"})  # stills in an ISO (mov) file, their frame a second long


def build_visuals(
    graph: Graph,
    shots: Sequence[Shot],
    media: MediaMap,
    canvas: Canvas,
    *,
    backdrop_of: str | None = None,
    shades: Sequence[tuple[str, str]] = (),
) -> tuple[str, list[tuple[int, Shot]]]:
    """Add the chains of every shot and their concatenation; the picture ``backdrop_of`` (a cover video's cover)
    as its background only, which ``cover_art`` lays the cover on, each shot of it given its section's scene and its
    drift by the filters of its index in ``shades`` (``cover_motion.section_shades``, applied to the one small still
    frame, which they enlarge, before it is repeated; ``cover_drift.drift_crops``, on the video's clock, after).

    Returns the label of the finished picture stream, and the inputs of clips with sound (index, shot) for the mix.
    """
    graph.grade_target = median_look(shots, media)
    joined = build_shots(graph, shots, range(len(shots)), media, canvas, backdrop_of=backdrop_of, shades=shades)
    out = graph.label("vcat")
    graph.add(f"{joined}{lane_filters(shots, canvas)}{out}")
    clips = [(graph.clip_inputs[i], shot) for i, shot in enumerate(shots) if i in graph.clip_inputs]
    return out, [(i, shot) for i, shot in clips if media[str(shot.segment.src)][1].has_audio]


def build_shots(
    graph: Graph,
    shots: Sequence[Shot],
    span: range,
    media: MediaMap,
    canvas: Canvas,
    *,
    backdrop_of: str | None = None,
    shades: Sequence[tuple[str, str]] = (),
) -> str:
    """Add the chains of the shots in ``span`` (their numbers in ``shots``, the whole lane) and their concatenation,
    stamped by frame count from 0, before the filters of the whole lane (``lane_filters``); returns its label.
    ``span`` must not begin inside a dissolve (``segments`` cuts the lane at hard cuts only)."""
    part = shots[span.start : span.stop]
    alone = len({s.segment.src for s in shots if _kind(s.segment, media) in (MediaKind.IMAGE, MediaKind.VIDEO)}) == 1
    pictures = _picture_bases(graph, part, media, canvas, backdrop_of, alone)
    found = accents.transitions(shots, canvas.fps)
    labels = []
    for index in span:
        label = graph.label("s")
        longer = accents.drawn(shots[index], index, found, canvas.fps)
        shade = shades[index] if backdrop_of and shots[index].segment.src == backdrop_of else None
        chain = _shot_chain(graph, longer, index, media, canvas, pictures, shade)
        graph.add(
            chain + shot_fades(longer, canvas.fps) + accents.finish(index, found, canvas.fps) + ",setsar=1" + label
        )
        labels.append(label)
    local = {i - span.start: t for i, t in found.items() if i in span}
    labels = accents.join(graph, labels, part, local, canvas)
    out = graph.label("cat")
    graph.add(f"{''.join(labels)}concat=n={len(labels)}:v=1:a=0,settb=expr=1/{canvas.fps},setpts=N{out}")
    return out


def piped_lane(graph: Graph, shots: Sequence[Shot], canvas: Canvas) -> str:
    """The lane read from ``pipe:0`` (raw yuv420p frames that ``segments`` draws), through ``lane_filters``; its
    label."""
    size = f"{canvas.width}x{canvas.height}"
    raw = ("-f", "rawvideo", "-pix_fmt", "yuv420p", "-video_size", size, "-framerate", str(canvas.fps))
    index = graph.add_input(*raw, "-i", "pipe:0")
    out = graph.label("vcat")
    # raw frames carry no colour facts: those the shots' frames had (limited range, BT.709), or the overlays and the
    # encoder's conversions read them otherwise (1-5 grey levels off a one-pass render)
    tagged = f"settb=expr=1/{canvas.fps},setpts=N,setsar=1,setparams=range=tv:colorspace=bt709"
    graph.add(f"[{index}:v]{tagged},{lane_filters(shots, canvas)}{out}")
    return out


def lane_filters(shots: Sequence[Shot], canvas: Canvas) -> str:
    """The filters the whole concatenated lane goes through (``accents.lane_chain``), as a chain ("null": none)."""
    return accents.lane_chain(shots, accents.transitions(shots, canvas.fps), canvas).lstrip(",") or "null"


def median_look(shots: Sequence[Shot], media: MediaMap) -> tuple[float, float] | None:
    """The median brightness and saturation of the lane's pictures and clips (at their first shot's in-point)."""
    looks = []
    for src in dict.fromkeys(str(s.segment.src) for s in shots if _kind(s.segment, media) is not None):
        shot = next(s for s in shots if s.segment.src == src)
        kind = media[src][1].kind
        if kind in (MediaKind.IMAGE, MediaKind.VIDEO) and (found := look(media[src][0], shot.in_ms)) is not None:
            looks.append(found)
    if len(looks) < 2:
        return None
    return sorted(v for v, _ in looks)[len(looks) // 2], sorted(s for _, s in looks)[len(looks) // 2]


def _graded(graph: Graph, path: Path, at_ms: int) -> str:
    """``eq,`` for a source's move towards the video's one look ("" when there is one source or nothing to do)."""
    target = graph.grade_target
    chain = grade(look(path, at_ms), target) if target else ""
    return f"{chain}," if chain else ""


def _kind(segment: Segment, media: MediaMap) -> MediaKind | None:
    if segment.src is None:
        return None
    if segment.src not in media:
        raise RenderError(f"the draft shows media {segment.src!r}, which this session does not have")
    return media[segment.src][1].kind


def _picture_bases(
    graph: Graph, shots: Sequence[Shot], media: MediaMap, canvas: Canvas, backdrop_of: str | None, alone: bool
) -> dict[tuple[str, str], list[str]]:
    """One decoded, scaled picture per source and framing (``framing_key``), split into as many references as shots
    show it (``alone``: the whole lane shows one picture or clip)."""
    uses = Counter(
        (str(s.segment.src), framing_key(s.segment))
        for s in shots
        if _kind(s.segment, media) in (MediaKind.IMAGE, MediaKind.AUDIO)
    )
    panned = {(str(s.segment.src), framing_key(s.segment)) for s in shots if _motion(s).startswith("pan_")}
    bases: dict[tuple[str, str], list[str]] = {}
    for src in sorted({src for src, _ in uses}):
        counts = {key: n for (s, key), n in uses.items() if s == src}
        pans = frozenset(key for s, key in panned if s == src)
        bases |= _picture_base(graph, src, counts, media, canvas, alone=alone, backdrop_of=backdrop_of, pans=pans)
    return bases


def _motion(shot: Shot) -> str:
    return str(shot.segment.meta.get("motion", "none"))


def _picture_base(
    graph: Graph,
    src: str,
    counts: dict[str, int],
    media: MediaMap,
    canvas: Canvas,
    *,
    alone: bool,
    backdrop_of: str | None,
    pans: frozenset[str] = frozenset(),
) -> dict[tuple[str, str], list[str]]:
    """The references to one picture for its shots, by framing (``counts``: how many shots show each; ``pans``:
    the framings a shot pans over)."""
    bw, bh = motion_box(canvas)
    path, info = media[src]
    # one frame to decode: a decoder thread per core would only hold memory (75 photos at 1080p: 2872 -> 2688 MB)
    index = graph.add_input("-threads", "1", "-i", str(path))
    # a HEIC or AVIF still's frame lasts a second (its track's 1 fps): ``fps`` gives it one frame's length, or the
    # encoder repeats it for a second and drops the shots after it (an MP3's cover, untimed, gets no frame from fps)
    one_frame = f",fps={canvas.fps},trim=end_frame=1" if info.format in HEIF_FORMATS else ""
    picture = f"[{index}:v]trim=end_frame=1{one_frame},{tone_map(path)}".rstrip(",")  # an HDR photo in SDR BT.709
    size = (info.width or 1, info.height or 1)  # the copy's (``sources.scaled_pictures``), for the filters
    own, judged = original_size(path, size), motion_box(reference_canvas(canvas))  # the picture's, for decisions
    # the most the copy is enlarged here for the picture to be enlarged ``MAX_UPSCALE`` times at 1080 lines
    upscale = MAX_UPSCALE * bw / judged[0] * own[0] / size[0]
    if info.kind == MediaKind.IMAGE and has_alpha(path):  # see-through parts turn black in yuv420p: a backdrop
        picture = over_backdrop(graph, picture, size)
    picture += f"{'' if picture.endswith(']') else ','}{_graded(graph, path, 0)}format=yuv420p"
    if is_panorama(info, canvas):  # panned across at the frame's height, each showing (``panorama``)
        return _shared(graph, strip(picture, bh), src, counts)
    # a landscape picture in a portrait frame is sliced where its subject's core fits the slice (``clip_follow``), or
    # its most salient patch is not much wider; but first on an upright figure (``figures``: a painted girl; laid
    # whole on its fill where that slice held less detail, she was "a small card in a sea of brown blur", a reviewer)
    tall, keeps = _reframed(info, alone, bw, bh), crop_keeps(*own, *judged)
    people = figures_of(path) if tall else ()
    across = (people[0].centre[0] if people else still_centre(path, keeps)) if tall else None
    clear = not tall or across is not None or has_clear_subject(path, keeps)
    whole = info.kind == MediaKind.IMAGE and picture_shows_whole(*own, *judged, alone=alone, clear_subject=clear)
    if src == backdrop_of:
        return _shared(graph, backdrop(graph, picture, (bw, bh), path), src, counts)
    if swept_band(whole, tall, own[1], reference_canvas(canvas).height):  # no clear subject: panned across
        graph.swept.add(src)
        return _shared(graph, strip(picture + f",{sharpened(judged[1] / own[1], judged)}".rstrip(","), bh), src, counts)
    enlarged, limit = fill_scale(*own, *judged), PICTURE_FILL_UPSCALE
    if info.kind == MediaKind.IMAGE and not whole:  # its own pixels sharpened before they are enlarged
        picture += f",{sharpened(min(enlarged, limit), judged)}".rstrip(",")
    if info.kind == MediaKind.IMAGE and enlarged > limit + 1e-6 and not whole:
        to_copy = bw / judged[0] * own[0] / size[0]  # an enlargement at 1080 lines, as one of the copy here
        most = band_scale(own[1], reference_canvas(canvas).height, limit)  # a tiny one: a quarter of the height
        if tall:  # a band cropped at its sides round its subject
            least = band_scale(own[1], reference_canvas(canvas).height, judged[0] / own[0])
            centre, scale = band_framing(path, own, judged, most, least)
            head = scaled_on_fill(graph, picture, size, (bw, bh), centre, scale * to_copy)
        else:
            head = small_on_fill(graph, picture, size, (bw, bh), focus(path), most * to_copy)
        return _shared(graph, head, src, counts)
    # a picture that sits whole shows its slices whole too, and its near views on the same fill (one layout)
    as_whole = {key: n for key, n in counts.items() if whole and _a_slice(key)}
    keys = sorted(key for key in counts if key not in as_whole) + (["whole"] if as_whole else [])
    branches = [graph.label("f") for _ in keys]
    graph.add(f"{picture},split={len(keys)}{''.join(branches)}" if len(keys) > 1 else f"{picture}{branches[0]}")
    out: dict[tuple[str, str], list[str]] = {}
    share, view = (COVER_SHARE if alone else WHOLE_SHARE), (canvas.width, canvas.height)
    upscale = max(upscale, MIN_BAND * view[1] / size[1]) if whole else upscale  # a tiny one: a quarter high
    for key, branch in zip(keys, branches, strict=True):
        if not whole:  # cropped to fill the frame: each framing its own crop of the one decoded picture
            out |= _shared(
                graph,
                f"{branch}{framed(key, path, info, (bw, bh), across, judged, panned=key in pans)},",
                src,
                {key: counts[key]},
            )
        elif key == "whole":
            head = whole_on_fill(graph, f"{branch}null", size, (bw, bh), view, upscale, share)
            out |= _shared(graph, head, src, as_whole)
        else:  # nearer, laid on its fill as the whole picture is
            crop, cropped = nearer_crop(key, path, info)
            head = whole_on_fill(graph, f"{branch}{crop}", cropped, (bw, bh), view, upscale, share)
            out |= _shared(graph, head, src, {key: counts[key]})
    return out


def _a_slice(key: str) -> bool:
    """Whether the framing ``key`` is the wide view or a slice of another part as near as it (``framings``): a
    picture that sits whole shows them whole too, so that it is not an inset in one part of a showing and a
    full-bleed slice in the next (planning's reframes cannot tell which pictures sit whole: that takes
    ``clip_follow.still_centre`` and ``framing.has_clear_subject``)."""
    return not key or parse_key(key)[1] < MIN_NEARER


def _shared(graph: Graph, head: str, src: str, counts: dict[str, int]) -> dict[tuple[str, str], list[str]]:
    """``head`` (a label, or a chain ending in a comma) split into a reference for every shot, whatever its
    framing (a picture shown on a fill of itself has one framing)."""
    copies = [graph.label("p") for _ in range(sum(counts.values()))]
    graph.add(f"{head}split={len(copies)}{''.join(copies)}")
    out, taken = {}, 0
    for key, n in counts.items():
        out[src, key], taken = copies[taken : taken + n], taken + n
    return out


def _reframed(info: MediaInfo, alone: bool, frame_w: int, frame_h: int) -> bool:
    """Whether a landscape picture among others is reframed to a portrait frame (``picture_shows_whole``), which
    asks whether it has a clear subject."""
    return info.kind == MediaKind.IMAGE and not alone and frame_h > frame_w and (info.width or 0) > (info.height or 0)


def _shot_chain(
    graph: Graph,
    shot: Shot,
    index: int,
    media: MediaMap,
    canvas: Canvas,
    pictures: dict[tuple[str, str], list[str]],
    shade: tuple[str, str] | None = None,
) -> str:
    kind = _kind(shot.segment, media)
    grid = f"settb=expr=1/{canvas.fps},setpts=N"
    if kind is None:
        return generated_background(graph, shot, index, canvas) + "," + grid
    if kind == MediaKind.VIDEO:
        chain, graph.clip_inputs[index] = _clip(graph, shot, media, canvas)
        return chain + "," + grid
    src = shot.segment.src
    assert src is not None
    motion = steady_pan(_motion(shot), media[src][0])
    picture = pictures[src, framing_key(shot.segment)].pop()
    if shade:  # a cover's background: its section's scene, repeated, drifting on the video's clock (``cover_drift``)
        repeated = f"loop=loop={shot.frames - 1}:size=1:start=0,settb=expr=1/{canvas.fps},setpts=N+{shot.start_frame}"
        return f"{picture}{shade[0]},{repeated},{shade[1]},{grid}"
    swept = is_panorama(media[src][1], canvas) or src in graph.swept
    flip = ",hflip" if shot.segment.meta.get("mirror") is True else ""  # a return shown mirrored: looks_apart
    if motion in ("zoom_in", "zoom_out") and not swept:
        return picture + zoom_filter(motion, shot, canvas) + flip  # repeats the picture itself
    held = held_in_box(shot, media, canvas) if motion.startswith("pan_") and not swept else None
    crop = shot_crop(motion, shot, canvas, media[src][1], motion_box(canvas)[1], swept=swept, held=held)
    before, after = pan_chain(motion, shot, canvas, held) if motion.startswith("pan_") and not swept else ("", "")
    return f"{picture}{before}loop=loop={shot.frames - 1}:size=1:start=0,{grid}," + crop + after + flip


def _clip(graph: Graph, shot: Shot, media: MediaMap, canvas: Canvas) -> tuple[str, int]:
    """A video trimmed at its in-point, at the canvas rate and size, held on its last frame if it runs out (an
    animated GIF loops instead)."""
    path, info = media[str(shot.segment.src)]
    w, h = canvas.width, canvas.height
    index, chain, size, (seen, at_ms) = clip_input(graph, shot, path, info, canvas)
    # the enlargement allowed is the clip's own pixels', not its copy's (a preview's copy is already smaller)
    detail = max(1.0, (info.height or 0) / max(size[1], 1))
    scale = clip_scale(round(size[0] * detail), round(size[1] * detail), w, h) * detail
    _, zoom = parse_key(framing_key(shot.segment))
    reference = reference_canvas(canvas)  # how near a close view may go: judged on the clip's own pixels
    zoom = sharp_zoom(zoom, (info.width or 1, info.height or 1), (reference.width, reference.height))
    banded = scale < fill_scale(*size, w, h) - 1e-6
    cuts = cut_frames(shot, info, canvas, graph.copies.get(str(shot.segment.src)))  # where its frames show its cuts
    followed = shot_follow(shot, path, info, canvas, zoom, cuts) if banded else None
    sharp = sharpened((scale if banded and followed is None else fill_scale(*size, w, h) * zoom) / detail, (w, h))
    source = f"{chain}{sharp}{_graded(graph, seen, at_ms)}"
    source += "format=yuv420p"
    if followed is not None:  # cropped to fill the frame on its subject, which the crop follows (close-ups too)
        head = f"{source},{fill(w, h, focus(seen, at_ms), zoom, followed.x_share())},"
    elif banded:  # a label, to which the next filter is appended
        band = band_follow(shot, path, canvas, size, scale, cuts)  # its band, cropped at the sides, follows it too
        fx, fy = focus(seen, at_ms)
        head = scaled_on_fill(
            graph, source, size, (w, h), (fx if band is None else band.x_share(), fy), scale, framed=True
        )
    else:  # a chain, continued after a comma (nearer in a close framing, as far as its pixels allow)
        k, ahead = fill_scale(*size, w, h), moments_ms(shot.frames * 1000 // canvas.fps)
        fy, wider = held_wider(path, shot.in_ms, ahead, focus(seen, at_ms), h / (size[1] * k * max(zoom, 1.0)))
        zoom, wider = max(1.0, zoom / wider), max(1.0, wider / max(zoom, 1.0))  # less near first, then smaller
        centre = (focus(seen, at_ms)[0], fy)
        head = (
            f"{source},{fill(w, h, centre, zoom)},"
            if wider <= 1
            else scaled_on_fill(graph, source, size, (w, h), centre, k / wider, framed=True)
        )
    return head + ("hflip," if shot.segment.meta.get("mirror") is True else "") + _held(shot), index


def _held(shot: Shot) -> str:
    """A clip's chain's end: held on its last frame where it runs out, trimmed to the shot."""
    return f"tpad=stop=-1:stop_mode=clone,trim=end_frame={shot.frames}"
