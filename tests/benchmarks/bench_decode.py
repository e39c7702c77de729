"""Decoding and memory as the work grows: music videos of 1, 3, 6 and 10 minutes from 100 photos; 3 minutes from 10,
40 and 100 photos; 3 minutes cut from one 60 s clip; 25 s from an 8 s clip in 4K HEVC 10-bit and in 1080p H.264.

The photos are what a phone takes: 12-megapixel JPEGs (4000×3000) of real pictures at a phone's size and quality,
each a different still of Big Buck Bunny (a 4:3 crop of the frame at ``_PHOTO_STEP_S`` seconds apart, its crop
sliding across the frame), scaled up, sharpened a little and under a mild grain, at JPEG quality ~90 (``-q:v 2``):
3.2-3.7 MB each. (Until stop 53 they were gradients under noise, 21 MB each and 0.23 s to decode.) The clips are a
loop of Big Buck Bunny; all made by the benchmark. Each render runs in a process of its own, so that its figures are its own: the CPU
seconds of the engine and of every ffmpeg it starts (the copies of pictures and clips made for it included, none
kept from an earlier render) and where they went (``ffmpeg_parts``: each ffmpeg by what it does, and the engine's
own Python), the peak resident memory of its largest ffmpeg, and the peak of the render's process
and all its ffmpegs together (``tree_memory``: their resident sets added up every 0.1 s), which issue 27 bounds at
1.5 GB so that a 2 GB machine renders either video. The reference of each is the
encode floor of the same length, measured in the same run. There are two floors:

- the encode floor (issue 27's goal is stated against it): the bundled ffmpeg encoding a moving test pattern
  (``testsrc2``) at the quality's size, rate and x264 settings, with the track as AAC. Making the pattern is nearly
  free, so this is what x264 and the AAC encoder alone cost for that length, on frames x264 finds easy.
- for a clip video, the encode floor of its footage: the clip's own frames, decoded once, scaled and cropped to fill
  the frame and brought to the video's rate, kept as raw frames, then looped to the video's length and encoded with
  the export's x264 settings and the track as AAC (two ffmpegs, both counted). It is the least any renderer could
  spend to make that video from that clip: x264 pays more for real footage than for ``testsrc2`` (about 1.6 times
  for Big Buck Bunny at 1080p), so a clip video is printed against both.

``NEMO_BENCH_DECODE_QUALITY`` (default ``preview``; ``high`` for 1080p30), ``NEMO_BENCH_DECODE_ONLY`` (a comma list
of ``lengths``, ``pictures``, ``clips``), ``NEMO_BENCH_DECODE_MINUTES`` (a comma list of the lengths, default
``1,3,6,10``), ``NEMO_BENCH_DECODE_MEDIA`` (a folder that keeps the made media between runs).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.render.presets import PRESETS, frame_rate, output_size
from nemo_notebook.protocol import MediaInfo, MediaKind
from nemo_notebook.protocol.vocabulary import Quality
from tests.benchmarks import Figure
from tests.benchmarks.ffmpeg_parts import cpu_by_part
from tests.benchmarks.tree_memory import run_sampled
from tests.conftest import REPO_MEDIA, SHARED_MEDIA

PHOTO_SIZE = (4000, 3000)
CLIP_S = 60
SHORT_CLIP_S = 8
_PHOTO_STEP_S = 0.29  # 100 stills across the 30 s of Big Buck Bunny


def _ffmpeg(*args: str) -> None:
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", *args], check=True)


def _bunny() -> Path:
    for folder in (SHARED_MEDIA, REPO_MEDIA):
        if (folder / "big-buck-bunny-30s.mp4").exists():
            return folder / "big-buck-bunny-30s.mp4"
    raise SystemExit(f"big-buck-bunny-30s.mp4 is in neither {SHARED_MEDIA} nor {REPO_MEDIA}")


def _song() -> Path:
    for folder in (SHARED_MEDIA, REPO_MEDIA):
        if (folder / "vibe-ace.mp3").exists():
            return folder / "vibe-ace.mp3"
    raise SystemExit(f"vibe-ace.mp3 is in neither {SHARED_MEDIA} nor {REPO_MEDIA}")


def _photos(folder: Path, count: int) -> list[Path]:
    """``count`` phone-sized photos in ``folder`` (made once, kept where the folder is kept), each a different still."""
    w, h = PHOTO_SIZE
    paths = [folder / f"phone{i:03d}.jpg" for i in range(count)]
    for i, path in enumerate(paths):
        if not path.exists():
            at = f"{0.5 + i * _PHOTO_STEP_S:.2f}"
            crop = f"crop=640:480:{(i * 37) % 215}:0"
            look = f"{crop},scale={w}:{h}:flags=lanczos,unsharp=7:7:1.0,noise=alls=16:allf=u"
            _ffmpeg("-ss", at, "-i", str(_bunny()), "-frames:v", "1", "-vf", look, "-q:v", "2", str(path))
    return paths


def _track(folder: Path, seconds: int) -> Path:
    path = folder / f"track-{seconds}s.mp3"
    if not path.exists():
        _ffmpeg("-stream_loop", "-1", "-i", str(_song()), "-t", str(seconds), "-map", "0:a", str(path))
    return path


def _clip(folder: Path, kind: str, seconds: int) -> Path:
    path = folder / f"clip-{kind}-{seconds}s.mp4"
    if path.exists():
        return path
    loop = ["-stream_loop", "-1", "-i", str(_bunny()), "-t", str(seconds), "-c:a", "aac"]
    if kind == "4k-hevc10":
        codec = ["-vf", "scale=3840:2160", "-c:v", "libx265", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le"]
        _ffmpeg(*loop, *codec, "-x265-params", "log-level=error", "-tag:v", "hvc1", str(path))
    else:
        _ffmpeg(*loop, "-vf", "scale=1920:1080", "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", str(path))
    return path


def _floor_cpu_s(folder: Path, quality: str, seconds: int) -> float:
    """CPU seconds of the bundled ffmpeg encoding ``testsrc2`` at the quality's size, rate and x264 settings, with
    the track as AAC: what any render of that length pays."""
    preset = PRESETS[Quality(quality)]
    w, h = output_size("16:9", preset.lines)
    fps = frame_rate(preset, 30)
    params = ["-x264-params", preset.x264_params] if preset.x264_params else []
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    _ffmpeg(
        *("-f", "lavfi", "-i", f"testsrc2=s={w}x{h}:r={fps}:d={seconds}", "-i", str(_track(folder, seconds))),
        *("-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-preset", preset.x264_preset, *params),
        *("-crf", str(preset.crf), "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", f"{preset.audio_bitrate_kbps}k"),
        *("-t", str(seconds), str(folder / "floor.mp4")),
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def _footage_floor_cpu_s(folder: Path, quality: str, seconds: int, clip: Path) -> float:
    """CPU seconds of the bundled ffmpeg making the least a video of ``clip``'s footage can cost: the clip decoded
    once, scaled and cropped to fill the frame (where the rate rises, before ``fps`` repeats frames) and brought to
    the quality's rate, kept as raw frames, then those frames looped to ``seconds`` and encoded as ``_floor_cpu_s``
    encodes ``testsrc2``, with the track as AAC. Both ffmpegs are counted; the raw frames are deleted after."""
    preset = PRESETS[Quality(quality)]
    w, h = output_size("16:9", preset.lines)
    fps = frame_rate(preset, 30)
    fill = f"scale={w}:{h}:force_original_aspect_ratio=increase,setsar=1,crop={w}:{h}"
    chain = f"{fill},fps={fps}" if fps >= _clip_fps(clip) else f"fps={fps},{fill}"
    frames = folder / "footage-frames.nut"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        _ffmpeg("-i", str(clip), "-map", "0:v", "-vf", f"{chain},format=yuv420p", "-c:v", "rawvideo", str(frames))
        _ffmpeg(
            *("-stream_loop", "-1", "-i", str(frames), "-i", str(_track(folder, seconds)), "-t", str(seconds)),
            *("-map", "0:v", "-map", "1:a", *_x264_args(quality), "-pix_fmt", "yuv420p", "-c:a", "aac"),
            *("-b:a", f"{preset.audio_bitrate_kbps}k", str(folder / "footage-floor.mp4")),
        )
    finally:
        frames.unlink(missing_ok=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def _x264_args(quality: str) -> list[str]:
    """The export's libx264 options at ``quality`` (``run.video_encoder_args`` where no GPU encoder is used)."""
    preset = PRESETS[Quality(quality)]
    params = ["-x264-params", preset.x264_params] if preset.x264_params else []
    return ["-c:v", "libx264", "-preset", preset.x264_preset, *params, "-crf", str(preset.crf), "-profile:v", "high"]


