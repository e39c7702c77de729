"""When things happen in the export: cuts on the beat without drift, titles in their time, progress, cancel."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.errors import RenderError
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.render import RenderCancelled, frame_at, render_draft

from .conftest import Assets
from .drafts import draft, shot, title
from .synth import audio_info, click_analysis, click_track, cut_frames, gray_frames

FPS = 30


@pytest.mark.parametrize("tempo_bpm", [137.0, 93.5])
def test_cuts_land_on_beats_without_drift(assets: Assets, tmp_path: Path, tempo_bpm: float) -> None:
    duration_ms = 20_000
    track = click_track(tmp_path / "click.wav", tempo_bpm, duration_ms, first_beat_ms=120)
    info = audio_info("track", track, duration_ms)
    analysis = click_analysis(tempo_bpm, duration_ms, first_beat_ms=120)
    pictures = [assets.media[k][1] for k in assets.picture_ids]
    options = MusicVideoOptions(visualizer=None, beats_per_cut=1)
    planned = plan_music_video(info, analysis, [(p, None) for p in pictures], options)
    media = {**assets.media, "track": (track, info)}
    result = render_draft(planned, media, tmp_path / "out.mp4", size=(160, 90), quality="low")

    found = cut_frames(gray_frames(result.path))
    visuals = planned.tracks[0].segments
    assert found == [frame_at(sg.start_ms, FPS) for sg in visuals[1:]]
    beat_frames = np.array(analysis.beats_ms) * FPS / 1000
    worst = max(float(np.min(np.abs(beat_frames - f))) for f in found)
    assert worst <= 1.0, f"a cut lies {worst:.2f} frames from the nearest beat"
    assert len(found) >= duration_ms / (60_000 / tempo_bpm) - 3


def test_title_shows_during_its_time_only(assets: Assets, tmp_path: Path) -> None:
    dark = assets.picture_ids[1]
    d = draft([shot(dark, 0, 4000)], 4000, texts=[title("HELLO", 1000, 1500, size=160, position="center")])
    frames = gray_frames(render_draft(d, assets.media, tmp_path / "out.mp4", size=(320, 180)).path)
    middle = frames[:, 60:120, 40:280]
    change = np.abs(middle - middle[5]).mean(axis=(1, 2))
    assert change[33:73].min() > 5, "the title is visible from 1.0 s to 2.5 s"
    assert change[:28].max() < 1 and change[78:].max() < 1, "and nowhere else"


def test_progress_rises_to_one_and_no_temporary_file_stays(assets: Assets, tmp_path: Path) -> None:
    seen: list[float] = []
    d = draft([shot(assets.picture_ids[0], 0, 3000, motion="zoom_in")], 3000)
    render_draft(d, assets.media, tmp_path / "out.mp4", size=(320, 180), progress=seen.append)
    assert seen[-1] == 1.0
    assert any(0 < p < 1 for p in seen)
    assert seen == sorted(seen)
    assert [p.name for p in tmp_path.iterdir()] == ["out.mp4"]


def test_cancel_stops_ffmpeg_and_keeps_the_previous_file(assets: Assets, tmp_path: Path) -> None:
    out = tmp_path / "out.mp4"
    out.write_bytes(b"the previous export")
    cancel = threading.Event()

    def on_progress(p: float) -> None:
        if p > 0:
            cancel.set()

    d = draft([shot(None, 0, 60_000, effect="pulse")], 60_000)
    with pytest.raises(RenderCancelled):
        render_draft(d, assets.media, out, size=(640, 360), progress=on_progress, cancel=cancel)
    assert out.read_bytes() == b"the previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["out.mp4"]


def test_ffmpeg_failure_raises_render_error_with_its_stderr(assets: Assets, tmp_path: Path) -> None:
    broken = tmp_path / "broken.jpg"
    broken.write_text("not a picture")
    media = {**assets.media, "bad": (broken, assets.media["pic0"][1])}
    with pytest.raises(RenderError) as caught:
        render_draft(draft([shot("bad", 0, 1000)], 1000), media, tmp_path / "out.mp4", size=(320, 180))
    assert caught.value.returncode not in (None, 0)
    assert caught.value.stderr_tail.strip()
    assert caught.value.cmd and "ffmpeg" in Path(caught.value.cmd[0]).name
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.jpg"]


def test_media_missing_from_the_session_is_named(assets: Assets, tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="med_gone"):
        render_draft(draft([shot("med_gone", 0, 1000)], 1000), assets.media, tmp_path / "out.mp4")
    with pytest.raises(RenderError, match="song_gone"):
        render_draft(draft([], 1000, music="song_gone"), assets.media, tmp_path / "out.mp4")
    deleted = {**assets.media, "pic0": (tmp_path / "deleted.jpg", assets.media["pic0"][1])}
    with pytest.raises(RenderError, match="missing on disk: pic0"):
        render_draft(draft([shot("pic0", 0, 1000)], 1000), deleted, tmp_path / "out.mp4")
    assert not list(tmp_path.iterdir())


def test_empty_draft_and_unknown_quality_are_refused(assets: Assets, tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="empty"):
        render_draft(draft([], 0), assets.media, tmp_path / "out.mp4")
    with pytest.raises(RenderError, match="high, medium, low"):
        render_draft(draft([], 1000), assets.media, tmp_path / "out.mp4", quality="ultra")
