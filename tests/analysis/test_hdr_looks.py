"""Issue 27: an HDR clip's brightness, colour, motion and mood are measured on the picture the render shows (tone
mapped to SDR BT.709), not on its HDR code values; a 10-bit clip's motion as the same clip's in 8 bits. Made from
real footage (4 s of Big Buck Bunny at 320x180): read as SDR, the PQ clip measured saturation 0.11 and valence 0.35
where the render's tone-mapped picture measures 0.27 and 0.52 (now 0.27 and 0.52; HLG 0.17 and 0.42 before); a
10-bit clip's motion was 0.16 where the 8-bit one's is 0.25 (now 0.25)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.analysis import analyze_video
from nemo_notebook.engine.analysis.types import VideoAnalysis
from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.render.hdr import HLG, PQ, tone_map
from tests.conftest import shared_media

X265 = ("-c:v", "libx265", "-x265-params", "log-level=error")


def _ffmpeg(*args: str) -> None:
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", *args], check=True)


@pytest.fixture(scope="module")
def sdr(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hdr-looks") / "sdr.mp4"
    film = str(shared_media("big-buck-bunny-30s.mp4"))
    _ffmpeg("-ss", "5", "-t", "4", "-i", film, "-an", "-vf", "scale=320:180", "-c:v", "libx264", "-crf", "16", str(out))
    return out


def _looks(analysis: VideoAnalysis) -> tuple[float, float, float, float]:
    return (float(np.mean(analysis.brightness)), float(np.mean(analysis.saturation)), analysis.valence,
            float(np.mean(analysis.motion)))  # fmt: skip


@pytest.mark.parametrize("transfer", [PQ, HLG])
def test_an_hdr_clip_is_measured_as_the_render_shows_it(sdr: Path, transfer: str) -> None:
    hdr, shown = sdr.with_name(f"{transfer}.mp4"), sdr.with_name(f"shown-{transfer}.mp4")
    to_hdr = f"zscale=tin=bt709:pin=bt709:min=bt709:t={transfer}:p=bt2020:m=bt2020nc:npl=203,format=yuv420p10le"
    tags = ("-color_primaries", "bt2020", "-color_trc", transfer, "-colorspace", "bt2020nc")
    _ffmpeg("-i", str(sdr), "-vf", to_hdr, *X265, *tags, str(hdr))
    _ffmpeg("-i", str(hdr), "-vf", tone_map(hdr).rstrip(","), "-c:v", "libx264", "-crf", "12", str(shown))

    brightness, saturation, valence, motion = _looks(analyze_video(hdr))
    want = _looks(analyze_video(shown))
    assert brightness == pytest.approx(want[0], abs=0.03), (brightness, want)  # PQ before: 0.47 (shown 0.63)
    assert saturation == pytest.approx(want[1], abs=0.03), (saturation, want)  # 0.11 (0.27)
    assert valence == pytest.approx(want[2], abs=0.03), (valence, want)  # 0.35 (0.52)
    assert motion == pytest.approx(want[3], rel=0.25), (motion, want)  # 0.07 (0.21)


def test_a_10_bit_clip_moves_as_much_as_the_same_clip_in_8_bits(sdr: Path) -> None:
    deep, plain = sdr.with_name("deep.mp4"), sdr.with_name("plain.mp4")
    _ffmpeg("-i", str(sdr), *X265, "-pix_fmt", "yuv420p10le", str(deep))
    _ffmpeg("-i", str(sdr), *X265, "-pix_fmt", "yuv420p", str(plain))
    deep_looks, plain_looks = _looks(analyze_video(deep)), _looks(analyze_video(plain))
    assert deep_looks[3] == pytest.approx(plain_looks[3], rel=0.1), (deep_looks, plain_looks)  # was 0.16 against 0.25
    assert deep_looks[:3] == pytest.approx(plain_looks[:3], abs=0.02), (deep_looks, plain_looks)
