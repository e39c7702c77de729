"""How fast a picture's camera move goes: twice the renderer's slow rate (``render.camera.move_pace``) in a short
shot of loud music, so that the pictures of a fast-cut loud passage move briskly and those held longer drift.

Held-out 01 (pop-rock, 156 BPM) moved every picture at one speed, 2 px a frame at 720p, whether its shot lasted
1.5 s or 6 s: a blind reviewer found the moves "smooth and mechanical, with no relation to the music". A short shot
crosses about as much of its picture as a long one then, a quicker camera in the loud cutting."""

from __future__ import annotations

from dataclasses import replace

from ...protocol import Segment
from ..analysis.types import AudioAnalysis

LOUD = 0.8  # ``AudioAnalysis.energy`` from which music is loud (8 dB under its loudest passages)
DRIVING = 0.5  # ``AudioAnalysis.drive`` from which music drives (calm music's pictures drift at the slow rate)
BRISK_SHOT_MS = 2500  # a picture's shot shorter than this, in loud music, moves twice as fast
BRISK = 2


def paced_moves(shots: list[Segment], analysis: AudioAnalysis) -> list[Segment]:
    """``shots`` with ``move_pace`` ``BRISK`` on each moving picture's shot shorter than ``BRISK_SHOT_MS`` whose
    music is ``LOUD`` on average (its energy over the shot) and drives (``DRIVING``, or unmeasured); the others as
    they are.

    >>> from nemo_notebook.engine.analysis.types import AudioAnalysis
    >>> loud = AudioAnalysis(10000, 156.0, (), (), (), (0.9,) * 40, 250, ())
    >>> shots = [Segment(0, 1500, "a", None, {"motion": "pan_left"}), Segment(1500, 3000, "b", None, {"motion": "zoom_in"})]
    >>> [s.meta.get("move_pace") for s in paced_moves(shots, loud)]
    [2, None]
    """
    if analysis.drive is not None and analysis.drive < DRIVING:
        return shots
    return [_paced(shot, analysis) for shot in shots]


def _paced(shot: Segment, analysis: AudioAnalysis) -> Segment:
    moving = shot.src is not None and shot.in_ms is None and "motion" in shot.meta
    if not moving or shot.duration_ms >= BRISK_SHOT_MS or _energy(shot, analysis) < LOUD:
        return shot
    return replace(shot, meta={**shot.meta, "move_pace": BRISK})


def _energy(shot: Segment, analysis: AudioAnalysis) -> float:
    hop = max(analysis.energy_hop_ms, 1)
    values = analysis.energy[shot.start_ms // hop : max(shot.end_ms // hop, shot.start_ms // hop + 1)]
    return sum(values) / len(values) if values else 0.0
