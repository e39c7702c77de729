"""Where ffmpeg comes from: the binary that the `imageio-ffmpeg` wheel ships, so that nothing is installed by hand."""

from __future__ import annotations

import functools
import os


@functools.cache
def ffmpeg_exe() -> str:
    """Path of the ffmpeg binary. ``NEMO_FFMPEG`` overrides it (for a build with hardware encoders, say)."""
    override = os.environ.get("NEMO_FFMPEG")
    if override:
        return override
    import imageio_ffmpeg

    return str(imageio_ffmpeg.get_ffmpeg_exe())
