"""Mood words win over the footage's mood (issue 28): a style the words name plays at its own mode, tempo range,
energy and band where the footage disagrees; words that name no mood leave the footage in charge.

Before, the named style met the footage's energy half way, took its tempo from the footage's pace and the beat grid
could leave the style's range by a tenth: "create an upbeat background track" over a still, grey clip played at 0.54
energy (upbeat's own 0.75), "a sad track" over a fast, bright one at 0.61 (sad's 0.3), and "some dreamy music" over
it was fitted at 85.7 BPM (calm's range 66-80). The brief is made as a score's is: the beat grid fitted to the cuts
(``fit_score``), then ``brief_from_video`` with that tempo.
"""

from __future__ import annotations

import pytest

from nemo_notebook.engine.analysis.types import VideoAnalysis
from nemo_notebook.engine.music import MusicBrief, brief_from_video, compose
from nemo_notebook.engine.music.brief import word_over_footage
from nemo_notebook.engine.music.produce import instruments
from nemo_notebook.engine.music.styles import STYLES
from nemo_notebook.engine.planning.score_fit import fit_score
from tests.music.test_brief import video

GREY_STILL = video(valence=0.3, arousal=0.1, pace=0.1, cuts=(5_000, 12_000, 20_000))
BRIGHT_FAST = video(valence=0.8, arousal=0.9, pace=0.9, cuts=(3_000, 6_500, 10_000, 13_000, 17_000, 21_000, 25_000))


def _scored(footage: VideoAnalysis, words: str, seed: int = 0) -> MusicBrief:
    fit = fit_score([footage], words)
    return brief_from_video(footage, words=words, tempo_bpm=fit.grid.tempo_bpm, phase_ms=fit.grid.phase_ms, seed=seed)


@pytest.mark.parametrize(("footage", "words", "style", "mode", "tempo"), [
    (GREY_STILL, "create an upbeat background track for my travel video", "upbeat", "major", (110, 128)),
    (GREY_STILL, "a happy track for this", "happy", "major", (104, 120)),
    (GREY_STILL, "something energetic for this clip", "energetic", "minor", (124, 140)),
    (BRIGHT_FAST, "a sad track for this", "sad", "minor", (64, 76)),
    (BRIGHT_FAST, "a dark track for this", "sad", "minor", (64, 76)),
    (BRIGHT_FAST, "some dreamy music", "calm", "major", (66, 80)),
    (BRIGHT_FAST, "a calm track for my video", "calm", "major", (66, 80)),
])  # fmt: skip
def test_mood_words_win_over_the_footage(
    footage: VideoAnalysis, words: str, style: str, mode: str, tempo: tuple[float, float]
) -> None:
    for seed in (0, 1, 2):
        brief = _scored(footage, words, seed)
        assert (brief.style, brief.mode) == (style, mode), brief
        assert tempo[0] <= brief.tempo_bpm <= tempo[1], brief.tempo_bpm  # "dreamy" over action: 85.7 on main
        # the footage shades the style's own energy by 0.1 at most: upbeat (0.75) 0.54 on main, sad (0.3) 0.61
        assert abs(brief.energy - STYLES[style].energy) <= 0.1 + 1e-9, brief.energy
    assert word_over_footage(footage, words) is not None


def test_upbeat_words_win_with_a_bright_band_sad_words_with_a_quiet_one() -> None:
    upbeat = instruments(compose(_scored(GREY_STILL, "create an upbeat background track"), seed=1))
    silent = instruments(compose(_scored(GREY_STILL, ""), seed=1))
    assert "synth drums" in upbeat and "synth drums" not in silent, (upbeat, silent)  # pop's band, not the ballad's
    sad = instruments(compose(_scored(BRIGHT_FAST, "a sad track for this"), seed=1))
    assert not {"distorted guitars", "synth drums"} & set(sad), sad


@pytest.mark.parametrize("footage", [GREY_STILL, BRIGHT_FAST])
def test_words_without_a_mood_leave_the_footage_in_charge(footage: VideoAnalysis) -> None:
    silent, plain = _scored(footage, ""), _scored(footage, "add some background music to my video")
    assert (plain.style, plain.mode) == (silent.style, silent.mode)
    assert plain.energy == silent.energy == pytest.approx(0.25 + 0.55 * footage.arousal + 0.2 * footage.pace)
    assert word_over_footage(footage, "add some background music to my video") is None


def test_a_mood_word_that_agrees_with_the_footage_is_not_said_to_win() -> None:
    assert word_over_footage(BRIGHT_FAST, "an upbeat track") is None  # bright and fast already
    assert word_over_footage(GREY_STILL, "a sad piece") is None
    assert STYLES[_scored(GREY_STILL, "a sad piece").style].mode == "minor"