def _clip_fps(clip: Path) -> float:
    import av

    with av.open(str(clip)) as container:
        rate = container.streams.video[0].average_rate
        return float(rate) if rate else 30.0


def _measured(case: dict[str, Any]) -> dict[str, float]:
    """Render ``case`` in a fresh process; its CPU seconds (engine and ffmpeg), its largest ffmpeg's peak memory
    and the peak of the process and all its ffmpegs together (``tree_memory``; -1 where it cannot be read), MB."""
    cmd = [sys.executable, "-m", "tests.benchmarks.bench_decode", json.dumps(case)]
    out, together = run_sampled(cmd)
    return {**json.loads(out.strip().splitlines()[-1]), "together_mb": -1.0 if together is None else together}


def _render_here(case: dict[str, Any]) -> dict[str, float]:
    """In the benchmark's child process: plan the music video of ``case`` and render it."""
    from nemo_notebook.engine.analysis.types import AudioAnalysis
    from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
    from nemo_notebook.engine.render import render_draft

    folder, seconds = Path(case["folder"]), int(case["seconds"])
    duration_ms = seconds * 1000
    track = _track(folder, seconds)
    song = MediaInfo("track", track.name, MediaKind.AUDIO, "mp3", track.stat().st_size, duration_ms=duration_ms)
    media = {"track": (track, song), **_visuals(case)}
    beats = tuple(range(0, duration_ms, 500))  # 120 BPM: the analysis is not what is measured here
    energy = tuple(min(1.0, 0.2 + i / 3000) for i in range(duration_ms // 100 + 1))
    analysis = AudioAnalysis(duration_ms, 120.0, beats, beats[::4], beats, energy, 100, (0,))
    visuals = [(info, None) for key, (_, info) in media.items() if key != "track"]
    draft = plan_music_video(song, analysis, visuals, MusicVideoOptions(visualizer="spectrum"))
    before = (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
    with tempfile.TemporaryDirectory(dir=folder) as out, cpu_by_part() as parts:
        render_draft(draft, media, Path(out) / "video.mp4", quality=case["quality"])
    after = (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
    cpu = sum(a.ru_utime + a.ru_stime - b.ru_utime - b.ru_stime for a, b in zip(after, before, strict=True))
    own = after[0].ru_utime + after[0].ru_stime - before[0].ru_utime - before[0].ru_stime
    where = {**{f"cpu_s {part}": s for part, s in parts.items()}, "cpu_s the engine's own": own}
    return {"cpu_s": cpu, "peak_mb": after[1].ru_maxrss / 1024, "shots": len(draft.tracks[0].segments), **where}


def _visuals(case: dict[str, Any]) -> dict[str, tuple[Path, MediaInfo]]:
    folder = Path(case["folder"])
    if "clip" in case:
        path = folder / case["clip"]
        import av

        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            size, length_ms = (stream.width, stream.height), int((container.duration or 0) / 1000)
        info = MediaInfo("clip", path.name, MediaKind.VIDEO, "mp4", path.stat().st_size, length_ms, *size, 24.0, True)
        return {"clip": (path, info)}
    w, h = PHOTO_SIZE
    return {
        path.stem: (
            path,
            MediaInfo(path.stem, path.name, MediaKind.IMAGE, "jpg", path.stat().st_size, width=w, height=h),
        )
        for path in _photos(folder, int(case["photos"]))
    }


def _figure(name: str, case: dict[str, Any], floor_s: float) -> list[Figure]:
    got = _measured(case)
    label = f"{name} ({int(got['shots'])} shots)"
    return [
        Figure(f"{label}: CPU", got["cpu_s"], "s", floor_s, "encode floor", goal=1.5, goal_is_ratio=True),
        *_against_footage(label, case, got["cpu_s"]),
        *_parts(label, got, floor_s),
        Figure(f"{label}: peak ffmpeg memory", got["peak_mb"], "MB"),
        Figure(f"{label}: peak memory, the render and its ffmpegs together", got["together_mb"], "MB", goal=1536),
    ]


def _parts(label: str, got: dict[str, float], floor_s: float) -> list[Figure]:
    """Where the render's CPU went (``ffmpeg_parts``: each ffmpeg by what it does, and the engine's own Python),
    each part against the encode floor."""
    parts = sorted((key.removeprefix("cpu_s "), value) for key, value in got.items() if key.startswith("cpu_s "))
    return [Figure(f"{label}: CPU of {part}", value, "s", floor_s, "encode floor") for part, value in parts]


def _against_footage(label: str, case: dict[str, Any], cpu_s: float) -> list[Figure]:
    """A clip video's CPU against the encode floor of its footage (``_footage_floor_cpu_s``; none for photos): the
    fair floor of a clip video, printed beside the issue's ``testsrc2`` floor, which the goal is stated against."""
    if "clip" not in case:
        return []
    folder = Path(case["folder"])
    footage_s = _footage_floor_cpu_s(folder, case["quality"], int(case["seconds"]), folder / case["clip"])
    return [Figure(f"{label}: CPU, against its footage", cpu_s, "s", footage_s, "encode floor of the footage")]


def _codecs(base: dict[str, Any], folder: Path, floor_s: float) -> list[Figure]:
    """25 s from the same short clip in 1080p H.264 and in 4K HEVC 10-bit: the 4K one against the 1080p one."""
    cases = {
        kind: {**base, "seconds": 25, "clip": _clip(folder, kind, SHORT_CLIP_S).name}
        for kind in ("1080-h264", "4k-hevc10")
    }
    small, big = (_measured(case) for case in cases.values())
    name = f"25 s from an {SHORT_CLIP_S} s clip"
    return [
        Figure(
            f"{name} in 1080p H.264: CPU", small["cpu_s"], "s", floor_s, "encode floor", goal=1.5, goal_is_ratio=True
        ),
        *_against_footage(f"{name} in 1080p H.264", cases["1080-h264"], small["cpu_s"]),
        *_against_footage(f"{name} in 4K HEVC 10-bit", cases["4k-hevc10"], big["cpu_s"]),
        Figure(
            f"{name} in 4K HEVC 10-bit: CPU",
            big["cpu_s"],
            "s",
            small["cpu_s"],
            "1080p H.264",
            goal=1.5,
            goal_is_ratio=True,
        ),
        Figure(f"{name}: peak ffmpeg memory, 1080p H.264", small["peak_mb"], "MB"),
        Figure(f"{name}: peak ffmpeg memory, 4K HEVC 10-bit", big["peak_mb"], "MB", small["peak_mb"], "1080p H.264"),
    ]


def run() -> list[Figure]:
    quality = os.environ.get("NEMO_BENCH_DECODE_QUALITY", "preview")
    only = set(os.environ.get("NEMO_BENCH_DECODE_ONLY", "lengths,pictures,clips").split(","))
    kept = os.environ.get("NEMO_BENCH_DECODE_MEDIA")
    with tempfile.TemporaryDirectory(prefix="nemo-bench-decode-") as scratch:
        folder = Path(kept or scratch)
        folder.mkdir(parents=True, exist_ok=True)
        if only & {"lengths", "pictures"}:
            _photos(folder, 100)
        base = {"folder": str(folder), "quality": quality}
        floors: dict[int, float] = {}

        def floor(seconds: int) -> float:
            if seconds not in floors:
                floors[seconds] = _floor_cpu_s(folder, quality, seconds)
            return floors[seconds]

        figures: list[Figure] = []
        if "lengths" in only:
            for minutes in (int(m) for m in os.environ.get("NEMO_BENCH_DECODE_MINUTES", "1,3,6,10").split(",")):
                case = {**base, "seconds": minutes * 60, "photos": 100}
                figures += _figure(f"{minutes} min from 100 photos, {quality}", case, floor(minutes * 60))
        if "pictures" in only:
            for count in (10, 40, 100):
                case = {**base, "seconds": 180, "photos": count}
                figures += _figure(f"3 min from {count} photos, {quality}", case, floor(180))
        if "clips" in only:
            clip = {**base, "seconds": 180, "clip": _clip(folder, "1080-h264", CLIP_S).name}
            figures += _figure(f"3 min from one {CLIP_S} s clip, {quality}", clip, floor(180))
            figures += _codecs(base, folder, floor(25))
    return figures


if __name__ == "__main__":
    print(json.dumps(_render_here(json.loads(sys.argv[1]))))
