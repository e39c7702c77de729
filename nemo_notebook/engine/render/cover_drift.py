"""A cover video's background drifts all the time, as fast as its section plays: pure numbers and ffmpeg expressions.

The blurred background (``cover_backdrop.backdrop``, each section's scene: ``cover_motion.section_shades``) is larger
than the frame by the motion margin; the frame is a window (``crop``, no pixel work) that circles round inside it,
across and down, a turn in ``TURN_PHRASES`` phrases of its section, ``REACH`` of the margin's room from the middle:
the calm sections turn slowly and near the middle, the loudest fast and to the margin's edge. The turn goes on where
the section before left it (its phase carried over), so a change of section changes its speed, not its place.

Before it, each shot of the background made one eased pan or push over the whole shot: on 30 s excerpts of an
electronic and an orchestral song (640x360, the three designs), frames 0.5 s apart inside a section differed by
0.5 levels of 255 (the median, off the cover, the bars and the type), and a blind reviewer of held-out 04 (3:16)
saw "3+ minutes of one static picture". Over 20 s of one section of a poster (384x216,
``tests/render/test_cover_drift.py``) they differ by 0.37 in a calm section (0.29 before) and 1.46 in a loud one
(0.46).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ...protocol import Draft
from .cover_motion import level_at, phrase_s
from .framings import motion_box
from .graph import Canvas
from .sections import CALM, LOUDEST, MIDDLE
from .timeline import Shot

TURN_PHRASES = {CALM: 3.0, MIDDLE: 2.5, LOUDEST: 2.0}  # a turn of the window takes this many phrases
REACH = {CALM: 0.7, MIDDLE: 0.85, LOUDEST: 1.0}  # how far from the middle it goes, of the margin's room each side


def drift_crops(draft: Draft, lane: Sequence[Shot], canvas: Canvas) -> list[str]:
    """For each shot of the lane, the ``crop`` of the frame out of the background (the motion box), its corner an
    expression of ``t``, the video's clock (the shot's frames stamped from its first frame on the video)."""
    w, h = canvas.width, canvas.height
    bw, bh = motion_box(canvas)
    phrase = phrase_s(draft)
    out: list[str] = []
    phase, since_s, speed = 0.0, 0.0, 0.0
    for shot in lane:
        start_s = shot.start_frame / canvas.fps
        phase += speed * (start_s - since_s)  # where the shot before left the turn
        level = level_at(draft, (shot.start_frame + shot.frames / 2) * 1000 / canvas.fps)
        speed, reach = _speed(phrase, level), REACH[level]
        angle = f"({phase:.4f}+{speed:.5f}*(t-{start_s:.3f}))"
        x = f"{(bw - w) / 2:.1f}+{reach * (bw - w) / 2:.1f}*sin{angle}"
        y = f"{(bh - h) / 2:.1f}+{reach * (bh - h) / 2:.1f}*cos{angle}"
        out.append(f"crop={w}:{h}:x='{x}':y='{y}'")
        since_s = start_s
    return out


def _speed(phrase: float, level: str) -> float:
    """The window's turn in radians a second."""
    return 2 * math.pi / (TURN_PHRASES[level] * phrase)
