"""What a file's header claims, held to `MediaLimits` before anything is built from it: each refusal (4001) says
what the file claims, what is accepted, and what to upload instead.

>>> check_sound_rate(1, "slow.wav", MediaLimits())
Traceback (most recent call last):
...
nemo_notebook.engine.errors.MediaError: slow.wav: its header claims 1 samples a second (accepted: 8000 to 384000); ...
"""

from __future__ import annotations

from pathlib import Path

from ...protocol import ErrorCode
from ..errors import MediaError
from ..reduced_decode import REDUCED_CODECS
from ..settings import MediaLimits
from .boxes import BoxError, claimed_samples
from .headers import claimed_picture_size, is_jpeg

REDUCED_ON_LOAD = REDUCED_CODECS  # decoders that read a picture at 1/2, 1/4 or 1/8


def check_file(path: Path, name: str, size: int, limits: MediaLimits) -> None:
    """Hold what the first bytes claim to ``limits``: a PNG's, GIF's or JPEG's size, and the samples an MP4's
    index lists (more than the limit, or more than the file has bytes)."""
    picture = claimed_picture_size(path)
    if picture is not None:
        check_picture(picture, name, limits, still=True, reducible=is_jpeg(path))
    try:
        samples = claimed_samples(path)
    except BoxError as exc:
        raise refusal(name, f"{exc}: save it again from your video program (MP4, H.264) and upload that") from exc
    if samples is not None and samples > min(limits.max_claimed_samples, size):
        raise refusal(
            name,
            f"its index lists {samples:,} samples in {size:,} bytes (at most {limits.max_claimed_samples:,}, and no "
            "more than the file has bytes); the file is damaged or made to look bigger than it is: export it again "
            "from your video program, or cut a long recording into parts",
        )


def check_picture(
    size: tuple[int, int], name: str, limits: MediaLimits, *, still: bool, reducible: bool = False
) -> None:
    """Refuse a picture (or a clip's frame) too big to decode safely or too thin to show; a ``reducible`` still (a
    JPEG, read at a fraction of its size) may be larger than another."""
    width, height = size
    if width <= 0 or height <= 0:
        return
    most = limits.max_video_pixels
    if still:
        most = limits.max_reduced_picture_pixels if reducible else limits.max_picture_pixels
    if width * height > most:
        as_jpeg = (
            ""
            if reducible or not still
            else f", or save it as a JPEG (taken up to {limits.max_reduced_picture_pixels / 1e6:.0f})"
        )
        raise refusal(
            name,
            f"it is {width}×{height} ({width * height / 1e6:.0f} megapixels), more than the {most / 1e6:.0f} "
            f"accepted: scale it down (4000 pixels on the long side is plenty for a 1080p video){as_jpeg} and "
            "upload it again",
        )
    if min(width, height) / max(width, height) < limits.thinnest_picture:
        raise refusal(
            name,
            f"it is {width}×{height}, too thin to show in a video (at most {round(1 / limits.thinnest_picture)} "
            "times as long as it is wide): crop it to a less extreme shape and upload it again",
        )


def check_sound_rate(rate_hz: int, name: str, limits: MediaLimits) -> None:
    """Refuse sound whose header claims a sample rate no recording has (its length would be nonsense)."""
    low, high = limits.lowest_sample_rate_hz, limits.highest_sample_rate_hz
    if not low <= rate_hz <= high:
        raise refusal(
            name,
            f"its header claims {rate_hz} samples a second (accepted: {low} to {high}); the file is damaged or not "
            "what its header says: export it again from your audio program (44.1 or 48 kHz)",
        )


def check_length(length_ms: int | None, name: str, limits: MediaLimits) -> None:
    """Refuse a track or clip longer than analysis takes."""
    if length_ms is not None and length_ms > limits.max_duration_ms:
        raise refusal(
            name,
            f"it is {_span(length_ms)} long; tracks and clips up to {_span(limits.max_duration_ms)} are analysed: "
            "cut it to the part the video needs and upload that",
        )


def too_slow(timeout_s: float) -> str:
    """Why a file whose reading passed the deadline is refused."""
    return (
        f"reading it took longer than {timeout_s:g} s, the most one read may take (a damaged file, or one made to "
        "make readers loop, does this): export it again from your audio or video program and upload that"
    )


def _span(ms: int) -> str:
    """``ms`` in whole minutes, or in seconds under a minute.

    >>> _span(1_260_000), _span(4_000)
    ('21 minutes', '4 seconds')
    """
    return f"{ms / 60000:.0f} minutes" if ms >= 60_000 else f"{ms / 1000:.0f} seconds"


def refusal(name: str, why: str) -> MediaError:
    """4001 for ``name``, saying ``why``."""
    return MediaError(f"{name}: {why}.", code=int(ErrorCode.UNSUPPORTED_MEDIA))
