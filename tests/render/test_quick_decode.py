"""The measuring copy and a preview's copy of a clip decode it by one rule (``quick_decode``), each with its own
idea of a large clip, and each decides as it did when the rule was written twice (main b82e0d9's
``measuring._decode_args`` and ``sources._decode_args``, kept here as they were)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from nemo_notebook.engine.render import measuring, sources
from nemo_notebook.engine.render.graph import Canvas
from nemo_notebook.protocol import MediaInfo, MediaKind

SIZES = [(640, 360), (1279, 720), (1280, 719), (1280, 720), (720, 1280), (1920, 1080), (1080, 1920), (3840, 2160)]
RATES = [0.0, 12.0, 15.0, 22.4, 22.5, 24.0, 29.97, 30.0, 44.9, 45.0, 60.0]
CANVASES = [Canvas(640, 360, 15, 1, 1, fast=True), Canvas(360, 640, 15, 1, 1, fast=True)]
CANVASES += [Canvas(1920, 1080, 30, 1, 1), Canvas(1280, 720, 30, 1, 1, fast=True)]


def _measuring_before(size: tuple[int, int, float] | None) -> list[str]:
    if size is None or min(size[:2]) < 720 or max(size[:2]) < 1280:
        return []
    fewer = ["-skip_frame", "noref"] if size[2] >= 1.5 * 15 else []
    return ["-skip_loop_filter", "all", *fewer]


def _sources_before(info: MediaInfo, canvas: Canvas) -> list[str]:
    w, h = info.width or 0, info.height or 0
    if not (canvas.fast and w >= 2 * canvas.width and h >= 2 * canvas.height):
        return []
    fewer = ["-skip_frame", "noref"] if (info.fps or 0) >= 1.5 * canvas.fps else []
    return ["-skip_loop_filter", "all", *fewer]


def test_the_measuring_copy_decodes_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    found: list[tuple[int, int, float] | None] = [
        None,
        *((w, h, fps) for (w, h), fps in itertools.product(SIZES, RATES)),
    ]
    for size in found:
        monkeypatch.setattr(measuring, "_size_and_rate", lambda path, found=size: found)
        assert measuring._decode_args(Path("clip.mp4")) == _measuring_before(size), size


def test_a_previews_copy_decodes_as_before() -> None:
    for (w, h), fps, canvas in itertools.product(SIZES, RATES, CANVASES):
        info = MediaInfo("c", "c.mp4", MediaKind.VIDEO, "mp4", 1, 8000, w, h, fps or None)
        assert sources._decode_args(info, canvas) == _sources_before(info, canvas), (w, h, fps, canvas)


def test_the_two_copies_of_a_large_clip_decode_alike_in_a_preview() -> None:
    """A landscape clip of 1280x720 or more in a 640x360 preview at 15 fps: both copies skip the same work (what
    lets one decoding serve both)."""
    canvas = CANVASES[0]
    for (w, h), fps in itertools.product([(1280, 720), (1920, 1080), (3840, 2160)], RATES):
        info = MediaInfo("c", "c.mp4", MediaKind.VIDEO, "mp4", 1, 8000, w, h, fps or None)
        assert sources._decode_args(info, canvas) == _measuring_before((w, h, fps))
