"""The tempo's metrical level in music that flows: a slow string piece is tracked at its notes, not at double.

Strings and voices make onsets at every phase (bow changes, vibrato), so halfway between two notes is about as
strong as a note when the floor is counted in; the engine used to double a 70 BPM rubato string piece to 140
(``rhythm.offbeat_ratio``). The folk and orchestral pieces in 3 of the evaluation set, and fast drums tapped at half,
are the other side of the same choice (``test_audio``).
"""

from __future__ import annotations

import mir_eval
import numpy as np
import pytest

from nemo_notebook.engine.analysis.audio import analyze_samples
from nemo_notebook.engine.analysis.character import CALM_BELOW
from tests.analysis.audio_synth import rubato_strings_track


@pytest.mark.parametrize("tempo", [58, 70, 84])
def test_a_slow_rubato_string_piece_is_tracked_at_its_notes_not_double(tempo: int) -> None:
    track = rubato_strings_track(tempo, rubato=0.04, ornament_gain=0.2)
    analysis = analyze_samples(track.samples, track.sample_rate_hz)
    assert analysis.drive is not None and analysis.drive < CALM_BELOW
    assert analysis.tempo_bpm == pytest.approx(tempo, rel=0.05)
    estimated = mir_eval.beat.trim_beats(np.asarray(analysis.beats_ms) / 1000)
    assert mir_eval.beat.f_measure(mir_eval.beat.trim_beats(track.beats_s), estimated) >= 0.9


def test_grace_notes_as_strong_as_the_notes_are_a_played_faster_beat() -> None:
    """The floor is no excuse to halve: notes on every half beat as loud as the melody's are eighths played, and
    the tempo is theirs (the test is not "calm music is slow")."""
    track = rubato_strings_track(60, rubato=0.04, ornament_gain=1.0)
    analysis = analyze_samples(track.samples, track.sample_rate_hz)
    assert analysis.tempo_bpm == pytest.approx(120, rel=0.05)


@pytest.mark.parametrize("tempo", [120, 150])
def test_a_calm_piece_in_three_keeps_its_pulse(tempo: int) -> None:
    """Strings in 3 with a chord each bar: two beats are no level of a bar of three, so the floor does not halve the
    pulse (the evaluation set's folk dance at 154 and orchestral piece at 160, both in 3, keep theirs)."""
    track = rubato_strings_track(tempo, rubato=0.04, ornament_gain=0.2, beats_per_bar=3)
    analysis = analyze_samples(track.samples, track.sample_rate_hz)
    assert analysis.tempo_bpm == pytest.approx(tempo, rel=0.05)
    estimated = mir_eval.beat.trim_beats(np.asarray(analysis.beats_ms) / 1000)
    assert mir_eval.beat.f_measure(mir_eval.beat.trim_beats(track.beats_s), estimated) >= 0.9
