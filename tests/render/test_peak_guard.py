"""The export's sound is kept under -1 dBTP as encoded: AAC adds true peak over the mix's limiter on sharp-edged
sounds, so a finished file over the ceiling gets its sound encoded again, lower, and its picture copied untouched."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.music.track import generate_track
from nemo_notebook.engine.render.master_level import true_peak_dbtp
from nemo_notebook.engine.render.peak_guard import (
    AIM_DBTP,
    EXPORT_CEILING_DBTP,
    LEVELLED_KBPS,
    LOW_DBTP,
    keep_under_ceiling,
    reencode_sound,
)


def _mp4(path: Path, sound: str, *, kbps: int = 256, seconds: int = 3) -> Path:
    subprocess.run(
        [
            *(ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc2=s=160x90:r=15:d={seconds}"),
            *("-f", "lavfi", "-i", sound, "-shortest", "-c:v", "libx264", "-preset", "ultrafast"),
            *("-c:a", "aac", "-b:a", f"{kbps}k", "-ar", "48000", "-ac", "2", str(path)),
        ],
        check=True,
    )
    return path


def _video_md5(path: Path) -> str:
    done = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(path), "-map", "0:v", "-c", "copy", "-f", "md5", "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def _first_try(path: Path, duration_ms: int) -> tuple[float, float]:
    """The gain and the true peak of the guard's first try on ``path`` (over the ceiling), made beside it."""
    peak = true_peak_dbtp(path)
    assert peak is not None and peak > EXPORT_CEILING_DBTP  # what makes the guard needed
    first = shutil.copy(path, path.with_name(f"try-{path.name}"))
    tried = reencode_sound(first, first, AIM_DBTP - peak, LEVELLED_KBPS, duration_ms, None)
    landed = true_peak_dbtp(tried)
    assert landed is not None
    tried.unlink()
    first.unlink()
    return AIM_DBTP - peak, landed


@pytest.fixture(scope="module")
def upbeat(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_track(
        tmp_path_factory.mktemp("upbeat") / "upbeat.wav", words="an upbeat 20-second track", seed=2
    ).path


def _limited(track: Path, push_db: int) -> str:
    """``track`` pushed ``push_db`` into a limiter at -2.5 dBFS, as a preview's sound was."""
    return f"amovie={track},volume={push_db}dB,alimiter=limit=0.7499:attack=1:release=60:level=0:latency=1"


def test_a_sharp_edged_sound_encoded_over_the_ceiling_is_lowered_and_the_picture_copied(tmp_path: Path) -> None:
    # a square wave at 0.9, -3 dB as ffmpeg makes its mono stereo: band-limited by the encoder, its edges ring well
    # over its level; its AAC true peak moves up to 1 dB the other way for 0.3 dB of gain (-1.40, -0.31 and -1.46
    # dBTP for gains of -1.81, -1.51 and -2.30 dB), so three tries do not reach the aim
    path = _mp4(tmp_path / "loud.mp4", "aevalsrc='0.9*(2*gte(mod(t*220,1),0.5)-1)':s=48000:d=3")
    before_video = _video_md5(path)
    _, first_try = _first_try(path, 3000)
    gain = keep_under_ceiling(path, 256, 3000)
    after = true_peak_dbtp(path)
    assert after is not None and first_try <= after <= EXPORT_CEILING_DBTP, (first_try, after)  # the nearest kept
    assert gain < 0 and _video_md5(path) == before_video
    assert not list(tmp_path.glob("*.level.*"))  # nothing left beside it


def test_a_sound_under_the_ceiling_is_left_as_it_is(tmp_path: Path) -> None:
    path = _mp4(tmp_path / "quiet.mp4", "sine=f=440:r=48000:d=3")  # 1/8 full scale
    size = path.stat().st_size
    assert keep_under_ceiling(path, 256, 3000) == 0.0
    assert path.stat().st_size == size


def test_a_dense_track_encoded_at_128_kbps_over_the_ceiling_is_brought_under_it(tmp_path: Path, upbeat: Path) -> None:
    # ffmpeg's AAC encoder at 128 kb/s does not follow the level it is given: this composed upbeat track, pushed 4 dB
    # into a limiter at -2.5 dBFS as a preview's sound was, comes out over the ceiling (-0.27 dBTP; seed 3's, -0.56
    # before, came out at -1.25 once short pieces rang out and their melodies moved, issue 28), and encoding that
    # encoding again, lower, twice, left such a track over (+3.6 dBTP for another); each try now encodes the first
    # encoding at 256 kb/s
    # (its first try lands at -1.51, is raised back to -0.40, lowered again to -1.62: the -1.51 is kept)
    path = _mp4(tmp_path / "dense.mp4", _limited(upbeat, 4), kbps=128, seconds=20)
    before_peak, (_, first_try) = true_peak_dbtp(path), _first_try(path, 20_000)
    keep_under_ceiling(path, 128, 20_000)
    after = true_peak_dbtp(path)
    assert after is not None and after <= EXPORT_CEILING_DBTP, (before_peak, first_try, after)
    if first_try <= EXPORT_CEILING_DBTP:  # a first try that is fine is never lowered further (it may be raised back)
        assert first_try <= after, (before_peak, first_try, after)
    assert not list(tmp_path.glob("*.level.*")) and not list(tmp_path.glob("*.first.*"))


def test_a_try_landing_under_the_aim_is_raised_back(tmp_path: Path, upbeat: Path) -> None:
    """A first try that lands under ``LOW_DBTP`` (lowered further than the ceiling needs) is raised back, and the
    export ends between ``LOW_DBTP`` and the ceiling, less lowered than that try. Where AAC lands a composed track
    moves with the notes and the libraries (-1.45 dBTP at 3 dB and 160 kb/s in stop 43; -1.19 with the same pushes
    on a newer venv), so the case is the first of these pushes and rates whose first try lands under ``LOW_DBTP``."""
    for push_db, kbps in ((3, 160), (6, 160), (4, 128), (2, 160), (5, 128), (8, 160)):
        path = _mp4(tmp_path / f"dense-{push_db}-{kbps}.mp4", _limited(upbeat, push_db), kbps=kbps, seconds=20)
        if (true_peak_dbtp(path) or -99.0) <= EXPORT_CEILING_DBTP:
            continue
        first_gain, first_try = _first_try(path, 20_000)
        if first_try < LOW_DBTP:
            break
    else:
        pytest.fail("no push or rate gave a first try under LOW_DBTP: the raise-back is not exercised")
    gain = keep_under_ceiling(path, kbps, 20_000)
    after = true_peak_dbtp(path)
    assert after is not None and LOW_DBTP <= after <= EXPORT_CEILING_DBTP, (push_db, kbps, first_try, after)
    assert gain > first_gain, (first_gain, gain)
