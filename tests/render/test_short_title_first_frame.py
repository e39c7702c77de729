"""A short's title is readable in its first frame: whole, in its place, as white as a second later (held-out 02's
blind reviewer: "put the title at frame 0"; a title with no fade in still started from nothing at its first frame,
its fade a millisecond long from there, and rose into its place from below)."""

from __future__ import annotations

from pathlib import Path

from nemo_notebook.engine.planning.opening import opening_title_at
from nemo_notebook.engine.planning.shorts import from_first_frame
from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.graph import Canvas
from nemo_notebook.engine.render.opening_title import opening_layout
from nemo_notebook.protocol import MediaInfo, MediaKind

from .drafts import draft, shot
from .synth import ffmpeg
from .test_cover_art import _rgb_frames
from .test_cover_type import _relative_luminance

BEAT_MS = round(60_000 / 156)
LENGTH_MS = 3000


def test_a_shorts_title_is_whole_in_its_first_frame(tmp_path: Path) -> None:
    pale = tmp_path / "pale.png"
    ffmpeg("-f", "lavfi", "-i", "color=c=0xe8dcc4:s=640x360", "-frames:v", "1", str(pale))
    media = {"p": (pale, MediaInfo("p", "pale.png", MediaKind.IMAGE, "png", 1, width=640, height=360))}
    beats = list(range(0, 30_000, BEAT_MS))
    lane = from_first_frame(opening_title_at("Night Drive", beats[::4], beats, 30_000))
    segment = lane.segments[0]
    text = {"s": segment.start_ms, "d": segment.duration_ms, "m": dict(segment.meta)}
    d = draft([shot("p", 0, LENGTH_MS)], LENGTH_MS, music=None, texts=[text])
    frames = _rgb_frames(render_draft(d, media, tmp_path / "t.mp4", size=(640, 360)).path)
    canvas = Canvas(width=640, height=360, fps=d.fps, frames=len(frames), duration_ms=LENGTH_MS, bpm=156.0)
    x, y, w, h = opening_layout(segment, canvas).box()
    white = _relative_luminance(frames) > 0.85  # the type (the picture's own luminance is 0.71)
    first, later = (int(white[i, y : y + h, x : x + w].sum()) for i in (0, d.fps))
    assert first > 50 and first >= 0.9 * later, (first, later)  # base: 0 in frame 0
