"""A section's grade glides into the next one's instead of changing in one frame (issue 29, held-out 03's blind
review: "at 0:09.03 the whole frame drops about 3 % in brightness in a single frame ... a small visible pop on the
leaf shot"). 03's song's loudest section began at 9.026 s, inside the leaf's shot (11.1 s long), and the section
grade (``render.sections``: saturation 1.15, contrast 1.05 there) switched on in one frame: contrast about mid-grey
darkened the darker-than-mid picture. Rendered here: one still shot of a darker-than-mid brown picture held across
a calm section's end and the loudest section's start; the grade still changes, over many frames."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nemo_notebook.engine.render import render_draft

from .drafts import draft, shot
from .synth import ffmpeg, image_info
from .test_track_alone_look import rgb_frames

SIZE = (192, 108)
BOUNDARY_MS = 2000
SECTIONS = [
    {"start_ms": 0, "end_ms": BOUNDARY_MS, "level": "calm"},
    {"start_ms": BOUNDARY_MS, "end_ms": 4000, "level": "loudest"},
]
WINDOW = 4  # frames: no run of this many takes more than HALF of the whole change (a frame's encoder noise is
HALF = 0.5  # about a level either way, a 1 s glide moves a sixth of the change in four frames at 24-30 fps)


def _saturation(frames: np.ndarray) -> np.ndarray:
    """Each frame's mean HSV saturation, 0..1."""
    high, low = frames.max(axis=-1), frames.min(axis=-1)
    return np.asarray(((high - low) / np.maximum(high, 1 / 255)).mean(axis=(1, 2)))


def test_the_grade_glides_into_the_loudest_section_inside_a_shot(tmp_path: Path) -> None:
    pic = tmp_path / "brown.png"  # lit from the left: its mean moves smoothly, not in whole levels of a flat colour
    light = "geq=r='r(X,Y)*(0.5+0.5*X/W)':g='g(X,Y)*(0.5+0.5*X/W)':b='b(X,Y)*(0.5+0.5*X/W)'"
    ffmpeg("-f", "lavfi", "-i", f"color=c=0x906840:s=640x360,format=rgb24,{light}", "-frames:v", "1", str(pic))
    media = {"pic": (pic, image_info("pic", pic))}
    d = draft([shot("pic", 0, 4000, motion="none")], 4000, music=None, sections=SECTIONS)
    frames = rgb_frames(render_draft(d, media, tmp_path / "out.mp4", size=SIZE).path, SIZE)
    fps = len(frames) / 4
    at = round(BOUNDARY_MS / 1000 * fps)
    span = frames[at - round(fps) : at + round(fps)]
    for measure in (span.mean(axis=(1, 2, 3)), _saturation(span)):
        whole = abs(float(measure[-1] - measure[0]))
        assert whole > 0.01 * float(measure.mean()), measure.round(4)  # the loudest section still looks its own
        biggest = float(np.abs(measure[WINDOW:] - measure[:-WINDOW]).max())
        # main: the whole change in one frame (1.00 of it, luma and saturation); now 0.31 and 0.22 in four frames
        assert biggest <= HALF * whole, (np.diff(measure).round(4), biggest, whole)
