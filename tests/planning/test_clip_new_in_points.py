"""A clip cut into many short shots opens each on another in-point before it opens on one again (issue 29: held-out
exports 01 and 02 cut the 11 s ``Megamind.avi`` into 20 and 15 shots of 0.77 s, four at a time, and a blind
reviewer saw "the same four Megamind shots recurring": 14 and 13 distinct in-points, one opened on three times).
The clips' windows are handed out as the planner does (``clip_shots.ClipShots``), each shot after the one before."""

from __future__ import annotations

import pytest

from nemo_notebook.engine.analysis.types import VideoAnalysis
from nemo_notebook.engine.planning.clip_shots import ClipShots
from nemo_notebook.protocol import MediaInfo, Segment
from tests.planning.test_energetic_pace import _clip

MEGAMIND = _clip("m_mega", 11_260, (4129, 6465, 8383))  # the held-out clip's length and its own cuts
MONTAGE = _clip("m_bikes", 10_000, (1200, 3040, 5480, 7480, 9680))


def _in_points(clip: tuple[MediaInfo, VideoAnalysis], shot_ms: int) -> list[int]:
    """The in-points of 20 shots of the clip, four back to back every 15 s (the loud sections' montage)."""
    times = [group * 15_000 + k * shot_ms for group in range(5) for k in range(4)]
    shots = ClipShots([clip], [0] * len(times), [shot_ms] * len(times))
    out: list[int] = []
    before: Segment | None = None
    for at_ms in times:
        info, in_ms = shots.take(0, shot_ms, after=before, at_ms=at_ms)
        before = Segment(at_ms, shot_ms, src=info.id, in_ms=in_ms)
        out.append(in_ms)
    return out


@pytest.mark.parametrize(("clip", "shot_ms"), [(MEGAMIND, 770), (MEGAMIND, 1000), (MONTAGE, 770)])
def test_twenty_short_shots_of_a_short_clip_each_open_on_another_in_point(
    clip: tuple[MediaInfo, VideoAnalysis], shot_ms: int
) -> None:
    """Before: 19, 18 and 17 distinct in-points of 20."""
    ins = _in_points(clip, shot_ms)
    assert len(set(ins)) == len(ins), sorted(ins)
