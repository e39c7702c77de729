"""A track alone's opening title holds over a long quiet intro until the music comes in, its fade out ending on the
entry (``planning.quiet_intro.held_over_intro``): held-out 06's title shown 0:01-0:06 over its 14.5 s intro left "8 s
of near silence with a small dim ring before the drop, which is prime scroll-away time" (a blind reviewer of stop
55; of the title held to 0:14.3, "fades out just as the music comes in, which is a nice handoff"). Over an intro
longer than ``HELD_MOST_MS`` it shows as long as any opening title. On main 7d8cd68 the titles below over the
14.5 s intro are 5.0-6.5 s long. Since stop 64 (the intro's tunnel and ring building to the drop; stop 62's reviewer:
the title "hangs for the whole of that time") it is gone ``CLEAR_MS`` before the entry, leaving the build's last
seconds to the picture."""

from __future__ import annotations

import pytest

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.planning.quiet_intro import CLEAR_MS
from nemo_notebook.protocol import MediaInfo, MediaKind, Segment
from nemo_notebook.protocol.vocabulary import Role
from tests.render.synth import click_analysis

LONGEST_MS = 6500


def _title(credit: str, tempo_bpm: float, quiet_ms: int = 14_500) -> tuple[Segment, int]:
    quiet = (0.3,) * (quiet_ms // 100) + (0.9,) * ((60_000 - quiet_ms) // 100 + 1)  # some 28 dB under the body
    analysis = click_analysis(tempo_bpm, 60_000, energy=quiet, sections_ms=(0, quiet_ms))
    info = MediaInfo("song", "song.wav", MediaKind.AUDIO, "wav", 1, duration_ms=60_000)
    made = plan_music_video(info, analysis, [], MusicVideoOptions(title=credit, credit_line=True))
    entry = made.meta.get("quiet_intro_ms", 0)
    assert isinstance(entry, int) and abs(entry - quiet_ms) <= 500, made.meta  # the intro is found to be quiet
    return next(sg for t in made.tracks for sg in t.segments if sg.meta.get("role") == Role.TITLE), entry


@pytest.mark.parametrize("tempo_bpm", [120.0, 132.0])
@pytest.mark.parametrize("credit", ["I Have No Tomatoes", "Night Drive — The Kites"])
def test_the_title_over_a_long_quiet_intro_holds_until_shortly_before_the_music_comes_in(
    credit: str, tempo_bpm: float
) -> None:
    title, entry = _title(credit, tempo_bpm)
    assert title.end_ms == entry - CLEAR_MS, (title, entry)  # 7d8cd68: 5.0-6.5 s from its start; 5fd40107: entry
    assert title.start_ms <= 2000 and title.meta["usual_ms"] <= LONGEST_MS, title


def test_over_an_intro_of_most_of_half_a_minute_the_title_shows_for_seconds() -> None:
    title, entry = _title("I Have No Tomatoes", 120.0, quiet_ms=26_000)
    assert 5000 <= title.duration_ms <= LONGEST_MS < entry, (title, entry)
