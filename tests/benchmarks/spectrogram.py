"""A spectrogram picture of a sound file, written as a PNG with numpy and zlib alone (no matplotlib or PIL here).

Time runs left to right, frequency bottom to top on a log axis from 30 Hz to 20 kHz (so the bass and the air are
both visible), level from -90 dB (black) through purple and orange to 0 dB (pale yellow), relative to the loudest bin.
Faint grey lines mark 100 Hz, 1 kHz and 10 kHz.
"""

from __future__ import annotations

import itertools
import struct
import zlib
from pathlib import Path

import numpy as np

_STOPS = np.array(
    [[0, 0, 0], [40, 11, 84], [101, 21, 110], [159, 42, 99], [212, 72, 66], [245, 125, 21], [250, 193, 39],
     [252, 255, 164]],
    dtype=np.float64,
)  # fmt: skip
_LOW_HZ, _HIGH_HZ, _FLOOR_DB = 30.0, 20_000.0, -90.0


def spectrogram_png(audio: np.ndarray, sample_rate: int, path: Path, *, width: int = 900, height: int = 320) -> Path:
    """Write the spectrogram of ``audio`` (mono or ``(n, channels)``) to ``path``; returns ``path``."""
    mono = audio.mean(axis=1) if audio.ndim == 2 else audio
    n_fft = 4096
    hop = max(1, (len(mono) - n_fft) // width)
    frames = np.lib.stride_tricks.sliding_window_view(mono, n_fft)[::hop][:width]
    power = np.abs(np.fft.rfft(frames * np.hanning(n_fft), axis=1)) ** 2
    freqs = np.fft.rfftfreq(n_fft, 1 / sample_rate)
    rows = np.geomspace(_LOW_HZ, min(_HIGH_HZ, sample_rate / 2), height)
    edges = np.searchsorted(freqs, np.sqrt(rows[:-1] * rows[1:]))
    edges = np.concatenate([[np.searchsorted(freqs, _LOW_HZ)], edges, [len(freqs) - 1]])
    binned = np.stack([power[:, a : max(b, a + 1)].mean(axis=1) for a, b in itertools.pairwise(edges)])
    level = 10 * np.log10(binned / max(float(binned.max()), 1e-20) + 1e-12)
    scaled = np.clip(1 - level / _FLOOR_DB, 0, 1) * (len(_STOPS) - 1)
    low = np.floor(scaled).astype(int).clip(0, len(_STOPS) - 2)
    frac = (scaled - low)[..., None]
    image = (_STOPS[low] * (1 - frac) + _STOPS[low + 1] * frac)[::-1]  # high frequencies at the top
    for hz in (100.0, 1_000.0, 10_000.0):
        row = height - 1 - int(np.searchsorted(rows, hz))
        if 0 <= row < height:
            image[row, ::4] = (image[row, ::4] + 160) / 2
    _write_png(path, image.astype(np.uint8))
    return path


def _write_png(path: Path, rgb: np.ndarray) -> None:
    height, width, _ = rgb.shape
    raw = b"".join(b"\x00" + rgb[y].tobytes() for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 6))
                     + chunk(b"IEND", b""))  # fmt: skip
