"""Reframing for another aspect by what matters in the picture, and no source enlarged more than twice."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.framing import MAX_UPSCALE, fill_scale, salient_centre
from nemo_notebook.protocol import MediaInfo, MediaKind

from .drafts import draft, shot
from .synth import ffmpeg, gray_frames


def _picture(path: Path, source: str) -> Path:
    ffmpeg("-f", "lavfi", "-i", source, "-frames:v", "1", str(path))
    return path


def test_saliency_finds_the_subject_off_centre() -> None:
    grey = np.full((54, 96), 0.3)
    grey[20:34, 70:84] = 1.0
    fx, fy = salient_centre(grey)
    assert fx > 0.65 and 0.4 < fy < 0.6


def test_a_tall_export_keeps_an_off_centre_subject_in_frame(tmp_path: Path) -> None:
    """A white square at 80 % of a 16:9 picture's width: a centre crop to 9:16 would cut it out."""
    path = _picture(tmp_path / "wide.png", "color=c=0x303030:s=640x360,drawbox=x=480:y=150:w=60:h=60:c=white:t=fill")
    media = {"w": (path, MediaInfo("w", "wide.png", MediaKind.IMAGE, "png", 1, width=640, height=360))}
    d = draft([shot("w", 0, 1000, motion="none")], 1000, music=None)
    frames = gray_frames(render_draft(d, media, tmp_path / "out.mp4", size=(180, 320)).path)
    assert (frames[0] > 200).sum() > 100


def test_a_small_picture_is_enlarged_at_most_twice_and_sits_on_a_blurred_fill(tmp_path: Path) -> None:
    path = _picture(tmp_path / "small.png", "testsrc2=s=80x45,format=rgb24")
    info = MediaInfo("s", "small.png", MediaKind.IMAGE, "png", 1, width=80, height=45)
    assert fill_scale(80, 45, 320, 180) > MAX_UPSCALE  # 4x to fill: more than a picture on its fill may be
    d = draft([shot("s", 0, 1000, motion="none")], 1000, music=None)
    frame = gray_frames(render_draft(d, {"s": (path, info)}, tmp_path / "out.mp4", size=(320, 180)).path)[0]
    edges = np.abs(np.diff(frame.astype(np.float32), axis=1))
    # the sharp copy is 2× (160×90 of a 320×180 frame, with the 12 % motion margin: about 143×80 in view)
    middle, border = edges[60:120, 110:210], np.concatenate([edges[:, :40], edges[:, -40:]], axis=1)
    assert middle.mean() > 4 * border.mean()
    assert border.mean() < 3  # blurred, and not black
    assert frame[:, :30].mean() > 12  # darkened, not black


def test_one_grade_brings_a_dark_photo_and_a_bright_one_closer(tmp_path: Path) -> None:
    sources = {"dark": "0x3a3020", "mid": "0x6a7a60", "bright": "0xd0d8c8"}
    media = {}
    for name, colour in sources.items():
        path = _picture(
            tmp_path / f"{name}.png", f"color=c={colour}:s=640x360,drawbox=x=200:y=100:w=80:h=80:c=red:t=fill"
        )
        media[name] = (path, MediaInfo(name, path.name, MediaKind.IMAGE, "png", 1, width=640, height=360))
    d = draft([shot(n, i * 1000, 1000, motion="none") for i, n in enumerate(sources)], 3000, music=None)
    frames = gray_frames(render_draft(d, media, tmp_path / "out.mp4", size=(320, 180)).path)
    dark, bright = frames[10].mean(), frames[-10].mean()
    source_gap = 0xD0 - 0x30  # about the sources' luma difference
    assert bright - dark < 0.85 * source_gap
