"""Video analysis on clips with known cuts, motion and colour (synthesized here) and on a real film excerpt."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import av
import numpy as np
import pytest

from nemo_notebook.engine.analysis import analyze_video
from nemo_notebook.engine.analysis.types import VideoAnalysis
from nemo_notebook.engine.errors import MediaError
from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from tests.analysis.video_synth import (
    Shot,
    cut_times_ms,
    montage,
    speech_like,
    steady_chord,
    write_clip,
    write_wav,
)
from tests.conftest import shared_media

SHOT_SECONDS = (2.0, 1.5, 2.0, 1.5, 1.0)  # cuts at 2000, 3500, 5500, 7000 ms
FRAME_MS_30 = 1000 / 30


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("video-analysis")


@pytest.fixture(scope="module")
def cut_clip(folder: Path) -> Path:
    return write_clip(folder / "cuts.mp4", montage(SHOT_SECONDS))


def assert_cuts_match(found: tuple[int, ...], expected: list[int], frame_ms: float) -> None:
    assert len(found) == len(expected), f"found cuts {found}, expected {expected}"
    for got, want in zip(found, expected, strict=True):
        assert abs(got - want) <= frame_ms, f"cut at {got} ms, expected {want} ± {frame_ms:.0f} ms"


def test_cuts_are_found_within_a_frame(cut_clip: Path) -> None:
    analysis = analyze_video(cut_clip)

    assert_cuts_match(analysis.cut_points_ms, cut_times_ms(montage(SHOT_SECONDS)), FRAME_MS_30)
    assert len(analysis.cut_strengths) == len(analysis.cut_points_ms)
    assert all(0.0 < s <= 1.0 for s in analysis.cut_strengths)
    assert (analysis.width, analysis.height, analysis.rotation) == (320, 180, 0)
    assert analysis.fps == pytest.approx(30.0)
    assert analysis.duration_ms == pytest.approx(8000, abs=40)
    assert analysis.cuts_per_minute == pytest.approx(4 * 60 / 8, rel=0.02)


@pytest.mark.parametrize(
    ("suffix", "codec"),
    [
        ("mov", ("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p")),
        ("mkv", ("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p")),
        ("webm", ("-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "400k")),
        ("avi", ("-c:v", "mpeg4", "-q:v", "4")),
    ],
)
def test_every_container_gives_the_same_cuts(folder: Path, suffix: str, codec: tuple[str, ...]) -> None:
    clip = write_clip(folder / f"cuts.{suffix}", montage(SHOT_SECONDS), codec=codec)

    assert_cuts_match(analyze_video(clip).cut_points_ms, cut_times_ms(montage(SHOT_SECONDS)), FRAME_MS_30)


@pytest.mark.parametrize("pixel_format", ["yuv444p", "yuv420p10le", "yuvj420p"])
def test_other_pixel_formats_read_the_same(folder: Path, pixel_format: str) -> None:
    shots = montage((1.0, 1.5, 1.0))
    codec = ("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", pixel_format)
    usual = analyze_video(write_clip(folder / "usual.mp4", shots))
    other = analyze_video(write_clip(folder / f"{pixel_format}.mp4", shots, codec=codec))

    assert_cuts_match(other.cut_points_ms, cut_times_ms(shots), FRAME_MS_30)
    assert np.mean(other.brightness) == pytest.approx(np.mean(usual.brightness), abs=0.03)
    assert np.mean(other.saturation) == pytest.approx(np.mean(usual.saturation), abs=0.03)


def test_variable_frame_rate_cuts_use_presentation_times(folder: Path) -> None:
    # 30 fps, then every third frame (10 fps), then every other one (15 fps), with the timestamps kept: frame
    # indices map to times at no single rate
    keep = "select='if(lt(t,2),1,if(lt(t,4),not(mod(n,3)),not(mod(n,2))))'"
    clip = write_clip(folder / "vfr.mp4", montage((2.0, 2.0, 2.0)), after=keep, extra_output=("-fps_mode", "vfr"))
    gaps = _frame_gaps_ms(clip)
    assert gaps.min() < 40 and gaps.max() > 80, "the test clip should really have a variable frame rate"

    analysis = analyze_video(clip)

    assert_cuts_match(analysis.cut_points_ms, [2000, 4000], FRAME_MS_30)
    assert analysis.duration_ms == pytest.approx(6000, abs=90)


def _frame_gaps_ms(path: Path) -> np.ndarray:
    with av.open(str(path)) as container:
        times = [float(f.time) * 1000 for f in container.decode(video=0)]
    return np.diff(np.array(times))


def test_a_cut_between_shots_of_the_same_colours_is_found(folder: Path) -> None:
    # the same pattern mirrored: the colour histogram does not change at all, the picture does
    pattern = "testsrc2=size={size}:rate={fps}"
    clip = write_clip(folder / "mirror.mp4", [Shot(pattern, 2.0), Shot(pattern + ",hflip", 2.0)])

    assert_cuts_match(analyze_video(clip).cut_points_ms, [2000], FRAME_MS_30)


def test_rotated_phone_clip_reports_its_upright_size(folder: Path, cut_clip: Path) -> None:
    rotated = folder / "rotated.mp4"
    subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-y", "-display_rotation", "90", "-i", str(cut_clip), "-c", "copy", str(rotated)],
        check=True,
    )

    analysis = analyze_video(rotated)

    assert (analysis.width, analysis.height) == (180, 320)
    assert analysis.rotation == 270  # a counter-clockwise display matrix of 90° is a clockwise turn of 270°
    assert_cuts_match(analysis.cut_points_ms, cut_times_ms(montage(SHOT_SECONDS)), FRAME_MS_30)


def test_fades_and_a_flash_are_not_cuts(folder: Path) -> None:
    # a fade to black and back, and a two-frame white flash, inside one continuous shot
    source = "testsrc2=size={size}:rate={fps},fade=t=out:st=1:d=1,fade=t=in:st=2.2:d=1,drawbox=c=white:t=fill:enable='between(n,130,131)'"
    clip = write_clip(folder / "fades.mp4", [Shot(source, 6.0)])

    assert analyze_video(clip).cut_points_ms == ()


def test_moving_clip_has_more_motion_than_a_static_one(folder: Path) -> None:
    still = write_clip(folder / "still.mp4", [Shot("smptehdbars=size={size}:rate={fps}", 4.0)])
    moving = write_clip(folder / "moving.mp4", [Shot("smptehdbars=size={size}:rate={fps},scroll=h=0.02", 4.0)])

    calm, busy = analyze_video(still), analyze_video(moving)

    assert max(calm.motion) < 0.1
    assert np.mean(busy.motion) > 0.4
    assert busy.cut_points_ms == () == calm.cut_points_ms
    assert busy.pace > calm.pace and busy.arousal > calm.arousal
    assert len(busy.motion) == pytest.approx(4000 / busy.hop_ms, abs=1)


def test_bright_saturated_clip_is_happier_than_a_dark_grey_one(folder: Path) -> None:
    bright = write_clip(
        folder / "bright.mp4", [Shot("testsrc2=size={size}:rate={fps},eq=saturation=2.5:brightness=0.15", 3.0)]
    )
    dark = write_clip(
        folder / "dark.mp4", [Shot("testsrc2=size={size}:rate={fps},eq=saturation=0.05:brightness=-0.35", 3.0)]
    )

    happy, gloomy = analyze_video(bright), analyze_video(dark)

    assert np.mean(happy.brightness) > np.mean(gloomy.brightness) + 0.2
    assert np.mean(happy.saturation) > np.mean(gloomy.saturation) + 0.3
    assert happy.valence > gloomy.valence + 0.3
    assert 0.0 <= gloomy.valence <= happy.valence <= 1.0


def test_sound_and_speech_are_told_apart(folder: Path) -> None:
    shots = [Shot("smptebars=size={size}:rate={fps}", 6.0)]
    talk = write_clip(folder / "talk.mp4", shots, audio=write_wav(folder / "talk.wav", speech_like(6.0), 16000))
    song = write_clip(folder / "song.mp4", shots, audio=write_wav(folder / "song.wav", steady_chord(6.0), 16000))
    mute = write_clip(folder / "mute.mp4", shots, audio=write_wav(folder / "mute.wav", np.zeros(6 * 16000), 16000))
    none = write_clip(folder / "none.mp4", shots)

    speech, music, silent, soundless = (analyze_video(p) for p in (talk, song, mute, none))

    assert speech.has_audio and speech.speech_ratio > 0.6
    assert music.has_audio and music.speech_ratio < 0.2
    assert not silent.has_audio and silent.speech_ratio == 0.0
    assert not soundless.has_audio


def test_real_film_cuts_match_ffmpeg_scene_detection() -> None:
    clip = shared_media("big-buck-bunny-30s.mp4")
    shown = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-i", str(clip), "-an", "-vf", "select='gt(scene,0.3)',showinfo", "-f", "null", "-"],
        capture_output=True, text=True, check=True,
    ).stderr  # fmt: skip
    reference = [round(float(t) * 1000) for t in re.findall(r"pts_time:([0-9.]+)", shown)]
    assert len(reference) >= 2

    analysis = analyze_video(clip)

    assert_cuts_match(analysis.cut_points_ms, reference, 1000 / 24)
    assert analysis.has_audio
    assert 0.0 <= analysis.valence <= 1.0 and 0.0 <= analysis.arousal <= 1.0 and 0.0 <= analysis.pace <= 1.0


def test_cache_returns_the_same_analysis_without_decoding(
    cut_clip: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = analyze_video(cut_clip, cache_dir=tmp_path)
    from nemo_notebook.engine.analysis import video

    def no_decoding(path: Path) -> VideoAnalysis:
        raise AssertionError("the cached analysis should have been used")

    monkeypatch.setattr(video, "_analyze", no_decoding)

    assert analyze_video(cut_clip, cache_dir=tmp_path) == first
    assert len(list(tmp_path.glob("video-*.json"))) == 1


def test_a_file_that_is_not_a_video_says_what_to_give(tmp_path: Path) -> None:
    fake = tmp_path / "notes.mp4"
    fake.write_text("not a video")
    with pytest.raises(MediaError, match="MP4, MOV, AVI, WebM or MKV"):
        analyze_video(fake)
    with pytest.raises(MediaError, match="does not exist"):
        analyze_video(tmp_path / "missing.mp4")


def test_a_sound_file_is_not_a_video(tmp_path: Path) -> None:
    sound = write_wav(tmp_path / "tone.wav", steady_chord(1.0), 16000)
    with pytest.raises(MediaError, match="no video stream"):
        analyze_video(sound)
