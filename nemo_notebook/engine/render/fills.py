"""How a picture or clip of another shape than the frame fills it.

A crop that keeps most of the source (``CROP_KEEPS`` of its area or more: a 4:3 photo in 16:9, a 2.35:1 clip in 16:9)
fills the frame around its subject (``framing.focus``). A source a crop would gut (a square cover in 16:9, a
portrait photo in 16:9, a landscape clip in 9:16), and a cover shown alone, sits whole instead, on a heavily blurred,
darkened and slightly desaturated copy of itself: the layout musicians post. Whole means whole on screen: the sharp
copy is sized to ``WHOLE_SHARE`` of the frame, inside the room a pan or zoom moves the view by (``MOTION_MARGIN``),
so the motion never cuts into it. The blur is made small (a sixteenth of the frame, Gaussian blur there, then scaled
up smoothly), which costs almost nothing per frame and leaves no blocks.
"""

from __future__ import annotations

from .graph import Graph, even

CROP_KEEPS = 0.6
WHOLE_SHARE = 0.84  # of the frame's width and height, at most: with the 12 % motion margin, never cut by a move
COVER_SHARE = 0.72  # a cover alone: room above it for its title and artist
TO_TV = "out_range=tv:out_color_matrix=bt709"
FILL_GRADE = "lutyuv=y=val*0.86,hue=s=0.85"  # darker and calmer than the picture on it


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


def picture_shows_whole(width: int | None, height: int | None, frame_w: int, frame_h: int, *, alone: bool) -> bool:
    """``shows_whole`` for a still picture, except that a landscape picture among others in a portrait frame is
    reframed: a vertical slice around its subject fills the frame, as an editor reframes for 9:16 (shown whole it was
    a card over a quarter of the height in three quarters of blur, "a lazy repost", a blind reviewer said)."""
    if not alone and frame_h > frame_w and (width or 0) > (height or 0):
        return False
    return shows_whole(width, height, frame_w, frame_h, alone=alone)


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
    graph: Graph, source: str, front_size: tuple[int, int], w: int, h: int, *, centre: tuple[float, float] | None
) -> str:
    sharp, soft, fill, front, out = (graph.label(p) for p in ("wfs", "wfb", "wff", "wft", "wfo"))
    sw, sh = max(2, even(w / 16)), max(2, even(h / 16))
    graph.add(f"{source},split{sharp}{soft}")
    graph.add(
        f"{soft}scale={w}:{h}:force_original_aspect_ratio=increase,crop={w}:{h},"
        f"scale={sw}:{sh}:flags=area,gblur=sigma=2.2,{FILL_GRADE},"
        f"scale={w}:{h}:flags=bicubic:{TO_TV},format=yuv420p{fill}"
    )
    fw, fh = front_size
    graph.add(f"{sharp}scale={fw}:{fh}:flags=lanczos:{TO_TV},format=yuv420p{front}")
    if centre is None:
        x, y = "(W-w)/2", "(H-h)/2"
    else:
        fx, fy = centre
        x = f"if(gt(w,W),clip(W/2-{fx:.3f}*w,W-w,0),(W-w)/2)"
        y = f"if(gt(h,H),clip(H/2-{fy:.3f}*h,H-h,0),(H-h)/2)"
    graph.add(f"{fill}{front}overlay=x='{x}':y='{y}':format=yuv420{out}")
    return out
