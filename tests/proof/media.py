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


def png_claiming(width: int, height: int, *, bits: int = 8, colour: bool = False) -> bytes:
    """A valid PNG, grey or RGB (``colour``) at ``bits`` (8 or 16) a sample, of ``width``×``height`` zeros: a few
    hundred KB or a few MB that decode to width × height × samples × bits / 8 bytes."""
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    squeeze = zlib.compressobj(9)
    row = b"\0" * (1 + width * (3 if colour else 1) * bits // 8)
    body = b"".join(squeeze.compress(row) for _ in range(height)) + squeeze.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, bits, 2 if colour else 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def live_playlist(segment: bytes | str) -> bytes:
    """An HLS playlist with no end tag (a live one, re-read for ever) whose one segment is ``segment`` inline (bytes)
    or at that address (a name beside the playlist: FFmpeg 8 opens only segments named like media)."""
    import base64

    inline = segment if isinstance(segment, str) else "data:video/mp2t;base64," + base64.b64encode(segment).decode()
    return f"#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:1.0,\n{inline}\n".encode()


def box(kind: bytes, *parts: bytes) -> bytes:
    body = b"".join(parts)
    return struct.pack(">I", 8 + len(body)) + kind + body


def full_box(kind: bytes, *parts: bytes, flags: int = 0) -> bytes:
    return box(kind, struct.pack(">I", flags), *parts)


def mp4_claiming_samples(samples: int = 60_000_000, *, padding: int = 5000, timescale: int = 1000) -> bytes:
    """An MP4 of one video track whose index claims ``samples`` one-byte samples in one chunk, in a few KB.

    Every table is short (uniform sample size, one stts and one stsc row), so the claim costs nothing to write and,
    believed, an index entry a sample to read.
    """
    unity = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
    mvhd = full_box(b"mvhd", struct.pack(">IIII", 0, 0, 1000, samples // 1000), struct.pack(">IH", 0x10000, 0x100),
                     bytes(10), unity, bytes(24), struct.pack(">I", 2))  # fmt: skip
    tkhd = full_box(b"tkhd", struct.pack(">IIIII", 0, 0, 1, 0, samples // 1000), bytes(8), struct.pack(">HHHH", 0, 0, 0, 0),
                     unity, struct.pack(">II", 160 << 16, 120 << 16), flags=3)  # fmt: skip
    mdhd = full_box(b"mdhd", struct.pack(">IIIIHH", 0, 0, timescale, samples, 0x55C4, 0))
    hdlr = full_box(b"hdlr", struct.pack(">I", 0), b"vide", bytes(12), b"\0")
    entry = box(b"mp4v", bytes(6), struct.pack(">H", 1), bytes(16), struct.pack(">HHIII", 160, 120, 0x480000, 0x480000, 0),
                 struct.pack(">H", 1), bytes(32), struct.pack(">Hh", 0x18, -1))  # fmt: skip
    head = box(b"ftyp", b"isom", struct.pack(">I", 512), b"isomiso2mp41")

    def moov(offset: int) -> bytes:
        stbl = box(b"stbl", full_box(b"stsd", struct.pack(">I", 1), entry),
                    full_box(b"stts", struct.pack(">III", 1, samples, 1)),
                    full_box(b"stsc", struct.pack(">IIII", 1, 1, samples, 1)),
                    full_box(b"stsz", struct.pack(">II", 1, samples)),
                    full_box(b"stco", struct.pack(">II", 1, offset)))  # fmt: skip
        dinf = box(b"dinf", full_box(b"dref", struct.pack(">I", 1), full_box(b"url ", flags=1)))
        minf = box(b"minf", full_box(b"vmhd", bytes(8), flags=1), dinf, stbl)
        return box(b"moov", mvhd, box(b"trak", tkhd, box(b"mdia", mdhd, hdlr, minf)))

    offset = len(head) + len(moov(0)) + 8
    return head + moov(offset) + box(b"mdat", bytes(padding))


def flac_of_silence(folder: Path, seconds: int, *, rate: int = 8000) -> bytes:
    """Mono FLAC of ``seconds`` of silence in long blocks: three hours at 8 kHz is 40 KB."""
    out = folder / "silence.flac"
    ffmpeg("-f", "lavfi", "-i", f"anullsrc=r={rate}:cl=mono:d={seconds}", "-c:a", "flac", "-frame_size", "32768", out)
    return out.read_bytes()
