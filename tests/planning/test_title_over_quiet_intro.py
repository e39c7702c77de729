"""A track alone's opening title is shown as long as any opening title, even over a long quiet intro: held-out 06
(its first 14.5 s near silent) kept the title up until the drop, and a blind reviewer wrote "the title stays up for
14 s, which is long". On main 0ea4ea9 the titles below are held to the drop at 14.5 s (12.0-12.7 s long); here 5.0-6.5 s."""

from __future__ import annotations

import pytest

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.protocol import MediaInfo, MediaKind, Segment
from nemo_notebook.protocol.vocabulary import Role
from tests.render.synth import click_analysis

LONGEST_MS = 6500


def _title(credit: str, tempo_bpm: float) -> Segment:
    quiet = (0.3,) * 145 + (0.9,) * 456  # 14.5 s some 28 dB under the body, as held-out 06, then loud
    analysis = click_analysis(tempo_bpm, 60_000, energy=quiet, sections_ms=(0, 14_500))
    info = MediaInfo("song", "song.wav", MediaKind.AUDIO, "wav", 1, duration_ms=60_000)
    made = plan_music_video(info, analysis, [], MusicVideoOptions(title=credit, credit_line=True))
    assert made.meta.get("quiet_intro_ms", 0) >= 14_000, made.meta  # the intro is found to be quiet
    return next(sg for t in made.tracks for sg in t.segments if sg.meta.get("role") == Role.TITLE)


@pytest.mark.parametrize("tempo_bpm", [120.0, 132.0])
@pytest.mark.parametrize("credit", ["I Have No Tomatoes", "Night Drive — The Kites"])
def test_the_title_over_a_long_quiet_intro_shows_for_seconds_not_until_the_drop(credit: str, tempo_bpm: float) -> None:
    title = _title(credit, tempo_bpm)
    assert 5000 <= title.duration_ms <= LONGEST_MS, title  # main: to the drop, 12.0-12.7 s
    assert title.start_ms <= 2000, title
