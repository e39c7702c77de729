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
from nemo_notebook.engine.analysis.rhythm import _doubling_bar, offbeat_ratio
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


def test_onsets_at_every_phase_are_no_evidence_of_a_faster_beat_in_calm_music() -> None:
    """An envelope of onsets at random times (bow changes, vibrato: no meter at all) has off-beats as strong as
    its "beats" for any grid; taken as they are that says "double", above the floor it says nothing."""
    frame_rate = 22050 / 256
    envelope = np.random.default_rng(3).exponential(1.0, int(240 * frame_rate))
    # over seeds 0-11: 0.78-0.90 as played, 0.00-0.18 above the floor; the bar between them at 80 BPM is 0.42
    assert offbeat_ratio(envelope, frame_rate, 80.0, drive=1.0) >= max(0.7, _doubling_bar(80.0))
    assert offbeat_ratio(envelope, frame_rate, 80.0, drive=0.0) <= min(0.3, _doubling_bar(80.0))


def test_a_played_off_beat_counts_above_the_floor_too() -> None:
    """Clicks on every beat and, at 0.8 of their strength, on every off-beat, over the same random floor: the
    faster level is played, whatever the character."""
    frame_rate = 22050 / 256
    envelope = 0.3 * np.random.default_rng(3).exponential(1.0, int(240 * frame_rate))
    period = 60.0 * frame_rate / 80.0
    beats = np.arange(10.0, len(envelope) - period, period)
    envelope[np.rint(beats).astype(int)] += 3.0
    envelope[np.rint(beats + period / 2).astype(int)] += 2.4
    assert offbeat_ratio(envelope, frame_rate, 80.0, drive=0.0) >= 0.7
    assert offbeat_ratio(envelope, frame_rate, 80.0, drive=1.0) >= 0.7
