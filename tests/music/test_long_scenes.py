"""A score's long scene is played as phrases that differ, not one groove (issue 28: sections differ in energy).

Held-out export 07 (three clips joined, 70.9 s, "create an upbeat background track for my travel video") had its
sections only at the video's two scene changes it could land, 6.5 s and 40.9 s: one verse from 6.5 s to 64.5 s, "one
unchanging groove for about 58 s" to a blind reviewer. A scene longer than twelve bars now plays as eight-bar
phrases whose energy alternates (a verse, then a chorus). Composed and rendered here as the agent does, measured as
heard: the mean loudness of each full section.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile as sf

from nemo_notebook.engine.music.track import generate_track

TRAVEL = "create an upbeat background track for my travel video"
# export 07's grid and scene changes (fit_score over Megamind.avi, tree.avi and vtest-30s.mp4)
LENGTH_MS, TEMPO_BPM, STARTS_MS = 70_861, 103.42, (6465, 40860)


def _section_levels(path: Path, sections: list[tuple[str, int, int]]) -> list[tuple[str, float]]:
    """Each section's name and mean power (dB) between its start and end."""
    samples, rate = sf.read(path)
    mono = samples.mean(axis=1) if samples.ndim > 1 else samples
    return [(name, 10 * float(np.log10(np.mean(mono[start * rate // 1000 : end * rate // 1000] ** 2) + 1e-12)))
            for name, start, end in sections]  # fmt: skip


def test_a_long_scene_of_a_score_plays_a_verse_and_a_louder_chorus(tmp_path: Path) -> None:
    track = generate_track(
        tmp_path / "score.wav", words=TRAVEL, duration_ms=LENGTH_MS, tempo_bpm=TEMPO_BPM, section_starts_ms=STARTS_MS,
        seed=1,
    )  # fmt: skip
    middle = [(s.name, s.start_ms, s.end_ms) for s in track.sections if s.start_ms >= 6000 and s.end_ms <= 66_000]
    assert len(middle) >= 3, track.sections  # before: one verse 6.5-41.4 s and one 41.4-64.5 s
    bar_ms = 4 * 60_000 / TEMPO_BPM
    assert max(end - start for _, start, end in middle) <= 12 * bar_ms + 50, middle  # before: 15 bars, 35 s
    levels = _section_levels(track.path, middle)
    loudest, quietest = max(level for _, level in levels), min(level for _, level in levels)
    assert loudest - quietest >= 1.5, levels
    assert {name for name, _ in levels} >= {"verse", "chorus"}, levels
