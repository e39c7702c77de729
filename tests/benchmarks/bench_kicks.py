"""Kick drums found in real music (issue 11): how many, how they sit on the engine's beats, and what finding them costs.

For each recording of the evaluation set (``evalset/MANIFEST.md``; audio in ``NEMO_EVALSET_AUDIO``, default
``/work/evalset/audio``) this prints one row: the engine's beats, the kicks found, kicks per beat, the share of kicks
within 50 ms of a beat and the share half a beat (±50 ms) from one (a syncopated kick on the "and"), the share of the
beats of the loudest section that have a kick, whether punch-ins there go on the kicks or fall back to the beats with
an onset (``accents.MIN_KICK_SHARE``), and the detector's cost in ms per minute of audio (the decoded samples in
memory, best of three).

``NEMO_EVALSET_ONLY=02,15`` limits the run to some files; ``NEMO_KICKS_PNG=folder`` also writes, for each, a picture
of 8 s from the middle of its loudest section: the 0–250 Hz spectrogram (150 Hz dotted in red), the engine's beats
(green ticks, downbeats magenta) at the top, the kicks (cyan) at the bottom over the low-band envelope (white, 40 dB).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np

from tests.benchmarks import Figure

AUDIO = Path(os.environ.get("NEMO_EVALSET_AUDIO", "/work/evalset/audio"))
WINDOW_MS = 50


def _share_near(times_ms: np.ndarray, reference_ms: np.ndarray, window_ms: float) -> float:
    if not len(times_ms) or len(reference_ms) < 2:
        return 0.0
    i = np.clip(np.searchsorted(reference_ms, times_ms), 1, len(reference_ms) - 1)
    nearest = np.minimum(np.abs(reference_ms[i] - times_ms), np.abs(reference_ms[i - 1] - times_ms))
    return float(np.mean(nearest <= window_ms))


def _cost_ms_per_minute(samples: np.ndarray) -> float:
    from nemo_notebook.engine.analysis.kicks import kick_times_ms

    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        kick_times_ms(samples, 22050)
        best = min(best, time.perf_counter() - started)
    return best * 1000 / (len(samples) / 22050 / 60)


def evaluate(path: Path, png_dir: Path | None) -> dict[str, float | str]:
    from nemo_notebook.engine.analysis.audio import analyze_samples
    from nemo_notebook.engine.analysis.decode import decode_audio
    from nemo_notebook.engine.planning.accents import MIN_KICK_SHARE
    from nemo_notebook.engine.planning.cutting import loudest_section

    audio = decode_audio(path, sample_rate_hz=22050)
    analysis = analyze_samples(audio.samples, 22050, duration_ms=audio.duration_ms)
    beats, kicks = np.asarray(analysis.beats_ms, dtype=np.float64), np.asarray(analysis.kicks_ms, dtype=np.float64)
    halves = (beats[1:] + beats[:-1]) / 2
    loud = loudest_section(analysis, analysis.duration_ms) or (0, analysis.duration_ms)
    loud_beats = beats[(beats >= loud[0]) & (beats < loud[1])]
    loud_share = float(np.mean([np.abs(kicks - b).min() <= WINDOW_MS for b in loud_beats])) if len(kicks) else 0.0
    if png_dir is not None:
        middle_s = (loud[0] + loud[1]) / 2000
        low_band_png(audio.samples, analysis, max(0.0, middle_s - 4.0), 8.0, png_dir / f"{path.stem[:2]}-kicks.png")
    return {
        "minutes": audio.duration_ms / 60_000,
        "beats": float(len(beats)),
        "kicks": float(len(kicks)),
        "per_beat": len(kicks) / max(len(beats), 1),
        "on_beat": _share_near(kicks, beats, WINDOW_MS),
        "on_half": _share_near(kicks, halves, WINDOW_MS) if len(halves) > 1 else 0.0,
        "loud_share": loud_share,
        "rule": "kicks" if len(loud_beats) and loud_share >= MIN_KICK_SHARE else "onsets",
        "cost": _cost_ms_per_minute(audio.samples),
    }


def low_band_png(samples: np.ndarray, analysis: object, start_s: float, length_s: float, path: Path) -> Path:
    """The picture described in the module docstring, for ``length_s`` from ``start_s``."""
    from nemo_notebook.engine.analysis.kicks import low_band_envelope
    from tests.benchmarks.spectrogram import _write_png

    sr, n_fft, hop, scale = 22050, 2048, 64, 6
    piece = samples[int(start_s * sr) : int((start_s + length_s) * sr)]
    frames = np.lib.stride_tricks.sliding_window_view(np.pad(piece, n_fft // 2), n_fft)[::hop]
    rows = np.fft.rfftfreq(n_fft, 1 / sr) <= 250
    power = (np.abs(np.fft.rfft(frames * np.hanning(n_fft), axis=1)) ** 2)[:, rows].T
    level = np.clip(1 + 10 * np.log10(power / max(float(power.max()), 1e-20) + 1e-12) / 60, 0, 1)
    picture = np.repeat(level[::-1], scale, axis=0)
    rgb = np.stack([picture * 255, picture * 200, picture * 80], axis=-1)
    rgb[(rows.sum() - round(150 / (sr / n_fft))) * scale, ::6] = (255, 0, 0)
    envelope, rate = low_band_envelope(samples, sr)
    strip = np.zeros((90, rgb.shape[1], 3))
    part = 20 * np.log10(envelope[int(start_s * rate) : int((start_s + length_s) * rate)] + 1e-12)
    heights = np.clip((part - part.max() + 40) / 40, 0, 1) if len(part) else part
    for i, h in enumerate(heights):
        x = int(i / rate * sr / hop)
        if x < strip.shape[1]:
            strip[89 - int(h * 80), x] = (255, 255, 255)
    rgb = np.concatenate([rgb, strip])

    def tick(t_ms: float, color: tuple[int, int, int], top: int, bottom: int) -> None:
        x = round((t_ms / 1000 - start_s) * sr / hop)
        if 0 <= x < rgb.shape[1]:
            rgb[top:bottom, max(0, x - 1) : x + 1] = color

    for beat in analysis.beats_ms:  # type: ignore[attr-defined]
        tick(beat, (0, 255, 0), 0, 30)
    for downbeat in analysis.downbeats_ms:  # type: ignore[attr-defined]
        tick(downbeat, (255, 0, 255), 0, 45)
    for kick in analysis.kicks_ms:  # type: ignore[attr-defined]
        tick(kick, (0, 200, 255), rgb.shape[0] - 110, rgb.shape[0])
    _write_png(path, rgb.astype(np.uint8))
    return path


def run() -> list[Figure]:
    only = {s.strip() for s in os.environ.get("NEMO_EVALSET_ONLY", "").split(",") if s.strip()}
    png_dir = Path(os.environ["NEMO_KICKS_PNG"]) if os.environ.get("NEMO_KICKS_PNG") else None
    files = sorted(p for p in AUDIO.glob("*.ogg") if not only or p.name[:2] in only)
    if not files:
        raise SystemExit(f"no evaluation audio in {AUDIO}: run tests/benchmarks/evalset/fetch.sh first")
    print("    file                                 min  beats kicks /beat  ≤50ms half  loud  rule    ms/min")
    costs, minutes = [], []
    for path in files:
        row = evaluate(path, png_dir)
        print(
            f"    {path.stem[:34]:<36}{row['minutes']:4.1f} {row['beats']:6.0f} {row['kicks']:5.0f}"
            f" {row['per_beat']:5.2f} {row['on_beat']:6.1%} {row['on_half']:5.1%} {row['loud_share']:5.1%}"
            f"  {row['rule']:<7}{row['cost']:6.1f}",
            flush=True,
        )
        costs.append(float(row["cost"]) * float(row["minutes"]))
        minutes.append(float(row["minutes"]))
    return [Figure("kick detection, ms per minute of audio (all files)", sum(costs) / sum(minutes), "ms")]
