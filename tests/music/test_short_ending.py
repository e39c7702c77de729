"""A short piece ends as produced music does: a final hit on a bar line or half bar, then a ring-out that decays
evenly inside the asked length (issue 28).

A blind listener of the 30 s travel track from words (seed 1) heard "a 0.7 s fade (29.2-29.9 s), abrupt": its final
chord was struck 1.3 s from the end, held at its level under a quarter-cosine fade, and fell 3-5 dB a tenth of a
second in its last 0.3 s. Here the ring is measured as a listener meets it: the momentary loudness (400 ms, a hop of
100 ms) from the final hit to the end.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.music import compose
from nemo_notebook.engine.music.compose import Composition
from nemo_notebook.engine.music.drumkit import CRASH, KICK
from nemo_notebook.engine.music.theory import pitch_class
from nemo_notebook.engine.music.track import render_track, track_brief
from tests.benchmarks.music_form import short_term_lufs
from tests.music.test_short_score import CLIPS, TRAVEL, scored

_HOP_S = 0.1


def test_a_short_piece_strikes_kick_crash_and_tonic_on_a_strong_beat_and_leaves_it_room_to_ring() -> None:
    for piece in (compose(track_brief(words=TRAVEL, seed=seed), seed=seed) for seed in (1, 2, 3)):
        final_ms = piece.sections[-1].start_ms
        assert piece.sections[-1].name == "ending" and final_ms in piece.beats_ms[::2], piece.sections
        # before: struck 1.29 s from the end (seed 1), the end of the groove faded under it
        assert piece.duration_ms - final_ms >= 1_500, piece.sections
        struck = {n.pitch for p in piece.parts if p.is_drum for n in p.notes if abs(n.start_ms - final_ms) < 5}
        assert {KICK, CRASH} <= struck, struck
        bass = next(p for p in piece.parts if p.name == "bass")
        assert bass.notes[-1].pitch % 12 == pitch_class(piece.key) and abs(bass.notes[-1].start_ms - final_ms) < 5


@pytest.mark.parametrize("seed", [1, 2])
def test_a_short_track_from_words_rings_out_evenly_after_its_final_hit(seed: int, tmp_path: Path) -> None:
    piece = compose(track_brief(words=TRAVEL, seed=seed), seed=seed)
    assert_rings_out(piece, tmp_path)


@pytest.mark.parametrize("name", ["four cuts", "random 2"])
def test_a_short_score_rings_out_evenly_after_its_final_hit(name: str, tmp_path: Path) -> None:
    piece = scored(CLIPS[name])
    assert piece.duration_ms - piece.sections[-1].start_ms >= 1_500, piece.sections
    assert_rings_out(piece, tmp_path)


def assert_rings_out(piece: Composition, tmp_path: Path) -> None:
    """The momentary loudness peaks within 0.6 s of the final hit and, once the hit has left its window, falls as a
    reverb tail does: evenly in dB (within 2.5 dB of a straight line, 3.5 dB a tenth of a second at most: no cliff),
    rising 1 dB at most, 30 dB or more to the end."""
    import soundfile as sf

    render_track(piece, tmp_path / "track.wav")
    samples, rate = sf.read(str(tmp_path / "track.wav"), dtype="float32", always_2d=True)
    levels = short_term_lufs(samples, rate, window_s=0.4, hop_s=_HOP_S)
    ends_s = np.arange(levels.size) * _HOP_S + 0.4
    final_s = piece.sections[-1].start_ms / 1000
    after = np.flatnonzero(ends_s > final_s + 0.05)
    peak = int(after[0] + np.argmax(levels[after[0] : after[0] + 6]))
    ring = levels[peak + round(0.4 / _HOP_S) :]
    line = np.polyval(np.polyfit(np.arange(ring.size), ring, 1), np.arange(ring.size))
    # before: 4.5-4.7 dB a tenth in the fade's last 0.3 s, 16-27 dB down in all (words seeds 1 and 2, four cuts,
    # random 2; seed 2 and random 2 5.0 dB off a line); here 2.4-2.7 dB, 39-40 dB down, 0.2-1.2 dB off
    steps = np.diff(ring)
    assert np.abs(ring - line).max() <= 2.5 and steps.min() >= -3.5 and steps.max() <= 1.0, np.round(ring, 1)
    assert levels[peak] - ring[-1] >= 30.0, (levels[peak], np.round(ring, 1))
