"""Decode a video's frames small and cheap: a 36×64 luma and RGB picture per frame, with its presentation time.

The decoder still decodes every frame at full size (an H.264 stream cannot be decoded at a lower resolution; it runs
frame-threaded and without its deblocking filter, and gives bit-identical frames on any number of threads and under
any load: ``tests/analysis/test_video_determinism.py``), but nothing is scaled by libswscale: the Y, U and V planes of
a ``yuv420p`` frame are sampled in place with numpy at 72×128 points and averaged 2×2 (0.25 ms a frame); the 72×128
luma samples are kept too, unaveraged (``SmallFrame.fine``: a title's thin letters keep their contrast there).
Measured on 60 s of 1080p H.264 on two quiet cores: decoding alone 5.5 s, decoding plus ``reformat(64, 36, "rgb24")``
9.8 s, decoding plus this sampling 4.9–5.5 s. ``yuv420p10le`` (HEVC 10-bit) is sampled the same way; other pixel
formats are first converted to ``yuv420p`` at 128×72 by libswscale, which costs more but is rare (4:2:2, RGB
codecs). The scaled picture is smoother than the sampled one: a 10-bit clip so scaled measured half the motion of the
same clip in 8 bits (0.14 against 0.30 on Big Buck Bunny), and so half its pace.

Times come from each frame's ``pts`` (variable frame rate clips keep their real timing), and the small pictures are
turned upright by the stream's display matrix (phone clips are stored landscape with a rotation flag). An HDR
frame's small picture is tone-mapped to SDR BT.709 as the render shows it (``hdr_frames``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import MediaError
from .hdr_frames import is_hdr, to_sdr

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

SMALL_HEIGHT = 36
SHARP_EVERY_MS = 100  # a frame's full-size sharpness is read this often (twice a curve's hop): 1.5 ms a frame
SMALL_WIDTH = 64
_FAST_FORMATS = ("yuv420p", "yuvj420p")
_DEEP_FORMAT = "yuv420p10le"  # HEVC 10-bit (phones' HDR and HEVC footage): sampled as yuv420p is, not scaled first
_DEBLOCKED_CODECS = ("h264", "hevc")
"""Decoders told to skip their deblocking filter: it smooths block edges that a 36×64 picture cannot show, and
skipping it saved 10–13% of decoding CPU on 1080p H.264 here. References then differ slightly from what the encoder
saw, which blurs a static picture by far less than the threshold for motion or a cut."""


@dataclass(frozen=True)
class VideoStreamInfo:
    """What the container says about the first video stream. ``width``/``height`` as stored, before rotation."""

    width: int
    height: int
    fps: float
    rotation: int
    duration_ms: int
    has_audio_stream: bool


@dataclass(frozen=True, eq=False)
class SmallFrame:
    """One decoded frame, small. ``luma`` is float32 (36, 64) in 0..1, ``rgb`` float32 (36, 64, 3) in 0..1.

    ``fine`` is the luma at the points ``luma`` averages, (72, 128) in 0..1, unblurred: thin strokes (a title's
    letters) keep their contrast there (see ``unfit``); ``None`` when not sampled. ``sharpness`` is the full-size
    frame's (``sharpness.frame_sharpness``, 0..1), NaN where not measured (every ``SHARP_EVERY_MS`` is).
    """

    time_ms: float
    luma: npt.NDArray[np.float32]
    rgb: npt.NDArray[np.float32]
    rotation: int = 0
    fine: npt.NDArray[np.float32] | None = None
    sharpness: float = 0.0


def open_video(path: Path) -> Any:
    """Open ``path`` with PyAV, raising ``MediaError`` with advice when it is not a readable video."""
    from .decode import open_media

    container = open_media(path, "a video", "use MP4, MOV, AVI, WebM or MKV")
    if not container.streams.video:
        container.close()
        raise MediaError(f"{path.name} has no video stream; give a video file (MP4, MOV, AVI, WebM or MKV)")
    return container


def stream_info(container: Any) -> VideoStreamInfo:
    """Size (as stored), frame rate and length of the container's first video stream; rotation from its tag."""
    stream = container.streams.video[0]
    rate = stream.average_rate or stream.guessed_rate or stream.base_rate
    return VideoStreamInfo(
        width=int(stream.codec_context.width),
        height=int(stream.codec_context.height),
        fps=float(rate) if rate else 0.0,
        rotation=_tag_rotation(stream),
        duration_ms=_duration_ms(container, stream),
        has_audio_stream=bool(container.streams.audio),
    )


