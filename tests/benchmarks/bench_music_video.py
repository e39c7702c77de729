"""Music video render speed: a 3-minute track with 12 pictures → 1080p30 with a visualizer and beat cuts.

The reference is the bundled ffmpeg encoding a 1080p30 moving test pattern (``testsrc2``) of the same length with
libx264 veryfast crf 20 and the track as AAC, measured in the same run: the floor any renderer on this machine pays.
Goal: at most 1.5× that floor. Also: a 10-minute track's render time.

``NEMO_BENCH_MV_SECONDS`` shortens the 3-minute track (for a quick look); ``NEMO_BENCH_MV_LONG=0`` skips the
10-minute render.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path

from nemo_notebook.engine.analysis.types import AudioAnalysis
from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.render import render_draft
from nemo_notebook.protocol import MediaInfo, MediaKind
from tests.benchmarks import Figure
from tests.conftest import REPO_MEDIA, SHARED_MEDIA

PICTURES = 12


def _media(name: str) -> Path:
    for folder in (SHARED_MEDIA, REPO_MEDIA):
        if (folder / name).exists():
            return folder / name
    raise SystemExit(f"{name} is in neither {SHARED_MEDIA} nor {REPO_MEDIA}")


def _ffmpeg(*args: str) -> None:
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", *args], check=True)


def _track(folder: Path, seconds: int) -> tuple[Path, MediaInfo]:
    path = folder / f"track-{seconds}s.mp3"
    _ffmpeg("-stream_loop", "-1", "-i", str(_media("vibe-ace.mp3")), "-t", str(seconds), "-map", "0:a", str(path))
    info = MediaInfo("track", path.name, MediaKind.AUDIO, "mp3", path.stat().st_size, duration_ms=seconds * 1000)
    return path, info


def _pictures(folder: Path) -> dict[str, tuple[Path, MediaInfo]]:
    out = {}
    for i in range(PICTURES):
        path = folder / f"pic{i:02d}.jpg"
        at = f"{1 + i * 2.4:.1f}"
        _ffmpeg(
            "-ss",
            at,
            "-i",
            str(_media("big-buck-bunny-30s.mp4")),
            "-frames:v",
            "1",
            "-vf",
            "scale=1920:1080",
            "-q:v",
            "3",
            str(path),
        )
        info = MediaInfo(f"pic{i:02d}", path.name, MediaKind.IMAGE, "jpg", path.stat().st_size, width=1920, height=1080)
        out[info.id] = (path, info)
    return out


def _analysis(path: Path, duration_ms: int) -> AudioAnalysis:
    """The engine's analysis where it is available; a 120 BPM grid with a rising energy curve otherwise."""
    try:
        from nemo_notebook.engine.analysis.audio import analyze_audio

        return analyze_audio(path)
    except ImportError:
        beats = tuple(range(0, duration_ms, 500))
        energy = tuple(min(1.0, 0.2 + i / 3000) for i in range(duration_ms // 100 + 1))
        return AudioAnalysis(duration_ms, 120.0, beats, beats[::4], beats, energy, 100, (0,))


def _cpu_s() -> float:
    """User + system CPU seconds of this process and of its finished children (ffmpeg): on a busy machine the
    ratio of CPU seconds is what stays comparable; wall time follows the load."""
    try:
        import resource
    except ImportError:
        return time.process_time()
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _floor_s(folder: Path, track: Path, seconds: int) -> tuple[float, float]:
    """Wall and CPU seconds of the encode floor."""
    out = folder / "floor.mp4"
    started, cpu = time.perf_counter(), _cpu_s()
    _ffmpeg(
        *(
            "-f",
            "lavfi",
            "-i",
            f"testsrc2=s=1920x1080:r=30:d={seconds}",
            "-i",
            str(track),
            "-map",
            "0:v",
            "-map",
            "1:a",
        ),
        *("-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p"),
        *("-c:a", "aac", "-ar", "48000", "-ac", "2", "-t", str(seconds), str(out)),
    )
    return time.perf_counter() - started, _cpu_s() - cpu


def _peak_child_mb() -> float:
    """Largest resident memory of any child process so far (MB); 0 where the platform cannot tell."""
    try:
        import resource
    except ImportError:
        return 0.0
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _render_s(folder: Path, seconds: int, pictures: dict[str, tuple[Path, MediaInfo]]) -> tuple[float, float, int]:
    """Wall and CPU seconds of planning's render of a ``seconds`` track, and its number of shots."""
    track, info = _track(folder, seconds)
    analysis = _analysis(track, seconds * 1000)
    visuals = [(info_, None) for _, info_ in pictures.values()]
    draft = plan_music_video(info, analysis, visuals, MusicVideoOptions(visualizer="spectrum", title="Vibe Ace"))
    shots = len(draft.tracks[0].segments)
    started, cpu = time.perf_counter(), _cpu_s()
    render_draft(draft, {**pictures, "track": (track, info)}, folder / f"video-{seconds}s.mp4", quality="high")
    return time.perf_counter() - started, _cpu_s() - cpu, shots


def run() -> list[Figure]:
    seconds = int(os.environ.get("NEMO_BENCH_MV_SECONDS", "180"))
    figures = []
    with tempfile.TemporaryDirectory(prefix="nemo-bench-mv-") as name:
        folder = Path(name)
        pictures = _pictures(folder)
        track, _ = _track(folder, seconds)
        floor, floor_cpu = _floor_s(folder, track, seconds)
        render, render_cpu, shots = _render_s(folder, seconds, pictures)
        figures.append(Figure("peak ffmpeg memory so far (floor and 3-minute render)", _peak_child_mb(), "MB"))
        what = f"render {seconds} s track, {PICTURES} pictures, {shots} beat cuts, spectrum, title → 1080p30 (high)"
        floor_name = "ffmpeg testsrc2 1080p30 libx264 veryfast crf 20 + AAC"
        figures.append(
            Figure(what, render, "s", reference=floor, reference_name=floor_name, goal=1.5, goal_is_ratio=True)
        )
        figures.append(
            Figure(
                f"{what}, CPU (user + system, with ffmpeg)",
                render_cpu,
                "s",
                reference=floor_cpu,
                reference_name=f"{floor_name}, CPU",
                goal=1.5,
                goal_is_ratio=True,
            )
        )
        if os.environ.get("NEMO_BENCH_MV_LONG", "1") != "0":
            long_s, long_cpu, long_shots = _render_s(folder, 600, pictures)
            figures.append(Figure(f"render 600 s track ({long_shots} cuts) → 1080p30 (high)", long_s, "s"))
            figures.append(Figure("600 s track: render time per second of video", long_s / 600, "s/s"))
            figures.append(Figure("600 s track: render CPU per second of video", long_cpu / 600, "s/s"))
            figures.append(Figure("peak ffmpeg memory so far (with the 10-minute render)", _peak_child_mb(), "MB"))
    return figures
