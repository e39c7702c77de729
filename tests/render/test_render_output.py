"""The exported file: codecs, sizes, box order, length, for every aspect ratio and for real tracks."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.render import render_draft
from nemo_notebook.protocol import MediaInfo, MediaKind
from tests.conftest import shared_media

from .conftest import Assets
from .drafts import draft, shot, title
from .synth import gray_frames, probe

FRAME_MS = 1000 / 30


def _assert_h264_aac_faststart(facts: dict[str, object], size: tuple[int, int]) -> None:
    assert facts["size"] == size
    assert (facts["codec"], facts["profile"], facts["pix_fmt"]) == ("h264", "High", "yuv420p")
    assert (facts["audio_codec"], facts["sample_rate"], facts["channels"]) == ("aac", 48000, 2)
    assert (facts["video_streams"], facts["audio_streams"]) == (1, 1)
    boxes = facts["boxes"]
    assert isinstance(boxes, list)
    assert boxes.index("moov") < boxes.index("mdat"), boxes


def test_export_is_1080p_h264_high_with_aac_and_moov_first(assets: Assets, tmp_path: Path) -> None:
    pics = assets.picture_ids
    shots = [shot(pics[i], i * 1000, 1000, motion=m) for i, m in enumerate(["zoom_in", "pan_left", "zoom_out"])]
    d = draft(shots, 3000, visualizer={"effect": "waves"}, texts=[title("Urban Dreams", 0, 1500)])
    result = render_draft(d, assets.media, tmp_path / "out.mp4")
    facts = probe(result.path)
    _assert_h264_aac_faststart(facts, (1920, 1080))
    assert facts["frames"] == 90
    assert abs(float(str(facts["duration_ms"])) - 3000) <= FRAME_MS
    assert result.size == result.path.stat().st_size
    assert result.duration_ms == 3000


@pytest.mark.parametrize(("aspect", "size"), [("9:16", (1080, 1920)), ("1:1", (1080, 1080))])
def test_every_aspect_ratio_renders_at_its_full_size_in_high_quality(
    assets: Assets, tmp_path: Path, aspect: str, size: tuple[int, int]
) -> None:
    d = draft([shot(assets.picture_ids[0], 0, 1000, motion="pan_right")], 1000, aspect=aspect)
    result = render_draft(d, assets.media, tmp_path / "out.mp4", quality="high")
    _assert_h264_aac_faststart(probe(result.path), size)


def test_low_resolution_override_keeps_the_format(assets: Assets, tmp_path: Path) -> None:
    d = draft([shot(assets.picture_ids[0], 0, 1000)], 1000)
    result = render_draft(d, assets.media, tmp_path / "out.mp4", size=(320, 180))
    _assert_h264_aac_faststart(probe(result.path), (320, 180))


def test_track_with_a_cover_picture_gives_one_video_and_one_audio_stream(assets: Assets, tmp_path: Path) -> None:
    song = shared_media("vibe-ace.mp3")
    info = MediaInfo("song", song.name, MediaKind.AUDIO, "mp3", song.stat().st_size, duration_ms=61_500)
    media = {**assets.media, "song": (song, info)}
    shots = [shot("song", 0, 2000), shot(assets.picture_ids[1], 2000, 3000)]
    d = draft(shots, 5000, music="song", visualizer={"effect": "cqt", "color": "#33ccff"})
    result = render_draft(d, media, tmp_path / "out.mp4", size=(480, 270))
    facts = probe(result.path)
    _assert_h264_aac_faststart(facts, (480, 270))
    assert abs(float(str(facts["duration_ms"])) - 5000) <= FRAME_MS
    frames = gray_frames(result.path)
    assert frames[:60].mean() > 20, "the cover picture shows where the visuals lane names the track"


def test_five_second_track_gives_five_seconds_of_video_and_audio(assets: Assets, tmp_path: Path) -> None:
    import av

    d = draft([shot(assets.picture_ids[0], 0, 2500), shot(None, 2500, 2500, effect="pulse")], 5000)
    result = render_draft(d, assets.media, tmp_path / "out.mp4", size=(320, 180))
    with av.open(str(result.path)) as container:
        video, audio = container.streams.video[0], container.streams.audio[0]
        video_ms = float(video.duration * video.time_base) * 1000
        audio_ms = float(audio.duration * audio.time_base) * 1000
    assert video.frames == 150
    assert abs(video_ms - 5000) <= FRAME_MS
    assert abs(audio_ms - 5000) <= FRAME_MS


def test_same_draft_renders_the_same_video(assets: Assets, tmp_path: Path) -> None:
    pics = assets.picture_ids
    shots = [shot(pics[0], 0, 700, motion="zoom_in"), shot(None, 700, 800, effect="pulse"), shot("clip", 1500, 500)]
    d = draft(shots, 2000, visualizer={"effect": "spectrum"}, bpm=120, beats_ms=[0, 500, 1000, 1500])
    first = render_draft(d, assets.media, tmp_path / "a.mp4", size=(320, 180))
    second = render_draft(d, assets.media, tmp_path / "b.mp4", size=(320, 180))
    assert np.array_equal(gray_frames(first.path), gray_frames(second.path))
    digest = [hashlib.sha256(p.read_bytes()).hexdigest() for p in (first.path, second.path)]
    assert digest[0] == digest[1], "x264 with a fixed thread count writes the same bytes"
