"""An upbeat score's verses build and its choruses lift (issue 29, held-out export 07's music).

Held-out export 07 ("create an upbeat background track for my travel video" over three clips, 70.9 s) played its
verses 0.15 under its choruses in energy, the same full kit throughout: ~2.6 LU between them, "57 s of the same groove
with no real drop or build" to a blind reviewer, who asked for the verse thinned in its first half (no backbeat),
the full kit from half way, a chorus 4-6 LU over it (since stop 70: 2.5-3.5 LU, a bed's), and a fill or riser into
every chorus; a drumless verse was rated worse: it must groove from its first bar. Export 07's brief is composed and rendered here as the agent does, and
measured as heard: loudness per section (ffmpeg's EBU R128 meter), and the kick and the backbeat in their bands on
the beats the track says it plays. A later blind review of a verse whose first half had no backbeat (kick, hats and
a half-time rim) heard "a dull 17 s loop": the backbeat plays from the verse's first bar, the contrast comes from
the other layers (no shaker, tambourine, open hat or pad until half way).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from scipy.signal import butter, sosfilt

from nemo_notebook.engine.music.brief import MusicBrief
from nemo_notebook.engine.music.compose import compose
from nemo_notebook.engine.music.drumkit import FLOOR_TOM, HIGH_TOM, LOW_TOM, MID_TOM, RISER, SNARE
from nemo_notebook.engine.music.track import GeneratedTrack, render_track
from tests.loudness import ebu_r128_full

# export 07's brief as the agent wrote it (fit_score and scene_energies over Megamind.avi, tree.avi, vtest-30s.mp4)
BRIEF = MusicBrief(
    style="upbeat", tempo_bpm=113.514, key="D", mode="major", energy=0.65, duration_ms=70_861, phase_ms=690,
    section_starts_ms=(11_261, 34_518, 40_861), section_energies=(0.8693, 0.5095, 0.8301, 0.6843),
    accents_ms=(11_261, 40_861),
)  # fmt: skip
_HIT_MS = 50
_FILL_DRUMS = frozenset({SNARE, HIGH_TOM, MID_TOM, LOW_TOM, FLOOR_TOM})


@pytest.fixture(scope="module")
def score(tmp_path_factory: pytest.TempPathFactory) -> GeneratedTrack:
    return render_track(compose(BRIEF, seed=1), tmp_path_factory.mktemp("verse") / "score.wav")


def _verses_into_choruses(track: GeneratedTrack) -> list[tuple[int, int, int]]:
    """(verse start, verse end, chorus end) in ms for each verse followed by a chorus."""
    pairs = zip(track.sections, track.sections[1:], strict=False)
    return [(v.start_ms, v.end_ms, c.end_ms) for v, c in pairs if v.name == "verse" and c.name == "chorus"]


def _band(path: Path, low_hz: float, high_hz: float) -> tuple[np.ndarray, int]:
    samples, rate = sf.read(path)
    mono = samples.mean(axis=1) if samples.ndim > 1 else samples
    return sosfilt(butter(4, [low_hz, high_hz], btype="band", fs=rate, output="sos"), mono), rate


def _level_db(signal: np.ndarray, rate: int, start_ms: float) -> float:
    """Power (dB) of ``signal`` over ``_HIT_MS`` from ``start_ms``."""
    first = int(start_ms * rate / 1000)
    return 10 * float(np.log10(np.mean(signal[first : first + _HIT_MS * rate // 1000] ** 2) + 1e-12))


def _backbeat_db(track: GeneratedTrack, signal: np.ndarray, rate: int, start_ms: float, end_ms: float) -> float:
    """How much louder ``signal`` is on beats two and four than on one and three, between the times."""
    beats = [(k, t) for k, t in enumerate(track.beats_ms) if start_ms <= t < end_ms - _HIT_MS]
    back = [_level_db(signal, rate, t) for k, t in beats if k % 2]
    down = [_level_db(signal, rate, t) for k, t in beats if not k % 2]
    return float(np.mean(back) - np.mean(down))


def test_each_chorus_lifts_two_and_a_half_to_three_and_a_half_lu_over_the_verse_before_it(
    score: GeneratedTrack,
) -> None:
    """Re-derived in stop 70: a chorus 4-6.5 LU over its verse (4.2 measured) was heard as "too hot for a background
    track ... the volume turned up rather than the arrangement lifting" (ab69b); the lead set a composed bed's
    chorus 2.5-3.5 LU over its verse (``dynamics.SCORE_DB_PER_ENERGY``)."""
    pairs = _verses_into_choruses(score)
    assert len(pairs) == 2, score.sections
    for start, middle, end in pairs:
        verse = ebu_r128_full(score.path, start_s=start / 1000, duration_s=(middle - start) / 1000)[0]
        chorus = ebu_r128_full(score.path, start_s=middle / 1000, duration_s=(end - middle) / 1000)[0]
        assert 2.5 <= chorus - verse <= 3.5, (start, verse, chorus)  # 4.2 and 4.3 LU until stop 70


def test_a_verse_keeps_its_kick_and_backbeat_from_its_first_bar(score: GeneratedTrack) -> None:
    mids, rate = _band(score.path, 1_500.0, 5_000.0)  # the snare's crack, the rim, the tambourine
    lows, _ = _band(score.path, 40.0, 120.0)  # the kick
    bar_ms = 4 * 60_000 / score.tempo_bpm
    for start, end, _ in _verses_into_choruses(score):
        half = start + round((end - start) / bar_ms) // 2 * bar_ms
        opening = [t for t in score.beats_ms if start <= t < start + 2 * bar_ms][::2]  # beats one and three
        kicks = [_level_db(lows, rate, t) - _level_db(lows, rate, t - _HIT_MS - 30) for t in opening]
        assert np.median(kicks) >= 6.0, (start, kicks)  # the kick on one and three from the verse's first bars
        assert _band_level(mids, rate, start, start + bar_ms) >= _band_level(mids, rate, half, end) - 8, start  # hats
        # the snare on two and four in both halves: a half-time first half (0.2 and 1.1 dB) was heard as "no snare
        # or clap from 11.3 to 21.2 s ... a dull loop over the busiest footage, which isn't upbeat"
        assert _backbeat_db(score, mids, rate, start, half) >= 5.0, start
        # up to the snare build's eighths and sixteenths in the last two bars (``drums._snare_build``), not a backbeat
        assert _backbeat_db(score, mids, rate, half, end - 2 * bar_ms) >= 6.0, start


def _band_level(signal: np.ndarray, rate: int, start_ms: float, end_ms: float) -> float:
    part = signal[int(start_ms * rate / 1000) : int(end_ms * rate / 1000)]
    return 10 * float(np.log10(np.mean(part**2) + 1e-12))


def test_each_chorus_after_a_verse_is_entered_through_a_riser() -> None:
    piece = compose(BRIEF, seed=1)
    risers = [n for p in piece.parts if p.name == "fx" for n in p.notes if n.pitch == RISER]
    beat_ms = 60_000 / BRIEF.tempo_bpm
    for verse, chorus in zip(piece.sections, piece.sections[1:], strict=False):
        if verse.name == "verse" and chorus.name == "chorus":
            into = [n for n in risers if chorus.start_ms - 4 * beat_ms - 50 <= n.start_ms < n.end_ms <= chorus.start_ms]
            assert into, (chorus, risers)  # before: a riser only into the video's cuts (11.3 and 40.9 s)


def test_the_full_kit_and_each_chorus_are_entered_through_a_half_bar_fill() -> None:
    """A blind reviewer of export 07 heard "no drum fill into the chorus (~22 s)": the fill there was four sixteenths
    after a half bar the groove had left empty (the kick alone). Now snare and toms play through the half bar before
    the full kit comes in half way through each verse and before each chorus (the video's cuts keep their own)."""
    piece = compose(BRIEF, seed=1)
    drums = next(p for p in piece.parts if p.name == "drums").notes
    bar_ms = 4 * 60_000 / BRIEF.tempo_bpm
    into = [s.start_ms for s in piece.sections if s.name == "chorus"]
    into += [
        round(v.start_ms + round((v.end_ms - v.start_ms) / bar_ms) // 2 * bar_ms)
        for v in piece.sections
        if v.name == "verse"
    ]
    for at in into:
        if any(abs(at - accent) < 50 for accent in BRIEF.accents_ms):
            continue
        hits = {
            round((n.start_ms - at) / (bar_ms / 16))
            for n in drums
            if n.pitch in _FILL_DRUMS and at - bar_ms / 2 - 40 <= n.start_ms < at - 20
        }
        assert len(hits) >= 6, (at, sorted(hits))  # before: 4, the last four sixteenths


def test_the_pad_moves_with_the_chords_instead_of_holding_one_note() -> None:
    """A blind reviewer of export 07 heard "a held D note that gets monotonous": its pad tied a common tone through
    every chord that shared it, a D for 8.4 s (four chords). It holds one two bars at most, then rests a chord."""
    piece = compose(BRIEF, seed=1)
    pad = next(p for p in piece.parts if p.name == "pad").notes
    bar_ms = 4 * 60_000 / BRIEF.tempo_bpm
    longest = max(n.end_ms - n.start_ms for n in pad if n.start_ms < piece.sections[-1].start_ms)
    assert longest <= 2.25 * bar_ms + 1, longest / bar_ms  # before: 4 bars


def test_the_long_verse_builds_over_its_last_bars_into_the_chorus(score: GeneratedTrack) -> None:
    """A blind reviewer of export 07 heard its 11-bar verse (11.3-34.5 s, under an almost still shot) flat, "no build
    or change until 34.5 s" (ab68d): its last four bars read -16.9, -15.2, -15.3 and -13.9 LUFS into the chorus,
    the snare's band -33.6, -32.4, -31.9 and -30.7 dB. Its last three bars now each climb (the ride,
    ``dynamics._CLIMB_BARS``) and a snare build (``drums._snare_build``: offbeats, eighths, sixteenths) takes the
    snare's band up a dB or more each bar (-32.5, -30.8, -29.0, -27.6)."""
    chorus = next(s for s in score.sections if s.name == "chorus")
    bar_ms = 4 * 60_000 / score.tempo_bpm
    starts = [chorus.start_ms - k * bar_ms for k in (4, 3, 2, 1)]
    bars = [ebu_r128_full(score.path, start_s=a / 1000, duration_s=bar_ms / 1000)[0] for a in starts]
    assert all(later - earlier >= 0.5 for earlier, later in itertools.pairwise(bars[1:])), bars
    mids, rate = _band(score.path, 1_500.0, 5_000.0)
    snare = [_band_level(mids, rate, a, a + bar_ms) for a in starts]
    assert all(later - earlier >= 1.0 for earlier, later in itertools.pairwise(snare)), snare


def test_the_snare_builds_offbeats_eighths_sixteenths_into_the_chorus() -> None:
    piece = compose(BRIEF, seed=1)
    drums = next(p for p in piece.parts if p.name == "drums").notes
    chorus = next(s for s in piece.sections if s.name == "chorus").start_ms
    sixteenth = 60_000 / BRIEF.tempo_bpm / 4
    snares = {round((n.start_ms - chorus) / sixteenth) for n in drums if n.pitch == SNARE}
    assert set(range(-62, -32, 4)) <= snares, sorted(snares)  # each offbeat eighth of the two bars before those
    assert set(range(-32, -16, 2)) <= snares, sorted(snares)  # each eighth of the bar before the last
    assert set(range(-16, -8)) <= snares, sorted(snares)  # each sixteenth of the last bar's first half
