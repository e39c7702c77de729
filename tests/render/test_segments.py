"""A lane of many pictures drawn in time segments (``segments``): each segment's ffmpeg opens only the pictures its
shots show, and the export is the same video as from one pass: frame count, cuts, and frames at the joins, under a
visualizer and a title that span the whole video."""

from __future__ import annotations

import dataclasses
import itertools
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nemo_notebook.engine.errors import RenderError
from nemo_notebook.engine.render import RenderCancelled, canvas_for, render_draft, segments
from nemo_notebook.engine.render.timeline import shots
from nemo_notebook.protocol import Draft, MediaInfo

from .conftest import Assets
from .drafts import draft, shot, title
from .synth import cut_frames, gray_frames, image_info, picture

SIZE = (320, 180)
SHOT_MS = 500
MOTIONS = ("none", "pan_left", "zoom_in", "pan_up", "none", "zoom_out")


@pytest.fixture(scope="module")
def many(assets: Assets, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, MediaInfo]]:
    """Eight pictures of distinct grey levels, small enough to be read as they are (``sources.ROOM``), and the
    session's click track."""
    folder = tmp_path_factory.mktemp("many")
    media = {"click": assets.media["click"]}
    for i in range(8):
        level = 0x20 + i * 0x1C
        path = picture(folder / f"grey{i}.jpg", f"#{level:02x}{level:02x}{level:02x}", "384x216")
        media[f"grey{i}"] = (path, dataclasses.replace(image_info(f"grey{i}", path), width=384, height=216))
    return media


def _draft() -> Draft:
    """16 shots of half a second over 8 pictures, a background, a dissolve; a visualizer and a title all along."""
    lane = []
    for i in range(16):
        src = None if i == 9 else f"grey{(i * 3) % 8}"
        meta: dict[str, Any] = {"motion": MOTIONS[i % len(MOTIONS)]} if src else {}
        if i == 5:
            meta.update(transition_in="dissolve", transition_ms=300)
        lane.append(shot(src, i * SHOT_MS, SHOT_MS, **meta))
    every = {"effect": "spectrum", "position": "bottom"}
    return draft(lane, 8000, visualizer=every, texts=[title("All the way", 0, 8000)])


@pytest.fixture
def feeds(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[list[str]]]:
    """The commands of the segments drawn, as they run; segments from 4 inputs, at most 3 a segment."""
    seen: list[list[str]] = []
    run = segments.run_feeding

    def recording(cmd: list[str], out_fd: int, **kwargs: Any) -> None:
        seen.append(list(cmd))
        run(cmd, out_fd, **kwargs)

    monkeypatch.setattr(segments, "run_feeding", recording)
    monkeypatch.setattr(segments, "SEGMENT_OVER", 4)
    monkeypatch.setattr(segments, "SEGMENT_INPUTS", 3)
    yield seen


def _inputs(cmd: list[str]) -> list[str]:
    return [cmd[i + 1] for i, arg in enumerate(cmd) if arg == "-i"]


def _stem(path: str) -> str:
    return Path(path).stem


def test_segments_begin_at_hard_cuts_and_few_inputs_stay_one_pass(
    many: dict[str, tuple[Path, MediaInfo]], monkeypatch: pytest.MonkeyPatch
) -> None:
    video = _draft()
    canvas = canvas_for(video, SIZE)
    assert segments.spans(video, many, canvas) == [], "8 pictures are under SEGMENT_OVER: one pass"
    monkeypatch.setattr(segments, "SEGMENT_OVER", 4)
    monkeypatch.setattr(segments, "SEGMENT_INPUTS", 3)
    parts = segments.spans(video, many, canvas)
    assert len(parts) > 2 and parts[0].start == 0 and parts[-1].stop == 16
    assert all(a.stop == b.start for a, b in itertools.pairwise(parts)), "every shot, once, in order"
    assert 5 not in [p.start for p in parts], "no segment begins at the dissolve"


def test_a_segmented_render_is_the_one_pass_render(
    many: dict[str, tuple[Path, MediaInfo]], feeds: list[list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    video = _draft()
    fifteen = video.with_meta(fps=15)  # a preview's rate
    parts = segments.spans(fifteen, many, canvas_for(fifteen, SIZE))
    mains: list[list[str]] = []
    run = segments.run_ffmpeg
    monkeypatch.setattr(segments, "run_ffmpeg", lambda cmd, **kw: (mains.append(list(cmd)), run(cmd, **kw))[1])
    cut = render_draft(video, many, tmp_path / "cut.mp4", size=SIZE, quality="preview", cache_dir=tmp_path / "c")
    assert len(feeds) == len(parts) > 2
    assert _inputs(mains[0])[0] == "pipe:0", "the render reads its lane from the segments"
    assert not [p for p in _inputs(mains[0]) if p.endswith(".jpg")], "the render itself opens no picture"
    for span, cmd in zip(parts, feeds, strict=True):
        shown = {f"grey{(i * 3) % 8}" for i in span if i != 9}
        assert {_stem(p) for p in _inputs(cmd)} == shown, "each segment opens the pictures of its shots, no other"
    monkeypatch.setattr(segments, "SEGMENT_OVER", 1000)
    one = render_draft(video, many, tmp_path / "one.mp4", size=SIZE, quality="preview", cache_dir=tmp_path / "c")
    assert len(feeds) == len(parts), "few inputs: no segments"
    a, b = gray_frames(cut.path), gray_frames(one.path)
    assert a.shape == b.shape == (120, 180, 320), "8 s at 15 fps, every frame"
    assert cut_frames(a, threshold=8) == cut_frames(b, threshold=8)
    joins = [shots(fifteen)[span.start].start_frame + d for span in parts[1:] for d in (-1, 0)]
    differences = np.abs(a - b).max(axis=(1, 2))
    assert differences[joins].max() <= 4, differences[joins]
    assert np.abs(a - b).mean(axis=(1, 2)).max() < 1.0


def test_a_cancelled_segmented_render_stops_and_keeps_no_file(
    many: dict[str, tuple[Path, MediaInfo]], feeds: list[list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cancel = threading.Event()
    run = segments.run_feeding

    def cancelling(cmd: list[str], out_fd: int, **kwargs: Any) -> None:
        if len(feeds) == 1:  # the first segment is drawn: cancel as the second starts
            cancel.set()
        run(cmd, out_fd, **kwargs)

    monkeypatch.setattr(segments, "run_feeding", cancelling)
    out = tmp_path / "out.mp4"
    with pytest.raises(RenderCancelled):
        render_draft(_draft(), many, out, size=SIZE, quality="preview", cancel=cancel)
    assert len(feeds) == 2, "no segment starts after the cancel"
    assert not out.exists() and not list(tmp_path.glob(".out.mp4*"))


def test_a_segment_that_fails_fails_the_render_and_keeps_no_file(
    many: dict[str, tuple[Path, MediaInfo]], feeds: list[list[str]], tmp_path: Path
) -> None:
    broken = dict(many)
    bad = tmp_path / "grey7.jpg"
    bad.write_bytes(b"not a picture")
    broken["grey7"] = (bad, many["grey7"][1])
    out = tmp_path / "out.mp4"
    with pytest.raises(RenderError, match="ffmpeg failed"):
        render_draft(_draft(), broken, out, size=SIZE, quality="preview")
    assert feeds, "the lane was drawn in segments"
    assert not out.exists() and not list(tmp_path.glob(".out.mp4*"))
