"""Music video render speed: a 3-minute track with 12 pictures → 1080p30 with a visualizer and beat cuts.

The reference is the bundled ffmpeg encoding a 1080p30 moving test pattern (``testsrc2``) of the same length with
libx264 veryfast crf 20 and the track as AAC, measured in the same run: the floor any renderer on this machine pays.
Goal: at most 1.5× that floor. Also: a 10-minute track's render time.

x264 pays more for real pictures than for ``testsrc2``, so the render's CPU is printed against a second reference
measured in the same run: the floor of its pictures (``_pictures_floor_s``), the draft's own shots, each picture
held still for its shot's length (no motion, looks, visualizer or text: none of the engine's work), scaled to fill
1080p, encoded at the render's rate with the export's x264 settings and the track as AAC at its bitrate; and the
same with each picture drifting across the frame (x264 pays for motion; held still its frames cost next to nothing).

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
from nemo_notebook.engine.render.presets import PRESETS
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind
from nemo_notebook.protocol.vocabulary import Quality
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


def _plan(folder: Path, seconds: int, pictures: dict[str, tuple[Path, MediaInfo]]) -> tuple[Draft, Path, MediaInfo]:
    """Planning's draft for a ``seconds`` track over ``pictures``, and the track."""
    track, info = _track(folder, seconds)
    analysis = _analysis(track, seconds * 1000)
    visuals = [(info_, None) for _, info_ in pictures.values()]
    draft = plan_music_video(info, analysis, visuals, MusicVideoOptions(visualizer="spectrum", title="Vibe Ace"))
    return draft, track, info


def _render_s(folder: Path, seconds: int, pictures: dict[str, tuple[Path, MediaInfo]]) -> tuple[float, float, int]:
    """Wall and CPU seconds of planning's render of a ``seconds`` track, and its number of shots."""
    return _rendered_s(folder, *_plan(folder, seconds, pictures), pictures)


def _rendered_s(
    folder: Path, draft: Draft, track: Path, info: MediaInfo, pictures: dict[str, tuple[Path, MediaInfo]]
) -> tuple[float, float, int]:
    """Wall and CPU seconds of the render of ``draft`` (planned for ``track``), and its number of shots."""
    started, cpu = time.perf_counter(), _cpu_s()
    render_draft(draft, {**pictures, "track": (track, info)}, folder / f"video-{track.stem}.mp4", quality="high")
    return time.perf_counter() - started, _cpu_s() - cpu, len(draft.tracks[0].segments)


def _pictures_floor_s(
    folder: Path,
    draft: Draft,
    track: Path,
    seconds: int,
    pictures: dict[str, tuple[Path, MediaInfo]],
    *,
    moving: bool = False,
) -> tuple[float, float]:
    """Wall and CPU seconds of the floor of the render's pictures: the planned draft's shots (the same draft the
    render gets), each its picture held still for the shot's length, as a plain ffmpeg slideshow (the concat
    demuxer) scaled to fill 1920x1080 at 30 fps, encoded with the export's x264 settings (``high``) and the track
    as AAC at the export's bitrate. ``moving``: each picture enlarged 1.1 times once and the frame drifting across
    it (a whole-pixel ``crop``, about 1-2 px a frame), so that x264 meets real pictures in motion, as in the render,
    for next to no filter work."""
    listed = folder / "pictures.txt"
    lines = []
    for shot in draft.tracks[0].segments:
        if shot.src in pictures:
            lines += [f"file '{pictures[shot.src][0]}'", f"duration {shot.duration_ms / 1000:.3f}"]
    listed.write_text("\n".join([*lines, lines[-2]]) + "\n")  # the demuxer needs the last picture again
    preset = PRESETS[Quality.HIGH]
    params = ["-x264-params", preset.x264_params] if preset.x264_params else []
    fill = "scale=1920:1080:force_original_aspect_ratio=increase,crop=1920:1080,setsar=1,fps=30,format=yuv420p"
    if moving:
        drift = "crop=1920:1080:x='96+96*sin(n/90)':y='54+54*sin(n/120)'"
        fill = f"scale=2112:1188,setsar=1,fps=30,{drift},format=yuv420p"
    started, cpu = time.perf_counter(), _cpu_s()
    _ffmpeg(
        *("-f", "concat", "-safe", "0", "-i", str(listed), "-i", str(track), "-map", "0:v", "-map", "1:a"),
        *("-vf", fill, "-c:v", "libx264", "-preset", preset.x264_preset, *params, "-crf", str(preset.crf)),
        *("-profile:v", "high", "-c:a", "aac", "-b:a", f"{preset.audio_bitrate_kbps}k", "-ar", "48000", "-ac", "2"),
        *("-t", str(seconds), str(folder / f"pictures-floor-{int(moving)}.mp4")),
    )
    return time.perf_counter() - started, _cpu_s() - cpu


def run() -> list[Figure]:
    seconds = int(os.environ.get("NEMO_BENCH_MV_SECONDS", "180"))
    figures = []
    with tempfile.TemporaryDirectory(prefix="nemo-bench-mv-") as name:
        folder = Path(name)
        pictures = _pictures(folder)
        draft, track, info = _plan(folder, seconds, pictures)
        floor, floor_cpu = _floor_s(folder, track, seconds)
        _, pictures_cpu = _pictures_floor_s(folder, draft, track, seconds, pictures)
        _, moving_cpu = _pictures_floor_s(folder, draft, track, seconds, pictures, moving=True)
        render, render_cpu, shots = _rendered_s(folder, draft, track, info, pictures)
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
        figures.append(
            Figure(
                f"{what}, CPU, against its pictures held still",
                render_cpu,
                "s",
                reference=pictures_cpu,
                reference_name="the draft's pictures as a still slideshow, same x264 settings + AAC, CPU",
            )
        )
        figures.append(
            Figure(
                f"{what}, CPU, against its pictures drifting",
                render_cpu,
                "s",
                reference=moving_cpu,
                reference_name="the draft's pictures as a slideshow, each drifting across, same x264 settings + AAC, CPU",
            )
        )
        for name, cpu in (("still", pictures_cpu), ("drifting", moving_cpu)):
            figures.append(Figure(f"its pictures' {name} slideshow against the testsrc2 floor, CPU", cpu, "s",
                                  reference=floor_cpu, reference_name=f"{floor_name}, CPU"))  # fmt: skip
        if os.environ.get("NEMO_BENCH_MV_LONG", "1") != "0":
            long_s, long_cpu, long_shots = _render_s(folder, 600, pictures)
            figures.append(Figure(f"render 600 s track ({long_shots} cuts) → 1080p30 (high)", long_s, "s"))
            figures.append(Figure("600 s track: render time per second of video", long_s / 600, "s/s"))
            figures.append(Figure("600 s track: render CPU per second of video", long_cpu / 600, "s/s"))
            figures.append(Figure("peak ffmpeg memory so far (with the 10-minute render)", _peak_child_mb(), "MB"))
    return figures
