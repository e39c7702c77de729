"""The words for the loudness of other posts (issue 29): on a video of the user's own master (played as mastered),
"match the loudness of other posts", "normalize the loudness" and a plain "make it louder" are one gain toward -14
LUFS (``MatchLoudness``), not the music's volume pushed into the limiter; on composed music (already at -14 LUFS)
"louder" is still the music's volume."""

from __future__ import annotations

import re

import pytest

from nemo_notebook.engine.agent import interpret
from nemo_notebook.engine.agent.loudness_words import limited_words
from nemo_notebook.engine.agent.operations import MatchLoudness, SetVolume

from .fakes import FakeContext
from .look_setup import music_video_session, uploads


@pytest.mark.parametrize("words", [
    "match the loudness of other posts", "normalize the loudness", "normalise the audio", "make it louder",
    "louder please", "bring it to -14 LUFS", "make it as loud as other videos", "the master is too quiet",
])  # fmt: skip
def test_on_the_artists_master_the_loudness_words_are_one_gain(words: str) -> None:
    ops = interpret(words, music_video_session()).args["ops"]
    assert ops == (MatchLoudness(target_lufs=-14.0),), ops


def test_play_it_as_mastered_takes_the_gain_off() -> None:
    assert interpret("play it as mastered", music_video_session()).args["ops"] == (MatchLoudness(target_lufs=None),)


def test_on_composed_music_louder_is_still_the_volume() -> None:
    composed = music_video_session().draft().with_meta(loudnorm=True)
    ops = interpret("make it louder", FakeContext(uploads=uploads(), history=[composed])).args["ops"]
    assert [type(op) for op in ops] == [SetVolume]


@pytest.mark.parametrize("words", [
    "keep my loudness", "keep it loud", "don't turn my song down", "do not turn it down", "keep the song's loudness",
    "use a limiter", "limit the peaks", "保持我的响度",
])  # fmt: skip
def test_on_the_artists_master_keep_my_loudness_asks_for_the_peak_limiter(words: str) -> None:
    """Issue 29: the other way for a hot master, its own loudness with its overs limited (on main: not understood)."""
    ops = interpret(words, music_video_session()).args["ops"]
    assert ops == (MatchLoudness(target_lufs=None, limit_peaks=True),), ops


@pytest.mark.parametrize(
    "words", ["turn it down instead", "no limiter", "without a limiter", "don't limit it", "整首调小", "整首歌均匀调低"]
)  # the Chinese reply offers "整首调小" (turn the whole song down), not the engineer's "不要限幅" (no limiting)
def test_turn_it_down_instead_goes_back_to_the_one_gain(words: str) -> None:
    ops = interpret(words, music_video_session()).args["ops"]
    assert ops == (MatchLoudness(target_lufs=None, limit_peaks=False),), ops


def test_the_words_the_limited_reply_offers_are_understood_in_both_languages() -> None:
    """The reply after "keep my loudness" names the words that turn the song down evenly instead: said back, they do
    that (stop 50's Chinese reply offered "不要限幅", an engineer's "no limiting")."""
    for zh, quote in ((False, r"'([^']+)'"), (True, r"“([^”]+)”")):
        offered = re.findall(quote, limited_words(-9.0, -9.0, 1.2, zh))
        assert len(offered) == 1, offered
        ops = interpret(offered[0], music_video_session()).args["ops"]
        assert ops == (MatchLoudness(target_lufs=None, limit_peaks=False),), (offered, ops)
