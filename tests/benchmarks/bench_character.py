"""The music's character on real recordings (issue 29): the measures behind ``AudioAnalysis.drive`` beside the ones
that did not separate calm from driving music (onsets a second, kicks a beat, tempo, the energy's spread).

For each recording of the evaluation set (``evalset/MANIFEST.md``; audio in ``NEMO_EVALSET_AUDIO``, default
``/work/evalset/audio``) this prints one row: the style from the file name, the HPSS percussive share, the mean dB
attack, the drive and the character they give, then the tempo, onsets a second, kicks a beat and the energy's spread
(90th minus 10th percentile), and the shots a minute a 60 s video from 5 and from 12 pictures gets (the first
minute of the piece; with 5 the material's ceiling, ``planning.material``, holds driving music back too). ``NEMO_EVALSET_ONLY=02,15`` limits the run to some files; ``NEMO_CHARACTER_CACHE=folder`` keeps the
analyses for the next run. The figures: the share of the calm styles (orchestral, ballad, folk) rated calm and of
the driving ones (rock, metal, electronic, hip-hop, pop) rated driving, and the cost of measuring in ms per minute
of audio. Run: ``python -m tests.benchmarks character``.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np

from nemo_notebook.engine.analysis.character import CALM_BELOW, DRIVING_FROM
from tests.benchmarks import Figure

AUDIO = Path(os.environ.get("NEMO_EVALSET_AUDIO", "/work/evalset/audio"))
CALM_STYLES = ("orchestral", "ballad", "folk")
DRIVING_STYLES = ("rock", "metal", "electronic", "hiphop", "pop")


def style(path: Path) -> str:
    """The style word of an evalset file name (``05-rock-ballad-feelings`` is a ballad, ``14-pop-rock-…`` rock)."""
    words = path.stem.split("-")[1:3]
    return "ballad" if "ballad" in words else "pop" if words[0] == "pathological" else words[0]


def evaluate(path: Path) -> dict[str, float | str]:
    from nemo_notebook.engine.analysis.audio import analyze_audio, character_of
    from nemo_notebook.engine.analysis.character import character
    from nemo_notebook.engine.analysis.decode import decode_audio

    audio = decode_audio(path, sample_rate_hz=22050)
    started = time.perf_counter()
    measures = character_of(audio.samples)
    cost_s = time.perf_counter() - started
    cache = os.environ.get("NEMO_CHARACTER_CACHE")
    analysis = analyze_audio(path, cache_dir=Path(cache) if cache else None)
    seconds = audio.duration_ms / 1000
    energy = np.asarray(analysis.energy)
    return {
        "style": style(path),
        "percussive": measures.percussive_share,
        "attack": measures.attack_db,
        "drive": measures.drive,
        "character": character(measures.drive),
        "analysed_drive": analysis.drive if analysis.drive is not None else float("nan"),
        "bpm": analysis.tempo_bpm,
        "onsets_s": len(analysis.onsets_ms) / seconds,
        "kicks_beat": len(analysis.kicks_ms) / max(len(analysis.beats_ms), 1),
        "spread": float(np.percentile(energy, 90) - np.percentile(energy, 10)) if len(energy) else 0.0,
        "shots_5": shots_a_minute(analysis, 5),
        "shots_12": shots_a_minute(analysis, 12),
        "cost": cost_s * 1000 / (seconds / 60),
    }


def shots_a_minute(analysis: object, pictures: int) -> float:
    """Shots in the first minute of a video planned on ``analysis`` from this many pictures."""
    from dataclasses import replace

    from nemo_notebook.engine.planning.music_video import plan_music_video
    from nemo_notebook.protocol import MediaInfo, MediaKind

    length_ms = min(60_000, analysis.duration_ms)  # type: ignore[attr-defined]
    track = MediaInfo("song", "song.ogg", MediaKind.AUDIO, "ogg", 1, duration_ms=length_ms)
    photos = [
        (MediaInfo(f"p{i}", f"p{i}.jpg", MediaKind.IMAGE, "jpeg", 100 + i, width=1920, height=1080), None)
        for i in range(pictures)
    ]
    draft = plan_music_video(track, replace(analysis, duration_ms=length_ms), photos)  # type: ignore[type-var]
    return len(draft.tracks[0].segments) * 60_000 / length_ms


def run() -> list[Figure]:
    only = {s.strip() for s in os.environ.get("NEMO_EVALSET_ONLY", "").split(",") if s.strip()}
    files = sorted(p for p in AUDIO.glob("*.ogg") if not only or p.name[:2] in only)
    if not files:
        raise SystemExit(f"no evaluation audio in {AUDIO}: run tests/benchmarks/evalset/fetch.sh first")
    print(
        "    file                                style       perc  attack drive character  bpm onsets/s kicks/beat spread     shots/min: 5 pics 12 pics"
    )
    rows, minutes = [], []
    for path in files:
        row = evaluate(path)
        rows.append(row)
        print(
            f"    {path.stem[:34]:<36}{row['style']:<11}{row['percussive']:5.3f} {row['attack']:6.3f}"
            f" {row['drive']:5.2f} {row['character']:<9}{row['bpm']:5.0f} {row['onsets_s']:8.2f}"
            f" {row['kicks_beat']:10.2f} {row['spread']:6.2f} {row['shots_5']:17.1f} {row['shots_12']:7.1f}",
            flush=True,
        )
        minutes.append(float(row["cost"]))
    calm = [float(r["drive"]) for r in rows if r["style"] in CALM_STYLES]
    driving = [float(r["drive"]) for r in rows if r["style"] in DRIVING_STYLES]
    figures = [Figure("measuring the character, ms per minute of audio (mean)", float(np.mean(minutes)), "ms")]
    for styles, name, rated in (
        (calm, "calm", lambda d: d < CALM_BELOW),
        (driving, "driving", lambda d: d >= DRIVING_FROM),
    ):
        if styles:
            figures.append(Figure(f"{name} styles rated {name}", sum(map(rated, styles)) / len(styles), "share"))
    return figures
