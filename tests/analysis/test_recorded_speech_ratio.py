"""``speech_ratio`` (the share of one-second windows that sound like speech; it decides whether music ducks under a
clip's own sound) finds real recorded talk (``tests/analysis/recorded_speech``) and not a sung melody. Up to stop 53 a
voice-like frame needed 65% of its energy in 300-3400 Hz; a deep man's voice keeps much of it lower, and the LibriVox
reader read 0.083 (a woman reading, 0.949, was found), the talk tracks and podcasts made with him 0.19-0.33, so music never ducked under them."""

from __future__ import annotations

import numpy as np
import pytest

from nemo_notebook.engine.analysis.speech import speech_ratio
from tests.analysis.recorded_speech import RECORDINGS, WOMAN, podcast, recording, talk_track, voice_memo
from tests.analysis.sung_melody import sung_melody

RATE_HZ = 16_000
TALK = 0.55
"""Measured here: 0.56-0.81 (the talk tracks' own pauses between phrases make up about a third of their windows)."""
SUNG = 0.12
"""``planning.score.SPEECH_LEVEL_RATIO``: from there up a clip is levelled and ducked under as speech."""


@pytest.mark.parametrize("seed", [0, 1])
def test_recorded_talk_is_speech_and_a_sung_melody_is_not(seed: int) -> None:
    talk = {
        "reader": recording(RECORDINGS[0], RATE_HZ),
        "jfk": recording(RECORDINGS[1], RATE_HZ),
        "a woman reading": recording(WOMAN, RATE_HZ),  # 0.923 (main 0.949)
        "talk": talk_track(seed=seed, sample_rate_hz=RATE_HZ).astype(np.float32),
        "podcast, bed 22 dB under": podcast(bed_db=-22.0, seed=seed, sample_rate_hz=RATE_HZ),
        "podcast, bed 18 dB under": podcast(bed_db=-18.0, seed=seed, sample_rate_hz=RATE_HZ),
        "memo": voice_memo(seed=seed, sample_rate_hz=RATE_HZ),
    }
    ratios = {name: speech_ratio(samples, RATE_HZ) for name, samples in talk.items()}
    assert min(ratios.values()) >= TALK, ratios
    sung = {
        f"sung, backing {db} dB under" if db is not None else "sung alone": speech_ratio(
            sung_melody(seed=seed, backing_db=db, rate_hz=RATE_HZ), RATE_HZ
        )
        for db in (-6.0, -20.0, None)
    }
    assert max(sung.values()) < SUNG, sung
