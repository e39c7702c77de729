"""A short's words (``agent.short_words``) on their own: the part of the song in each way it can be said, and the
sound's one clause in English and Chinese, whose figure is the English one (``loudness_words.about_db_zh``: the
Chinese said "约0 dB" for a song turned down half a dB or less, and "约2 dB" where the English said "about 3 dB")."""

from __future__ import annotations

import pytest

from nemo_notebook.engine.agent.heard_level import HeardLevel
from nemo_notebook.engine.agent.loudness_words import about_db_zh
from nemo_notebook.engine.agent.short_words import short_sound_words, span_words
from nemo_notebook.protocol import Draft

BPM = 120.0  # a bar of 2 s: a last part within 2 s of the song's end plays "to its end"


def _short(*parts: tuple[int, int]) -> Draft:
    return Draft(meta={"song_parts": [{"in_ms": a, "out_ms": b} for a, b in parts], "bpm": BPM})


def test_a_short_of_two_parts_names_both_the_last_to_the_songs_end() -> None:
    short = _short((76_000, 91_000), (100_000, 119_000))
    assert span_words(short, 120_000) == "1:16-1:31 and 1:40 to its end"
    assert span_words(short, 120_000, zh=True) == "1:16-1:31和1:40到结尾"
    assert span_words(short, 125_000) == "1:16-1:31 and 1:40 to 1:59"  # 6 s short of the end: not "to its end"
    assert span_words(Draft(meta={"bpm": BPM}), 120_000) == ""  # no parts: nothing said


@pytest.mark.parametrize(
    ("down_db", "en", "zh"), [(2.5, "about 3 dB", "约3 dB"), (0.3, "a fraction of a dB", "不到1 dB")]
)
def test_a_hot_shorts_sound_says_the_same_figure_in_both_languages(down_db: float, en: str, zh: str) -> None:
    heard = HeardLevel(file_lufs=-8.0, video_lufs=-8.0 - down_db, gain_db=-down_db)
    english, chinese = short_sound_words(heard, True, False), short_sound_words(heard, True, True)
    assert english.startswith(f"Sound: {en} under your file") and english.count(".") == 1, english
    assert chinese.startswith(f"声音：比原文件小{zh}，") and "约0" not in chinese, chinese


def test_a_quiet_shorts_sound_offers_the_loudness_of_other_posts() -> None:
    heard = HeardLevel(file_lufs=-20.0, video_lufs=-20.0, gain_db=0.0)
    assert short_sound_words(heard, False, False) == (
        "Sound: as loud as your file, quieter than most posts ('match the loudness of other posts' turns it up)."
    )


def test_half_a_db_and_less_is_never_said_as_about_0_db_in_chinese() -> None:
    assert [about_db_zh(db) for db in (0.05, 0.49, 0.5, 1.49, 1.5, 2.5)] == [
        "不到1 dB",
        "不到1 dB",
        "约1 dB",
        "约1 dB",
        "约2 dB",
        "约3 dB",
    ]
