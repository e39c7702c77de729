"""Preview speed: the 61 s ``vibe-ace.mp3`` with 12 pictures, beat cuts, a spectrum and a title → ``preview`` (640×360).

Goal (issue 13): a one-minute preview in a few seconds. Wall time depends on how busy the machine is, so ffmpeg's CPU
seconds are given too (the same run's ``low`` render is the reference: the cheapest quality that is not a preview).
"""

from __future__ import annotations

import resource
import tempfile
import time
from pathlib import Path

from nemo_notebook.engine.analysis.audio import analyze_audio
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.render import render_draft
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind
from tests.benchmarks import Figure
from tests.benchmarks.bench_music_video import _media, _pictures


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _render(draft: Draft, media: dict[str, tuple[Path, MediaInfo]], out: Path, quality: str) -> tuple[float, float]:
    cpu, started = _children_cpu_s(), time.perf_counter()
    render_draft(draft, media, out, quality=quality)
    return time.perf_counter() - started, _children_cpu_s() - cpu


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="nemo-bench-preview-") as name:
        folder = Path(name)
        pictures = _pictures(folder)
        track = _media("vibe-ace.mp3")
        analysis = analyze_audio(track)
        info = MediaInfo("track", track.name, MediaKind.AUDIO, "mp3", track.stat().st_size, analysis.duration_ms)
        options = MusicVideoOptions(visualizer="spectrum", title="Vibe Ace")
        draft = plan_music_video(info, analysis, [(i, None) for _, i in pictures.values()], options)
        media = {**pictures, "track": (track, info)}
        low_wall, low_cpu = _render(draft, media, folder / "low.mp4", "low")
        wall, cpu = _render(draft, media, folder / "preview.mp4", "preview")
    seconds = analysis.duration_ms / 1000
    return [
        Figure(f"preview of a {seconds:.0f} s music video, wall", wall, "s", low_wall, "low, wall", goal=5.0),
        Figure(f"preview of a {seconds:.0f} s music video, ffmpeg CPU", cpu, "s", low_cpu, "low, ffmpeg CPU"),
    ]
