"""What an acceptance test makes and measures: synthetic inputs with known cuts and beats, and the look of an MP4.

The inputs are what a user would upload (a clip with shots of irregular lengths, a click track at a known tempo,
pictures); the measurements are what a user would notice (where the picture changes, the beats of what they hear,
the codecs and size a player reports).
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nemo_notebook.engine.ffmpeg import ffmpeg_exe

# lavfi sources different enough from each other that a person calls the change a cut; each moves a little
_MOVING_BOX = "drawbox=x=mod(t*90\\,280):y=mod(t*50\\,140):w=40:h=40:c=yellow:t=fill"
# Footage, not test cards: each shot moves and has texture (the engine never cuts to a frozen or plain picture).
# Every source is the same on each run: ffmpeg's gradients picks random colours, whatever its seed, unless told
# them (a random gradient once moved the clip's arousal under the calm line: a 67 BPM score that missed a cut)
SHOT_SOURCES = (
    "testsrc2=size=320x180:rate=30",
    f"gradients=size=320x180:rate=30:speed=0.05:seed=7:c0=#e03060:c1=#30c0e0,{_MOVING_BOX}",
    f"smptebars=size=320x180:rate=30,{_MOVING_BOX}",
    f"gradients=size=320x180:rate=30:speed=0.08:seed=3:c0=#2040c0:c1=#40c0a0,{_MOVING_BOX}",
    f"rgbtestsrc=size=320x180:rate=30,{_MOVING_BOX}",
)
PICTURE_COLORS = ("#e8e8e8", "#202020", "#8a8a8a")


def ffmpeg(*args: str) -> None:
    done = subprocess.run([ffmpeg_exe(), "-v", "error", "-y", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"ffmpeg failed: {done.stderr[-800:]}")


def clip_with_cuts(path: Path, shot_seconds: Sequence[float]) -> list[int]:
    """A silent 30 fps clip of shots of the given lengths (one source each); the cut times (ms)."""
    inputs: list[str] = []
    for i, seconds in enumerate(shot_seconds):
        inputs += ["-f", "lavfi", "-t", f"{seconds:.4f}", "-i", SHOT_SOURCES[i % len(SHOT_SOURCES)]]
    chains = "".join(f"[{i}:v]setsar=1,format=yuv420p[v{i}];" for i in range(len(shot_seconds)))
    joined = "".join(f"[v{i}]" for i in range(len(shot_seconds)))
    graph = f"{chains}{joined}concat=n={len(shot_seconds)}:v=1:a=0[out]"
    ffmpeg(*inputs, "-filter_complex", graph, "-map", "[out]", "-c:v", "libx264", "-preset", "ultrafast", str(path))
    return [round(1000 * t) for t in np.cumsum(shot_seconds)[:-1]]


def click_track(path: Path, tempo_bpm: float, seconds: float) -> Path:
    """A stereo WAV with a 1 kHz click on every beat from 0 (louder on each bar's first) over a quiet hum."""
    period = 60 / tempo_bpm
    accent = f"(0.5+0.4*lt(mod(t,{period * 4}),0.05))"
    expr = f"{accent}*sin(2*PI*1000*t)*exp(-60*mod(t,{period}))+0.05*sin(2*PI*110*t)"
    ffmpeg("-f", "lavfi", "-i", f"aevalsrc='{expr}':s=44100:d={seconds}", "-ac", "2", str(path))
    return path


def picture(path: Path, color: str) -> Path:
    """A flat JPEG picture with a grid (so that pan and zoom show), 800×600. The grid is grey, or black on a mid-grey
    ground where a grey grid would not show (the engine leaves a picture plain all over out of a montage)."""
    ground = int(color.lstrip("#")[2:4], 16)
    grid = "#000000" if abs(ground - 0x80) < 0x30 else "#808080"
    ffmpeg("-f", "lavfi", "-i", f"color=c={color}:s=800x600,drawgrid=w=100:h=100:c={grid}", "-frames:v", "1", str(path))
    return path


@dataclass(frozen=True)
class Streams:
    """What a player reports about an MP4."""

    video_codec: str
    width: int
    height: int
    pix_fmt: str
    fps: float
    audio_codec: str
    sample_rate_hz: int
    channels: int
    duration_ms: int


def streams(path: Path) -> Streams:
    import av

    with av.open(str(path)) as container:
        video, audio = container.streams.video[0], container.streams.audio[0]
        duration_ms = round((container.duration or 0) / 1000)
        return Streams(
            video.codec_context.name,
            video.codec_context.width,
            video.codec_context.height,
            str(video.codec_context.pix_fmt),
            float(video.average_rate or 0),
            audio.codec_context.name,
            audio.codec_context.sample_rate,
            audio.codec_context.channels,
            duration_ms,
        )


def frames(path: Path, *, top_share: float = 0.6) -> tuple[np.ndarray, np.ndarray]:
    """Every frame's time (ms) and its upper ``top_share`` as small grey pixels (where no visualizer draws)."""
    import av

    times, pictures = [], []
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        for frame in container.decode(stream):
            grey = frame.reformat(width=160, height=90, format="gray").to_ndarray()
            pictures.append(grey[: int(90 * top_share)].astype(np.float32))
            times.append(1000.0 * float(frame.time or 0.0))
    return np.asarray(times), np.asarray(pictures)


def cuts_ms(path: Path, *, threshold: float = 12.0) -> list[float]:
    """Where the picture changes at once (ms): a frame whose mean difference from the one before is large."""
    times, pictures = frames(path)
    diffs = np.abs(np.diff(pictures, axis=0)).mean(axis=(1, 2))
    return [float(times[i + 1]) for i in np.flatnonzero(diffs > threshold)]


def black_frames(path: Path, *, darkest: float = 8.0, ending_ms: float = 0.0) -> list[float]:
    """Times (ms) of frames that are black all over (mean luma below ``darkest`` on 0-255), outside the last
    ``ending_ms`` (where a video's closing fade to black belongs)."""
    times, pictures = frames(path, top_share=1.0)
    end = float(times[-1]) - ending_ms if len(times) else 0.0
    return [float(t) for t, p in zip(times, pictures, strict=True) if p.mean() < darkest and t <= end]


def distance_ms(times_ms: Sequence[float], grid_ms: Sequence[float]) -> list[float]:
    """How far each time lies from the nearest point of ``grid_ms``."""
    grid = np.asarray(sorted(grid_ms), dtype=float)
    return [float(np.min(np.abs(grid - t))) for t in times_ms]


def audio_of(path: Path, out: Path) -> Path:
    """The MP4's sound as a WAV."""
    ffmpeg("-i", str(path), "-vn", "-ac", "2", "-ar", "44100", str(out))
    return out
