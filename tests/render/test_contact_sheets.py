"""Contact sheets of three music-video exports (16:9 and 9:16), saved for a person to look at.

Media: "Vibe Ace" by Kevin MacLeod (CC BY 3.0) and "Big Buck Bunny" (CC BY 3.0, (c) 2008 Blender Foundation,
www.bigbuckbunny.org) with its poster. Each export is rendered small (a preview size) and a frame every 1.5 s is
tiled into ``tests/artifacts/contact-sheets/<name>.png``. The test checks what can be checked without eyes: every
tile has a picture (none black or white), and the sheet is written.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.analysis.audio import analyze_audio
from nemo_notebook.engine.analysis.video import analyze_video
from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.render import render_draft
from nemo_notebook.protocol import MediaInfo, MediaKind
from tests.conftest import shared_media

SHEETS = Path(__file__).parents[1] / "artifacts" / "contact-sheets"
SECONDS = 24
EXPORTS = {
    "wide-circular": ("16:9", (640, 360), "circular", "auto"),
    "tall-mirrored": ("9:16", (360, 640), "mirrored", "auto"),
    "tall-glow": ("9:16", (360, 640), "glow", "lower_third"),
}


def _ffmpeg(*args: str) -> None:
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", *args], check=True)


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, MediaInfo]]:
    folder = tmp_path_factory.mktemp("sheets")
    song = folder / "vibe.m4a"
    _ffmpeg("-i", str(shared_media("vibe-ace.mp3")), "-t", str(SECONDS), "-map", "0:a", "-c:a", "aac", str(song))
    bunny = shared_media("big-buck-bunny-30s.mp4")
    out: dict[str, tuple[Path, MediaInfo]] = {
        "song": (song, MediaInfo("song", song.name, MediaKind.AUDIO, "m4a", 1, duration_ms=SECONDS * 1000)),
        "bunny": (bunny, MediaInfo("bunny", bunny.name, MediaKind.VIDEO, "mp4", 1, 30_000, 854, 480, 24.0, True)),
    }
    poster = shared_media("big-buck-bunny-poster.jpg")
    out["poster"] = (poster, MediaInfo("poster", poster.name, MediaKind.IMAGE, "jpg", 1, width=1920, height=1080))
    for i, at in enumerate((10.5, 13.0, 17.0)):  # the hill, the stream, the bird: not the clip's cloud pan again
        still = folder / f"still{i}.jpg"
        _ffmpeg("-ss", str(at), "-i", str(bunny), "-frames:v", "1", "-q:v", "3", str(still))
        out[f"still{i}"] = (still, MediaInfo(f"still{i}", still.name, MediaKind.IMAGE, "jpg", 1, width=854, height=480))
    return out


@pytest.mark.parametrize("name", EXPORTS)
def test_contact_sheet(media: dict[str, tuple[Path, MediaInfo]], tmp_path: Path, name: str) -> None:
    aspect, size, visualizer, position = EXPORTS[name]
    song_path, song = media["song"]
    visuals = [(media["bunny"][1], analyze_video(media["bunny"][0]))]
    visuals += [(media[k][1], None) for k in ("poster", "still0", "still1", "still2")]
    options = MusicVideoOptions(aspect=aspect, visualizer=visualizer, visualizer_position=position, title="Vibe Ace")
    draft = plan_music_video(song, analyze_audio(song_path), visuals, options)
    video = render_draft(draft, media, tmp_path / f"{name}.mp4", quality="low", size=size).path
    SHEETS.mkdir(parents=True, exist_ok=True)
    sheet = SHEETS / f"{name}.png"
    columns = 4 if aspect == "16:9" else 8
    _ffmpeg(
        "-i",
        str(video),
        "-vf",
        f"fps=2/3,scale={size[0] // 2}:-2,tile={columns}x{16 // columns * 1}",
        "-frames:v",
        "1",
        str(sheet),
    )
    assert sheet.stat().st_size > 10_000
    w, h = size[0] // 2, size[1] // 2
    raw = subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-i",
            str(video),
            "-vf",
            f"fps=2/3,scale={w}:{h},format=gray",
            "-f",
            "rawvideo",
            "-",
        ],
        capture_output=True,
        check=True,
    ).stdout
    frames = np.frombuffer(raw, dtype=np.uint8).reshape(-1, h, w)
    means = frames.reshape(len(frames), -1).mean(axis=1)
    assert (means > 20).all() and (means < 235).all(), means
