"""One frame of a picture or a clip, small, for the crop, the grade and the visualizer's place and colour.

A picture's see-through parts are read as the video shows them, on the dark slate of its backdrop
(``fills.over_backdrop``): read as the colours they store (black, or the background a cut-out erased), they set the
grade and the visualizer's hue from what nobody sees.

A frame deep in a clip costs a seek and a decode from the keyframe before it: in a clip with a keyframe every 10 s,
about 0.3 s of CPU for a 1080p frame, and the visualizer's automatic place and colour read about a hundred frames (the
45 s video from one 1080p clip of ``tests.benchmarks.bench_decode``: about 30 s, more than the copy of the clip cost).
So while a render runs (``reading_copies``), a clip with a copy (``sources.clip_copies``: upright, in square pixels,
a keyframe every half second) is read from its copy, and the two sizes read of one frame (the thumbnail and its fine
detail) come from one decode.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING

from ..analysis.cache import by_content
from .fills import BEHIND_ALPHA

if TYPE_CHECKING:
    import av
    import numpy as np
    import numpy.typing as npt

# ``_decoded`` hands the same frame to every caller (its cache), and a frame's ``reformat`` keeps one scaler on the
# frame that two threads must not use at once (two renders of a release pack reading one cover crashed the engine)
_REFORMATTING = threading.Lock()
# a clip's file → its copy and where in the clip the copy starts (ms), while a render reads them
_COPIES: ContextVar[Mapping[Path, tuple[Path, int]] | None] = ContextVar("copies", default=None)


@contextmanager
def reading_copies(copies: Mapping[Path, tuple[Path, int]]) -> Iterator[None]:
    """Within the block, a frame of a clip among ``copies`` (its file → its copy's file and start in ms) is read from
    the copy where the copy holds it."""
    token = _COPIES.set({**(_COPIES.get() or {}), **copies})
    try:
        yield
    finally:
        _COPIES.reset(token)


def small_frame(path: Path, at_ms: int, width: int) -> npt.NDArray[np.float64] | None:
    """The picture or the clip's frame at ``at_ms``, upright, in RGB (0..1) ``width`` pixels wide; None if
    unreadable."""
    copy = (_COPIES.get() or {}).get(path)
    if copy is not None and at_ms >= copy[1]:
        found = _decoded(copy[0], at_ms - copy[1])
        if found is not None:
            return _small(found, width)
    found = _decoded(path, at_ms)
    return None if found is None else _small(found, width)


@by_content(maxsize=2)
def _decoded(path: Path, at_ms: int) -> av.VideoFrame | None:
    """The frame at ``at_ms`` (the first at or after it, within 50 ms), as decoded; None if unreadable or past the
    end. The last two are kept (for the file's content: an edited picture is read again): a frame's thumbnail and
    its fine detail are asked for one after the other."""
    import av

    try:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            if at_ms > 0 and stream.time_base:
                container.seek(int(at_ms / 1000 / stream.time_base), stream=stream)
            for frame in container.decode(stream):
                if frame.time is not None and at_ms > 0 and frame.time * 1000 < at_ms - 50:
                    continue
                return frame  # type: ignore[no-any-return]
    except (av.error.FFmpegError, OSError, IndexError):
        return None
    return None


def _small(frame: av.VideoFrame, width: int) -> npt.NDArray[np.float64]:
    import numpy as np

    clockwise = round(-float(getattr(frame, "rotation", 0) or 0) / 90.0) * 90 % 360
    wide, tall = (frame.height, frame.width) if clockwise % 180 == 90 else (frame.width, frame.height)
    height = max(2, round(width * tall / max(wide, 1)))
    size = (height, width) if clockwise % 180 == 90 else (width, height)
    see_through = frame.format.name == "pal8" or any(c.is_alpha for c in frame.format.components)
    with _REFORMATTING:
        read = frame.reformat(width=size[0], height=size[1], format="rgba" if see_through else "rgb24").to_ndarray()
    pixels = np.asarray(read, dtype=np.float64)
    if see_through:  # as shown: on the slate of its backdrop, not the colours its see-through pixels store
        alpha = pixels[..., 3:] / 255.0
        pixels = pixels[..., :3] * alpha + np.array(BEHIND_ALPHA, dtype=np.float64) * (1.0 - alpha)
    # upright, as ffmpeg shows it (EXIF orientation, a clip's display matrix): the crop is found on that
    upright = np.rot90(pixels, k=-(clockwise // 90), axes=(0, 1))
    return np.asarray(upright) / 255.0