def frame_rotation(frame: Any, fallback: int = 0) -> int:
    """Clockwise degrees (0, 90, 180, 270) a player turns ``frame`` by, from its display matrix.

    ``frame.rotation`` is libavutil's counter-clockwise angle; the old ``rotate`` tag (``fallback``) was clockwise.
    """
    angle = getattr(frame, "rotation", None)
    if not angle:
        return fallback
    return round(-float(angle) / 90.0) * 90 % 360


def _tag_rotation(stream: Any) -> int:
    tag = str(stream.metadata.get("rotate", "0")).strip()
    return round(float(tag) / 90.0) * 90 % 360 if tag.lstrip("-").isdigit() else 0


def _duration_ms(container: Any, stream: Any) -> int:
    if stream.duration is not None and stream.time_base is not None:
        return round(float(stream.duration * stream.time_base) * 1000)
    if container.duration is not None:
        return round(float(container.duration) / 1000)  # container.duration is in AV_TIME_BASE (µs)
    return 0


def iter_small_frames(
    container: Any, *, rotation: int = 0, window: tuple[float, float] | None = None
) -> Iterator[SmallFrame]:
    """Every frame of the first video stream, small and upright, in presentation order; or those of one ``window``.

    The first frame's display matrix (or ``rotation``, clockwise degrees, when it has none) turns every frame, so
    that all small pictures have one shape.

    ``window`` is ``(start_ms, span_ms)``: reading starts at the key frame at or before ``start_ms`` (nothing is
    decoded only to be thrown away) and stops ``span_ms`` after the first frame it gives.

    Corrupt packets are skipped (a damaged frame should not stop analysis of a long clip).
    """
    import av

    stream = container.streams.video[0]
    if not stream.codec_context.is_open:  # a later window goes on with the decoder the first one opened
        stream.thread_type = "AUTO"
        if stream.codec_context.name in _DEBLOCKED_CODECS:
            stream.codec_context.options = {"skip_loop_filter": "all"}
    start = float(stream.start_time * stream.time_base) if stream.start_time is not None else 0.0
    if window is not None:
        _seek(container, stream, start + window[0] / 1000.0)
    turn: int | None = None
    end_ms: float | None = None
    next_sharp_ms = -math.inf
    for packet in container.demux(stream):
        try:
            frames = packet.decode()
        except (av.error.InvalidDataError, av.error.EOFError):
            continue
        for frame in frames:
            if frame.pts is None:
                continue
            time_ms = (float(frame.time) - start) * 1000.0
            if window is not None:
                end_ms = time_ms + window[1] if end_ms is None else end_ms
                if time_ms >= end_ms:
                    return
            luma, rgb, fine = small_picture(frame)
            turn = frame_rotation(frame, rotation) if turn is None else turn
            if turn:
                luma, rgb, fine = _upright(luma, turn), _upright(rgb, turn), _upright(fine, turn)
            sharp = full_size_sharpness(frame) if time_ms >= next_sharp_ms else math.nan
            next_sharp_ms = time_ms + SHARP_EVERY_MS if time_ms >= next_sharp_ms else next_sharp_ms
            yield SmallFrame(time_ms=time_ms, luma=luma, rgb=rgb, rotation=turn, fine=fine, sharpness=sharp)


def _seek(container: Any, stream: Any, time_s: float) -> None:
    """To the key frame at or before ``time_s`` (seconds on the stream's clock)."""
    container.seek(max(0, int(time_s / stream.time_base)), stream=stream, backward=True, any_frame=False)


