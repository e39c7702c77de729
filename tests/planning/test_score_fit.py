"""Every score made for a video lands the video's cuts on its beats: the plan, and the exported sound as librosa's
beat tracker hears it (independent of the plan), on synthetic clips with known cuts and on a real clip."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.analysis.types import VideoAnalysis
from nemo_notebook.engine.music import generate_track
from nemo_notebook.engine.music.drums import CRASH, RISER
from nemo_notebook.engine.music.styles import STYLES
from nemo_notebook.engine.planning.score_fit import ScoreFit, fit_score, joined_cuts
from tests.benchmarks.score_figures import accents, compose_score, librosa_share, track_options

MEDIA = Path("/work/shared/media")
REAL_CLIP = MEDIA / "big-buck-bunny-30s.mp4"


def analysis(duration_ms: int, cuts: list[int], strengths: list[float], *, valence: float = 0.5,
             arousal: float = 0.5) -> VideoAnalysis:  # fmt: skip
    hop = 200
    return VideoAnalysis(
        duration_ms=duration_ms, width=1280, height=720, fps=30.0, rotation=0, cut_points_ms=tuple(cuts),
        cut_strengths=tuple(strengths), motion=tuple(0.3 for _ in range(duration_ms // hop)), brightness=(0.5,),
        saturation=(0.5,), hop_ms=hop, cuts_per_minute=len(cuts) * 60_000 / duration_ms, pace=0.5, valence=valence,
        arousal=arousal, has_audio=False,
    )  # fmt: skip


FOUR_CUTS = analysis(30_000, [6_200, 13_900, 19_100, 26_300], [0.9, 0.6, 0.8, 0.5], arousal=0.2)
TWELVE_IRREGULAR = analysis(
    30_000,
    [1_900, 4_300, 5_100, 7_800, 10_400, 12_100, 15_600, 17_200, 19_900, 22_700, 25_300, 27_800],
    [0.9, 0.4, 0.5, 0.8, 0.3, 0.6, 0.9, 0.4, 0.5, 0.7, 0.4, 0.6],
    valence=0.6,
    arousal=0.7,
)


def random_clip(seed: int) -> VideoAnalysis:
    rng = random.Random(seed)
    cuts = sorted(rng.sample(range(1_500, 38_500, 10), rng.randint(5, 10)))
    return analysis(40_000, cuts, [round(rng.uniform(0.2, 1.0), 2) for _ in cuts], arousal=rng.uniform(0.1, 0.9))


def change_starts_a_phrase(fit: ScoreFit) -> bool:
    """The tempo change is on a bar line and starts a section, or a whole phrase (four bars) into one."""
    downbeats = fit.downbeats_ms()
    if fit.change_ms not in downbeats:
        return False
    bar = downbeats.index(fit.change_ms)
    starts = [downbeats.index(s) for s in fit.section_starts_ms if s in downbeats and s <= fit.change_ms]
    return bar in starts or (bar - max(starts, default=0)) % 4 == 0


def change_near_a_section(fit: ScoreFit) -> bool:
    """The tempo change starts a phrase, or a scene change's section starts less than two bars before it."""
    downbeats = fit.downbeats_ms()
    bar = downbeats.index(fit.change_ms)
    return change_starts_a_phrase(fit) or any(0 < bar - downbeats.index(s) < 2 for s in fit.section_starts_ms)


def strongest_on_downbeat(fit: ScoreFit) -> bool:
    strongest = max(zip(fit.strengths, fit.cuts_ms, strict=True))[1]
    return min(abs(d - strongest) for d in fit.downbeats_ms()) <= 70


@pytest.mark.parametrize("clip", [FOUR_CUTS, TWELVE_IRREGULAR])
def test_the_plan_lands_nine_tenths_of_the_cuts_on_beats_and_the_strongest_on_a_downbeat(
    clip: VideoAnalysis,
) -> None:
    fit = fit_score([clip], "background music that matches the mood and pace")
    assert fit.share_on_beat >= 0.9
    assert strongest_on_downbeat(fit)
    low, high = STYLES[fit.style].tempo_range_bpm
    for tempo in (fit.grid.tempo_bpm, fit.later_tempo_bpm or fit.grid.tempo_bpm):
        assert low * 0.9 - 0.01 <= tempo <= high * 1.1 + 0.01


