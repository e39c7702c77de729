"""A score's sections change at the video's scene changes: every scene change (the strongest third of the cuts) that
lands on a downbeat starts a section, where the form allows it (sections of two bars at least: ``SECTION_BARS``),
and the form the composer lays out starts a section there."""

from __future__ import annotations

import itertools
import random
from dataclasses import replace

import pytest

from nemo_notebook.engine.analysis.types import VideoAnalysis
from nemo_notebook.engine.music import brief_from_video
from nemo_notebook.engine.music.arrange import plan_form
from nemo_notebook.engine.planning.score_fit import SECTION_BARS, ScoreFit, fit_score, strongest_cuts
from tests.planning.test_score_fit import analysis, change_near_a_section, random_clip

_NEAR_MS = 70


def _scenes_on_downbeats(fit: ScoreFit) -> list[tuple[float, int]]:
    """(strength, bar number) of each scene change within 70 ms of a downbeat."""
    downbeats = fit.downbeats_ms()
    strength = dict(zip(fit.cuts_ms, fit.strengths, strict=True))
    found = []
    for cut in strongest_cuts(fit):
        bar = min(range(len(downbeats)), key=lambda i: abs(downbeats[i] - cut))
        if abs(downbeats[bar] - cut) <= _NEAR_MS:
            found.append((strength[cut], bar))
    return sorted(found, key=lambda s: -s[0])


def _form_starts(fit: ScoreFit, clip_words: tuple[VideoAnalysis, str]) -> list[float]:
    clip, words = clip_words
    brief = brief_from_video(clip, words=words, tempo_bpm=fit.grid.tempo_bpm, phase_ms=fit.grid.phase_ms)
    brief = replace(brief, duration_ms=fit.duration_ms, section_starts_ms=fit.section_starts_ms)
    if fit.later_tempo_bpm:
        brief = replace(brief, tempo_change_ms=fit.change_ms, later_tempo_bpm=fit.later_tempo_bpm)
    form = plan_form(brief, random.Random(1))
    return [form.time_ms(4 * s.start_bar) for s in form.sections]


def _check(fit: ScoreFit, clip_words: tuple[VideoAnalysis, str]) -> None:
    """Each scene change on a downbeat starts a section unless a stronger one (or the tempo change) starts one
    within two bars of it, or it lies in the opening bar or the last two; the form starts a section at each."""
    downbeats = fit.downbeats_ms()
    starts = [downbeats.index(s) for s in fit.section_starts_ms]
    for _, bar in _scenes_on_downbeats(fit):
        if bar in starts:
            continue
        near_other = any(0 < abs(bar - s) < SECTION_BARS for s in starts)
        assert near_other or bar < SECTION_BARS or bar >= len(downbeats) - 3, (bar, starts, fit)
    for a, b in itertools.pairwise(starts):
        assert b - a >= SECTION_BARS
    form_starts = _form_starts(fit, clip_words)
    for start in fit.section_starts_ms:
        assert min(abs(f - start) for f in form_starts) <= _NEAR_MS, (start, form_starts)
    if fit.later_tempo_bpm:
        assert change_near_a_section(fit)


def test_every_scene_change_on_a_downbeat_starts_a_section_in_a_regular_edit() -> None:
    """Cuts every two seconds, the strong ones eight seconds apart: each of them starts a section."""
    cuts = [1_000 + 2_000 * k for k in range(14)]
    strengths = [1.0 if k in (3, 7, 11) else 0.3 for k in range(14)]
    clip = analysis(30_000, cuts, strengths)
    fit = fit_score([clip], "upbeat background music")
    assert set(strongest_cuts(fit)) >= {7_000, 15_000, 23_000}
    for cut in (7_000, 15_000, 23_000):
        assert min(abs(s - cut) for s in fit.section_starts_ms) <= _NEAR_MS, fit
    _check(fit, (clip, "upbeat background music"))


@pytest.mark.parametrize("seed", range(12))
def test_scene_changes_on_downbeats_start_sections_on_random_cuts(seed: int) -> None:
    clip = random_clip(seed)
    fit = fit_score([clip], "background music")
    _check(fit, (clip, "background music"))


def test_strong_cuts_close_together_keep_sections_two_bars_long() -> None:
    """Two strong cuts a bar apart: the stronger starts a section, the other does not make a one-bar section."""
    cuts = [2_000 * k for k in range(1, 15)]
    strengths = [1.0 if k == 6 else (0.9 if k == 7 else 0.2) for k in range(1, 15)]  # 12 s and 14 s, 120 BPM
    clip = analysis(30_000, cuts, strengths)
    fit = fit_score([clip], "upbeat background music")
    _check(fit, (clip, "upbeat background music"))
    assert fit.grid.tempo_bpm == 120 and not fit.later_tempo_bpm
    assert 12_000 in fit.section_starts_ms and 14_000 not in fit.section_starts_ms
