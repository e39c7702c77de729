"""A score's pad, and its chords' overtones, leave a clip's speech alone (issue 29, held-out export 07: "a sustained pad note at ~900 Hz (0-4 s)
and one at ~550 Hz (5-9 s) sit inside the voice range" under the dialogue of its first clip, 0-11.3 s).

The agent passes the spans its clips speak over (``planning.score.speech_spans``) to the composer; export 07's brief
is composed here with its first clip's 11.3 s of speech, and the pad's notes are read where they sound; the mix's
pocket for the voice (``voice_pocket``) is measured on noise, band by band, inside and outside the speech.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from scipy.signal import butter, sosfilt

from nemo_notebook.engine.music.compose import compose
from nemo_notebook.engine.music.under_speech import voice_pocket
from tests.music.test_verse_builds import BRIEF

SPEECH_MS = (0, 11_261)


def _pad_notes(speech: tuple[tuple[int, int], ...]) -> list[tuple[float, float]]:
    piece = compose(replace(BRIEF, speech_ms=speech), seed=1)
    return [(n.start_ms, n.end_ms) for p in piece.parts if p.name == "pad" for n in p.notes]


def test_no_pad_note_sounds_under_the_speech_and_the_pad_plays_after_it() -> None:
    before = _pad_notes(())
    assert any(start < SPEECH_MS[1] for start, _ in before), before  # the pad held chords under the dialogue
    after = _pad_notes((SPEECH_MS,))
    assert not [n for n in after if n[0] < SPEECH_MS[1] and n[1] > SPEECH_MS[0]], after
    assert [n for n in after if n[0] >= SPEECH_MS[1]] == [n for n in before if n[0] >= SPEECH_MS[1]]


def test_the_same_piece_plays_beside_the_speech() -> None:
    plain, spoken = compose(BRIEF, seed=1), compose(replace(BRIEF, speech_ms=(SPEECH_MS,)), seed=1)
    assert [p.notes for p in plain.parts if p.name != "pad"] == [p.notes for p in spoken.parts if p.name != "pad"]


def _band_db(mix: np.ndarray, rate: int, low_hz: float, high_hz: float, start_s: float, end_s: float) -> float:
    band = sosfilt(butter(4, [low_hz, high_hz], btype="band", fs=rate, output="sos"), mix[:, 0])
    return 10 * float(np.log10(np.mean(band[int(start_s * rate) : int(end_s * rate)] ** 2)))


def test_the_mix_leaves_a_pocket_round_800_hz_under_the_speech_only() -> None:
    rate = 48_000
    noise = np.random.default_rng(7).standard_normal((6 * rate, 2)).astype(np.float32) * np.float32(0.1)
    pocket = voice_pocket(noise, [(1_000, 4_000)], sample_rate=rate)
    for low, high, least, most in ((600, 1_000, 4.0, 7.0), (100, 200, 0.0, 1.5), (6_000, 10_000, 0.0, 1.0)):
        inside = _band_db(noise, rate, low, high, 1.5, 3.5) - _band_db(pocket, rate, low, high, 1.5, 3.5)
        assert least <= inside <= most, (low, high, inside)  # a cut round the voice's formants, not a muffle
    after = _band_db(noise, rate, 600, 1_000, 4.5, 6.0) - _band_db(pocket, rate, 600, 1_000, 4.5, 6.0)
    assert abs(after) < 0.1, after
