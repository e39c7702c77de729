"""Where a clip's shot reads its frames from (the clip's copy, ``sources.clip_copies``, or the clip itself), and how
its first frame is the one on screen at its in-point.

ffmpeg's input seek (``-ss``) drops every frame stamped before the time it seeks to, the frame still on screen at
that time included, so a shot read from its in-point began at a later frame (and the copy it reads, made the same
way, began late too): the first frames of 12 shots at 30 fps were stamped 4 to 55 ms after their in-points, 28 and
32 ms on average, in a constant- and a variable-rate clip. A shot is therefore read from a little before its
in-point (``CLIP_LEAD_MS`` in a clip, ``COPY_LEAD_MS`` in a copy, which is at the video's rate), and the ``fps``
filter, told where the in-point falls (``start_time``), starts at the frame nearest to it: -22 to +28 ms, -2 and -4
on average (``tests/render/test_clip_in_points.py``).

A clip's frame is shown from the shot's frame whose time its own time rounds to (once in the copy, at the canvas's
rate, once more in the shot's ``fps`` filter), up to a frame before or after its own time into the shot: a crop that
jumps at the clip's own cut jumps on the frame that first shows the new scene (``cut_frame_s``), not at the cut's
time, where the new scene may already be on screen.

Shots whose sound is not heard (a music video's) that run on through a copy share one read of it
(``Graph.shared_read``, split among them): the 3-minute clip video's 98 shots read their copy through 98 inputs,
each decoded from the keyframe before it, and now through 13 (its 9 segments each a graph of its own), its segments
17.1-17.4 CPU s against 21.0-21.6. Such a read starts on a frame of the copy (``_on_frame``), each of its shots on
the frame its own read would have begun on.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from ...protocol import MediaInfo
from .clip_time import LOOPED_FORMATS
from .graph import Canvas, ClipCopy, Graph, seconds
from .hdr import to_bt709
from .see_through import clip_has_alpha, decoder_args, on_slate
from .timeline import Shot

CLIP_SPARE_MS, COPY_SPARE_MS = 1000, 200  # read past a shot's end: from a clip (whose timing may be odd), a copy
CLIP_LEAD_MS = 1000  # a clip is read from this far before an in-point: a variable-rate clip's frame may last long
COPY_LEAD_MS = 100  # a copy this far: over a frame of the slowest rate a video has (15 fps, a preview's)
SQUARE = "scale='trunc(iw*sar/2)*2':ih,setsar=1,"  # non-square pixels (PAL DV, anamorphic) shown as they display


def clip_window(shot: Shot, info: MediaInfo, canvas: Canvas) -> tuple[int, int]:
    """Where in the clip a shot starts reading and for how long (ms): its in-point (inside the clip) and its length
    with a second to spare."""
    length_ms = info.duration_ms or 0
    in_ms = max(0, min(shot.in_ms, length_ms - 200)) if length_ms else shot.in_ms
    return in_ms, shot.frames * 1000 // canvas.fps + CLIP_SPARE_MS


def from_in_point(lead_ms: float, fps: int) -> str:
    """The filters that start a stream read from ``lead_ms`` before an in-point at the frame nearest to it, at
    ``fps``, stamped from 0.

    >>> from_in_point(100, 30)
    'fps=30:start_time=0.1,setpts=PTS-STARTPTS'
    """
    return f"fps={fps}:start_time={seconds(lead_ms)},setpts=PTS-STARTPTS"


def clip_input(
    graph: Graph, shot: Shot, path: Path, info: MediaInfo, canvas: Canvas
) -> tuple[int, str, tuple[int, int], tuple[Path, int]]:
    """The input a clip's shot reads (its copy, ``sources.clip_copies``, where there is one), the filters that start
    it at its in-point and bring it to the canvas's rate and what the copy already is, its frame size, and the file
    and time its look and subject are read at: the clip's own, whatever it reads (the copy is at the render's size
    and rate: ``frames``). How far before the in-point the input starts is kept in ``graph.leads`` (its sound is
    trimmed by as much: ``audio_mix``)."""
    in_ms, need_ms = clip_window(shot, info, canvas)
    copy = graph.copies.get(str(shot.segment.src))
    if copy is not None:  # upright, SDR, square pixels, at the canvas's rate and near its size; quick to seek
        at_ms = in_ms - copy.start_ms
        lead_ms = min(at_ms, COPY_LEAD_MS)
        length_ms = need_ms - CLIP_SPARE_MS + COPY_SPARE_MS + lead_ms
        if muted(shot):  # no sound read from it: a stretch of the copy read once for the shots in a row
            from_ms = _on_frame(at_ms - lead_ms, canvas.fps)  # from a frame of the copy: its frames a slot each
            index, pad, start_ms = graph.shared_read(str(copy.path), from_ms, length_ms + at_ms - lead_ms - from_ms)
            chain = from_in_point(_shared_lead_ms(at_ms, start_ms, canvas.fps), canvas.fps) + ","
            return index, pad + chain, (copy.width, copy.height), (path, in_ms)
        index = graph.add_input("-threads", "1", *_read(at_ms - lead_ms, length_ms), "-i", str(copy.path))
        graph.leads[index] = lead_ms
        return index, f"[{index}:v]{from_in_point(lead_ms, canvas.fps)},", (copy.width, copy.height), (path, in_ms)
    length_ms = info.duration_ms or 0
    # an animated picture (a GIF is a clip: ``intake.probe``) plays again from its start when the shot outlasts it
    looped = info.format in LOOPED_FORMATS and need_ms > length_ms - in_ms
    lead_ms = 0 if looped else min(in_ms, CLIP_LEAD_MS)
    loop = ("-stream_loop", "-1") if looped else ()
    index = graph.add_input(*loop, *decoder_args(path), *_read(in_ms - lead_ms, need_ms + lead_ms), "-i", str(path))
    graph.leads[index] = lead_ms
    prepared = f"{on_slate(graph) if clip_has_alpha(path, info) else ''}{to_bt709(path)}{SQUARE}"  # HDR to SDR first
    chain = f"[{index}:v]{from_in_point(lead_ms, canvas.fps)},{prepared}"
    return index, chain, (info.width or 1, info.height or 1), (path, in_ms)


def muted(shot: Shot) -> bool:
    """Whether the shot's own sound is silenced by its volume (a number, 0 or less: a music video's clips), so that
    no mix reads it (``heard``, ``audio_mix``); a copy read only by muted shots is made without its sound: the
    3-minute clip video's copy of Big Buck Bunny's minute held 68 MB of unread 5.1 float PCM beside 70 MB of
    picture, and decoding and writing that sound cost about 0.7 of the copy's 15 CPU s."""
    volume = shot.segment.meta.get("volume", 1.0)
    return isinstance(volume, (int, float)) and not isinstance(volume, bool) and volume <= 0


