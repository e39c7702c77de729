"""Decode the sound of any media file (MP3, WAV, OGG, M4A, AAC, FLAC, or a video's audio) to float32 samples.

PyAV does the work: one demuxer for every format, cover-art picture streams ignored, any channel layout downmixed
and resampled by libswresample. Nothing here imports numpy or av until a function runs.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import MediaError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

# A few corrupt packets are normal in real files (a damaged frame in a long MP3); more than this share is not.
_MAX_BAD_PACKET_SHARE = 0.5
_BLOCK_S = 10  # seconds of sound in each of decode_blocks' blocks, at least


@dataclass(frozen=True, eq=False)
class DecodedAudio:
    """Samples of one audio stream.

    ``samples`` is float32 in -1..1: shape ``(n,)`` for mono, ``(channels, n)`` otherwise.
    ``duration_ms`` is the length of the source stream (its own samples at its own rate), not of a resampled copy.
    """

    samples: npt.NDArray[np.float32]
    sample_rate_hz: int
    duration_ms: int
    source_sample_rate_hz: int
    source_channels: int

    @property
    def channels(self) -> int:
        return 1 if self.samples.ndim == 1 else int(self.samples.shape[0])


def decode_audio(
    path: Path,
    *,
    sample_rate_hz: int = 22050,
    channels: int = 1,
    max_duration_ms: int | None = None,
    start_ms: int = 0,
) -> DecodedAudio:
    """Decode the first audio stream of ``path`` to float32 at ``sample_rate_hz``.

    Parameters
    ----------
    path : Path
        Any file ffmpeg can read: an audio file, or a video whose sound is wanted.
    sample_rate_hz : int
        Output rate in Hz (22050 suits analysis; 44100 or 48000 for listening).
    channels : int
        1 (mono: ``samples.shape == (n,)``) or 2 (stereo: ``(2, n)``). Other layouts are downmixed.
    max_duration_ms : int, optional
        Stop after this much of the source (ms); the whole stream by default.
    start_ms : int
        Begin at the packet at or before this time (ms from the stream's start); ``max_duration_ms`` counts from
        there.

    Returns
    -------
    DecodedAudio

    Raises
    ------
    MediaError
        The file is missing, is not media, has no audio stream, or its audio cannot be decoded.

    Examples
    --------
    >>> audio = decode_audio(Path("vibe-ace.mp3"))  # doctest: +SKIP
    >>> audio.samples.shape, audio.sample_rate_hz, audio.duration_ms  # doctest: +SKIP
    ((1355168,), 22050, 61459)
    """
    if channels not in (1, 2):
        raise ValueError(f"channels must be 1 or 2, not {channels}")
    with _opened_stream(path, start_ms) as (container, stream):
        return _decode_stream(path, container, stream, sample_rate_hz, channels, max_duration_ms)


@contextlib.contextmanager
def _opened_stream(path: Path, start_ms: int) -> Iterator[tuple[Any, Any]]:
    """``path`` opened, its first audio stream, sought to the packet at or before ``start_ms``."""
    with open_media(path, "a media file", "use MP3, WAV, OGG, M4A, AAC, FLAC or a video") as container:
        stream = next((s for s in container.streams if s.type == "audio"), None)
        if stream is None:
            raise MediaError(f"{path.name} has no audio stream; give a music file or a video with sound")
        if start_ms > 0:
            first = stream.start_time or 0
            container.seek(first + int(start_ms / 1000 / stream.time_base), stream=stream, backward=True)
        yield container, stream


def open_media(path: Path, what: str, advice: str) -> Any:
    """``path`` opened with PyAV; ``MediaError`` when it is missing or not ``what`` ffmpeg can read, with ``advice``."""
    if not path.is_file():
        raise MediaError(f"{path} does not exist or is not a file")
    import av

    try:
        return av.open(str(path), metadata_errors="ignore")
    except (av.error.FFmpegError, OSError) as exc:
        raise MediaError(f"{path.name} is not {what} ffmpeg can read ({exc}); {advice}") from exc


def decode_blocks(
    path: Path,
    *,
    sample_rate_hz: int = 22050,
    channels: int = 1,
    max_duration_ms: int | None = None,
    start_ms: int = 0,
) -> Iterator[npt.NDArray[np.float32]]:
    """``decode_audio``'s samples a few seconds at a time, shape ``(channels, n)`` each (mono too), in order: joined,
    exactly ``decode_audio(...).samples``. What is measured block by block never holds the whole track (10 minutes at
    48 kHz stereo is 230 MB a copy). Raises as ``decode_audio``, an undecodable stream after its blocks."""
    with _opened_stream(path, start_ms) as (container, stream):
        yield from _stream_blocks(path, container, stream, sample_rate_hz, channels, max_duration_ms, _Tally(0))


def _decode_stream(
    path: Path, container: Any, stream: Any, sample_rate_hz: int, channels: int, max_duration_ms: int | None
) -> DecodedAudio:
    import numpy as np

    tally = _Tally(0)
    blocks = list(_stream_blocks(path, container, stream, sample_rate_hz, channels, max_duration_ms, tally))
    samples = np.concatenate(blocks, axis=1)
    return DecodedAudio(
        samples=samples[0] if channels == 1 else samples,
        sample_rate_hz=sample_rate_hz,
        duration_ms=round(tally.kept_samples(max_duration_ms) * 1000 / tally.source_rate),
        source_sample_rate_hz=tally.source_rate,
        source_channels=int(stream.codec_context.channels or channels),
    )


def _stream_blocks(
    path: Path,
    container: Any,
    stream: Any,
    sample_rate_hz: int,
    channels: int,
    max_duration_ms: int | None,
    tally: _Tally,
) -> Iterator[npt.NDArray[np.float32]]:
    """The resampled sound in blocks of ``_BLOCK_S`` or more, its last second or more held back until the stream ends:
    the length is then cut or padded to the source's (the resampler's delay makes it a few samples off, and a
    ``max_duration_ms`` stops decoding a frame past it)."""
    import av
    import numpy as np

    stream.thread_type = "AUTO"
    tally.source_rate = int(stream.rate or 0)
    resampler = av.AudioResampler(format="fltp", layout="mono" if channels == 1 else "stereo", rate=sample_rate_hz)
    held: list[npt.NDArray[np.float32]] = []
    held_n = emitted = largest = 0
    for out in _resampled(resampler, _frames(container, stream, tally, max_duration_ms)):
        held.append(out.to_ndarray())
        held_n, largest = held_n + out.samples, max(largest, out.samples)
        keep = sample_rate_hz + 2 * largest  # more than a frame past max_duration_ms and the resampler's tail
        if held_n >= keep + _BLOCK_S * sample_rate_hz:
            joined = np.concatenate(held, axis=1)
            yield joined[:, : held_n - keep]
            held, emitted, held_n = [joined[:, held_n - keep :]], emitted + held_n - keep, keep
    if tally.samples == 0 or tally.damaged > _MAX_BAD_PACKET_SHARE * (tally.packets + tally.damaged):
        raise MediaError(
            f"the audio of {path.name} could not be decoded ({tally.damaged} damaged packets); re-export the file"
        )
    rest = round(tally.kept_samples(max_duration_ms) * sample_rate_hz / tally.source_rate) - emitted
    tail = np.concatenate(held, axis=1) if held else np.zeros((channels, 0), dtype=np.float32)
    yield _fit_length(tail, rest)


def _resampled(resampler: Any, frames: Iterator[Any]) -> Iterator[Any]:
    """``frames`` through ``resampler``, then what it still holds."""
    for frame in frames:
        yield from resampler.resample(frame)
    yield from resampler.resample(None)


@dataclass
class _Tally:
    """What decoding has seen so far: samples at the source rate, packets decoded and packets too damaged to."""

    source_rate: int
    samples: int = 0
    packets: int = 0
    damaged: int = 0

    def kept_samples(self, max_duration_ms: int | None) -> int:
        """The source samples that count: all decoded, or as many as ``max_duration_ms`` holds."""
        if max_duration_ms is None:
            return self.samples
        return min(self.samples, max_duration_ms * self.source_rate // 1000)


def _frames(container: Any, stream: Any, tally: _Tally, max_duration_ms: int | None) -> Iterator[Any]:
    """Decoded frames of ``stream`` in order, skipping damaged packets, until ``max_duration_ms`` of the source."""
    import av

    for packet in container.demux(stream):
        try:
            frames = packet.decode()
        except (av.error.InvalidDataError, av.error.EOFError):
            tally.damaged += 1
            continue
        tally.packets += 1
        for frame in frames:
            tally.source_rate, tally.samples = frame.sample_rate, tally.samples + frame.samples
            yield frame
        if max_duration_ms is not None and tally.samples * 1000 >= max_duration_ms * tally.source_rate > 0:
            return


def _fit_length(samples: np.ndarray, length: int) -> np.ndarray:
    """Trim or zero-pad ``(channels, n)`` to ``length``: the resampler's delay makes it a few samples off."""
    import numpy as np

    if samples.shape[1] >= length:
        return np.ascontiguousarray(samples[:, :length], dtype=np.float32)
    pad = np.zeros((samples.shape[0], length - samples.shape[1]), dtype=np.float32)
    return np.concatenate([samples.astype(np.float32, copy=False), pad], axis=1)
