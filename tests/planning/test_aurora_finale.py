"""An aurora song's finale is drawn as its drop (``planning.backgrounds._finale``): held-out 05's last 50 s, the band
back after the breakdown, 0.8 LU under the drop, took the loud variant, a sky of mean luma 60-65 against the drop's 94:
"the biggest moment of the song looks smaller than 2:20" (a blind reviewer, ab69a)."""

from __future__ import annotations

import pytest

from nemo_notebook.engine.analysis.types import AudioAnalysis
from nemo_notebook.engine.planning.backgrounds import background_segments

HOP = 100


def _variants(finale: float, design: str = "aurora", breakdown: float = 0.6) -> list[object]:
    # an intro (0.7, 20 s), the band (0.8, 20 s), the chorus (0.9, 20 s), a breakdown (0.6, 15 s), the band back
    parts = ((0.7, 200), (0.8, 200), (0.9, 200), (breakdown, 150), (finale, 250))
    energy = [level for level, hops in parts for _ in range(hops)]
    length = len(energy) * HOP
    beats = tuple(range(0, length, 750))
    song = AudioAnalysis(length, 80.0, beats, beats[::4], (), tuple(energy), HOP, (0, 20000, 40000, 60000, 75000))
    scenes = background_segments(song, [*range(0, length, 750), length], design)
    assert len(scenes) == 5, [s.start_ms for s in scenes]
    return [s.meta.get("variant") for s in scenes]


def test_the_band_back_to_end_the_song_near_the_drop_s_loudness_is_drawn_as_the_drop() -> None:
    # main: ['loud', 'loud', 'drop', 'quiet', 'loud']
    assert _variants(0.88) == ["loud", "loud", "drop", "quiet", "drop"]


@pytest.mark.parametrize(
    ("finale", "design", "before"), [(0.8, "aurora", 0.6), (0.88, "aurora", 0.8), (0.88, "pulse", 0.6)]
)
def test_a_finale_well_under_the_drop_or_barely_over_the_breakdown_or_in_another_design_stays_loud(
    finale: float, design: str, before: float
) -> None:
    assert _variants(finale, design, before)[-1] == "loud"
