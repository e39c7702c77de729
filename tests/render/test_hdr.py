"""HDR clips (PQ, HLG; HEVC 10-bit, as phones and HDR10 masters store them) tone-mapped to SDR BT.709: the rendered
picture's blacks and whites are near the SDR picture's the clip was made from (its reference white at BT.2408's 203
nits), where read as BT.709 it came out washed out: blacks at 61 of 255 (29), whites at 138 (226)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.hdr import HLG, PQ, tone_map, transfer_of

from .drafts import draft, shot
from .synth import video_info

SIZE = (320, 180)
SOURCE = "testsrc2=s=320x180:r=25:d=1"


def _clip(path: Path, transfer: str | None) -> Path:
    if transfer is None:
        chain = ["-vf", "format=yuv420p", "-c:v", "libx264"]
    else:
        convert = f"zscale=tin=bt709:pin=bt709:min=bt709:t={transfer}:p=bt2020:m=bt2020nc:npl=203,format=yuv420p10le"
        tags = ["-color_primaries", "bt2020", "-color_trc", transfer, "-colorspace", "bt2020nc"]
        chain = ["-vf", convert, "-c:v", "libx265", "-x265-params", "log-level=error", *tags]
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi", "-i", SOURCE, *chain, str(path)], check=True)
    return path


def _luma(video: Path) -> Any:
    raw = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(video), "-frames:v", "5", "-f", "rawvideo",
                          "-pix_fmt", "gray", "-"], check=True, capture_output=True).stdout  # fmt: skip
    return np.frombuffer(raw, np.uint8).reshape(-1, SIZE[1], SIZE[0]).astype(float)


def _render(clip: Path, folder: Path) -> Path:
    media = {"c": (clip, video_info("c", clip, 1000, has_audio=False))}
    d = draft([shot("c", 0, 800)], 800, music=None)
    return render_draft(d, media, folder / f"out-{clip.stem}.mp4", quality="low", size=SIZE).path


def _rendered(clip: Path, folder: Path) -> Any:
    return _luma(_render(clip, folder))


def _colour_tags(video: Path) -> tuple[str, str, str, str]:
    import av

    with av.open(str(video)) as container:
        c = container.streams.video[0].codec_context
        return str(c.color_primaries), str(c.color_trc), str(c.colorspace), str(c.color_range)


@pytest.fixture(scope="module")
def sdr(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("hdr")
    return _rendered(_clip(folder / "sdr.mp4", None), folder)


@pytest.mark.parametrize("transfer", [PQ, HLG])
def test_an_hdr_clip_is_tone_mapped_to_about_the_brightness_it_was_made_from(
    sdr: Any, tmp_path: Path, transfer: str
) -> None:
    clip = _clip(tmp_path / f"{transfer}.mp4", transfer)
    assert transfer_of(clip) == transfer and tone_map(clip).startswith(f"zscale=tin={transfer}")
    video = _render(clip, tmp_path)
    # tagged as what it now is: BT.709 primaries, transfer and matrix, limited range (1, 1, 1, 1), as an SDR
    # export is; a player that read the source's BT.2020/PQ or HLG tags off it would show it wrong
    assert _colour_tags(video) == ("1", "1", "1", "1"), _colour_tags(video)
    mapped = _luma(video)
    low, high = np.percentile(mapped, 5), np.percentile(mapped, 95)
    assert high > 0.8 * np.percentile(sdr, 95), (low, high)  # whites white, not grey
    assert low < np.percentile(sdr, 5) + 15, (low, high)  # blacks black, not lifted


def test_an_sdr_clip_is_left_alone(tmp_path: Path) -> None:
    assert tone_map(_clip(tmp_path / "plain.mp4", None)) == ""
    assert transfer_of(tmp_path / "missing.mp4") is None
