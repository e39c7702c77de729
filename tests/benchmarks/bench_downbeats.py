"""Bar phase on real music: the engine's downbeats against bar lines known from the recordings' own sources.

Four recordings of the evaluation set (``evalset/MANIFEST.md``) carry their bars: the Frets-on-Fire charts of 03 and
05 (``evalset/chart-beats.jsonl``: a 4/4 chart from tick 0, so every fourth quarter note from the chart's first is a
bar line) and the rendered modules 12 and 16, whose patterns start bars (12: 131 ticks of 2.5/182 s a pattern of
four beats; 16: 16 rows of 5 ticks at tempo 110 a bar). 04 and 06 are left out: their charts' grids drift a full
beat against both trackers' beats over the song (time scale 0.997 and 1.0025), so their bar lines are not known to a
beat. For each this prints the share of the engine's downbeats within a quarter beat of a bar line, and the mean.
``NEMO_EVALSET_AUDIO`` as in ``bench_beats``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.benchmarks import Figure

EVALSET = Path(__file__).parent / "evalset"
AUDIO = Path(os.environ.get("NEMO_EVALSET_AUDIO", "/work/evalset/audio"))
CHART_BPM = {"03-rock-war-of-freedom.ogg": 140.0, "05-rock-ballad-feelings.ogg": 95.0}  # the charts' set_tempo
MODULE_BAR_S = {
    "12-pop-tracker-frozen-bubble-2p.ogg": 131 * 2.5 / 182,
    "16-electronic-tracker-i-have-no-tomatoes.ogg": 16 * 5 * 2.5 / 110,
}


def bar_lines_s(name: str, duration_s: float) -> tuple[list[float], float]:
    """The bar lines (s) of an evalset recording and its beat (s)."""
    if name in MODULE_BAR_S:
        bar = MODULE_BAR_S[name]
        return [k * bar for k in range(int(duration_s / bar) + 1)], bar / 4
    rows = (json.loads(line) for line in (EVALSET / "chart-beats.jsonl").read_text().splitlines() if line.strip())
    row = next(r for r in rows if Path(r["file"]).name == name)
    beat = float(row["time_scale"]) * 60.0 / CHART_BPM[name]
    offset = float(row["offset_s"])
    return [offset + 4 * k * beat for k in range(int((duration_s - offset) / (4 * beat)) + 1)], beat


def share_on_bar_lines(downbeats_s: list[float], lines_s: list[float], beat_s: float) -> float:
    """The share of ``downbeats_s`` within a quarter beat of one of ``lines_s``.

    >>> share_on_bar_lines([0.0, 2.1, 4.5], [0.0, 2.0, 4.0], 0.5)
    0.6666666666666666
    """
    if not downbeats_s:
        return 0.0
    near = [min(abs(d - line) for line in lines_s) <= beat_s / 4 for d in downbeats_s]
    return sum(near) / len(near)


def run() -> list[Figure]:
    from nemo_notebook.engine.analysis.audio import analyze_audio

    files = [AUDIO / name for name in [*CHART_BPM, *MODULE_BAR_S] if (AUDIO / name).exists()]
    if not files:
        print(f"  skipped: no evaluation audio in {AUDIO}; tests/benchmarks/evalset/fetch.sh fetches it", flush=True)
        return []
    shares = []
    for path in files:
        analysis = analyze_audio(path)
        lines, beat = bar_lines_s(path.name, analysis.duration_ms / 1000)
        share = share_on_bar_lines([d / 1000 for d in analysis.downbeats_ms], lines, beat)
        shares.append(share)
        print(
            f"  {path.stem[:40]:<42} downbeats {len(analysis.downbeats_ms):4d}  on bar lines {share:6.1%}", flush=True
        )
    return [
        Figure(f"mean share of downbeats on the bar lines ({len(shares)} recordings)", sum(shares) / len(shares), "")
    ]
