"""The timeline's opening title ends where the picture ends it (issue 29, review 45 "Fix first" 4): held-out 02
(9:16) cut at 3.6 s to a close-up whose head covered every place of the title, so the render ended the title at
the cut, while the reply, the state and the DataFrame said "Title ... (0.6-6.1s)". Here the close-up of
scikit-image's astronaut (as ``tests/render/test_title_off_heads``) follows a calm photo at 3.6 s under a title of
0.8-6.3 s; after an edit through the agent, the committed title ends within two frames of the last frame the
render shows it in, and the reply's timeline says so."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.render import render_draft
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind, TrackType
from tests.render.drafts import draft, shot
from tests.render.test_cover_art import _rgb_frames
from tests.render.test_opening_title import _segment
from tests.render.test_title_off_heads import CUT_MS, SIZE, _calm, _close_up

from .fakes import FakeContext, run

FPS = 30


def _session(tmp_path: Path) -> tuple[FakeContext, dict[str, tuple[Path, MediaInfo]]]:
    close, calm = _close_up(tmp_path / "close.png"), _calm(tmp_path / "calm.png")
    infos = [
        MediaInfo("calm", calm.name, MediaKind.IMAGE, "png", 1, width=720, height=1280),
        MediaInfo("close", close.name, MediaKind.IMAGE, "png", 1, width=720, height=1280),
    ]
    segment = _segment()
    meta = dict(segment.meta) | {"style": {"size": 96, "color": "#ffffff", "position": "auto"}}
    text = {"s": segment.start_ms, "d": segment.duration_ms, "m": meta}  # 0.8-6.3 s, its place the renderer's
    lane = [shot("calm", 0, CUT_MS, motion="none"), shot("close", CUT_MS, 8000 - CUT_MS, motion="none")]
    plan = draft(lane, 8000, aspect="9:16", music=None, texts=[text])
    ctx = FakeContext(uploads=infos, paths={"calm": calm, "close": close}, history=[plan])
    return ctx, {info.id: (ctx.paths[info.id], info) for info in infos}


def _title_end_ms(plan: Draft) -> int:
    return next(sg.end_ms for t in plan.tracks_of(TrackType.TEXT) for sg in t.segments)


def test_the_timeline_ends_the_title_where_the_picture_does(tmp_path: Path) -> None:
    """On main 5a745b9 the committed title ended at 6300 ms and the reply said "(0.8-6.3s)" while the render's
    last frame with the title was at 3.57 s; here both say 3.6 s."""
    pytest.importorskip("skimage.data")
    ctx, media = _session(tmp_path)
    _, said = run(ctx, "make it warmer")
    plan = ctx.draft()
    end_ms = _title_end_ms(plan)
    assert "(0.8-3.6s)" in said.split("Timeline")[-1], said
    titled = _rgb_frames(render_draft(plan, media, tmp_path / "titled.mp4", size=SIZE).path)
    untitled = plan.with_tracks([t for t in plan.tracks if t.type != TrackType.TEXT])
    plain = _rgb_frames(render_draft(untitled, media, tmp_path / "plain.mp4", size=SIZE).path)
    shows = [i for i in range(len(titled)) if (np.abs(titled[i] - plain[i]).max(axis=-1) > 12).sum() > 50]
    last_ms = (shows[-1] + 1) * 1000 / FPS  # the end of the last frame with the title on it
    assert abs(last_ms - end_ms) <= 2 * 1000 / FPS, (shows[-1], last_ms, end_ms)
