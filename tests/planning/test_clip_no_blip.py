"""No blip of a clip's other scene at a shot's start or end (held-out 01, a blind reviewer of stop 55: "a 0.46 s
blip of the Megamind boy at 1:41.3 comes just before the end shot (probably a cut inside the clip)"): a clip's
shot up to ``clip_beat_cuts.BLIPS_SEEN_MS`` long that crosses one of the clip's own cuts on the beat shows each
scene ``clip_beat_cuts.SLIVER_MS`` or longer where the clip has such a window (``clip_windows``); the measure."""

from __future__ import annotations

import itertools

from nemo_notebook.engine.analysis.types import VideoAnalysis
from nemo_notebook.engine.planning.clip_beat_cuts import sliver_cuts
from nemo_notebook.protocol import MediaInfo
from tests.planning.test_clip_new_in_points import MEGAMIND


def _scenes(clip: tuple[MediaInfo, VideoAnalysis], in_ms: int, shot_ms: int) -> list[int]:
    """How long each of the clip's scenes is on screen in a shot from ``in_ms`` (ms)."""
    inside = [c for c in clip[1].cut_points_ms if in_ms < c < in_ms + shot_ms]
    edges = [in_ms, *inside, in_ms + shot_ms]
    return [b - a for a, b in itertools.pairwise(edges)]


def test_a_cut_on_the_beat_0_46_s_before_the_shot_s_end_counts_as_a_blip() -> None:
    """The reviewed shot: 2.69 s from 99.03 s, the clip's cut at 4129 ms shown 0.46 s before its end, on a beat."""
    length_ms = 2_693
    start = 4129 - (length_ms - 460)
    assert _scenes(MEGAMIND, start, length_ms) == [length_ms - 460, 460]
    assert sliver_cuts(MEGAMIND[1], start, length_ms) == 1
    assert sliver_cuts(MEGAMIND[1], 4129 - 1500, length_ms) == 0  # 1.5 s in: a scene of its own
    assert sliver_cuts(MEGAMIND[1], 4129 - 300, 2_000) == 1  # 0.3 s of the first scene, then the cut
    assert sliver_cuts(MEGAMIND[1], 4129 - 1500, 4_500) == 0  # a long shot's end: its cut on the beat is what counts
    # but its start: held-out 01's last clip shot was planned 6.13 s from the clip's 3.754 s (0.375 s of the first
    # scene), then shortened to 2.69 s by the ending
    assert sliver_cuts(MEGAMIND[1], 3754, 6_130) == 1
