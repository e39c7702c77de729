"""Few pictures under a driving song (issue 29, "with few pictures, shots get longer and motion, effects and the
visualizer carry the rhythm instead of re-showing the same picture"): where the music asks for more shots than the
material fills, the shots are joined (a loud one up to a phrase, a quiet one up to twice that), so that each
picture is shown fewer times, while every cut stays on a beat and the loud passages still cut faster than the
quiet ones."""

from __future__ import annotations

import pytest

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.protocol import MediaInfo, MediaKind, Segment
from nemo_notebook.protocol.showings import times_shown
from tests.render.synth import click_analysis

SONG = MediaInfo("m_song", "song.mp3", MediaKind.AUDIO, "mp3", 1000, duration_ms=90_000)
PHOTOS = [MediaInfo(f"m_p{i}", f"p{i}.jpg", MediaKind.IMAGE, "jpg", 10 + i, width=2560, height=1600) for i in range(6)]
QUIET_THEN_LOUD = tuple([0.3] * 300 + [0.95] * 601)  # a quiet half minute, then a loud minute


def _lane(seed: int) -> tuple[list[Segment], tuple[int, ...]]:
    beats = click_analysis(156, 90_000).beats_ms
    analysis = click_analysis(
        156, 90_000, energy=QUIET_THEN_LOUD, drive=1.0, sections_ms=(0, 30_000, 60_000), kicks_ms=beats
    )
    draft = plan_music_video(SONG, analysis, [(p, None) for p in PHOTOS], MusicVideoOptions(seed=seed))
    lane = next(t for t in draft.tracks if t.meta.get("role") == "visuals").segments
    return sorted(lane, key=lambda s: s.start_ms), analysis.beats_ms


@pytest.mark.parametrize("seed", range(3))
def test_six_photos_under_a_loud_song_are_shown_fewer_times_the_loud_part_still_cut_faster(seed: int) -> None:
    """Six photos, 90 s at 156 BPM (a quiet half minute, then loud): on main 35-36 showings (each photo 5-6 times,
    where the material allows 2), here 24-27 (2-6 times)."""
    lane, beats = _lane(seed)
    shown = times_shown(lane)
    assert sum(shown.values()) <= 27 and max(shown.values()) <= 6, shown
    assert all(sg.start_ms in beats for sg in lane[1:])  # every cut on a beat
    quiet, loud = (sum(a < sg.start_ms < a + 30_000 for sg in lane[1:]) for a in (0, 30_000))
    assert loud >= 2 * quiet, (quiet, loud)  # the loud half minute after the quiet one still cuts faster