def test_random_cuts_mostly_land_and_a_tempo_change_falls_on_a_downbeat_that_starts_a_phrase() -> None:
    """Uniformly random cuts are harder than an editor's; 20 such clips, all of them counted."""
    fits = [fit_score([clip], "background music") for clip in map(random_clip, range(20))]
    assert np.mean([f.share_on_beat >= 0.75 for f in fits]) >= 0.9
    assert np.mean([f.share_on_beat for f in fits]) >= 0.85
    assert np.mean([strongest_on_downbeat(f) for f in fits]) >= 0.9
    changed = [f for f in fits if f.later_tempo_bpm]
    assert changed
    assert all(f.change_ms in f.downbeats_ms() and change_near_a_section(f) for f in changed)
    assert np.mean([change_starts_a_phrase(f) for f in changed]) >= 0.9


def test_a_named_tempo_is_kept_and_joins_between_clips_are_cuts() -> None:
    fit = fit_score([FOUR_CUTS, FOUR_CUTS], "a 100 bpm score")
    assert abs(fit.grid.tempo_bpm - 100) <= 3.0 and not fit.later_tempo_bpm
    cuts, strengths, total = joined_cuts([FOUR_CUTS, FOUR_CUTS])
    assert 30_000 in cuts and strengths[cuts.index(30_000)] == 1.0 and total == 60_000


def score(clip: VideoAnalysis, words: str, path: Path) -> tuple[ScoreFit, Path]:
    fit = fit_score([clip], words)
    return fit, generate_track(path, words=words, video=clip, seed=2, **track_options(fit)).path


def test_librosa_hears_the_cuts_on_beats_and_the_accents_stand_out_in_the_exported_score(tmp_path: Path) -> None:
    import soundfile as sf

    fit, composition, path = compose_score(TWELVE_IRREGULAR, "background music", tmp_path / "score.wav")
    assert librosa_share(path, TWELVE_IRREGULAR.cut_points_ms) >= 0.75
    stereo, rate = sf.read(str(path), dtype="float32", always_2d=True)
    found = accents(fit, composition, stereo.mean(axis=1), rate)
    assert found and all(a.crash and a.riser and a.fill for a in found)
    assert all(a.onset_rank >= 80 for a in found), found  # louder than four beats in five


@pytest.mark.skipif(not REAL_CLIP.is_file(), reason="the shared test media are not on this machine")
def test_a_real_clip_gets_its_cuts_on_beats_by_librosa(tmp_path: Path) -> None:
    from nemo_notebook.engine.analysis.video import analyze_video

    clip = analyze_video(REAL_CLIP)
    fit, path = score(clip, "generate a background music track that matches the mood and pace of my video",
                      tmp_path / "real.wav")  # fmt: skip
    assert fit.share_on_beat >= 0.75
    assert librosa_share(path, clip.cut_points_ms) >= 0.75


def test_strong_cuts_get_a_crash_a_riser_and_a_breath_and_sections_change_there() -> None:
    from dataclasses import replace

    from nemo_notebook.engine.music import brief_from_video, compose

    fit = fit_score([TWELVE_IRREGULAR], "background music")
    brief = brief_from_video(TWELVE_IRREGULAR, words="background music", tempo_bpm=fit.grid.tempo_bpm,
                             phase_ms=fit.grid.phase_ms)  # fmt: skip
    brief = replace(brief, accents_ms=fit.accents_ms, section_starts_ms=fit.section_starts_ms,
                    tempo_change_ms=fit.change_ms, later_tempo_bpm=fit.later_tempo_bpm)  # fmt: skip
    piece = compose(brief, seed=1)
    notes = [n for p in piece.parts if p.is_drum for n in p.notes]
    assert fit.accents_ms
    for accent in fit.accents_ms:
        if accent < piece.sections[-1].start_ms - 1_000:
            assert sum(1 for n in notes if n.pitch == CRASH and abs(n.start_ms - accent) < 5) == 1  # not doubled
            assert any(n.pitch == RISER and 0 < accent - n.end_ms <= 151 for n in notes)  # stops just short
            pitched = [n for p in piece.parts if not p.is_drum for n in p.notes]
            gap = min(fit.grid.beat_ms, 60_000 / (fit.later_tempo_bpm or fit.grid.tempo_bpm)) / 2
            assert not any(n.start_ms < accent - 1 and n.end_ms > accent - min(gap, 150) + 1 for n in pitched)
            assert any(abs(n.start_ms - accent) < 5 for n in pitched)  # the band breathes in, lands on the cut
    starts = [s.start_ms for s in piece.sections]
    assert fit.section_starts_ms
    for cut in fit.section_starts_ms:
        assert min(abs(s - cut) for s in starts) <= 70