def _on_frame(ms: int, fps: int) -> int:
    """Where a read of a copy at ``fps`` (its frames stamped to the ms) starts so that its first frame is the one at
    or before ``ms``, stamped 1 ms after it: every frame then falls in a slot of its own of the ``fps`` filters that
    read it, not near the middle between two. Read from 150 ms at 30 fps, frames 43 and 44 fell 38.5 and 39.5 slots
    on, and the shot began on frame 43 where its own read began on 44.

    >>> _on_frame(150, 30), _on_frame(40, 30), _on_frame(10, 30)
    (132, 32, 0)
    """
    frame = math.floor(ms * fps / 1000 + 1e-9)
    return max(0, round(frame * 1000 / fps) - 1)


def _shared_lead_ms(at_ms: int, start_ms: int, fps: int) -> float:
    """Where in a shared read of a copy from ``start_ms`` (``_on_frame``) a shot from ``at_ms`` starts (ms): on the
    frame its own read (from ``COPY_LEAD_MS`` before it) starts on, each ``fps`` filter rounding its start and the
    frames to its slots from its read's start.

    >>> _shared_lead_ms(4000, 3899, 30), _shared_lead_ms(1483, 132, 30)
    (100.0, 1333.3333333333333)
    """
    lead_ms = min(at_ms, COPY_LEAD_MS)
    frame = _nearest((at_ms - lead_ms) * fps / 1000) + _nearest(lead_ms * fps / 1000)
    return (frame - _nearest((start_ms + 1) * fps / 1000)) * 1000 / fps


def _read(from_ms: int, length_ms: int) -> tuple[str, ...]:
    return ("-ss", seconds(from_ms), "-t", seconds(length_ms))


def cut_frames(shot: Shot, info: MediaInfo, canvas: Canvas, copy: ClipCopy | None) -> Callable[[float], float]:
    """``cut_frame_s`` of a cut at a time into ``shot`` (s, from its in-point), as ``clip_input`` reads it."""
    in_ms, _ = clip_window(shot, info, canvas)
    return lambda cut_s: cut_frame_s(shot.in_ms + cut_s * 1000, in_ms, canvas.fps, copy)


def cut_frame_s(cut_ms: float, in_ms: int, fps: int, copy: ClipCopy | None) -> float:
    """When a crop that changes at a clip's cut (``cut_ms``: the new scene's first frame's time in the clip) is
    changed in a shot read from ``in_ms`` in the clip (s into the shot): midway between its last frame that shows
    the old scene and its first that shows the new one, as ``clip_input`` reads them at ``fps`` (``copy``: the
    clip's copy, or None where the clip is read itself), each ``fps`` filter giving a slot the frame whose time
    rounds to it. A shot from 3.44 s in ``Megamind.avi`` at 15 fps shows the new scene of its cut at 6.465 s from
    its 45th frame (3.0 s into the shot), where a crop changed at the cut's own time (3.025 s) changes from the
    46th on (held-out export 02 at 46.7 s: the woman's face cut in half at the left edge for a frame).

    >>> round(cut_frame_s(6465, 3440, 15, ClipCopy(Path("m.mkv"), 0, 360, 640)) * 15, 2)
    44.5
    """
    period = 1000 / fps
    lead = min(in_ms - copy.start_ms, COPY_LEAD_MS) if copy is not None else min(in_ms, CLIP_LEAD_MS)
    at = cut_ms
    if copy is not None:  # the copy's slot that shows it, from its start
        at = copy.start_ms + _nearest((at - copy.start_ms) / period) * period
    first = _nearest((at - in_ms + lead) / period) - _nearest(lead / period)
    return (first - 0.5) / fps


def _nearest(slots: float) -> int:
    """``slots`` rounded as the ``fps`` filter rounds a time to its slot: to the nearest, a half away from 0."""
    return math.floor(slots + 0.5) if slots >= 0 else -math.floor(-slots + 0.5)
