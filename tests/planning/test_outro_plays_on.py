"""The picture's ending follows the music's own (``planning.song_ending.own_ending``, s53): a song that falls into a
quiet outro and plays on at that level to its end is followed from its fall (the picture's light then follows its
level: ``render.outro_level``, ``tests/render/test_outro_dim.py``); a song that fades out by itself is followed from
where its level begins to fall, not from where it has already fallen 10 dB.

s53-cover had the first test check the opposite (the outro's start moved to 1.5 s before its end, the picture at full
light over it); s53's blind reviewer saw held-out 04's bars "collapsed to a flat line under the title" on that bright
frame over near silence, so it is changed on purpose (s53-cover2).

Held-out 04 (an electronic track whose last 8 s pulse 16 dB under its body, -29 LUFS short-term to its last frame):
on main c5bba5c the picture dimmed to 0.3 from 188 s and sat dim for 6 s while its beats still played; a blind
reviewer saw it "look over while the music goes on". On main both tests fail: the steady outro is "decay" from its
fall (20.0 s of 26), and the fade is followed only from 22.0 s, 2 s after it begins.
"""

from __future__ import annotations

from collections.abc import Callable

from nemo_notebook.engine.planning.song_ending import own_ending
from tests.render.synth import click_analysis

SONG_MS = 26_000
HOP = 100


def _energy(level_at: Callable[[int], float]) -> tuple[float, ...]:
    return tuple(round(level_at(i * HOP), 4) for i in range(SONG_MS // HOP))


def test_a_quiet_outro_that_plays_on_is_followed_from_its_fall() -> None:
    # the body at 0.85, from 20 s a quiet outro pulsing at 0.35-0.45 (16-20 dB under) to the file's end
    def level(ms: int) -> float:
        return 0.85 if ms < 20_000 else (0.45 if (ms // 500) % 2 else 0.35)

    own = own_ending(click_analysis(120, SONG_MS, energy=_energy(level)), SONG_MS)
    assert own is not None and own["until_ms"] == SONG_MS, own
    assert own["from_ms"] == 20_000, own  # merge53: 24500, the picture at full light over the outro


def test_a_song_that_fades_out_by_itself_is_followed_from_where_its_level_begins_to_fall() -> None:
    # the body at 0.85, then from 20 s a fade of 6 dB a second (0.15 of the 40 dB scale) to silence
    def level(ms: int) -> float:
        return 0.85 if ms < 20_000 else max(0.0, 0.85 - 0.15 * (ms - 20_000) / 1000)

    own = own_ending(click_analysis(120, SONG_MS, energy=_energy(level)), SONG_MS)
    assert own is not None and own["how"] == "decay", own
    assert 19_000 <= float(str(own["from_ms"])) <= 20_500, own  # main: 22000, where it is already 10 dB down
