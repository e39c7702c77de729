"""Time on screen follows the material's strength (issue 29: in a calm orchestral minute of five photos, a reviewer
saw the weakest image get the most screen time): a weak picture gets fewer showings and the shorter shots, the
longer ones going to the strong pictures."""

from __future__ import annotations

import pytest

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.protocol import MediaInfo, MediaKind, Segment
from nemo_notebook.protocol.vocabulary import is_reframe
from tests.render.synth import click_analysis

SONG = MediaInfo("m_song", "song.mp3", MediaKind.AUDIO, "mp3", 1000, duration_ms=90_000)
PICTURES = [
    MediaInfo(f"m_p{i}", f"p{i}.jpg", MediaKind.IMAGE, "jpg", 10 + i, width=1920, height=1080) for i in range(5)
]
# a calm piece whose sections swell and ebb: its shots of two to four bars differ in length
ENERGY = tuple(0.15 + 0.25 * ((i // 75) % 3 == 1) for i in range(901))
SECTIONS = tuple(range(0, 90_000, 7_500))


def _showings(lane: list[Segment]) -> dict[str, list[int]]:
    """Each picture's showings' lengths (ms), a showing's reframes part of it."""
    out: dict[str, list[int]] = {}
    for sg in lane:
        if is_reframe(sg.meta):
            out[str(sg.src)][-1] += sg.duration_ms
        else:
            out.setdefault(str(sg.src), []).append(sg.duration_ms)
    return out


@pytest.mark.parametrize("seed", range(8))
def test_a_weak_picture_gets_shorter_shots_than_the_strong_ones(seed: int) -> None:
    """Five photos under a calm piece, one out of focus: its showings are shorter than the strong pictures' on
    average, and its time on screen less than theirs."""
    analysis = click_analysis(84, 90_000, energy=ENERGY, drive=0.2, sections_ms=SECTIONS)
    sharpness = tuple((p.id, 0.3 if p.id == "m_p2" else 0.9) for p in PICTURES)
    options = MusicVideoOptions(seed=seed, picture_sharpness=sharpness)
    draft = plan_music_video(SONG, analysis, [(p, None) for p in PICTURES], options)
    lane = sorted(next(t for t in draft.tracks if t.meta.get("role") == "visuals").segments, key=lambda s: s.start_ms)
    shown = _showings(lane)
    assert len({ms for showings in shown.values() for ms in showings}) >= 2  # lengths differ: else nothing to test
    weak = shown.pop("m_p2")
    strong = [ms for showings in shown.values() for ms in showings]
    totals = [sum(ms) for ms in shown.values()]
    assert sum(weak) / len(weak) < sum(strong) / len(strong), (weak, shown)  # shorter showings
    assert sum(weak) < sum(totals) / len(totals), (weak, shown)  # and less time on screen
