"""The score carries its hand-off into a video's strong cut: no hole in the music just before the crash.

Held-out export 07's music rises from under the dialogue (Megamind.avi, its last line ending 11.18 s) into the tree
clip at 11.26 s, where the crash lands. The pitched parts rested 150 ms before it, so the music sank 6.5 dB under
the beat before it over the last 80 ms (the fill's last tom decaying alone), which a blind reviewer heard as "swell -
gap - hit" where the hand-off should be one lift (ab70b). The band now breathes for ``notes.CUT_BREATH_MS`` there.
(A riser run into the cut instead masked the cuts' onsets: tests/planning/test_score_fit's ranks fell to 37-87.)
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from nemo_notebook.engine.music.compose import compose
from nemo_notebook.engine.music.track import GeneratedTrack, render_track
from tests.music.test_verse_builds import BRIEF

SPOKEN = replace(BRIEF, speech_ms=((40, 7_730), (9_490, 11_180)))  # 07's two lines, as the agent passes them


@pytest.fixture(scope="module")
def score(tmp_path_factory: pytest.TempPathFactory) -> GeneratedTrack:
    return render_track(compose(SPOKEN, seed=1), tmp_path_factory.mktemp("cut") / "score.wav")


def _db(path: Path, start_s: float, end_s: float) -> float:
    samples, rate = sf.read(path)
    part = samples[int(start_s * rate) : int(end_s * rate)]
    return 10 * float(np.log10(np.mean(part**2) + 1e-12))


def test_the_music_holds_up_over_the_last_moment_before_a_cut(score: GeneratedTrack) -> None:
    for cut_ms in SPOKEN.accents_ms:
        at = cut_ms / 1000
        before = _db(score.path, at - 0.6, at - 0.1)  # the beat before
        last = _db(score.path, at - 0.085, at - 0.01)
        assert last >= before - 3.0, (cut_ms, round(before, 1), round(last, 1))  # 11.26 s: 6.5 dB under, until s70
