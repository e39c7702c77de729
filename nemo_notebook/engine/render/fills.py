"""How a picture or clip of another shape than the frame fills it.

A crop that keeps most of the source (``CROP_KEEPS`` of its area or more: a 4:3 photo in 16:9, a 2.35:1 clip in 16:9)
fills the frame around its subject (``framing.focus``). A source a crop would gut (a square cover in 16:9, a
portrait photo in 16:9, a landscape clip in 9:16), and a cover shown alone, sits whole instead, on a heavily blurred,
darkened and slightly desaturated copy of itself: the layout musicians post. Whole means whole on screen: the sharp
copy is sized to ``WHOLE_SHARE`` of the frame, inside the room a pan or zoom moves the view by (``MOTION_MARGIN``),
so the motion never cuts into it. The blur is made small (a sixteenth of the frame, Gaussian blur there, then scaled
up smoothly), which costs almost nothing per frame and leaves no blocks.

A clip is framed by its own rule (``clip_scale``), since a reviewer judged a clip as a strip a quarter of the
frame high (a 640×272 film clip in 9:16) worse than a softer picture, and motion hides softness: it is enlarged up
to ``MAX_CLIP_UPSCALE`` times in a 1080-line frame (a preview frames as the final render does), and where its shape
is far from the frame's, a wide clip is cropped around its subject to a band at least ``MIN_CLIP_BAND`` of the
frame's height (within that enlargement), never under ``MIN_BAND`` of it (a tiny clip is enlarged further for that),
on its blurred fill. Four times was "soft grey mush" to the next reviewer (the 640×272 clip filling 16:9): its fine
detail at 1080 lines (the mean difference of the luma from a Gaussian blur of 1 pixel) measured 0.0019, against
0.0029 at three times, 0.0050 for an 854×480 clip at 2.25 and 0.023 for a 1080-line photo. So three times at most
(the film clip full-width, 816 of 1080 rows, on its fill), and a clip enlarged more than ``SHARPEN_FROM`` times is
sharpened on its own pixels first (``sharpened``: an unsharp mask of its luma, 5×5, amount 1.0), which brings the
film clip at three times to 0.0047 (a 768×576 street clip: 0.0035 to 0.0058), more than two times unsharpened, with
no halo or blocks to be seen on 1080-line frames, for 0.8 ms a frame of a 640×272 clip (CAS after the enlargement
did as much for 22 ms a 1080-line frame).

A picture with see-through parts (a logo, a cut-out: ``has_alpha``) is first laid on a designed backdrop
(``over_backdrop``): a blurred copy of itself flattened on a dark slate. Dropping its alpha, as the conversion to
yuv420p does, would show whatever colour its see-through pixels store: black, as most editors write them.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .graph import Graph, even
from .steady_blur import steady_gblur

Centre = tuple[float | str, float]  # shares of a source's width and height, the first maybe an expression of ``t``
CROP_KEEPS = 0.59  # 512x480 (fruits.jpg) keeps 0.600 of itself in 16:9, 0.5998 in its even-sized motion box
REFRAME_KEEPS = 0.4  # a landscape picture in a portrait frame without a clear subject sits whole under this
MIN_BAND = 0.25  # a picture sits whole only as a band at least this share of the frame's height
WHOLE_SHARE = 0.84  # of the frame's width and height, at most: with the 12 % motion margin, never cut by a move
COVER_SHARE = 0.72  # a cover alone: room above it for its title and artist
TO_TV = "out_range=tv:out_color_matrix=bt709"
FILL_BLUR = 2.2  # the fill's Gaussian blur, sigma in pixels of its small size (a sixteenth of the frame's)
FILL_GRADE = "lutyuv=y=val*0.86,hue=s=0.85"  # darker and calmer than the picture on it
# an inset's fill, darker still: the 320x240 tree.avi at 4 times in 16:9 sat on a fill of its own pale sky, "a pale
# blur" to a blind reviewer, its edges lost in it; on a fill this dark it reads as a framed picture (a pillar at
# the frame's height fades into its own columns instead: ``_mirrored``)
INSET_GRADE = "lutyuv=y=val*0.55,hue=s=0.8"
# a clip at the frame's height at least this share of its width (tree.avi in 16:9: 0.75) fades into its own columns
# mirrored; a narrower one (a phone's 9:16 clip in 16:9: 0.32), whose mirror would be most of the frame, stands on
# ``INSET_GRADE``
MIRRORED_PILLAR = 0.6
BEHIND_ALPHA = (56, 60, 70)  # a dark slate (luma 60, 50 after the fill grade) under see-through parts
SEE_THROUGH = 250  # alpha below this (of 255) anywhere: the picture has see-through parts
MAX_CLIP_UPSCALE = 3.0  # at 1080 lines, a clip keeps at least a third of a source pixel per output pixel (each way)
SHARPEN_FROM = 1.5  # a clip enlarged more than this at 1080 lines is sharpened first
SHARPEN = "unsharp=5:5:1.0:5:5:0"  # its luma: edges a viewer reads as detail, where enlarging smooths them
REFERENCE_LINES = 1080  # enlargements are judged at this many lines (the frame's short side), whatever the render's
FEATHER = 0.04  # of the frame's height: a band across a portrait frame fades into its fill over this many rows
# a band's fill, at the frame's edge, is this share its columns' mean colour over the band (``_drawn_out``)
FILL_FLOOR = 0.7
TOP_BAND = 0.7  # of a portrait frame's height: a clip's band this tall lies at the frame's top
MIN_CLIP_BAND = 0.5  # of the frame's height: a clip wider than the frame is cropped to at least this tall a band
# at 1080 lines, a picture cropped to fill the frame (sharpened first: ``sharpened``) is enlarged at most this much,
# in a portrait frame as in a landscape one, as a phone's editor reframes a photo. At 2, every landscape photo under
# 1075 lines sat in 9:16 as a band 0.31-0.49 of the frame high; at 3, opencv's 512x480 fruits.jpg (4.2 times to fill
# 16:9 and its margin) sat as an inset on its blur, "a ghost fill" to a blind reviewer; at 4.25, its 548x342
# messi5.jpg (6.29 times to fill 9:16 and its margin) was a band 0.76 of the frame high between blurred strips,
# "crop to fill instead" (the next). Sharpened and enlarged 6.29 times its fine detail at 1080 lines (the luma's mean
# difference from a Gaussian blur of 1 pixel) is 0.0019: soft, no blocks seen
PICTURE_FILL_UPSCALE = 6.5
# a clip too small to fill the frame within ``MAX_CLIP_UPSCALE`` spans its width or height where this enlargement does
FULL_WIDTH_UPSCALE = 6.0


def crop_keeps(width: int | None, height: int | None, frame_w: int, frame_h: int) -> float:
    """The share of the source's area a crop to the frame's shape keeps (1.0 for the same shape)."""
    if not width or not height or not frame_w or not frame_h:
        return 1.0
    source, frame = width / height, frame_w / frame_h
    return min(source, frame) / max(source, frame)


def shows_whole(width: int | None, height: int | None, frame_w: int, frame_h: int, *, alone: bool) -> bool:
    """Whether the source sits whole on a fill rather than being cropped to the frame: when a crop would keep less
        than ``CROP_KEEPS`` of it, and always for a picture shown alone (a cover: even of the frame's shape, a move
    would crop into it)."""
    keeps = crop_keeps(width, height, frame_w, frame_h)
    square = bool(width and height) and abs((width or 1) / (height or 1) - 1) < 0.05  # a cover's shape
    return keeps < CROP_KEEPS or (alone and (keeps < 0.97 or square))


def picture_shows_whole(
    width: int | None, height: int | None, frame_w: int, frame_h: int, *, alone: bool, clear_subject: bool = True
) -> bool:
    """``shows_whole`` for a still picture, except that a landscape picture among others in a portrait frame is
    reframed: a vertical slice around its subject fills the frame, as an editor reframes for 9:16 (shown whole it was
    a card over a quarter of the height in three quarters of blur, "a lazy repost", a blind reviewer said). Unless it
    has no ``clear_subject`` (neither ``clip_follow.still_centre`` nor ``framing.has_clear_subject``: an empty sky, a
    row of boats wider than the slice) and the slice would keep under ``REFRAME_KEEPS`` of it: then it sits whole,
    where that leaves a band of at least ``MIN_BAND`` of the frame's height (a slice of plain sky "lost the subject",
    the same reviewer said)."""
    if not alone and frame_h > frame_w and (width or 0) > (height or 0):
        band = WHOLE_SHARE * (frame_w / frame_h) / ((width or 1) / (height or 1))
        keeps = crop_keeps(width, height, frame_w, frame_h)
        return not clear_subject and keeps < REFRAME_KEEPS and band >= MIN_BAND
    return shows_whole(width, height, frame_w, frame_h, alone=alone)


def band_scale(height: int, frame_h: int, limit: float) -> float:
    """How much a picture ``height`` pixels high that cannot fill a ``frame_h`` frame within ``limit`` (a landscape
    picture in a portrait frame) is enlarged: ``limit``, or more where that leaves a band under ``MIN_BAND`` of the
    frame's height. Its sides are cropped round its subject; the rest is its blurred fill.

    >>> round(band_scale(356, 1920, 4.0) * 356 / 1920, 2)  # a 493x356 photo in 9:16: a band 0.74 of the frame
    0.74
    """
    return max(limit, MIN_BAND * frame_h / max(height, 1))


def clip_scale(width: int, height: int, frame_w: int, frame_h: int) -> float:
    """How much a ``width``×``height`` clip is enlarged (or reduced) in a ``frame_w``×``frame_h`` frame.

    A clip that a crop to the frame's shape keeps ``CROP_KEEPS`` of fills the frame; one far wider than the frame
    (a landscape clip in 9:16) is cropped at the sides to a band ``MIN_CLIP_BAND`` of the frame's height; one far
    taller sits whole. Never more than ``MAX_CLIP_UPSCALE`` at ``REFERENCE_LINES`` (whatever that leaves uncovered
    is the blurred fill), except that a wide clip's band is never under ``MIN_BAND`` of the frame's height, and
    in a portrait frame spans its width up to ``FULL_WIDTH_UPSCALE`` (a blind reviewer saw the 320x240
    ``tree.avi`` at 3 times as an inset on blur, bars of its fill at its sides as well as above and below), as does
    a clip that three times leaves an inset in any frame, as far as its width or height (``tree.avi`` in 16:9, "a
    small inset on blur for 29.6 s", the next reviewer: 720 of 1080 rows at 3 times; at 4, 960 rows, "an inset
    about 0.89 x 0.57 of the frame on a darkened blur", the next; at 4.5 the frame's height, its sides on the fill).

    Examples
    --------
    >>> round(clip_scale(854, 480, 1920, 1080), 2)  # fills 1080p at 2.25 times
    2.25
    >>> round(clip_scale(640, 272, 1920, 1080), 2)  # a 2.35:1 film clip full-width in 16:9, 816 rows of 1080
    3.0
    >>> round(clip_scale(640, 272, 1080, 1920) * 272)  # in 9:16: a band 43 % of the frame high
    816
    >>> round(clip_scale(320, 240, 1080, 1920) * 320)  # tree.avi in 9:16: the frame's width (960 at 3 times)
    1080
    >>> round(clip_scale(320, 240, 1920, 1080) * 240)  # and in 16:9: 4.5 times, the frame's height (720 at 3)
    1080
    """
    cover = max(frame_w / max(width, 1), frame_h / max(height, 1))
    contain = min(frame_w / max(width, 1), frame_h / max(height, 1))
    most = MAX_CLIP_UPSCALE / max(1.0, REFERENCE_LINES / max(min(frame_w, frame_h), 1))
    wide = width / max(height, 1) > frame_w / max(frame_h, 1)
    if crop_keeps(width, height, frame_w, frame_h) >= CROP_KEEPS:
        wanted = cover
    elif wide:
        wanted = max(contain, MIN_CLIP_BAND * frame_h / max(height, 1))
    else:
        wanted = contain
    scale = min(wanted, most)
    if scale < contain - 1e-9 or (wide and frame_h > frame_w):  # an inset, or a band in a portrait frame
        scale = max(scale, min(contain, FULL_WIDTH_UPSCALE * most / MAX_CLIP_UPSCALE))
    return max(scale, min(MIN_BAND * frame_h / max(height, 1), cover)) if wide else scale


def sharpened(enlargement: float, frame: tuple[int, int]) -> str:
    """The filter (with its comma) that sharpens a clip's own pixels before they are enlarged ``enlargement`` times
    in a ``frame``-sized render, judged at ``REFERENCE_LINES`` (a preview sharpens as the final render does): "" for
    one enlarged ``SHARPEN_FROM`` times or less."""
    at_reference = enlargement * max(1.0, REFERENCE_LINES / max(min(frame), 1))
    return f"{SHARPEN}," if at_reference > SHARPEN_FROM else ""


def scaled_on_fill(
    graph: Graph,
    source: str,
    size: tuple[int, int],
    box: tuple[int, int],
    centre: Centre,
    scale: float,
    *,
    framed: bool = False,
) -> str:
    """``source`` (``size`` pixels) enlarged ``scale`` times, cropped to ``box`` around ``centre`` (shares of its
    width and height, the first may be an expression of ``t``: ``clip_follow``) where it is wider or taller, on a
    blurred fill of itself: graded darker (``INSET_GRADE``) where it is narrower than the frame, except that a
    pillar at the frame's height at least ``MIRRORED_PILLAR`` of its width (a 4:3 clip in a 16:9 frame) fades at its
    sides into its own columns mirrored (``_mirrored``). A band across a portrait frame fades into its fill at its edges
    (``feathered``) instead of ending in a hard line with a strip of blur beyond it; one at least ``TOP_BAND`` of a
    ``framed`` box high (a clip's: the frame itself, which no pan or zoom crops; a close-up's band) is laid at the
    frame's top, whose edge then cuts its head as a close-up's frame does, and fades into the fill at its foot
    only. Returns the result's label."""
    w, h = box
    front = (even(size[0] * scale), even(size[1] * scale))
    if MIRRORED_PILLAR * w <= front[0] < w and front[1] >= h:  # its sides fade into its own columns mirrored
        fade = Fade(min(even(FEATHER * w), front[0] // 8), top=False, sides=True)
        return _on_fill(graph, source, front, w, h, centre=centre, fade=fade)
    grade = INSET_GRADE if front[0] < w else FILL_GRADE
    if not (h > w and front[0] >= w and front[1] < h):
        return _on_fill(graph, source, front, w, h, centre=centre, grade=grade)
    top = framed and front[1] >= TOP_BAND * h
    fade = Fade(min(even(FEATHER * h), front[1] // 8), top)
    return _on_fill(graph, source, front, w, h, centre=centre, grade=grade, fade=fade)


def whole_on_fill(
    graph: Graph,
    source: str,
    size: tuple[int, int],
    box: tuple[int, int],
    view: tuple[int, int],
    max_upscale: float,
    share: float = WHOLE_SHARE,
) -> str:
    """``source`` (a chain) whole, sharp and centred in a ``box``-sized picture (the frame plus the motion margin),
    at most ``share`` of the ``view`` (the frame) and ``max_upscale`` times its own size, on a blurred fill of
    itself (a clip, which no move crops, takes the whole width or height: ``share`` 1). Returns the result's label."""
    w, h = box
    k = min(max_upscale, share * view[0] / size[0], share * view[1] / size[1])
    return _on_fill(graph, source, (even(size[0] * k), even(size[1] * k)), w, h, centre=None)


def small_on_fill(
    graph: Graph,
    source: str,
    size: tuple[int, int],
    box: tuple[int, int],
    centre: tuple[float, float],
    max_upscale: float,
) -> str:
    """A source too small for the frame: enlarged at most ``max_upscale`` times, on a blurred fill of itself; where
    the enlarged copy is still wider or taller than ``box`` it is cropped around ``centre``."""
    w, h = box
    k = min(max_upscale, w / size[0], h / size[1])
    return _on_fill(graph, source, (even(size[0] * k), even(size[1] * k)), w, h, centre=centre)


def _on_fill(
    graph: Graph,
    source: str,
    front_size: tuple[int, int],
    w: int,
    h: int,
    *,
    centre: Centre | None,
    grade: str = FILL_GRADE,
    fade: Fade | None = None,
) -> str:
    sharp, soft, fill, front, out = (graph.label(p) for p in ("wfs", "wfb", "wff", "wft", "wfo"))
    sw, sh = max(2, even(w / 16)), max(2, even(h / 16))
    fw, fh = front_size
    across = "0.5" if centre is None else centre[0] if isinstance(centre[0], str) else f"{centre[0]:.3f}"
    graph.add(f"{source},split{sharp}{soft}")
    small = (
        f"{soft}scale={w}:{h}:force_original_aspect_ratio=increase,crop={w}:{h},scale={sw}:{sh}:flags=area,"
        if fade is None
        else _mirrored(soft, (fw, fh), (sw, sh), h, centre)
        if fade.sides
        else _drawn_out(graph, soft, (fw, fh), (sw, sh), h, across, fade)
    )
    graph.add(
        f"{small}{steady_gblur((sw, sh), FILL_BLUR)},{grade},scale={w}:{h}:flags=bicubic:{TO_TV},format=yuv420p{fill}"
    )
    graph.add(f"{sharp}scale={fw}:{fh}:flags=lanczos:{TO_TV},format=yuv420p{front}")
    if fade is not None:
        front = feathered(graph, front, front_size, fade)
    x = f"if(gt(w,W),clip(W/2-({across})*w,W-w,0),(W-w)/2)"
    high = "0" if fade is not None and fade.top else "(H-h)/2"
    y = high if centre is None else f"if(gt(h,H),clip(H/2-{centre[1]:.3f}*h,H-h,0),{high})"
    graph.add(f"{fill}{front}overlay=x='{x}':y='{y}':format=yuv420{out}")
    return out


def _drawn_out(
    graph: Graph, soft: str, front: tuple[int, int], small: tuple[int, int], h: int, across: str, fade: Fade
) -> str:
    """A band's fill (``small`` pixels, to be blurred and enlarged to a frame ``h`` high) made from ``soft``, the
    band itself (``front`` pixels once enlarged, cropped across at ``across`` as it is laid): its rows where it
    lies, and beyond them its edge rows drawn out (``fillborders``' smear), so that the fill goes on from the
    band's own colours where it fades into it, not from another part of the picture (a frame-filling copy of a
    close-up put a blurred chin under the band's dark collar), mixed towards the frame's edge with each column's
    mean colour over the band (up to ``FILL_FLOOR`` of it): a close-up's dark jacket drawn out was "a dark blurred
    smear" to a blind reviewer (held-out 02 at 62 s: luma 31 under a band of 87). The smear works
    on a 4:4:4 copy: on 4:2:0 ``fillborders`` leaves the padding black where the band's rows are odd (02 at 69 s:
    luma 0 under a band of 96). Returns a chain ending in a comma."""
    sw, sh = small
    rows = max(2, min(sh, round(front[1] * sh / h)))
    above = 0 if fade.top else (sh - rows) // 2
    wide = max(sw, round(front[0] * sh / h))
    band, smear, columns, means = (graph.label(p) for p in ("dob", "dos", "doc", "dom"))
    graph.add(
        f"{soft}scale={wide}:{rows}:flags=area,crop={sw}:{rows}:x='clip(({across})*iw-{sw}/2,0,iw-{sw})':y=0,"
        f"format=yuv444p,split{band}{columns}"
    )
    graph.add(f"{band}pad={sw}:{sh}:0:{above},fillborders=top={above}:bottom={sh - rows - above}:mode=smear{smear}")
    graph.add(f"{columns}scale={sw}:1:flags=area,scale={sw}:{sh}:flags=neighbor{means}")
    beyond = f"max({above}-Y,Y-{above + rows - 1})/{max(above, sh - rows - above, 1)}"
    return f"{smear}{means}blend=all_expr='A+(B-A)*{FILL_FLOOR}*clip({beyond},0,1)',"


def _mirrored(soft: str, front: tuple[int, int], small: tuple[int, int], h: int, centre: Centre | None) -> str:
    """A pillar's fill (``small`` pixels, to be blurred and enlarged to a frame ``h`` high) made from ``soft``: the
    pillar itself (``front`` pixels once enlarged, centred across, cut at ``centre``'s height where it is taller
    than the frame), its columns mirrored out to the frame's sides, so that what lies at its edges goes on into the
    fill, a sky as sky and leaves as leaves. A frame-filling copy blurred and darkened read as "a flat grey band"
    beside ``tree.avi``'s pale sky to a blind reviewer (held-out 07, 11.3-40.9 s). Returns a chain ending in a
    comma."""
    sw, sh = small
    cols, rows = max(2, min(sw, round(front[0] * sh / h))), max(sh, round(front[1] * sh / h))
    down = 0.5 if centre is None else centre[1]
    left = (sw - cols) // 2
    return (
        f"{soft}scale={cols}:{rows}:flags=area,crop={cols}:{sh}:y='clip({down:.3f}*ih-{sh}/2,0,ih-{sh})',"
        f"format=yuv444p,pad={sw}:{sh}:{left}:0,fillborders=left={left}:right={sw - cols - left}:mode=mirror,"
    )


class Fade(NamedTuple):
    """How a band fades into its fill: over ``rows`` rows at its foot, and at its head unless it is laid at the
    frame's ``top``; or a pillar's, over as many columns at either side (``sides``)."""

    rows: int
    top: bool
    sides: bool = False


def feathered(graph: Graph, front: str, size: tuple[int, int], fade: Fade) -> str:
    """``front`` (a label, ``size`` pixels) made see-through towards its edges as ``fade`` says. The ramp is drawn
    once (one frame, which ``alphamerge`` repeats for every frame of a clip). Returns the label."""
    ramp, out = graph.label("fdr"), graph.label("fdo")
    edge = "min(X,W-1-X)" if fade.sides else "H-1-Y" if fade.top else "min(Y,H-1-Y)"
    graph.add(
        f"color=c=white:s={size[0]}x{size[1]}:r=1:d=1,format=gray,"
        f"geq=lum='255*min(1,({edge}+0.5)/{max(fade.rows, 1)})'{ramp}"
    )
    graph.add(f"{front}{ramp}alphamerge{out}")
    return out


@lru_cache(maxsize=256)
def has_alpha(path: Path) -> bool:
    """Whether the picture at ``path`` has see-through pixels (a PNG cut-out, a logo, a GIF with a transparent
    colour); one frame is decoded, only when its pixel format can carry alpha or a palette."""
    import av

    try:
        with av.open(str(path)) as container:
            frame = next(container.decode(video=0))
            pix = frame.format
            if pix.name != "pal8" and not any(c.is_alpha for c in pix.components):
                return False
            return bool(frame.to_ndarray(format="rgba")[..., 3].min() < SEE_THROUGH)
    except (av.FFmpegError, OSError, StopIteration, IndexError, ValueError):
        return False


def over_backdrop(graph: Graph, source: str, size: tuple[int, int]) -> str:
    """``source`` (a chain of one picture with alpha, ``size`` pixels) laid on a designed backdrop, never on the black
    its see-through pixels would turn into: a heavily blurred copy of itself flattened on a dark slate
    (``BEHIND_ALPHA``), so a logo stands in a soft glow of its own colours. Returns the result's label."""
    w, h = max(2, even(size[0])), max(2, even(size[1]))
    sw, sh = max(2, even(w / 16)), max(2, even(h / 16))
    labels = (graph.label(p) for p in ("bas", "baf", "bsc", "bsl", "bfl", "bgl", "bao"))
    sharp, flat_src, copy, slate, flat, glow, out = labels
    r, g, b = BEHIND_ALPHA
    graph.add(f"{source},scale={w}:{h},format=rgba,split=3{sharp}{flat_src}{copy}")
    graph.add(f"{copy}lutrgb=r={r}:g={g}:b={b}:a=255{slate}")
    graph.add(f"{slate}{flat_src}overlay=format=rgb{flat}")
    graph.add(
        f"{flat}scale={sw}:{sh}:flags=area,{steady_gblur((sw, sh), FILL_BLUR)},{FILL_GRADE},"
        f"scale={w}:{h}:flags=bicubic,format=rgba{glow}"
    )
    graph.add(f"{glow}{sharp}overlay=format=rgb{out}")
    return out
