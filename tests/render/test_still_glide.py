"""A slow pan or zoom on a still glides: it moves a little every frame, not held and then jumped (issue 29: a blind
reviewer saw the pans and zooms of a photo video as "stepped").

An 8 s shot of a detailed picture (seeded noise, scaled up) at the preview's 640x360, 15 fps and x264 settings. On
main (7f5562f) the pan's crop corner was rounded to even pixels: it stood still about every other frame and then
jumped 2 px; eased at any whole pixel (``exact=1``, stops 51-54) it still held frames where it went slower than a
pixel a frame (since stop 55 it moves a whole step every frame: ``tests/render/test_pan_steps.py``); the zoom (``zoompan``, main 56c8551) placed its view at even pixels and sized
it in whole ones, so the change between frames swung from 4 to 40 (mean absolute difference). The zoom cases fail on
56c8551 and pass with ``scale`` per frame and a crop at any pixel.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.render.camera import pan_corner, zoom_filter
from nemo_notebook.engine.render.framings import motion_box
from nemo_notebook.engine.render.graph import Canvas
from nemo_notebook.engine.render.timeline import Shot
from nemo_notebook.protocol import Segment

W, H, FPS, SECONDS = 640, 360, 15, 8
PREVIEW_X264 = [
    "-preset",
    "ultrafast",
    "-crf",
    "30",
    "-x264-params",
    "cabac=1:8x8dct=1:bframes=3:deblock=1,0,0:aq-mode=1",
]

EXPORT_X264 = ["-preset", "veryfast", "-crf", "20"]


def _picture(path: Path, cells: tuple[int, int] = (180, 101)) -> Path:
    """A detailed still: seeded noise, enlarged to 720x404 (4x: smooth detail everywhere, nothing repeating; from
    fewer ``cells``, width and height, blobs of colour)."""
    w, h = cells
    noise = np.random.default_rng(29).integers(0, 256, (h, w), dtype=np.uint8)
    cmd = [ffmpeg_exe(), "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "gray", "-s", f"{w}x{h}", "-i", "-"]
    subprocess.run(
        [*cmd, "-vf", "scale=720:404:flags=bicubic", "-frames:v", "1", str(path)], input=noise.tobytes(), check=True
    )
    return path


def _frames(motion: str, tmp: Path, x264: list[str] = PREVIEW_X264) -> np.ndarray:
    """The shot rendered as the renderer chains it (picture scaled to the motion box, then the camera move), decoded
    to grey frames."""
    frames = FPS * SECONDS
    canvas = Canvas(W, H, FPS, frames, SECONDS * 1000, fast=True)
    shot = Shot(Segment(0, SECONDS * 1000, "p", meta={"motion": motion}), 0, frames)
    bw, bh = motion_box(canvas)
    picture = f"[0:v]scale={bw}:{bh},format=yuv420p,"
    if motion.startswith("zoom"):
        chain = picture + zoom_filter(motion, shot, canvas)
    else:
        repeated = f"loop=loop={frames - 1}:size=1:start=0,settb=expr=1/{FPS},setpts=N"
        chain = f"{picture}{repeated},crop={W}:{H}{pan_corner(motion, shot, canvas)}"
    out = tmp / f"{motion}.mp4"
    encode = ["-map", "[v]", "-r", str(FPS), "-frames:v", str(frames), "-c:v", "libx264", *x264]
    cmd = [ffmpeg_exe(), "-v", "error", "-y", "-i", str(_picture(tmp / "still.png")), "-filter_complex", chain + "[v]"]
    subprocess.run([*cmd, *encode, "-pix_fmt", "yuv420p", str(out)], check=True)
    raw = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(out), "-f", "rawvideo", "-pix_fmt", "gray", "-"],
        capture_output=True,
        check=True,
    ).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, H, W).astype(np.float64)


def _shift(a: np.ndarray, b: np.ndarray) -> float:
    """How far the picture moved from ``a`` to ``b`` in pixels: the phase correlation peak, to a sub-pixel."""
    window = np.outer(np.hanning(a.shape[0]), np.hanning(a.shape[1]))
    cross = np.fft.fft2(a * window) * np.conj(np.fft.fft2(b * window))
    r = np.fft.ifft2(cross / (np.abs(cross) + 1e-9)).real
    i, j = np.unravel_index(int(np.argmax(r)), r.shape)

    def _sub(v: np.ndarray, k: int) -> float:
        left, centre, right = v[(k - 1) % len(v)], v[k], v[(k + 1) % len(v)]
        d = left - 2 * centre + right
        return k + (0.0 if d == 0 else 0.5 * (left - right) / d)

    dy, dx = _sub(r[:, j], int(i)), _sub(r[i, :], int(j))
    dy, dx = (dy - r.shape[0] if dy > r.shape[0] / 2 else dy), (dx - r.shape[1] if dx > r.shape[1] / 2 else dx)
    return float(np.hypot(dx, dy))


def _middle(values: np.ndarray) -> np.ndarray:
    """The middle third, where the eased move goes at an almost steady speed."""
    n = len(values)
    return values[n // 3 : 2 * n // 3]


def _longest_hold(shifts: np.ndarray) -> int:
    """The most frames in a row that did not move (under a quarter pixel)."""
    longest = run = 0
    for s in shifts:
        run = run + 1 if s < 0.25 else 0
        longest = max(longest, run)
    return longest


@pytest.mark.parametrize("motion", ["pan_right", "pan_up"])
def test_a_preview_pan_moves_a_pixel_every_frame_of_its_move(motion: str, tmp_path: Path) -> None:
    """At the preview's 360 lines a pan moves 1 px every frame (``camera.pan_step``: 2 would be three times the
    1080p pace as a share of the frame) until it has crossed its way, then holds: never a frame held inside the
    move, never a jump. Stops 51-54 eased it at any whole pixel: slower than a pixel a frame at its ends and up
    (0.54 px a frame), it moved 1, 0, 1, 0 there. Encoded as an export: the preview's ultrafast x264 moved the
    first frames of the pan up 2, 0, 0.1, 1.9, 0.4, 1.6 px (its motion search; the frames' corners are 1 px apart)."""
    f = _frames(motion, tmp_path, EXPORT_X264)
    shifts = np.array([_shift(f[k], f[k + 1]) for k in range(len(f) - 1)])
    moving = np.flatnonzero(shifts >= 0.25)
    move = shifts[moving[0] : moving[-1] + 1]
    detail = np.round(shifts, 2).tolist()
    assert len(move) >= 2 * FPS, f"moved {len(move)} frames: {detail}"
    assert move.max() < 1.5, f"jumps of {move.max():.2f} px: {detail}"
    assert _longest_hold(move) == 0, f"holds {_longest_hold(move)} frames inside the move: {detail}"


@pytest.mark.parametrize("motion", ["zoom_in", "zoom_out"])
def test_a_slow_zoom_changes_the_picture_steadily(motion: str, tmp_path: Path) -> None:
    """The change between frames (mean absolute difference) stays near its mean: the picture is scaled to a new
    size every frame and cropped at any pixel. Main's ``zoompan`` placed its view at even pixels and sized it in
    whole ones, so the change swung (coefficient of variation 0.49 and 0.50 here)."""
    f = _frames(motion, tmp_path)
    change = _middle(np.abs(np.diff(f, axis=0)).mean(axis=(1, 2)))
    variation = float(change.std() / change.mean())
    assert change.min() > 0.1 * change.mean(), f"a frame held still: {np.round(change, 2).tolist()}"
    assert variation < 0.3, f"the change between frames varies {variation:.2f} ({np.round(change, 2).tolist()})"
