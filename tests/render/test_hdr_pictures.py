"""Issue 27: an HDR photo (an AVIF in PQ or HLG, 10-bit BT.2020, as cameras and browsers save them) is tone-mapped
to SDR BT.709 as an HDR clip is (``hdr.tone_map``), whether it enters the render whole or as its scaled copy: the
poster of Big Buck Bunny in PQ came out dim and grey, its frame 14-40 levels of 255 from the frame of the same photo
tone-mapped by ffmpeg (now 2-3), its whites under 0.8 of the SDR photo's."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.intake.probe import probe
from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.frames import small_frame
from nemo_notebook.engine.render.hdr import HLG, PQ, tone_map
from tests.conftest import shared_media

from .drafts import draft, shot

SIZE = (320, 180)


def _avif(out: Path, size: str, transfer: str | None) -> Path:
    chain = f"scale={size},format=yuv420p"
    tags: list[str] = []
    if transfer is not None:
        chain = f"scale={size},zscale=tin=bt709:pin=bt709:min=bt709:t={transfer}:p=bt2020:m=bt2020nc:npl=203"
        chain += ",format=yuv420p10le"
        tags = ["-color_primaries", "bt2020", "-color_trc", transfer, "-colorspace", "bt2020nc"]
    poster = str(shared_media("big-buck-bunny-poster.jpg"))
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-i", poster, "-vf", chain, "-frames:v", "1", "-c:v",
                    "libaom-av1", "-cpu-used", "8", "-still-picture", "1", *tags, str(out)], check=True)  # fmt: skip
    return out


def _shown(photo: Path) -> np.ndarray:
    info = probe(photo, media_id="p", name=photo.name)
    d = draft([shot("p", 0, 600, motion="none")], 600, music=None)
    video = render_draft(d, {"p": (photo, info)}, photo.with_suffix(".mp4"), size=SIZE).path
    raw = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(video), "-frames:v", "1", "-f", "rawvideo",
                          "-pix_fmt", "rgb24", "-"], check=True, capture_output=True).stdout  # fmt: skip
    return np.frombuffer(raw, np.uint8).reshape(SIZE[1], SIZE[0], 3).astype(float)


@pytest.mark.parametrize("transfer", [PQ, HLG])
@pytest.mark.parametrize("size", ["852:480", "320:180"])  # scaled to a copy first; taken as it is
def test_an_hdr_photo_is_shown_tone_mapped_as_a_clip_is(tmp_path: Path, transfer: str, size: str) -> None:
    sdr = _shown(_avif(tmp_path / "sdr.avif", size, None))
    photo = _avif(tmp_path / f"{transfer}.avif", size, transfer)
    mapped = tmp_path / "mapped.png"  # the photo as an HDR clip's frames are brought to SDR
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-i", str(photo), "-vf", f"{tone_map(photo)}format=rgb24",
                    "-frames:v", "1", str(mapped)], check=True)  # fmt: skip
    hdr = _shown(photo)
    assert float(np.abs(hdr - _shown(mapped)).mean()) < 6, float(np.abs(hdr - _shown(mapped)).mean())  # was 14-40
    assert np.percentile(hdr.mean(axis=2), 95) > 0.85 * np.percentile(sdr.mean(axis=2), 95)  # whites white


@pytest.mark.parametrize("transfer", [PQ, HLG])
def test_an_hdr_photo_is_measured_as_it_is_shown(tmp_path: Path, transfer: str) -> None:
    """Its thumbnail (the grade, the crop and the visualizer's colour read it) is the tone-mapped picture's: read as
    SDR, the PQ poster's differed from it by 0.15 of full scale on average, the HLG one's by 0.07 (now 0.01)."""
    photo = _avif(tmp_path / f"{transfer}.avif", "852:480", transfer)
    mapped = tmp_path / "mapped.png"
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-i", str(photo), "-vf", f"{tone_map(photo)}format=rgb24",
                    "-frames:v", "1", str(mapped)], check=True)  # fmt: skip
    seen, shown = small_frame(photo, 0, 64), small_frame(mapped, 0, 64)
    assert seen is not None and shown is not None
    assert float(np.abs(seen - shown).mean()) < 0.03, float(np.abs(seen - shown).mean())
