"""Scores made for videos, measured against the issue's "a score fits the video it is for" (issue 12).

For each video score: the share of the video's cuts within 70 ms of a beat as planned (the fit's grid) and as heard
in the exported sound by two independent beat trackers (librosa's, in the project's venv, and essentia's
multifeature tracker through ``/work/shared/tools/reference-beats``, run in its own venv since essentia is AGPL);
librosa's median offset from the planned beats (its onset envelope peaks a few frames after an attack, so its beats
sit late by that much on any music); the share of the strongest third of the cuts (by the video analysis' cut
strength) on a planned downbeat; and for each of those strong cuts whether the arrangement has an accent there (a
crash on it, a riser ending on it or up to 150 ms before it, a fill of snare and toms in the beat before it, read from the score's notes) and
whether it is audible: the onset strength at the cut against the planned beats' (its ratio to their median and the
share of them it tops) and the energy above 4 kHz in the 300 ms from it (a crash rings there) over its median from
the planned beats; audible when it tops 85 % of the beats or rings at least 1.5 times the median.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from nemo_notebook.engine.analysis.types import VideoAnalysis
    from nemo_notebook.engine.music.compose import Composition
    from nemo_notebook.engine.planning.score_fit import ScoreFit

REFERENCE_BEATS = Path("/work/shared/tools/reference-beats")
_NEAR_MS = 70.0


@dataclass(frozen=True)
class Accent:
    cut_ms: int
    strength: float
    crash: bool
    riser: bool
    fill: bool
    onset_ratio: float  # onset strength at the cut over its median at the planned beats
    onset_rank: float  # the share of the planned beats whose onset strength is below the cut's (%)
    high_ratio: float  # the >4 kHz energy in the 300 ms from the cut over its median from the planned beats

    @property
    def planned(self) -> bool:
        return self.crash or self.riser or self.fill

    @property
    def audible(self) -> bool:
        return self.onset_rank >= 85 or self.high_ratio >= 1.5


def compose_score(clip: VideoAnalysis, words: str, path: Path, seed: int = 2) -> tuple[ScoreFit, Composition, Path]:
    """The score the agent makes for ``clip`` (``generate_track`` step by step, keeping the composition's notes)."""
    from nemo_notebook.engine.music import compose
    from nemo_notebook.engine.music.track import render_track, track_brief
    from nemo_notebook.engine.planning.score_fit import fit_score

    fit = fit_score([clip], words)
    composition = compose(track_brief(words=words, video=clip, seed=seed, **track_options(fit)), seed=seed)
    render_track(composition, path)
    return fit, composition, path


def track_options(fit: ScoreFit) -> dict[str, Any]:
    """The arguments of ``generate_track`` that put a score on ``fit``'s grid."""
    change = (fit.change_ms, fit.later_tempo_bpm) if fit.later_tempo_bpm else None
    return {"duration_ms": fit.duration_ms, "tempo_bpm": fit.grid.tempo_bpm, "phase_ms": fit.grid.phase_ms,
            "accents_ms": fit.accents_ms, "tempo_change": change, "section_starts_ms": fit.section_starts_ms,
            "cuts_ms": fit.cuts_ms}  # fmt: skip


def share_near(beats_ms: np.ndarray, cuts: tuple[int, ...]) -> float:
    if not cuts or beats_ms.size == 0:
        return 0.0
    return float(np.mean([np.min(np.abs(beats_ms - c)) <= _NEAR_MS for c in cuts]))


def librosa_share(path: Path, cuts: tuple[int, ...]) -> float:
    """The share of the cuts within 70 ms of a beat librosa's tracker finds in the file."""
    import soundfile as sf

    stereo, rate = sf.read(str(path), dtype="float32", always_2d=True)
    return share_near(librosa_beats(stereo.mean(axis=1), rate), cuts)


def librosa_beats(mono: np.ndarray, rate: int) -> np.ndarray:
    import librosa

    samples = librosa.resample(mono, orig_sr=rate, target_sr=22_050)
    _, beats = librosa.beat.beat_track(y=samples, sr=22_050, units="time")
    return np.asarray(beats, dtype=np.float64) * 1000


def essentia_beats(path: Path) -> np.ndarray | None:
    """essentia's beats (ms) in the file, or None when the reference tool cannot run here."""
    if not REFERENCE_BEATS.is_file():
        return None
    try:
        done = subprocess.run([str(REFERENCE_BEATS), str(path)], capture_output=True, text=True, timeout=600)
        return np.asarray(json.loads(done.stdout.splitlines()[-1])["beats"], dtype=np.float64) * 1000
    except (OSError, ValueError, IndexError, KeyError, subprocess.SubprocessError):
        return None


def accents(fit: ScoreFit, composition: Composition, mono: np.ndarray, rate: int) -> list[Accent]:
    """The strongest third of the cuts: the accents the arrangement has there and how loud they are."""
    import librosa

    from nemo_notebook.engine.music.drumkit import CRASH, FLOOR_TOM, HIGH_TOM, LOW_TOM, MID_TOM, RISER, SNARE
    from nemo_notebook.engine.music.notes import BREATH_MS
    from nemo_notebook.engine.planning.score_fit import strongest_cuts

    notes = [n for part in composition.parts if part.is_drum for n in part.notes]
    beat_ms = 60_000.0 / fit.grid.tempo_bpm
    hop = 256
    onset = librosa.onset.onset_strength(y=mono, sr=rate, hop_length=hop)
    onset_ms = np.arange(onset.size) * hop * 1000.0 / rate
    spectrum = np.abs(librosa.stft(mono, n_fft=1024, hop_length=hop)) ** 2
    high = spectrum[librosa.fft_frequencies(sr=rate, n_fft=1024) > 4_000].sum(axis=0)
    high_ms = np.arange(high.size) * hop * 1000.0 / rate

    def onset_at(t: float) -> float:  # librosa's envelope peaks up to ~60 ms after an attack
        window = (onset_ms >= t - 30) & (onset_ms <= t + 90)
        return float(onset[window].max()) if window.any() else 0.0

    def high_after(t: float) -> float:  # a crash rings on where a beat's hats and snare are gone
        after = high[(high_ms >= t) & (high_ms <= t + 300)]
        return float(after.mean()) if after.size else 0.0

    beats = [b for b in composition.beats_ms if 300 < b < fit.duration_ms - 300]  # as written (onto the cuts)
    onsets = np.array([onset_at(b) for b in beats])
    onset_median = float(np.median(onsets)) or 1e-12
    high_median = float(np.median([high_after(b) for b in beats])) or 1e-12
    strength = dict(zip(fit.cuts_ms, fit.strengths, strict=True))
    found = []
    for cut in strongest_cuts(fit):
        crash = any(n.pitch == CRASH and abs(n.start_ms - cut) <= _NEAR_MS for n in notes)
        riser = any(
            n.pitch == RISER and -_NEAR_MS <= cut - n.end_ms <= BREATH_MS + _NEAR_MS for n in notes
        )  # stops short
        drums = (SNARE, HIGH_TOM, MID_TOM, LOW_TOM, FLOOR_TOM)
        fill = sum(1 for n in notes if n.pitch in drums and cut - beat_ms - 20 <= n.start_ms < cut - 20) >= 3
        rank = 100 * float(np.mean(onsets < onset_at(cut)))
        found.append(Accent(cut, strength[cut], crash, riser, fill, onset_at(cut) / onset_median, rank,
                            high_after(cut) / high_median))  # fmt: skip
    return found


def scene_sections(fit: ScoreFit, composition: Composition) -> str:
    """Which scene changes (the strongest third of the cuts, ``strongest_cuts``) start a section of the composed
    score (a section boundary within 70 ms), of all of them and of those on a planned downbeat."""
    from nemo_notebook.engine.planning.score_fit import strongest_cuts

    starts = [s.start_ms for s in composition.sections if s.name != "pickup" and s.start_ms > 0]
    downbeats = np.asarray(fit.downbeats_ms(), dtype=np.float64)
    scenes = strongest_cuts(fit)
    starting = [c for c in scenes if starts and min(abs(s - c) for s in starts) <= _NEAR_MS]
    on_one = [c for c in scenes if downbeats.size and np.min(np.abs(downbeats - c)) <= _NEAR_MS]
    return (f"scene changes that start a section: {len(starting)}/{len(scenes)} (on a downbeat: "
            f"{len(set(starting) & set(on_one))}/{len(on_one)}); scene changes {list(scenes)}, section starts "
            f"{[round(s) for s in starts]}")  # fmt: skip


def report(folder: Path, cases: list[tuple[str, VideoAnalysis, str]]) -> list[str]:
    """One block of lines per video score."""
    import soundfile as sf

    from nemo_notebook.engine.planning.score_fit import strong_on_downbeats

    lines = []
    for name, clip, words in cases:
        fit, composition, path = compose_score(
            clip, words, folder / f"fit-{re.sub(r'[^a-z0-9]+', '-', name.lower())[:60]}.wav"
        )
        stereo, rate = sf.read(str(path), dtype="float32", always_2d=True)
        mono = stereo.mean(axis=1)
        heard = librosa_beats(mono, rate)
        planned = np.asarray(composition.beats_ms, dtype=np.float64)  # the fitted grid bent onto the cuts
        lag = float(np.median([heard[np.argmin(np.abs(heard - p))] - p for p in planned])) if heard.size else 0.0
        reference = essentia_beats(path)
        essentia = "n/a" if reference is None else f"{100 * share_near(reference, fit.cuts_ms):.0f}%"
        tempo = f"{fit.grid.tempo_bpm:.1f}" + (
            f"→{fit.later_tempo_bpm:.1f} at {fit.change_ms} ms" if fit.later_tempo_bpm else ""
        )
        lines.append(f"  score fit: {name} ({fit.style}, {tempo}, {len(fit.cuts_ms)} cuts): within 70 ms planned "
                     f"{100 * fit.share_on_beat:.0f}% (as written {100 * share_near(planned, fit.cuts_ms):.0f}%), heard librosa {100 * share_near(heard, fit.cuts_ms):.0f}% "
                     f"(its beats {lag:+.0f} ms from the planned), essentia {essentia}; strongest third on a planned "
                     f"downbeat {100 * strong_on_downbeats(fit):.0f}%; sections at {list(fit.section_starts_ms)}")  # fmt: skip
        lines.append("    " + scene_sections(fit, composition))
        for accent in accents(fit, composition, mono, rate):
            kinds = "+".join(
                k for k, v in (("crash", accent.crash), ("riser", accent.riser), ("fill", accent.fill)) if v
            )
            lines.append(f"    strong cut {accent.cut_ms} ms (strength {accent.strength:.2f}): accent "
                         f"{kinds or 'NONE'}; onset ×{accent.onset_ratio:.2f} the median beat's (above {accent.onset_rank:.0f}% "
                         f"of the beats), >4 kHz energy after it ×{min(accent.high_ratio, 99):.1f} the median "
                         f"beat's: {'audible' if accent.audible else 'NOT audible'}")  # fmt: skip
    return lines
