"""How a picture or clip shot frames its source: the whole of it cropped to the frame around its subject (the wide
view), or nearer (``m.framing`` "close" or "detail" at ``m.zoom``: planning's reframes), as ``scale`` and ``crop``
filters on the one decoded picture, each framing its own crop of it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ...protocol import MediaInfo, Segment
from ...protocol.vocabulary import FRAMINGS, MOTION_MARGIN, nearest_zoom
from .faces import faces_of
from .figures import figures_of, uncut
from .fills import TO_TV
from .framing import Box, detail_focus, focus, held_extents, subject_extent
from .graph import Canvas, even
from .originals import original_size
from .props import held_with_props
from .timeline import Shot
from .view_detail import holds_detail

MAX_FRAMING_ZOOM = 3.0  # a close framing no nearer than this, whatever the draft says
MIN_NEARER = 1.2  # a detail nearer than the wide view by less than this is a slice of another part of the picture
NEARER_STEPS = (1.45, 1.3, MIN_NEARER)  # a refused nearer view tries these (``nearer_steps``)
FAR_SIDE = 0.2  # where that slice is centred (a share of the long side) when the picture has no second subject
SUBJECT_ROOM = 0.03  # a detail that keeps the picture's subject in view keeps this much (shares) round it
HELD_WIDER = 1.4  # a subject up to this many times as wide (or high) as the view is held on its middle


def framed(
    key: str,
    path: Path,
    info: MediaInfo,
    box: tuple[int, int],
    across: float | None = None,
    reference: tuple[int, int] | None = None,
    *,
    panned: bool = False,
) -> str:
    """The filters that scale and crop the picture to ``box`` in the framing ``key`` (``framing_key``): the wide one
    around its subject (centred ``across`` its width where that is given: ``clip_follow.still_centre``), a close one
    nearer (its pixels enlarged at most ``CLOSE_UPSCALE`` times) and centred on its subject's box where no shot of it
    pans (``on_subject``; ``panned``: one does), a detail on another subject, or (a slice of a
    picture much wider or taller than the frame, as near as the wide one) on another part of it; a detail or a slice
    not on the subject still holds the subject where it fits (``keeping``: a 9:16 slice of LadyBird.jpg's grass blade
    beside the ladybird, "the subject lost" to a blind reviewer, now holds the ladybird). A close view or a
    detail of a picture with an upright figure (``figures.figures_of``: a person beside a larger mass) is of the
    figure; and no view cuts a figure (``figures.uncut``: held whole with room over its head, or left out). The wide
    view of a picture without one holds what its subject is doing with (``props.held_with_props``: a ball at a
    player's foot) where the frame a still shot shows holds both (a pan's far ends may leave part of it out). A nearer
    view that would show a smear rather than detail (``view_detail.holds_detail``) is less near, or of another part
    of the picture (``_fallbacks``), and the wide one where none shows detail. Each choice is made on the picture's
    own size (``originals``) covering ``reference`` (``box`` at 1080 lines; ``box`` where not given), so that a
    preview frames as the final render does."""
    framing, zoom = parse_key(key)
    size = original_size(path, (info.width or 1, info.height or 1))
    judged = reference or box
    zoom = sharp_zoom(zoom, size, judged)
    found = focus(path) if across is None else (across, focus(path)[1])
    people = figures_of(path)
    extents = () if people else held_extents(path)
    views = frame_views(size, judged, 1.0)
    subject = holding(found, extents, views[0])
    if not people:  # with what the subject is doing with (a ball at his foot) where the still frame holds both
        frame = (views[1][0] / MOTION_MARGIN, views[1][1] / MOTION_MARGIN)
        subject = keeping(subject, held_with_props(path, frame), frame)
    wide = uncut(subject, views[0], people, views[1])
    if framing == "wide":
        return fill(*box, wide, 1.0)
    if people and zoom >= MIN_NEARER:
        centre = people[0].centre
    elif framing != "detail":
        view = frame_views(size, judged, zoom)[0]
        centre = holding(found, extents, view, wider=HELD_WIDER * zoom)
        centre = centre if panned else on_subject(centre, extents, view)
    else:
        centre = detail_focus(path, zoom)
        if centre == focus(path):  # no second subject: nearer on the first, or (as near as the wide view) the far side
            centre = subject if zoom >= MIN_NEARER else _far_side(subject, size, judged)
        if centre != subject:  # another part, or the second subject: the first still in view where it fits
            centre = keeping(centre, subject_extent(path), frame_views(size, judged, zoom)[0])
    alike = centre == (people[0].centre if people and zoom >= MIN_NEARER else subject)  # where a close view looks
    extent = None if people or framing != "detail" or zoom < MIN_NEARER else subject_extent(path)  # a slice: as was
    for aim, step in _fallbacks(framing, centre, subject, zoom, alike):
        views = frame_views(size, judged, step)
        whole = aim if extent is None or aim == subject else kept_whole(aim, extent, views)
        if whole is None:
            continue  # a view that would cut the subject (LadyBird.jpg's detail below it: its top cut off)
        held = uncut(whole, views[0], people, views[1])
        if holds_detail(path, judged, (held, step), (wide, 1.0)):
            return fill(*box, held, step)
    return fill(*box, wide, 1.0)


def keeping(
    centre: tuple[float, float], extent: tuple[float, float, float, float] | None, view: tuple[float, float]
) -> tuple[float, float]:
    """``centre`` of a ``view`` (its width and height, shares) moved as little as it takes for the view to hold
    ``extent`` (a box: left, top, right, bottom, shares) with ``SUBJECT_ROOM`` round it, or none where only so it
    fits; as it is where the box cannot fit. A detail on a picture's second subject, a cloud beside a small kite,
    showed 2 s of empty sky twice a minute (a blind reviewer: "the kite is cropped out")."""
    if extent is None:
        return centre
    for room in (SUBJECT_ROOM, 0.0):
        low, high = (extent[0] - room, extent[1] - room), (extent[2] + room, extent[3] + room)
        if all(high[a] - low[a] <= view[a] for a in (0, 1)):
            x, y = (min(max(centre[a], high[a] - view[a] / 2), low[a] + view[a] / 2) for a in (0, 1))
            return x, y
    return centre


def on_subject(centre: tuple[float, float], extents: Sequence[Box], view: tuple[float, float]) -> tuple[float, float]:
    """The middle of the first of ``extents`` (``framing.held_extents``) that a ``view`` (width and height, shares)
    holds with ``SUBJECT_ROOM`` round it, or else with none, kept on the picture; ``centre`` where none fits. A close view held its
    subject moved as little as it takes from the saliency's centroid: held-out 03's close view of Aqua.jpg (1.5) had
    the water crown on the frame's right edge over empty water, and pushing in took the frame's middle, beside it.
    Not for a view that a shot pans over (``framed``'s ``panned``): a pan's first and last frames lie off the view's
    middle (``camera.pan_way``), and held-out 01's tilt up a close view of LadyBird.jpg (1.5), centred on the middle
    of the ladybird and the stem below her, opened with her shell 9 % of the frame's height under its top edge.

    >>> on_subject((0.57, 0.48), [(0.47, 0.35, 0.83, 0.85)], (0.55, 0.55))
    (0.65, 0.6)
    >>> on_subject((0.5, 0.5), [(0.1, 0.1, 0.9, 0.9)], (0.55, 0.55))
    (0.5, 0.5)
    """
    for room in (SUBJECT_ROOM, 0.0):
        for box in extents:
            if all(box[a + 2] - box[a] + 2 * room <= view[a] for a in (0, 1)):
                x, y = (min(max((box[a] + box[a + 2]) / 2, view[a] / 2), 1 - view[a] / 2) for a in (0, 1))
                return round(x, 4), round(y, 4)
    return centre


def kept_whole(
    centre: tuple[float, float], extent: Box, views: tuple[tuple[float, float], ...]
) -> tuple[float, float] | None:
    """``centre`` of a nearer view (``views``: ``frame_views``) moved as little as it takes to hold the subject's box
    ``extent`` (shares) whole in every frame of a pan across or up and down the motion box (``keeping``), or as it
    is where no frame of the view shows any of it; None where the view can do neither: it would cut the subject.
    Held-out export 01's detail of LadyBird.jpg went to the blurred flowers below the ladybird (49.8-55.9 s) and its
    pan up showed her legs alone, then her shell cut by the frame's top edge."""
    every = (views[0][0], views[1][1] * (2 / MOTION_MARGIN - 1))  # what each frame shows, the pan either way
    kept = keeping(centre, extent, every)
    if _inside(extent, kept, every):
        return kept
    widest = views[1]
    clear = any(extent[a + 2] <= centre[a] - widest[a] / 2 or extent[a] >= centre[a] + widest[a] / 2 for a in (0, 1))
    return centre if clear else None


def _inside(extent: Box, centre: tuple[float, float], view: tuple[float, float]) -> bool:
    """Whether a ``view`` (width and height, shares) round ``centre``, kept on the picture, holds ``extent``."""
    low = [min(max(centre[a] - view[a] / 2, 0.0), max(1.0 - view[a], 0.0)) for a in (0, 1)]
    return all(low[a] - 1e-9 <= extent[a] and extent[a + 2] <= low[a] + view[a] + 1e-9 for a in (0, 1))


def holding(
    centre: tuple[float, float], extents: Sequence[Box], view: tuple[float, float], *, wider: float = HELD_WIDER
) -> tuple[float, float]:
    """``centre`` of a ``view`` (its width and height, shares) moved to hold the first of ``extents``
    (``framing.held_extents``: the subject with the patches as bright, the subject alone) that fits (``keeping``),
    else, along each side, the last (the subject) where it fits that way, or on its middle where it is at most
    ``wider`` times the view (a close view: as wide as the wide view's limit): a 9:16 slice centred on the brightest
    rim of a water crown 0.36 of the picture's width cut it in half (a blind reviewer), and a 16:9 view on a
    dandelion's seeds cut off the flower under them."""
    fitting = [box for box in extents if all(box[a + 2] - box[a] <= view[a] for a in (0, 1))]
    if fitting or not extents:
        return keeping(centre, fitting[0] if fitting else None, view)
    box = extents[-1]
    moved = list(centre)
    for a in (0, 1):
        low, high = box[a], box[a + 2]
        if high - low <= wider * view[a]:
            moved[a] = _along(centre[a], low, high, view[a])
    return moved[0], moved[1]


def _along(centre: float, low: float, high: float, size: float) -> float:
    """``centre`` of a view ``size`` long moved as little as it takes to hold ``low``..``high`` with
    ``SUBJECT_ROOM``, or none; the middle of them where they are longer than the view."""
    for room in (SUBJECT_ROOM, 0.0):
        if high - low + 2 * room <= size:
            return min(max(centre, high + room - size / 2), low - room + size / 2)
    return (low + high) / 2


def _fallbacks(
    framing: str, centre: tuple[float, float], subject: tuple[float, float], zoom: float, alike: bool
) -> list[tuple[tuple[float, float], float]]:
    """The views (centre, zoom) a nearer view tries in turn until one shows detail: a refused close view taken wide
    made planning's wide → close → wide three showings of one view, two cuts that change nothing (issue 29). A close
    view goes less near on its centre, then on the subject. A detail goes first to its own centre, then to another
    part of the picture (the far side down, across, or both: a sunset's boats under its soft clouds), each as near
    and then less near; one whose centre is where a close view looks (``alike``: the picture's figure or subject,
    when it has no second subject) tries the other parts first, as near and then less near, so a close view and a
    detail of one picture (a leaf at 1.5 and 1.55, cut one after the other) differ."""
    steps = nearer_steps(zoom)
    if framing != "detail":
        return [(aim, step) for aim in dict.fromkeys((centre, subject)) for step in steps]
    if zoom < MIN_NEARER:  # a slice of a picture much wider or taller than the frame
        return [(centre, zoom)]
    far = (FAR_SIDE if centre[0] >= 0.5 else 1 - FAR_SIDE, FAR_SIDE if centre[1] >= 0.5 else 1 - FAR_SIDE)
    elsewhere = [(centre[0], far[1]), (far[0], centre[1]), far]
    if alike:
        return [(aim, step) for step in steps for aim in elsewhere] + [(centre, step) for step in steps]
    return [(aim, step) for step in steps for aim in (centre, *elsewhere)]


def nearer_steps(zoom: float) -> tuple[float, ...]:
    """The nearnesses a view ``zoom`` times nearer than the wide one tries, nearest first, until one shows detail
    (``view_detail.holds_detail``; ``_fallbacks``): ``MIN_NEARER`` still reads as a new framing."""
    return (zoom, *(step for step in NEARER_STEPS if step < zoom - 0.05))


def wide_centre(path: Path, size: tuple[int, int], box: tuple[int, int]) -> tuple[float, float]:
    """The centre (shares of the picture's width and height) of the wide view of a ``size`` picture scaled to cover
    ``box`` (``framed``'s, where nothing else is said): round its subject, or in a frame taller than the landscape
    picture, across on its first upright figure; moved so that it cuts no figure (``figures.uncut``)."""
    people = figures_of(path)
    subject = focus(path)
    views = frame_views(size, box, 1.0)
    if people and box[1] > box[0] and size[0] > size[1]:  # the 9:16 slice of a landscape picture (``visuals``)
        subject = (people[0].centre[0], subject[1])
    elif not people:
        subject = holding(subject, held_extents(path), views[0])
    return uncut(subject, views[0], people, views[1])


def band_framing(
    path: Path, size: tuple[int, int], box: tuple[int, int], scale: float, least: float
) -> tuple[tuple[float, float], float]:
    """The centre (shares) and enlargement of a landscape picture of ``size`` laid as a band across a portrait frame
    (``box``: the frame and its motion margin), ``scale`` times its size at most and ``least`` at least: less where
    its subject (``framing.held_extents``'s last, with ``SUBJECT_ROOM`` round it) is wider than the part of the band
    every frame shows, so that the band holds it whole (a butterfly's wing was cut at 4 times), and centred to hold it
    (``holding``); on its upright figure, held whole (``wide_centre``), where it has one."""
    if figures_of(path):
        return wide_centre(path, size, box), scale
    shown, extents = box[0] * (2 / MOTION_MARGIN - 1), held_extents(path)
    if extents:
        wide = extents[-1][2] - extents[-1][0] + 2 * SUBJECT_ROOM
        scale = max(least, min(scale, shown / (wide * size[0])))
    return holding(focus(path), extents, (min(1.0, shown / (size[0] * scale)), 1.0)), scale


def frame_views(size: tuple[int, int], box: tuple[int, int], zoom: float) -> tuple[tuple[float, float], ...]:
    """The width and height (shares of a ``size`` picture's) that every frame of a shot shows of it, and that any
    frame shows, where it is scaled to cover ``box`` (the frame and its motion margin) ``zoom`` times nearer
    (``fill``): the middle of the box as high as the frame (a still shot, and where a push in ends) and as wide as
    the frame less the margin (a pan across moves the frame through all of it; a picture with a figure is not
    panned up or down: ``steady_pan``), and the whole box (where a pull out starts)."""
    k = max(box[0] * max(zoom, 1.0) / max(size[0], 1), box[1] * max(zoom, 1.0) / max(size[1], 1))
    widest = (box[0] / (size[0] * k), box[1] / (size[1] * k))
    return (widest[0] * (2 / MOTION_MARGIN - 1), widest[1] / MOTION_MARGIN), widest


def steady_pan(motion: str, path: Path) -> str:
    """``motion``, save that a pan up or down over a picture with a figure (``figures_of``) or a face (``faces_of``)
    pans across instead: the frame's views are placed to hold the figure whole (``frame_views``), and a pan down a
    calm shot's whole margin cut a painted girl at the waist. The figures found are small ones (at most 0.6 of the
    picture's height); a person filling the picture is found by the face: held-out 01's messi5.jpg (a footballer
    from his hair at 0.18 of the height to his boot and the ball at 0.98, a 720p frame showing 0.80 of it) tilted
    up in 1.5 s until the ball and a boot were cut at the frame's bottom (a blind reviewer, stop 70)."""
    if motion not in ("pan_up", "pan_down") or not (figures_of(path) or faces_of(path)):
        return motion
    return "pan_left" if motion == "pan_up" else "pan_right"


def nearer_crop(key: str, path: Path, info: MediaInfo) -> tuple[str, tuple[int, int]]:
    """The near framing ``key`` of a picture that sits whole on a fill of itself, as a crop of the picture (its
    shape kept) ``zoom`` times nearer around the framing's centre, and the size the crop leaves: laid whole on its
    fill like the wide view, the picture keeps one layout through its showing (a 9:16 inset, then a full-bleed
    close view, then the inset again read as two ways of showing one photo to a reviewer). Less near
    (``nearer_steps``) where the nearer view would show a smear rather than detail (``view_detail.holds_detail``),
    and the whole picture (``null``) where none shows detail."""
    framing, zoom = parse_key(key)
    width, height = info.width or 1, info.height or 1
    own = original_size(path, (width, height))  # the picture's, whatever copy of it the render reads
    fx, fy = detail_focus(path, zoom) if framing == "detail" else focus(path)
    steps = (z for z in nearer_steps(zoom) if holds_detail(path, own, ((fx, fy), z), (focus(path), 1.0)))
    zoom = next(steps, 0.0)
    if not zoom:
        return "null", (width, height)  # the whole picture: nearer, it would show a smear
    w, h = even(width / zoom), even(height / zoom)
    x, y = min(max(round(fx * width - w / 2), 0), width - w), min(max(round(fy * height - h / 2), 0), height - h)
    return f"crop={w}:{h}:{x}:{y}", (w, h)


def sharp_zoom(zoom: float, size: tuple[int, int], box: tuple[int, int]) -> float:
    """``zoom`` held to where a source of ``size`` filling ``box`` has its pixels enlarged at most
    ``CLOSE_UPSCALE`` times (``nearest_zoom``, the limit planning's reframes keep too)."""
    return min(zoom, nearest_zoom(*size, *box))


def _far_side(subject: tuple[float, float], size: tuple[int, int], box: tuple[int, int]) -> tuple[float, float]:
    """A centre across the picture (of ``size``) from ``subject`` along its long side (against the frame's shape):
    the slice a picture much wider (or taller) than the frame shows besides the one on its subject."""
    fx, fy = subject
    if size[0] * box[1] >= size[1] * box[0]:
        return (FAR_SIDE if fx >= 0.5 else 1 - FAR_SIDE), fy
    return fx, (FAR_SIDE if fy >= 0.5 else 1 - FAR_SIDE)


def framing_key(segment: Segment) -> str:
    """How a picture shot frames its picture, as a key: "" for the whole (wide) view, else "close@1.50" or
    "detail@1.90" (``m.framing`` at ``m.zoom``; a close view at a zoom of 1 or less, or none, is the wide view; a
    detail at 1 is another part of a picture much wider or taller than the frame)."""
    framing, zoom = segment.meta.get("framing"), segment.meta.get("zoom")
    if framing not in FRAMINGS or not isinstance(zoom, (int, float)) or isinstance(zoom, bool) or zoom < 1.0:
        return ""
    if framing == "close" and zoom <= 1.0:  # a close view as near as the wide one is the wide one
        return ""
    return f"{framing}@{min(float(zoom), MAX_FRAMING_ZOOM):.2f}"


def parse_key(key: str) -> tuple[str, float]:
    framing, _, zoom = key.partition("@")
    return (framing, float(zoom)) if zoom else ("wide", 1.0)


def framing_zooms(shots: Sequence[Shot]) -> dict[str, float]:
    """The nearest framing each picture or clip is shown in (``m.zoom``; those shown wide only are not named), for
    the copies made before the render to keep the pixels it needs."""
    out: dict[str, float] = {}
    for shot in shots:
        key = framing_key(shot.segment)
        if key and shot.segment.src is not None:
            out[shot.segment.src] = max(out.get(shot.segment.src, 1.0), parse_key(key)[1])
    return out


def fill(w: int, h: int, centre: tuple[float, float], zoom: float = 1.0, x_share: str | None = None) -> str:
    """Scale to cover ``w``×``h`` (``zoom`` times that, for a close view) and crop ``w``×``h`` there around
    ``centre`` (shares of the source's width and height): the subject stays in a frame of another aspect, where a
    centre crop would cut it. ``x_share``: the centre across as an expression of ``t`` instead (a crop that follows
    a clip's subject: ``clip_follow``)."""
    fx, fy = centre
    across = x_share or f"{fx:.3f}"
    zw, zh = (w, h) if zoom <= 1.0 else (even(w * zoom), even(h * zoom))
    return (
        f"scale={zw}:{zh}:force_original_aspect_ratio=increase:{TO_TV},format=yuv420p,"
        f"crop={w}:{h}:x='clip(({across})*iw-ow/2,0,iw-ow)':y='clip({fy:.3f}*ih-oh/2,0,ih-oh)'"
    )


def motion_box(canvas: Canvas) -> tuple[int, int]:
    """The size pictures are scaled to: the frame with the room a pan or zoom moves in (no shot shows more)."""
    return even(canvas.width * MOTION_MARGIN), even(canvas.height * MOTION_MARGIN)
