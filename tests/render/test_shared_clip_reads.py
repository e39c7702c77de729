"""Shots that run on through a clip, none of them heard (a music video's), read its copy through one input, split
among them, not an input each decoded from the keyframe before its in-point; each shows the same frames as when it
read the copy by itself (every frame's own number, drawn into it as a row of bits: ``test_clip_in_points``), one
after another, where its own read, begun half a frame off the copy's frames, repeated and skipped every other one."""

from __future__ import annotations

from pathlib import Path

import pytest

from nemo_notebook.engine.render import render_draft
from nemo_notebook.protocol import Draft

from .conftest import Assets
from .drafts import draft, shot
from .test_clip_in_points import _frames, _number, _numbered_clip
from .test_sources import _inputs, _spy

SHOT_MS = 600
# on through the clip, then back to an earlier moment (a second pass, as the 3-minute clip video makes three); the
# first half a frame off the copy's frames at 30 fps (7.5 frames in), the others clear of a half
IN_POINTS_MS = (250, 900, 1467, 2033, 2700, 3300, 3933, 4567, 1000, 1633, 2267)
PER_SHOT = SHOT_MS * 30 // 1000


def _video(volume: float) -> Draft:
    shots = [shot("numbered", i * SHOT_MS, SHOT_MS, in_ms=at, volume=volume) for i, at in enumerate(IN_POINTS_MS)]
    return draft(shots, len(shots) * SHOT_MS)


def test_shots_in_a_row_read_their_copy_once_and_show_the_same_frames(
    assets: Assets, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    media = {"numbered": _numbered_clip(tmp_path / "numbered.mp4", uneven=False), "click": assets.media["click"]}
    commands = _spy(monkeypatch)
    numbers = {}
    for volume in (0.0, 1.0):  # muted: the shots share reads; sounding: each reads its own, as before
        out = render_draft(_video(volume), media, tmp_path / f"v{volume}.mp4", quality="low", cache_dir=tmp_path)
        copies = [p for p in _inputs(commands[-1]) if p.endswith(".mkv")]
        assert len(copies) == (2 if volume == 0 else len(IN_POINTS_MS)), copies  # a read for each run through it
        numbers[volume] = [_number(luma) for _, luma in _frames(out.path)]
    shared, own = ([n[i : i + PER_SHOT] for i in range(0, len(n), PER_SHOT)] for n in (numbers[0.0], numbers[1.0]))
    assert len(shared) == len(IN_POINTS_MS)
    assert shared[1:] == own[1:]
    assert own[0][:6] == [7, 8, 10, 10, 11, 13]  # its own read from 150 ms: stamps 4.5 frames off its slots
    for frames, at in zip(shared, IN_POINTS_MS, strict=True):
        assert frames == list(range(frames[0], frames[0] + PER_SHOT)), frames  # each frame once, in order
        assert abs(frames[0] - at * 30 / 1000) <= 0.5, (frames[0], at)
