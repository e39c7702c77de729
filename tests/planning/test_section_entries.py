"""A track alone's scene changes where the music enters, not where the analysis drew its section's line
(``planning.section_entries``): held-out 05's scene changed at 42.98 s, 2.5 s before the band came in at 45.5 s.

A calm minute (95 BPM) with the same shape: loud to 40 s, a section drawn at 40 s, two quiet seconds from 40.6 s, the
band in at 42.6 s; and a section that starts on a fall in level (a break), which keeps its start."""

from __future__ import annotations

from nemo_notebook.engine.planning.section_entries import entered
from tests.render.synth import click_analysis


def _minute(levels: list[tuple[float, float]]) -> list[int]:
    """The beats of a 95 BPM minute whose energy is each (from s, level) from that second on; its bounds moved."""
    energy = [0.0] * 601
    for from_s, level in levels:
        energy[round(from_s * 10) :] = [level] * (601 - round(from_s * 10))
    analysis = click_analysis(95, 60_000, energy=tuple(energy), sections_ms=(0, 20_000, 40_000))
    cuts = [*analysis.beats_ms, 60_000]
    near = [min(cuts, key=lambda c: abs(c - s)) for s in (20_000, 40_000)]
    return [*entered(analysis, [0, *near, 60_000], cuts)[1:3], *near]


def test_a_scene_changes_on_the_band_s_entry_after_a_lull() -> None:
    moved_20, moved_40, drawn_20, drawn_40 = _minute([(0, 0.6), (20, 0.85), (40.6, 0.75), (42.6, 0.9)])
    assert moved_20 == drawn_20  # on a rise: kept
    assert abs(moved_40 - 42_600) < 400 and drawn_40 < 40_400, (moved_40, drawn_40)  # 40 s before, 42.6 s now


def test_a_scene_that_starts_on_a_fall_keeps_its_start() -> None:
    moved_20, moved_40, drawn_20, drawn_40 = _minute([(0, 0.6), (20, 0.9), (40, 0.65), (41.8, 0.7)])
    assert (moved_20, moved_40) == (drawn_20, drawn_40)


def test_a_scene_does_not_move_to_a_cut_far_past_the_entry() -> None:
    """Cuts every 4 s (a bar apart at 60 BPM: none at the band's entry at 42.6 s): the start drawn at 40 s stays, not
    moved to the cut at 44 s, past the entry (a quiet intro's build into its drop was lost so)."""
    energy = [0.6] * 200 + [0.85] * 206 + [0.75] * 20 + [0.9] * 175
    analysis = click_analysis(95, 60_000, energy=tuple(energy), sections_ms=(0, 20_000, 40_000))
    cuts = list(range(0, 60_001, 4_000))
    assert entered(analysis, [0, 20_000, 40_000, 60_000], cuts) == [0, 20_000, 40_000, 60_000]


def test_a_scene_changes_where_the_music_drops_out_before_the_line() -> None:
    """Held-out 06's breakdown drawn at 141.8 s, the downbeat after the music thinned (its steepest fall 2.5 s
    before): loud to 37.5 s, thinning from 37.5 s, quiet from 39 s, a section drawn at 40 s; the scene changes at
    the fall, not 2.5 s into the quiet."""
    moved_20, moved_40, drawn_20, drawn_40 = _minute([(0, 0.6), (20, 0.9), (37.5, 0.7), (39, 0.6)])
    assert moved_20 == drawn_20
    assert abs(moved_40 - 37_500) < 400 and drawn_40 > 39_600, (moved_40, drawn_40)


def test_a_scene_drawn_where_the_band_returns_keeps_its_start() -> None:
    """A dip from 37.5 s and the band back at 40 s, where the section is drawn (the beat evaluation set's 04, metal:
    -7 LUFS, -12 for two seconds, -7 again at its line): the start is on a rise, not moved back to the dip."""
    moved_20, moved_40, drawn_20, drawn_40 = _minute([(0, 0.6), (20, 0.9), (37.5, 0.6), (40, 0.9)])
    assert (moved_20, moved_40) == (drawn_20, drawn_40)
