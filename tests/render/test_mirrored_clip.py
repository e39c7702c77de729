"""A clip's shot marked ``m.mirror`` (``planning.clip_spans_apart``: a moment its clip showed before, once the clip's
footage has all been shown) is rendered mirrored left to right, so that it is not the same picture again."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nemo_notebook.engine.render import render_draft

from .drafts import draft, shot
from .synth import ffmpeg, gray_frames, video_info


def _half_lit_clip(path: Path) -> Path:
    """A 2 s clip, white on its left half and black on its right."""
    source = "color=c=black:s=320x180:r=25:d=2,format=yuv420p,geq=lum='if(lt(X,W/2),235,16)':cb=128:cr=128"
    ffmpeg("-f", "lavfi", "-i", source, "-c:v", "libx264", "-preset", "ultrafast", str(path))
    return path


def test_a_mirrored_clip_shot_shows_its_footage_flipped_left_to_right(tmp_path: Path) -> None:
    clip = _half_lit_clip(tmp_path / "clip.mp4")
    media = {"clip": (clip, video_info("clip", clip, 2000, has_audio=False))}
    shots = [shot("clip", 0, 1000, volume=0), shot("clip", 1000, 1000, volume=0, mirror=True)]
    out = render_draft(draft(shots, 2000, music=None), media, tmp_path / "out.mp4", quality="low", size=(320, 180))
    frames = gray_frames(out.path)
    plain, flipped = frames[len(frames) // 4], frames[3 * len(frames) // 4]
    left, right = (slice(None, 120), slice(200, None))
    # main d3ce0be: the mirrored shot as lit on the left as the plain one (m.mirror not read)
    assert float(np.mean(plain[:, left])) > 150 > 50 > float(np.mean(plain[:, right]))
    assert float(np.mean(flipped[:, left])) < 50 and float(np.mean(flipped[:, right])) > 150
