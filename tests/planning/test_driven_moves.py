"""Where a picture's pan or zoom moves at a livelier pace (``planning.driven_moves``): the moving picture shots of
driving music's loud sections, never a calm section, a clip, a held still, a cover video, or music that flows.
Held-out 01 (156 BPM, 7 photos and 2 clips): its stills were "almost static for a 156 BPM track" (a blind
reviewer)."""

from __future__ import annotations

from typing import Any

import pytest

from nemo_notebook.engine.analysis.types import AudioAnalysis
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.planning.driven_moves import DRIVEN_PACE, MOVES, driven_moves
from nemo_notebook.protocol import Segment
from tests.planning.test_beat_pulses import CALM, PICTURES, SONG, _song


def _lane(analysis: AudioAnalysis) -> list[Segment]:
    draft = plan_music_video(SONG, analysis, [(p, None) for p in PICTURES], MusicVideoOptions(visualizer=None))
    return list(next(t for t in draft.tracks if t.meta.get("role") == "visuals").segments)


def test_a_planned_driving_video_paces_the_moves_of_its_loud_sections_only() -> None:
    """Through the planner (three pictures, 48 s: loudest, calm, loud): every moving picture shot that starts in a
    loud section moves at ``DRIVEN_PACE``, none in the calm one."""
    lane = _lane(_song())
    shown = [(sg.start_ms, sg.duration_ms, dict(sg.meta)) for sg in lane]
    moving = [sg for sg in lane if sg.src is not None and sg.in_ms is None and sg.meta.get("motion") in MOVES]
    loud = [sg for sg in moving if not CALM[0] <= sg.start_ms < CALM[1]]
    calm = [sg for sg in moving if CALM[0] <= sg.start_ms < CALM[1]]
    assert loud and calm, shown
    # merge70 (fb3a8d50): no shot had m.move_pace, each moved at the one slow pace
    assert all(sg.meta.get("move_pace") == DRIVEN_PACE for sg in loud), shown
    assert not any("move_pace" in sg.meta for sg in calm), shown


@pytest.mark.parametrize("drive", [0.1, 0.5])
def test_calm_and_flowing_music_keep_their_pace(drive: float) -> None:
    assert not any("move_pace" in sg.meta for sg in _lane(_song(drive=drive)))


def _picture(start: int, src: str, **meta: Any) -> Segment:
    return Segment(start, 4000, src, None, {"motion": "pan_left", **meta})


def test_a_cover_video_a_clip_and_a_held_still_keep_their_pace() -> None:
    song = _song()
    assert [sg.meta.get("move_pace") for sg in driven_moves([_picture(0, "a"), _picture(4000, "a")], song, 48_000)] == [
        None,
        None,
    ]
    lane = [_picture(0, "a"), Segment(4000, 4000, "clip", 0, {}), _picture(8000, "b", motion="still")]
    assert [sg.meta.get("move_pace") for sg in driven_moves(lane, song, 48_000)] == [DRIVEN_PACE, None, None]
