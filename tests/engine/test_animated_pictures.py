"""Issue 27: an animated GIF is a clip (kind video, its length and rate) that plays, and loops when the shot
outlasts it; a GIF of one frame is still a picture; an animated WebP, which PyAV cannot decode but the bundled
ffmpeg can, is a clip too (converted at upload), its alpha kept."""

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

from .conftest import upload


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


def test_an_animated_webp_is_a_clip_that_plays_loops_and_keeps_its_alpha(
    engine: RunningEngine, api: httpx.Client, sid: str, tmp_path: Path
) -> None:
    """Refused on main ("it is an animated WebP, which the engine's decoders cannot play"); the bundled ffmpeg reads
    it, so it is taken as a clip as an animated GIF is: its left quarter transparent, on the slate, not on black."""
    webp = tmp_path / "sticker.webp"
    see_through = "format=rgba,geq=r='r(X,Y)':g='g(X,Y)':b='b(X,Y)':a='if(lt(X,W/4),0,255)'"
    ffmpeg("-f", "lavfi", "-i", "testsrc2=s=480x360:r=10", "-t", "1", "-vf", see_through, "-c:v", "libwebp_anim",
           "-loop", "0", str(webp))  # fmt: skip
    answer = upload(api, sid, ("sticker.webp", webp))
    assert answer.status_code == 200, answer.text
    [info] = answer.json()["data"]["media"]
    assert (info["kind"], info["format"], info["width"], info["height"]) == ("video", "webp", 480, 360)
    assert 900 <= info["duration_ms"] <= 1100 and info["fps"] == 10 and info["has_audio"] is False

    path = engine.settings.home / "media" / sid / f"{info['id']}.webp"
    d = draft([shot(info["id"], 0, 3000, motion="none")], 3000, music=None)
    frames = _frames(render_draft(d, {info["id"]: (path, MediaInfo.from_wire(info))}, tmp_path / "out.mp4",
                                  size=(320, 180)).path)  # fmt: skip
    assert len(frames) == 90
    picture = [f[:, 100:260] for f in frames]  # right of the clear quarter (the clip is 240 of 320 columns wide)
    changes = [float(np.abs(a - b).mean()) for a, b in zip(picture, picture[3:], strict=False)]
    assert min(changes) > 2.5, changes  # it plays through its 3 s, past its 1 s: a held frame changes by noise only
    assert float(np.abs(picture[0] - picture[30]).mean()) < 2.0  # it started again at 1 s
    clear = frames[45][20:160, 45:95].mean(axis=(0, 1))  # the clip's clear quarter (its columns 40-100)
    assert clear.mean() > 30, clear  # the slate (about 50), not black
