"""Bar-long shots keep to the downbeats after a bar the analysis found a beat longer (``meter.local_downbeats``)."""

from __future__ import annotations

from nemo_notebook.engine.analysis.types import AudioAnalysis
from nemo_notebook.engine.planning.cutting import cut_points_ms


def test_bar_shots_start_on_the_downbeats_after_a_gained_beat() -> None:
    # beats every 500 ms; the analysis' bars start on beat 0, 4, 8, ..., 36, then (the tracker gained a beat in
    # bar 10) on beat 41, 45, ...: a cut every bar lands on those, not on beats 40, 44, ... (nor on the extra beat)
    beats = tuple(500 + 500 * k for k in range(80))
    downbeats = tuple(beats[k] for k in [*range(0, 40, 4), *range(41, 80, 4)])
    analysis = AudioAnalysis(
        duration_ms=41_000, tempo_bpm=120.0, beats_ms=beats, downbeats_ms=downbeats, onsets_ms=beats,
        energy=(0.5,), energy_hop_ms=100, sections_ms=(0,),
    )  # fmt: skip

    cuts = cut_points_ms(analysis, 41_000, beats_per_cut=4)

    assert cuts == list(downbeats[1:])  # the first picture holds the first bar, the last shot ends the video
