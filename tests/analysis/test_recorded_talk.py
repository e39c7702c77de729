"""Real recorded talk (``tests/media/speech``: an audiobook reader and a speech given outdoors) is talk: each
recording alone, the two as a podcast over a quiet music bed and as a phone-like voice memo. Up to stop 52 the
detector, tuned on synthetic talk, called all of them music (``talk_share`` 0.0: their level's swing between 2 and
8 Hz was 0.41-0.47 of it, under the 0.55 it asked)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nemo_notebook.engine.analysis.audio import analyze_audio
from nemo_notebook.engine.analysis.speech import talk_share
from tests.analysis.recorded_speech import RATE_HZ, RECORDINGS, podcast, recording, voice_memo
from tests.analysis.test_talk import write_wav


@pytest.mark.parametrize("name", RECORDINGS)
def test_a_recorded_voice_alone_is_talk(name: str) -> None:
    assert talk_share(recording(name), RATE_HZ) == 1.0


@pytest.mark.parametrize("seed", [0, 1])
def test_a_podcast_over_a_quiet_bed_and_a_voice_memo_are_talk(seed: int) -> None:
    assert talk_share(podcast(bed_db=-22.0, seed=seed), RATE_HZ) == 1.0
    assert talk_share(voice_memo(seed=seed), RATE_HZ) == 1.0


def test_the_analysis_of_a_recorded_voice_memo_says_it_is_talk(tmp_path: Path) -> None:
    memo = write_wav(tmp_path / "memo.wav", voice_memo(seed=2), RATE_HZ)
    assert analyze_audio(memo).talk_share >= 0.5