def small_picture(
    frame: Any,
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """Luma (36, 64), RGB (36, 64, 3) and the unaveraged luma (72, 128), float32 in 0..1, from a decoded frame.

    Sampled without libswscale."""
    import numpy as np

    transfer = getattr(frame, "color_trc", None)
    if frame.format.name not in _FAST_FORMATS and frame.format.name != _DEEP_FORMAT:
        frame = frame.reformat(width=2 * SMALL_WIDTH, height=2 * SMALL_HEIGHT, format="yuv420p")
    height, width = frame.height, frame.width
    rows = np.linspace(0, height - 2, 2 * SMALL_HEIGHT).astype(np.intp)
    cols = np.linspace(0, width - 2, 2 * SMALL_WIDTH).astype(np.intp)
    deep = frame.format.name == _DEEP_FORMAT
    fine = _sample(frame.planes[0], rows, cols, deep=deep)
    y = _halve(fine)
    u = _halve(_sample(frame.planes[1], rows // 2, cols // 2, deep=deep)) - 128.0
    v = _halve(_sample(frame.planes[2], rows // 2, cols // 2, deep=deep)) - 128.0
    if frame.format.name in ("yuv420p", _DEEP_FORMAT):  # limited range: Y 16..235, chroma ±112
        y, u, v = (y - 16.0) * (255.0 / 219.0), u * (127.0 / 112.0), v * (127.0 / 112.0)
        fine = (fine - 16.0) * (255.0 / 219.0)
    if transfer is not None and is_hdr(int(transfer)):  # measured as the render shows it (``hdr_frames``)
        y, u, v = to_sdr(y, u, v, int(transfer))
        fine = to_sdr(fine, np.repeat(np.repeat(u, 2, 0), 2, 1), np.repeat(np.repeat(v, 2, 0), 2, 1), int(transfer))[0]
    rgb = np.stack([y + 1.402 * v, y - 0.344136 * u - 0.714136 * v, y + 1.772 * u], axis=-1)
    np.clip(rgb * (1.0 / 255.0), 0.0, 1.0, out=rgb)
    luma = np.clip(y * (1.0 / 255.0), 0.0, 1.0)
    return luma, rgb, np.clip(fine * np.float32(1.0 / 255.0), 0.0, 1.0)


def full_size_sharpness(frame: Any) -> float:
    """How sharp the frame is at its own size (``sharpness.frame_sharpness``), at the small picture's 72×128 points;
    0 for a frame under 4 pixels high or 16 wide."""
    import numpy as np

    from .sharpness import SPAN, frame_sharpness

    if frame.height < 4 or frame.width < 2 * SPAN:
        return 0.0
    plane = frame.planes[0] if frame.format.name in _FAST_FORMATS else frame.reformat(format="gray").planes[0]
    rows = np.linspace(0, frame.height - 2, 2 * SMALL_HEIGHT).astype(np.intp)
    cols = np.linspace(0, frame.width - 1 - SPAN, 2 * SMALL_WIDTH).astype(np.intp)
    return frame_sharpness(plane, rows, cols)


def _sample(
    plane: Any, rows: npt.NDArray[np.intp], cols: npt.NDArray[np.intp], *, deep: bool = False
) -> npt.NDArray[np.float32]:
    import numpy as np

    if deep:  # 10 bits in 16: sampled alike, on the 8-bit scale
        words = np.frombuffer(plane, np.uint16).reshape(-1, plane.line_size // 2)
        tenths: npt.NDArray[np.float32] = words[rows][:, cols].astype(np.float32) * np.float32(0.25)
        return tenths
    pixels = np.frombuffer(plane, np.uint8).reshape(-1, plane.line_size)
    return pixels[rows][:, cols].astype(np.float32)


def _halve(image: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """Average 2×2 blocks (as four strided sums: numpy's multi-axis mean is ten times slower here)."""
    import numpy as np

    halved: npt.NDArray[np.float32] = (
        image[0::2, 0::2] + image[1::2, 0::2] + image[0::2, 1::2] + image[1::2, 1::2]
    ) * np.float32(0.25)
    return halved


def _upright(image: npt.NDArray[np.float32], rotation: int) -> npt.NDArray[np.float32]:
    import numpy as np

    turned: npt.NDArray[np.float32] = np.rot90(image, k=-(rotation // 90), axes=(0, 1))
    return turned
