"""Decode the sound of any media file (MP3, WAV, OGG, M4A, AAC, FLAC, or a video's audio) to float32 samples.

PyAV does the work: one demuxer for every format, cover-art picture streams ignored, any channel layout downmixed
and resampled by libswresample. Nothing here imports numpy or av until a function runs.
"""

from __future__ import annotations

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
    with open_media(path, "a media file", "use MP3, WAV, OGG, M4A, AAC, FLAC or a video") as container:
        stream = next((s for s in container.streams if s.type == "audio"), None)
        if stream is None:
            raise MediaError(f"{path.name} has no audio stream; give a music file or a video with sound")
        if start_ms > 0:
            first = stream.start_time or 0
            container.seek(first + int(start_ms / 1000 / stream.time_base), stream=stream, backward=True)
        return _decode_stream(path, container, stream, sample_rate_hz, channels, max_duration_ms)


def open_media(path: Path, what: str, advice: str) -> Any:
    """``path`` opened with PyAV; ``MediaError`` when it is missing or not ``what`` ffmpeg can read, with ``advice``."""
    if not path.is_file():
        raise MediaError(f"{path} does not exist or is not a file")
    import av

    try:
        return av.open(str(path), metadata_errors="ignore")
    except (av.error.FFmpegError, OSError) as exc:
        raise MediaError(f"{path.name} is not {what} ffmpeg can read ({exc}); {advice}") from exc


def _decode_stream(
    path: Path, container: Any, stream: Any, sample_rate_hz: int, channels: int, max_duration_ms: int | None
) -> DecodedAudio:
    import av
    import numpy as np

    stream.thread_type = "AUTO"
    resampler = av.AudioResampler(format="fltp", layout="mono" if channels == 1 else "stereo", rate=sample_rate_hz)
    tally = _Tally(source_rate=int(stream.rate or 0))
    chunks = [
        out.to_ndarray()
        for frame in _frames(container, stream, tally, max_duration_ms)
        for out in resampler.resample(frame)
    ]
    chunks.extend(out.to_ndarray() for out in resampler.resample(None))
    if tally.samples == 0 or tally.damaged > _MAX_BAD_PACKET_SHARE * (tally.packets + tally.damaged):
        raise MediaError(
            f"the audio of {path.name} could not be decoded ({tally.damaged} damaged packets); re-export the file"
        )
    source_samples = tally.samples
    if max_duration_ms is not None:
        source_samples = min(source_samples, max_duration_ms * tally.source_rate // 1000)
    samples = _fit_length(np.concatenate(chunks, axis=1), round(source_samples * sample_rate_hz / tally.source_rate))
    return DecodedAudio(
        samples=samples[0] if channels == 1 else samples,
        sample_rate_hz=sample_rate_hz,
        duration_ms=round(source_samples * 1000 / tally.source_rate),
        source_sample_rate_hz=tally.source_rate,
        source_channels=int(stream.codec_context.channels or channels),
    )


@dataclass
class _Tally:
    """What decoding has seen so far: samples at the source rate, packets decoded and packets too damaged to."""

    source_rate: int
    samples: int = 0
    packets: int = 0
    damaged: int = 0


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
