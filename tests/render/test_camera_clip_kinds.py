"""Issue 27's clip kinds nobody had measured: an old camera's or a webcam's MJPEG AVI with PCM sound (640x480 at
30 fps, full-range JPEG colour) and a phone's 4K60 H.264 clip (3840x2160 at 60 fps). Each clip numbers its frames in
a row of bits across its middle, orange above and blue below; rendered at 30 fps, every shot must begin at the frame
on screen at its in-point and still be playing half a shot later, in the clip's own colours, tagged BT.709, and the
camera's sound must be heard."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.intake.probe import probe
from nemo_notebook.engine.render import frame_at, render_draft

from .drafts import draft, shot
from .synth import ffmpeg

BITS = 9
_BAND = "between(Y,H*0.35,H*0.65)"
NUMBERED = (
    f"geq=lum='if({_BAND},if(mod(floor(N/pow(2,floor(X*{BITS}/W))),2),235,16),if(lt(Y,H*0.35),150,80))'"
    f":cb='if({_BAND},128,if(lt(Y,H*0.35),70,200))':cr='if({_BAND},128,if(lt(Y,H*0.35),190,110))'"
)  # orange above, blue below, the frame's number in the band between
SHOT_MS = 500

# name: (what makes it from the numbered frames, its probed container, size and rate, the in-points of its shots)
KINDS: dict[str, tuple[list[str], tuple[str, tuple[int, int], float], tuple[int, ...]]] = {
    "camera.avi": (
        ["-f", "lavfi", "-i", f"color=c=gray:s=640x480:r=30:d=5,format=yuv420p,{NUMBERED}", "-f", "lavfi", "-i",
         "sine=f=330:d=5:r=22050", "-c:v", "mjpeg", "-q:v", "3", "-pix_fmt", "yuvj420p", "-c:a", "pcm_s16le"],
        ("avi", (640, 480), 30.0), (3010, 517, 2000, 4265, 1033, 250),
    ),
    "phone-4k60.mp4": (
        ["-f", "lavfi", "-i", f"color=c=gray:s=384x216:r=60:d=2,format=yuv420p,{NUMBERED},"
         "scale=3840:2160:flags=neighbor", "-f", "lavfi", "-i", "sine=f=330:d=2", "-c:v", "libx264", "-preset",
         "ultrafast", "-pix_fmt", "yuv420p", "-color_primaries", "bt709", "-color_trc", "bt709", "-colorspace",
         "bt709", "-c:a", "aac"],
        ("mp4", (3840, 2160), 60.0), (1010, 233, 517, 1250, 0, 750),
    ),
}  # fmt: skip


def _number(luma: np.ndarray, left: int, right: int) -> int:
    """The number in the band of a frame whose picture spans columns ``left`` to ``right``."""
    h = luma.shape[0]
    band = luma[int(h * 0.45) : int(h * 0.55)]
    middles = [left + int((k + 0.5) * (right - left) / BITS) for k in range(BITS)]
    return sum(1 << k for k, x in enumerate(middles) if band[:, x - 1 : x + 2].mean() > 128)


def _frames(path: Path, most: int = 10_000) -> tuple[list[tuple[np.ndarray, np.ndarray]], dict[str, Any]]:
    """The first ``most`` frames' luma and RGB, and the stream's rate and colour tags."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        c = stream.codec_context
        facts = {"rate": float(stream.average_rate or 0),
                 "tags": (str(c.color_primaries), str(c.color_trc), str(c.colorspace), str(c.color_range))}  # fmt: skip
        frames = [(f.to_ndarray(format="gray"), f.to_ndarray(format="rgb24").astype(np.float64))
                  for f, _ in zip(container.decode(video=0), range(most), strict=False)]  # fmt: skip
    return frames, facts


def _columns(rgb: np.ndarray) -> tuple[int, int]:
    """The columns the clip's picture spans (its orange top), where a clip of another shape is set in the frame."""
    top = rgb[int(rgb.shape[0] * 0.2)]
    orange = np.nonzero((top[:, 0] > 180) & (top[:, 2] < 110))[0]
    return int(orange.min()), int(orange.max()) + 1


def _sound_rms(path: Path) -> float:
    found = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(path), "-vn", "-ac", "1", "-ar", "48000", "-f",
                            "f32le", "-"], capture_output=True, check=True).stdout  # fmt: skip
    samples = np.frombuffer(found, np.float32).astype(np.float64)
    return float(np.sqrt(np.mean(samples**2))) if samples.size else 0.0


@pytest.mark.parametrize("name", list(KINDS))
def test_a_camera_clip_plays_from_each_in_point_in_its_own_colours(tmp_path: Path, name: str) -> None:
    """Measured (this file's clips, 320x180 at 30 fps): every shot's first frame within a frame at 30 fps of its
    in-point, and half a shot on within a frame of the in-point plus 300 ms; the orange and blue within a few levels
    of the clip's own decode; the camera's 330 Hz tone heard at its own level."""
    making, (container, size, fps), in_points = KINDS[name]
    clip = tmp_path / name
    ffmpeg(*making, str(clip))
    info = probe(clip, media_id="c", name=name)
    assert (info.format, (info.width, info.height), info.fps) == (container, size, fps), info
    source, _ = _frames(clip, most=1)  # its own decode's colours
    colours = [
        source[0][1][: size[1] // 4].reshape(-1, 3).mean(0),
        source[0][1][-size[1] // 4 :].reshape(-1, 3).mean(0),
    ]

    shots = [shot("c", i * SHOT_MS, SHOT_MS, in_ms=at, motion="none") for i, at in enumerate(in_points)]
    video = draft(shots, len(shots) * SHOT_MS, music=None)
    out = render_draft(video, {"c": (clip, info)}, tmp_path / "out.mp4", quality="low", size=(320, 180)).path
    rendered, facts = _frames(out)
    assert facts == {"rate": 30.0, "tags": ("1", "1", "1", "1")}, facts  # BT.709, limited range
    for i, at in enumerate(in_points):
        for after_ms in (0, 300):
            luma, rgb = rendered[frame_at(i * SHOT_MS + after_ms, 30)]
            shown_ms = _number(luma, *_columns(rgb)) / fps * 1000
            assert abs(shown_ms - at - after_ms) <= 1000 / 30 + 1, (at, after_ms, shown_ms)
        h = rgb.shape[0]
        left, right = _columns(rgb)
        top, bottom = (
            rgb[: h // 6, left:right].reshape(-1, 3).mean(0),
            rgb[-h // 6 :, left:right].reshape(-1, 3).mean(0),
        )
        assert np.abs(top - colours[0]).max() < 12 and np.abs(bottom - colours[1]).max() < 12, (top, bottom, colours)
    if info.has_audio:
        assert _sound_rms(out) > 0.5 * _sound_rms(clip), (_sound_rms(out), _sound_rms(clip))
