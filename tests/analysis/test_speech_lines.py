"""``speech_lines_ms``: where in a clip someone speaks, as lines the music under it ducks for (held-out export 07)."""

from __future__ import annotations

import numpy as np

from nemo_notebook.engine.analysis.speech_lines import LINE_GAP_MS, speech_lines_ms
from tests.analysis.recorded_speech import RECORDINGS, recording

RATE_HZ = 16_000


def two_lines(pause_s: float) -> np.ndarray:
    """The LibriVox reader's first 3 s, ``pause_s`` of silence, then his next 3 s."""
    reader = recording(RECORDINGS[0], RATE_HZ)
    pause = np.zeros(int(pause_s * RATE_HZ), dtype=np.float32)
    return np.concatenate([reader[: 3 * RATE_HZ], pause, reader[3 * RATE_HZ : 6 * RATE_HZ]])


def test_a_pause_between_two_lines_splits_them_and_the_pauses_between_words_do_not() -> None:
    lines = speech_lines_ms(two_lines(2.0))
    assert len(lines) == 2, lines  # his own pauses between words (up to 0.6 s) stay inside each line
    (first_start, first_end), (second_start, second_end) = lines
    assert first_start <= 400 and 2_600 <= first_end <= 3_050, lines
    assert 4_900 <= second_start <= 5_400 and second_end >= 7_600, lines


def test_a_pause_shorter_than_the_gap_leaves_one_line() -> None:
    assert len(speech_lines_ms(two_lines(LINE_GAP_MS / 1000 - 0.5))) == 1


def test_silence_and_a_steady_tone_have_no_lines() -> None:
    t = np.arange(4 * RATE_HZ) / RATE_HZ
    assert speech_lines_ms(np.zeros(4 * RATE_HZ, dtype=np.float32)) == ()
    assert speech_lines_ms((0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)) == ()
