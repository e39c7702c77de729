"""Media made once per test session for the render tests: a click track, pictures of distinct brightness, a clip."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from nemo_notebook.protocol import MediaInfo

from .synth import LUMA_COLORS, audio_info, click_track, ffmpeg, image_info, picture, video_info

TEMPO_BPM = 120
TRACK_MS = 8000


@dataclass(frozen=True)
class Assets:
    folder: Path
    media: dict[str, tuple[Path, MediaInfo]]

    @property
    def picture_ids(self) -> list[str]:
        return [k for k in sorted(self.media) if k.startswith("pic")]


@pytest.fixture(scope="session")
def assets(tmp_path_factory: pytest.TempPathFactory) -> Assets:
    folder = tmp_path_factory.mktemp("render-assets")
    media: dict[str, tuple[Path, MediaInfo]] = {}
    click = click_track(folder / "click.wav", TEMPO_BPM, TRACK_MS)
    media["click"] = (click, audio_info("click", click, TRACK_MS))
    for i, color in enumerate(LUMA_COLORS):  # 1080 lines: a smaller picture sits whole on its fill in every render
        path = picture(folder / f"pic{i}.jpg", color, "1920x1080")
        media[f"pic{i}"] = (path, replace(image_info(f"pic{i}", path), width=1920, height=1080))
    noise = folder / "noise.wav"
    ffmpeg("-f", "lavfi", "-i", "anoisesrc=c=pink:a=0.3:d=8:r=44100:seed=7", "-ac", "2", str(noise))
    media["noise"] = (noise, audio_info("noise", noise, TRACK_MS))
    clip = folder / "clip.mp4"
    ffmpeg(
        *("-f", "lavfi", "-i", "testsrc2=s=640x360:r=25:d=6", "-f", "lavfi", "-i", "sine=f=1000:d=6:r=48000"),
        *("-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", str(clip)),
    )
    media["clip"] = (clip, video_info("clip", clip, 6000))
    return Assets(folder, media)
