"""A quiet break in driving music is held (``planning.quiet_breaks``): held-out 01 of stop 53 cut a clip's 6 s shot
with four cuts of its own over its breakdown (41-49 s, -10.4 to -15 LUFS), where a blind reviewer found that "the
pacing works against the song". A driving minute whose 8 s from 30 s play 8 dB under its body, under four photos and
a clip, shows pictures over the break in slower shots than the loud parts', none over 2 bars and a beat (stop 54's
reviewer of a 7.7 s hold: "it stalls the video")."""

from __future__ import annotations

import itertools
import statistics

import pytest

from nemo_notebook.engine.analysis.types import AudioAnalysis
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.planning.quiet_breaks import quiet_breaks_ms
from nemo_notebook.protocol import Segment
from tests.planning.test_energetic_pace import LOUD, PHOTOS, SECTIONS, SONG, _clip
from tests.render.synth import click_analysis

BREAK = (30_000, 38_000)
BAR_MS = 2000  # 4 beats at 120 BPM
QUIET = 0.6  # the break's energy: 0.2 of the 40 dB scale (8 dB) under the body's second-long mean, 0.825
ENERGY = tuple(QUIET if BREAK[0] <= 100 * i < BREAK[1] else e for i, e in enumerate(LOUD))


def _analysis() -> AudioAnalysis:
    beats = click_analysis(120, 60_000).beats_ms
    return click_analysis(120, 60_000, energy=ENERGY, sections_ms=SECTIONS, drive=0.9, kicks_ms=beats)


def test_a_break_under_the_body_of_driving_music_is_found() -> None:
    [(start, end)] = quiet_breaks_ms(_analysis(), 60_000)
    assert abs(start - BREAK[0]) <= 500 and abs(end - BREAK[1]) <= 500, (start, end)  # read a second at a time


def _lane(seed: int) -> list[Segment]:
    clip = _clip("m_clip", 20_000, tuple(range(2500, 20_000, 2500)))
    visuals = [*[(p, None) for p in PHOTOS[:4]], clip]
    draft = plan_music_video(SONG, _analysis(), visuals, MusicVideoOptions(seed=seed))
    return list(next(t for t in draft.tracks if t.meta.get("role") == "visuals").segments)


@pytest.mark.parametrize("seed", range(3))
def test_a_quiet_break_in_driving_music_is_held_not_cut_quickly(seed: int) -> None:
    """main d3ce0be: 4-8 shots began in the break (seed 0: 1 s clip shots and 2 s photos)."""
    inside = [s for s in _lane(seed) if BREAK[0] <= s.start_ms < BREAK[1]]
    assert 1 <= len(inside) <= 4, [(s.start_ms, s.duration_ms, s.src) for s in inside]
    assert all(s.in_ms is None and s.duration_ms >= BAR_MS for s in inside), inside  # pictures, a bar or more
    assert not any(s.meta.get("punch_ms") for s in inside), inside  # held still: no punch-in on every beat


@pytest.mark.parametrize("seed", range(3))
def test_a_break_s_shots_are_slower_than_the_loud_parts_but_none_stalls(seed: int) -> None:
    """Held-out 01 of stop 54 held one painting over its whole break, 7.7 s, "the longest shot in a fast song, and it
    stalls the video ... cap a still at about 2 bars" (a blind reviewer). merge54: one 8 s hold of one picture."""
    lane = _lane(seed)
    inside = [s for s in lane if BREAK[0] <= s.start_ms < BREAK[1]]
    loud = [s.duration_ms for s in lane if s.end_ms <= BREAK[0] - 2000 or s.start_ms >= BREAK[1] + 2000]
    shown = [(s.start_ms, s.duration_ms, s.src) for s in inside]
    assert all(s.duration_ms > statistics.median(loud) for s in inside), (statistics.median(loud), shown)
    assert all(s.duration_ms <= 2 * BAR_MS + BAR_MS // 4 for s in inside), shown  # 2 bars and a beat at most
    assert all(a.src != b.src for a, b in itertools.pairwise(inside)), shown  # a cut to another picture
