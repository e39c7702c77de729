"""A lane of many pictures or clips drawn in time segments, so that memory stays bounded as the work grows.

ffmpeg opens every input when it starts and keeps, for each, its decoder and the buffer pool of every filter its
frames went through until the render ends: about 30 MB a picture at 1080p (3 minutes from 100 photos: 3.1 GB) and
over 10 MB a shot of a clip (the 3-minute clip video, 97 shots: 1.6 GB). A lane that opens more than ``SEGMENT_OVER`` inputs is therefore drawn by a sequence of
ffmpeg runs, one after the other, each opening only the inputs of its own shots (about ``SEGMENT_INPUTS``; a picture
shown in two segments is read by both). The lane is cut at hard cuts only, never inside a dissolve, flash or whip.
Each run writes its frames raw into a pipe, which the render's ffmpeg reads as its visuals lane: everything over the
whole video (the lane's flashes, whips and punch-ins, the grade, the visualizer, titles, captions, the end card and
the sound) stays in that one ffmpeg, so the video is the same frame for frame as from one pass, encoded once.
At 1080p the largest ffmpeg then holds about 520 MB (a segment of 12 pictures), the two running at once about 880 MB,
however many pictures or minutes (``python -m tests.benchmarks decode``).

A cover video, a loop, and a lane with a clip whose own sound is heard (the mix reads it from the shot's input) are
drawn in one pass.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from ...protocol import Draft, MediaKind
from ..errors import RenderError
from ..ffmpeg import ffmpeg_exe
from ..progress import forward_only
from . import accents
from .cover_art import cover_video
from .graph import Canvas, ClipCopy, Graph, MediaMap
from .picture_ending import with_ending
from .run import RenderCancelled, run_feeding, run_ffmpeg, thread_args
from .sources import heard
from .stall import RenderStalled
from .timeline import Shot, shots
from .visuals import build_shots, median_look

SEGMENT_OVER = 16  # a lane opening more inputs than this is drawn in segments
SEGMENT_INPUTS = 12  # a segment ends at the first hard cut after which it would open more inputs than this


def spans(draft: Draft, media: MediaMap, canvas: Canvas) -> list[range]:
    """The shots of ``draft``'s lane (numbers in ``timeline.shots`` of it as its end is drawn: ``picture_ending``) in
    segments, each beginning at a hard cut; [] where the lane is drawn in one pass (few inputs, a cover video, a clip
    heard)."""
    lane = shots(with_ending(draft))
    if cover_video(draft, media, canvas) is not None or any(_heard(shot, media) for shot in lane):
        return []
    inputs = [_inputs(i, shot, media) for i, shot in enumerate(lane)]
    if len(set().union(*inputs)) <= SEGMENT_OVER:
        return []
    found = accents.transitions(lane, canvas.fps)
    out: list[range] = []
    start, opened = 0, set[str]()
    for i, keys in enumerate(inputs):
        if i > start and i not in found and len(opened | keys) > SEGMENT_INPUTS:
            out.append(range(start, i))
            start, opened = i, set()
        opened |= keys
    out.append(range(start, len(lane)))
    return out if len(out) > 1 else []


def _inputs(index: int, shot: Shot, media: MediaMap) -> set[str]:
    """What the shot's chain opens: its picture (shared by every shot of it in a segment), or a clip's input of its
    own."""
    src = shot.segment.src
    if src is None or src not in media:
        return set()
    return {f"shot {index}"} if media[src][1].kind == MediaKind.VIDEO else {src}


def _heard(shot: Shot, media: MediaMap) -> bool:
    src = shot.segment.src
    return src is not None and src in media and media[src][1].kind == MediaKind.VIDEO and heard(shot, media[src][1])


def commands(
    draft: Draft,
    media: MediaMap,
    canvas: Canvas,
    parts: Sequence[range],
    copies: Mapping[str, ClipCopy],
    folder: Path,
    *,
    threads: int | None = None,
) -> list[list[str]]:
    """The ffmpeg command of each segment in ``parts`` (``spans``): its shots' frames, raw yuv420p, to ``pipe:1``;
    their graphs are written as scripts in ``folder``."""
    lane = shots(with_ending(draft))
    target = median_look(lane, media)
    out = []
    for number, span in enumerate(parts):
        graph = Graph(copies=copies, grade_target=target)
        label = build_shots(graph, lane, span, media, canvas)
        graph.add(f"{label}format=yuv420p[lane]")
        script = folder / f"segment-{number}.txt"
        script.write_text(graph.script(), encoding="utf-8")
        head = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "warning", "-nostats", *graph.input_args()]
        graph_args = [*thread_args(threads, graph=True), "-/filter_complex", str(script), "-map", "[lane]"]
        raw = ["-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "yuv420p"]
        out.append([*head, *graph_args, *raw, "pipe:1"])  # every frame once: no rate conversion
    return out


def run_piped(
    cmd: Sequence[str],
    feeds: Sequence[Sequence[str]],
    *,
    duration_ms: int,
    progress: Callable[[float], None] | None = None,
    cancel: threading.Event | None = None,
) -> None:
    """Run the render ``cmd``, which reads its lane from ``pipe:0``, while ``feeds`` write it there one by one; a
    render that stops making progress is stopped with its feeds and run once more (``run.run_ffmpeg``).

    Raises
    ------
    RenderCancelled, RenderError, RenderStalled
        As ``run.run_ffmpeg``, for the render or for the first segment that failed (the render's file, short of the
        frames that segment did not draw, is not kept).
    """
    forward = forward_only(progress)
    try:
        _piped_once(cmd, feeds, duration_ms, forward, cancel)
    except RenderStalled:
        _piped_once(cmd, feeds, duration_ms, forward, cancel)


def _piped_once(
    cmd: Sequence[str],
    feeds: Sequence[Sequence[str]],
    duration_ms: int,
    progress: Callable[[float], None],
    cancel: threading.Event | None,
) -> None:
    read_fd, write_fd = os.pipe()
    failed: list[RenderError] = []
    ended = _Stop(cancel)  # the feeds stop with the render: a cancel, an error, a stall

    def feed() -> None:
        try:
            for each in feeds:
                if ended.is_set():
                    break
                run_feeding(each, write_fd, cancel=ended)
        except RenderError as error:
            failed.append(error)
        finally:
            os.close(write_fd)

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    try:
        run_ffmpeg(cmd, duration_ms=duration_ms, progress=progress, cancel=cancel, stdin=read_fd)
    finally:
        ended.set()  # a segment still running is killed
        os.close(read_fd)
        feeder.join()
    if failed and not isinstance(failed[0], RenderCancelled):
        raise failed[0]


class _Stop(threading.Event):
    """Set when ``cancel`` is (watched on a thread) or by hand; held while ``cancel`` is held (``run._watch``)."""

    def __init__(self, cancel: threading.Event | None) -> None:
        super().__init__()
        self.held = getattr(cancel, "held", None)
        if cancel is not None:
            threading.Thread(target=self._follow, args=(cancel,), daemon=True).start()

    def _follow(self, cancel: threading.Event) -> None:
        while not self.is_set():
            if cancel.wait(0.1):
                self.set()
