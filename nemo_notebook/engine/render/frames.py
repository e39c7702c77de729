"""One frame of a picture or a clip, small, for the crop, the grade and the visualizer's place and colour.

A picture's see-through parts are read as the video shows them, on the dark slate of its backdrop
(``fills.over_backdrop``): read as the colours they store (black, or the background a cut-out erased), they set the
grade and the visualizer's hue from what nobody sees.

Always the source's own frame (``originals``): a picture's copy scaled to the render's size is read as the picture,
and a clip is read from its measuring copy (``measuring``, made from the clip alone), never from the render's copy of
it (``sources.clip_copies``). That copy is at the render's size and rate (a preview's at 15 fps, decoded without its
loop filter): read from it, a frame's measures depended on the quality of the render that asked first, and so did
the visualizer's place and a picture's framing (issue 29). The two sizes read of one frame (the thumbnail and its
fine detail) come from one decode, and the measures are kept for the file's content. An HDR picture is read
tone-mapped, as it is shown.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..analysis.cache import by_content
from ..reduced_decode import decoder_options
from .exif import shown_mirrored
from .fills import BEHIND_ALPHA
from .measuring import frame_file, is_copy
from .originals import original_path

if TYPE_CHECKING:
    import av
    import numpy as np
    import numpy.typing as npt

    _Read = tuple[npt.NDArray[np.generic], int, bool]  # 8-bit RGB(A), or float32 where tone-mapped

# ``_decoded`` hands the same frame to every caller (its cache), and a frame's ``reformat`` keeps one scaler on the
# frame that two threads must not use at once (two renders of a release pack reading one cover crashed the engine)
_REFORMATTING = threading.Lock()


def small_frame(path: Path, at_ms: int, width: int) -> npt.NDArray[np.float64] | None:
    """The picture or the clip's frame at ``at_ms``, upright, in RGB (0..1) ``width`` pixels wide; None if
    unreadable. Read from the source's own file (``originals.original_path``), a clip's from its measuring copy."""
    file, at = frame_file(original_path(path), at_ms)
    if is_copy(file):  # a measuring copy never changes: its small frames are kept, each caller given its own
        kept = _small_in_copy(file, at, width)
        return None if kept is None else kept.copy()
    read = _read_in_file(file, at, width)
    return None if read is None else _finished(*read, mirrored=shown_mirrored(file))


@lru_cache(maxsize=16)
def _small_in_copy(copy: Path, at_ms: int, width: int) -> npt.NDArray[np.float64] | None:
    """The measuring copy's frame at ``at_ms``, the 16 latest kept (32 MB at most, at its width): the
    faces, figures, saliency and the moments' comparison read one frame at two to four widths, some several times
    (the 3-minute clip video: 1556 reads of 883 sizes of frames)."""
    found = _decoded(copy, at_ms)
    return None if found is None else _finished(*_read(found, width))


# the widths the measures read a frame at: the faces and the fine detail (``faces``, ``framing``) 384, the figures 128,
# the thumbnail 96, the moments' comparison 64. A file's frame decoded for one of them is brought to all four at once
MEASURED_WIDTHS = (64, 96, 128, 384)


def _read_in_file(path: Path, at_ms: int, width: int) -> _Read | None:
    """``_read`` of the file's frame at ``at_ms``: kept at the ``MEASURED_WIDTHS`` (``_reads_in_file``), another
    width from the two decoded frames kept."""
    reads = _reads_in_file(path, at_ms)
    if reads is None:
        return None
    if width in reads:
        return reads[width]
    found = _decoded(path, at_ms)
    return None if found is None else _read(found, width)


@by_content(maxsize=160)
def _reads_in_file(path: Path, at_ms: int) -> dict[int, _Read] | None:
    """``_read`` of the file's frame at ``at_ms`` at each of the ``MEASURED_WIDTHS``, from one decode, the 160
    latest kept for the file's content as the decoder gave them (8-bit: ~0.4 MB for a 4:3 picture). The faces,
    figures, saliency and fine detail each read a picture at their own width, pass after pass over the shots: with
    two decoded frames kept, a 3-minute video from 100 12-megapixel photos decoded each photo four to five times (its
    render's CPU 170 s at preview, ~1.5 s a photo shown, ``python -m tests.benchmarks decode``). A JPEG is decoded
    at a reduced scale that leaves it the widest of them each way (``reduced_decode``): a 4000x3000 photo at 1/2."""
    found = _decoded(path, at_ms, max(MEASURED_WIDTHS))
    return None if found is None else {width: _read(found, width) for width in MEASURED_WIDTHS}


def measured_picture(path: Path) -> av.VideoFrame | None:
    """The picture as the measures decode it (``_reads_in_file``), their reads of it kept: the render's copy of a
    picture is made from this frame where it is large enough (``frame_copy``), not decoded again for it."""
    if _reads_in_file(path, 0) is None:
        return None
    return _decoded(path, 0, max(MEASURED_WIDTHS))  # the frame those reads came from, kept


def _decoded(path: Path, at_ms: int, least: int = 0) -> av.VideoFrame | None:
    """The frame at ``at_ms`` (the first at or after it, within 50 ms), as decoded; None if unreadable or past the
    end. The last two are kept (a frame's thumbnail and its fine detail are asked for one after the other): for a
    measuring copy by its name (it never changes), else for the file's content (an edited picture is read again).
    ``least``: a JPEG's frame is decoded at a reduced scale that leaves it at least that many pixels each way (its
    width upright is either), else at its full size."""
    return _in_copy(path, at_ms) if is_copy(path) else _in_file(path, at_ms, least)


def _frame_at(path: Path, at_ms: int, least: int = 0) -> av.VideoFrame | None:
    import av

    try:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            if least:
                context = stream.codec_context
                context.options = decoder_options(context.name, (context.width, context.height), (least, least))
            if at_ms > 0 and stream.time_base:
                container.seek(int(at_ms / 1000 / stream.time_base), stream=stream)
            for frame in container.decode(stream):
                if frame.time is not None and at_ms > 0 and frame.time * 1000 < at_ms - 50:
                    continue
                return frame  # type: ignore[no-any-return]
    except (av.error.FFmpegError, OSError, IndexError):
        return None
    return None


_in_copy = lru_cache(maxsize=2)(_frame_at)
_in_file = by_content(maxsize=2)(_frame_at)


def _read(frame: av.VideoFrame, width: int) -> _Read:
    """The frame brought to ``width`` pixels across as shown (upright), as read: RGB or, where it has see-through
    parts, RGBA (0..255; tone-mapped where HDR), with its clockwise turn and whether it has see-through parts."""
    import numpy as np

    clockwise = round(-float(getattr(frame, "rotation", 0) or 0) / 90.0) * 90 % 360
    wide, tall = (frame.height, frame.width) if clockwise % 180 == 90 else (frame.width, frame.height)
    height = max(2, round(width * tall / max(wide, 1)))
    size = (height, width) if clockwise % 180 == 90 else (width, height)
    see_through = frame.format.name == "pal8" or any(c.is_alpha for c in frame.format.components)
    with _REFORMATTING:
        mapped = None if see_through else _tone_mapped(frame, size)
        read = mapped if mapped is not None else frame.reformat(width=size[0], height=size[1],
                                                                format="rgba" if see_through else "rgb24").to_ndarray()  # fmt: skip
    pixels = np.asarray(read)
    pixels.flags.writeable = False  # kept (``_read_in_file``) and handed to every caller
    return pixels, clockwise, see_through


def _finished(
    read: npt.NDArray[np.generic], clockwise: int, see_through: bool, *, mirrored: bool = False
) -> npt.NDArray[np.float64]:
    """``_read``'s pixels as the callers take them: RGB (0..1, their own copy), a see-through picture on the slate
    of its backdrop, turned upright; ``mirrored`` (``exif.shown_mirrored``) also flipped as shown."""
    import numpy as np

    pixels = np.asarray(read, dtype=np.float64)
    if see_through:  # as shown: on the slate of its backdrop, not the colours its see-through pixels store
        alpha = pixels[..., 3:] / 255.0
        pixels = pixels[..., :3] * alpha + np.array(BEHIND_ALPHA, dtype=np.float64) * (1.0 - alpha)
    if mirrored:  # ``frame.rotation`` keeps the display matrix's turn, not its flip: flipped top to bottom before
        pixels = pixels[::-1]  # that turn, the picture is as ffmpeg shows it (checked against PIL for all eight)
    # upright, as ffmpeg shows it (EXIF orientation, a clip's display matrix): the crop is found on that
    upright = np.rot90(pixels, k=-(clockwise // 90), axes=(0, 1))
    return np.asarray(upright) / 255.0


def _tone_mapped(frame: av.VideoFrame, size: tuple[int, int]) -> npt.NDArray[np.float32] | None:
    """An HDR frame (PQ, HLG) in RGB (0..255) as the render shows it tone-mapped (``analysis.hdr_frames``); None for
    SDR. Read as SDR, a PQ photo's grade and colours were measured on a dim, grey picture."""
    import numpy as np

    from ..analysis.hdr_frames import is_hdr, to_sdr

    code = getattr(frame, "color_trc", None)
    if code is None or not is_hdr(int(code)):
        return None
    y, u, v = (
        p.astype(np.float32) for p in frame.reformat(width=size[0], height=size[1], format="yuv444p").to_ndarray()
    )
    u, v = u - 128.0, v - 128.0
    if int(getattr(frame, "color_range", 0) or 0) != 2:  # limited range: Y 16..235, chroma ±112
        y, u, v = (y - 16.0) * (255.0 / 219.0), u * (127.0 / 112.0), v * (127.0 / 112.0)
    luma, cb, cr = to_sdr(y, u, v, int(code))
    rgb: npt.NDArray[np.float32] = np.stack(
        [luma + 1.5748 * cr, luma - 0.1873 * cb - 0.4681 * cr, luma + 1.8556 * cb], axis=-1
    )
    return np.clip(rgb, 0.0, 255.0)
