"""Music form (issue 28): how each style's sections differ in loudness and in the parts that play, beside the real
recordings of the evaluation set.

For every style a 3-minute piece (``NEMO_BENCH_FORM_SECONDS``, seeds ``NEMO_BENCH_FORM_SEEDS``, default "1") is
composed and rendered; printed per piece: each section's name, loudness (LUFS) and part count, the calmest-to-loudest
section range, the loudness range (EBU LRA) and the spread of its 8-bar windows. The real recordings print their LRA
and 8-bar spread (8 bars at the tempo librosa hears). A loudness curve (3 s short-term LUFS, sections marked) per
piece and one of the real recordings are written to ``tests/artifacts/music-form/`` as PNG.
``NEMO_BENCH_FORM_STYLES`` (comma-separated) limits the styles; ``NEMO_BENCH_FORM_REAL=0`` skips the recordings.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np

from tests.benchmarks import Figure
from tests.benchmarks.music_form import (
    eight_bars_s,
    loudness_range,
    parts_per_section,
    section_levels,
    short_term_lufs,
    window_spread,
)

EVALSET = Path("/work/evalset/audio")
ARTEFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "music-form"
_WORD = {"piano": "solo piano"}  # the words that ask for each style where its name alone does not


def run() -> list[Figure]:
    from nemo_notebook.engine.music import generate_track
    from nemo_notebook.engine.music.styles import STYLES

    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    seconds = int(os.environ.get("NEMO_BENCH_FORM_SECONDS", "180"))
    seeds = [int(s) for s in os.environ.get("NEMO_BENCH_FORM_SEEDS", "1").split(",")]
    chosen = os.environ.get("NEMO_BENCH_FORM_STYLES", "")
    styles = chosen.split(",") if chosen else list(STYLES)
    curves: dict[str, tuple[np.ndarray, list[tuple[float, str]]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for style in styles:
            for seed in seeds:
                words = f"a {_WORD.get(style, style)} {seconds}-second track"
                track = generate_track(Path(folder) / f"{style}.wav", words=words, seed=seed)
                samples, rate = _read(track.path)
                _print_piece(f"{style} s{seed}", words, seed, track, samples, rate)
                marks = [(s.start_ms / 1000, s.name) for s in track.sections]
                curves[f"{style} s{seed}"] = (short_term_lufs(samples, rate), marks)
    _plot(curves, ARTEFACTS / "composed.png")
    if os.environ.get("NEMO_BENCH_FORM_REAL", "1") != "0":
        real = {}
        for path in sorted(EVALSET.glob("*.ogg")):
            samples, rate = _read(path)
            bars = eight_bars_s(samples, rate)
            print(f"  real {path.stem:42s} LRA {loudness_range(samples, rate):5.1f} LU  "
                  f"8-bar spread {window_spread(samples, rate, bars):5.1f} LU  ({bars:.1f} s)", flush=True)  # fmt: skip
            real[path.stem] = (short_term_lufs(samples, rate), [])
        _plot(real, ARTEFACTS / "real.png")
    return []


def _print_piece(label: str, words: str, seed: int, track: object, samples: np.ndarray, rate: int) -> None:
    from nemo_notebook.engine.music import compose
    from nemo_notebook.engine.music.track import GeneratedTrack, track_brief

    assert isinstance(track, GeneratedTrack)
    levels = section_levels(samples, rate, track.sections)
    piece = compose(track_brief(words=words, seed=seed), seed=seed)
    counts = parts_per_section(piece)
    names = [s.name for s in track.sections if s.name not in ("pickup", "ending")]
    bars_s = 8 * 4 * 60.0 / track.tempo_bpm
    print(f"  {label:16s} range {max(levels) - min(levels):5.1f} dB  LRA {loudness_range(samples, rate):5.1f} LU  "
          f"8-bar spread {window_spread(samples, rate, bars_s):5.1f} LU", flush=True)  # fmt: skip
    print("     " + "  ".join(f"{n[:5]}{lv:6.1f}/{c}" for n, lv, c in zip(names, levels, counts, strict=True)))


def _read(path: Path) -> tuple[np.ndarray, int]:
    from tests.benchmarks.bench_music import read

    return read(path)


def _plot(curves: dict[str, tuple[np.ndarray, list[tuple[float, str]]]], out: Path) -> None:
    """One strip per curve (-45 to -5 LUFS bottom to top, 3 px a second), grid lines every 10 LU, sections in blue."""
    from tests.benchmarks.spectrogram import _write_png

    strip, px_per_s = 60, 3
    width = px_per_s * max(len(levels) for levels, _ in curves.values()) + 10
    image = np.full((strip * len(curves), width, 3), 255, dtype=np.uint8)
    for row, (levels, marks) in enumerate(curves.values()):
        top = row * strip
        image[top, :] = 0
        for lufs in (-10, -20, -30, -40):
            image[top + int((-5 - lufs) * strip / 40), ::3] = 170
        for at_s, _ in marks:
            image[top : top + strip, min(width - 1, int(at_s * px_per_s))] = (90, 90, 255)
        ys = np.clip(
            np.nan_to_num((-5 - levels) * strip / 40, nan=strip, posinf=strip, neginf=strip), 0, strip - 1
        ).astype(int)
        for i, y in enumerate(ys):
            image[top + y : top + y + 2, i * px_per_s : (i + 1) * px_per_s] = (200, 0, 0)
    _write_png(out, image)
