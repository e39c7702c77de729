"""Issue 27, as a user meets it: files made by the test from real footage (Big Buck Bunny) and real music, sent
through the client to a real engine with the request users make, and the rendered frames looked at."""

from __future__ import annotations

import itertools
import subprocess
from pathlib import Path
from typing import Any

import numpy as np

from nemo_notebook.client import Client
from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from tests.conftest import shared_media

ASK = "create a video from this music with visualizer and beat-synced cuts"


def ffmpeg(*args: str) -> None:
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", *args], check=True)


def track(tmp_path: Path, seconds: int = 15) -> Path:
    """``seconds`` of the demo's song (a real mix with a beat), as an MP3."""
    out = tmp_path / "song.mp3"
    ffmpeg("-ss", "20", "-t", str(seconds), "-i", str(shared_media("vibe-ace.mp3")), "-map", "0:a", str(out))
    return out


def video_of(real_engine: Any, tmp_path: Path, *files: Path, ask: str = ASK) -> tuple[str, Path]:
    """The reply to ``ask`` about ``files`` and the preview exported after it."""
    with Client(base_url=real_engine.url, token=real_engine.token, home=tmp_path / "home") as client:
        session = client.sessions.create()
        session.upload(list(files))
        reply = session.send(ask)
        video = session.export(quality="preview").wait().download(tmp_path / "video.mp4")
    return reply.text, video


def frames(path: Path) -> list[np.ndarray]:
    import av

    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24").astype(np.float32) for f in container.decode(video=0)]


def test_an_animated_gif_with_a_song_becomes_a_video_whose_gif_moves(real_engine: Any, tmp_path: Path) -> None:
    # a 2 s GIF of the film under a 15 s song: a shot's middle lies past the GIF's end, where the visualizer's
    # automatic colour looked for its frame, found none, and the render failed on an internal error
    gif = tmp_path / "bunny.gif"
    clip = str(shared_media("big-buck-bunny-30s.mp4"))
    ffmpeg("-ss", "12", "-t", "2", "-i", clip, "-vf", "fps=10,scale=320:-2:flags=lanczos", str(gif))
    _, video = video_of(real_engine, tmp_path, track(tmp_path), gif)
    shown = frames(video)[: 12 * 15]  # the first 12 s (the last shot fades out)
    centre = [f[120:240, 200:440] for f in shown]
    changes = [float(np.abs(a - b).mean()) for a, b in itertools.pairwise(centre)]
    moving = sum(c > 2.0 for c in changes)
    assert moving >= 60, (moving, changes)  # the GIF plays (140 of 179 measured; a still: 0)
