"""Issue 27: an animated GIF is a clip (kind video, its length and rate) that plays, and loops when the shot
outlasts it; a GIF of one frame is still a picture; an animated WebP, which PyAV cannot decode, is refused with a
conversion that works."""

from __future__ import annotations

import subprocess
from pathlib import Path

import httpx
import numpy as np

from nemo_notebook.engine import RunningEngine
from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.render import render_draft
from nemo_notebook.protocol import MediaInfo
from tests.render.drafts import draft, shot

from .conftest import assert_error, upload


def ffmpeg(*args: str) -> None:
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", *args], check=True)


def _frames(path: Path) -> list[np.ndarray]:
    import av

    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24").astype(np.float32) for f in container.decode(video=0)]


def test_an_animated_gif_is_a_clip_that_plays_and_loops(
    engine: RunningEngine, api: httpx.Client, sid: str, tmp_path: Path
) -> None:
    gif, still = tmp_path / "dance.gif", tmp_path / "logo.gif"
    # 480x360: three times its size at 1080 lines, 1440 of 1920 columns of a 16:9 frame (``fills.clip_scale``)
    ffmpeg("-f", "lavfi", "-i", "testsrc2=s=480x360:r=10", "-t", "2", str(gif))
    ffmpeg("-f", "lavfi", "-i", "testsrc2=s=160x120", "-frames:v", "1", str(still))
    answer = upload(api, sid, ("dance.gif", gif), ("logo.gif", still))
    assert answer.status_code == 200, answer.text
    moving, single = answer.json()["data"]["media"]
    assert (moving["kind"], moving["format"], moving["width"], moving["height"]) == ("video", "gif", 480, 360)
    assert 1900 <= moving["duration_ms"] <= 2100 and moving["fps"] == 10 and moving["has_audio"] is False
    assert (single["kind"], single["duration_ms"]) == ("image", None)

    path = engine.settings.home / "media" / sid / f"{moving['id']}.gif"
    media = {moving["id"]: (path, MediaInfo.from_wire(moving))}
    d = draft([shot(moving["id"], 0, 3000, motion="none")], 3000, music=None)
    frames = _frames(render_draft(d, media, tmp_path / "out.mp4", size=(320, 180)).path)
    assert len(frames) == 90
    # at 30 fps each of the GIF's frames shows three times: every third frame is a new picture, past 2 s too
    changes = [float(np.abs(a - b).mean()) for a, b in zip(frames, frames[3:], strict=False)]
    again = float(np.abs(frames[0] - frames[60]).mean())
    assert again < 2.0, again  # it started again at 2 s (x264 noise only)
    assert min(changes) > 2.5, changes  # a held frame would change by x264 noise only


def test_an_animated_webp_is_refused_with_a_conversion_that_works(api: httpx.Client, sid: str, tmp_path: Path) -> None:
    webp = tmp_path / "loop.webp"
    ffmpeg("-f", "lavfi", "-i", "testsrc2=s=160x120:r=10", "-t", "1", "-c:v", "libwebp_anim", "-loop", "0", str(webp))
    body = assert_error(upload(api, sid, ("loop.webp", webp)), 415, 4001, "loop.webp", "animated WebP", "ffmpeg -i")
    converted = tmp_path / "loop.mp4"
    ffmpeg("-i", str(webp), "-pix_fmt", "yuv420p", str(converted))  # the conversion the message names works
    answer = upload(api, sid, ("loop.mp4", converted))
    assert answer.status_code == 200, (body, answer.text)
    [info] = answer.json()["data"]["media"]
    assert info["kind"] == "video" and 900 <= info["duration_ms"] <= 1100
