"""Quality presets and output sizes.

The floor the renderer is measured against is libx264 ``veryfast`` at crf 20 (DESIGN.md's benchmark), which is what
``high`` uses: visually clean at 1080p for pictures and clips. ``medium`` makes smaller files; ``low`` trades compression for time with ``superfast``, the fastest
preset that still writes the High profile (``ultrafast`` drops CABAC and 8×8 transforms and falls to Baseline).

The sound is AAC at 256 kb/s for every quality: at lower rates ffmpeg's encoder pushes the true peak of dense music
up by 2–3 dB (past the -1 dBTP streaming limit the mix is held under), and the sound is a few percent of the file.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...protocol.vocabulary import ASPECT_SIZES, Aspect, Quality
from ..errors import RenderError


@dataclass(frozen=True)
class EncodePreset:
    """How x264 and the AAC encoder are driven for one export quality."""

    name: Quality
    x264_preset: str
    crf: int
    audio_bitrate_kbps: int


PRESETS: dict[Quality, EncodePreset] = {
    Quality.HIGH: EncodePreset(Quality.HIGH, "veryfast", 20, 256),
    Quality.MEDIUM: EncodePreset(Quality.MEDIUM, "veryfast", 23, 256),
    Quality.LOW: EncodePreset(Quality.LOW, "superfast", 26, 256),
}


def quality_for(name: str) -> EncodePreset:
    """The preset for the quality called ``name`` ("high", "medium" or "low").

    Raises
    ------
    RenderError
        For any other name, naming the choices.
    """
    try:
        return PRESETS[Quality(name)]
    except ValueError:
        raise RenderError(f"unknown quality {name!r}: use one of {', '.join(Quality)}") from None


def output_size(aspect: str) -> tuple[int, int]:
    """Frame size in pixels (width, height) for an aspect ratio; 16:9 (1920×1080) for an unknown one."""
    return ASPECT_SIZES.get(aspect, ASPECT_SIZES[Aspect.WIDE])
