"""Awkward media made on the spot with the bundled ffmpeg: short, small, and each awkward in one known way."""

from __future__ import annotations

import struct
import subprocess
from collections.abc import Sequence
from pathlib import Path

from nemo_notebook.engine.ffmpeg import ffmpeg_exe

_PICTURE = ["-f", "lavfi", "-i", "testsrc2=size=160x120:rate=24:duration=2"]
_TONE = ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=2"]
_H264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
_AAC = ["-c:a", "aac", "-b:a", "64k"]


def ffmpeg(*args: str | Path) -> None:
    """Run the bundled ffmpeg quietly; raise with its message when it fails."""
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y", *map(str, args)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"ffmpeg failed: {done.stderr.strip()[-500:]}")


def make(folder: Path, name: str, inputs: Sequence[str], codecs: Sequence[str]) -> Path:
    out = folder / name
    ffmpeg(*inputs, *codecs, "-shortest", out)
    return out


def h264_aac(folder: Path) -> Path:
    """A plain 2 s 160×120 H.264 + AAC clip."""
    return make(folder, "plain.mp4", [*_PICTURE, *_TONE], [*_H264, *_AAC])


def video_only(folder: Path) -> Path:
    return make(folder, "silent.mp4", _PICTURE, _H264)


def audio_only_mp4(folder: Path) -> Path:
    return make(folder, "audio-only.mp4", _TONE, _AAC)


def hevc(folder: Path) -> Path:
    return make(
        folder,
        "hevc.mp4",
        [*_PICTURE, *_TONE],
        ["-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error", "-tag:v", "hvc1", *_AAC],
    )


def ten_bit(folder: Path) -> Path:
    return make(
        folder,
        "ten-bit.mp4",
        [*_PICTURE, *_TONE],
        ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le", *_AAC],
    )


def vfr(folder: Path) -> Path:
    """Frames at uneven times: 24 fps thinned by dropping every frame whose index is a multiple of 3 or 5."""
    thin = "select='not(eq(mod(n\\,3)\\,0))*not(eq(mod(n\\,5)\\,0))',setpts=N/24/TB*1.7"
    return make(folder, "vfr.mp4", [*_PICTURE, *_TONE], ["-vf", thin, "-fps_mode", "vfr", *_H264, *_AAC])


def rotated(folder: Path) -> Path:
    """A 160×120 stream that players show as 120×160 (a phone held upright): a display matrix of 90°."""
    plain = h264_aac(folder)
    out = folder / "rotated.mp4"
    ffmpeg("-display_rotation", "90", "-i", plain, "-c", "copy", out)
    return out


def mp3(folder: Path, seconds: float = 4.0) -> Path:
    out = folder / "tone.mp3"
    ffmpeg(
        "-f",
        "lavfi",
        "-i",
        f"sine=frequency=330:sample_rate=44100:duration={seconds}",
        "-c:a",
        "libmp3lame",
        "-b:a",
        "128k",
        out,
    )
    return out


def png(folder: Path) -> Path:
    out = folder / "still.png"
    ffmpeg("-f", "lavfi", "-i", "testsrc2=size=64x48:rate=1:duration=1", "-frames:v", "1", out)
    return out


def wav_claiming_hours(seconds_of_data: float = 1.0, claimed_hours: float = 3.0) -> bytes:
    """A 16-bit mono 8 kHz WAV whose header says ``claimed_hours`` of sound but which holds ``seconds_of_data``."""
    rate, width = 8000, 2
    frames = int(rate * seconds_of_data)
    data = b"".join(struct.pack("<h", int(8000 * ((i // 20) % 2 * 2 - 1))) for i in range(frames))
    claimed = min(int(rate * width * 3600 * claimed_hours), 0xFFFFFFFF - 36)
    fmt = struct.pack("<HHIIHH", 1, 1, rate, rate * width, width, 16)
    return (
        b"RIFF"
        + struct.pack("<I", 36 + claimed)
        + b"WAVE"
        + b"fmt "
        + struct.pack("<I", 16)
        + fmt
        + b"data"
        + struct.pack("<I", claimed)
        + data
    )


def faststart(folder: Path) -> Path:
    """A 2 s clip with its index at the front, as web players want: cut short, its index still names 2 s."""
    return make(folder, "faststart.mp4", [*_PICTURE, *_TONE], [*_H264, *_AAC, "-movflags", "+faststart"])


def wav_at_rate(rate: int, seconds_of_data: float = 0.5) -> bytes:
    """A 16-bit mono WAV whose header claims ``rate`` samples a second (1 Hz reads as hours; 2 GHz as nothing)."""
    frames = int(8000 * seconds_of_data)
    data = b"\0\0" * frames
    fmt = struct.pack("<HHIIHH", 1, 1, rate, (rate * 2) & 0xFFFFFFFF, 2, 16)
    return (
        b"RIFF"
        + struct.pack("<I", 36 + len(data))
        + b"WAVE"
        + b"fmt "
        + struct.pack("<I", 16)
        + fmt
        + (b"data" + struct.pack("<I", len(data)) + data)
    )


def png_claiming(width: int, height: int) -> bytes:
    """A valid 8-bit grey PNG of ``width``×``height`` zeros: a few hundred KB that decode to width × height bytes."""
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    squeeze = zlib.compressobj(9)
    row = b"\0" * (1 + width)
    body = b"".join(squeeze.compress(row) for _ in range(height)) + squeeze.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def live_playlist(segment: bytes) -> bytes:
    """An HLS playlist with no end tag (a live one, re-read for ever) whose one segment is ``segment`` inline."""
    import base64

    inline = "data:video/mp2t;base64," + base64.b64encode(segment).decode()
    return f"#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:1.0,\n{inline}\n".encode()
