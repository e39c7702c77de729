"""Quality presets and output sizes.

Each quality is a frame size and an encoder setting, and a lower one is never a bigger file: the frame shrinks
(1080, 720, 480, then 360 lines) while the constant-quality factor stays or rises. The floor the renderer is measured
against is libx264 ``veryfast`` at crf 20 (DESIGN.md's benchmark), which is what ``high`` uses: visually clean at 1080p
for pictures and clips. ``preview`` is for iterating: 640×360 at crf 30 and half the draft's frame rate (15 fps for
30: cuts still within a frame of the beat, a frame being 67 ms), the sound limited but not loudness-normalised
(``Canvas.fast``), and x264 ``ultrafast`` given back CABAC, 8×8 transforms (so the stream stays H.264 High),
B-frames, deblocking and adaptive quantisation, which cost little. On a 61 s music video (12 pictures, spectrum,
title; ``python -m tests.benchmarks preview``) that took ffmpeg from 16–21 s of CPU to 5–9 on a shared machine, less
than half in every paired run; of what is left, about a third each is the sound, the visualizer and the pictures.

The sound is AAC at 256 kb/s in every quality: at lower rates ffmpeg's encoder pushes the true peak of dense music up
by 2–3 dB (past the -1 dBTP limit the mix is held under) and does not follow the level it is given, so that lowering
it does not bring the peak down (``peak_guard``). A preview took 128 kb/s, so that its sound would not outweigh its
picture: a composed upbeat track's preview came out at -0.1 dBTP (-2.0 at 256 kb/s), and a blind reviewer's scored
travel clip at -0.6. Its sound costs the same CPU at either rate (0.55 s for 30 s) and 0.5 MB more a 30 s.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...protocol.vocabulary import ASPECT_SIZES, Aspect, Quality
from ..errors import RenderError


@dataclass(frozen=True)
class EncodePreset:
    """How x264 and the AAC encoder are driven for one export quality, and the frame's short side in pixels."""

    name: Quality
    x264_preset: str
    crf: int
    audio_bitrate_kbps: int
    lines: int
    x264_params: str = ""  # given to libx264 as ``-x264-params`` after the preset
    fast: bool = False  # a preview: half the frame rate (``frame_rate``), the sound only limited (``Canvas.fast``)


_PREVIEW_X264 = "cabac=1:8x8dct=1:bframes=3:deblock=1,0,0:aq-mode=1"  # ultrafast, with what costs little back
_PREVIEW_MIN_FPS = 12
PRESETS: dict[Quality, EncodePreset] = {
    Quality.HIGH: EncodePreset(Quality.HIGH, "veryfast", 20, 256, Quality.HIGH.lines),
    Quality.MEDIUM: EncodePreset(Quality.MEDIUM, "veryfast", 22, 256, Quality.MEDIUM.lines),
    Quality.LOW: EncodePreset(Quality.LOW, "veryfast", 24, 256, Quality.LOW.lines),
    Quality.PREVIEW: EncodePreset(
        Quality.PREVIEW, "ultrafast", 30, 256, Quality.PREVIEW.lines, _PREVIEW_X264, fast=True
    ),
}


def quality_for(name: str) -> EncodePreset:
    """The preset for the quality called ``name`` ("high", "medium", "low" or "preview").

    Raises
    ------
    RenderError
        For any other name, naming the choices.
    """
    try:
        return PRESETS[Quality(name)]
    except ValueError:
        raise RenderError(f"unknown quality {name!r}: use one of {', '.join(Quality)}") from None


def frame_rate(preset: EncodePreset, fps: int) -> int:
    """The rate a draft at ``fps`` renders at: half of it for a fast preset (not under 12), else ``fps`` itself.

    >>> frame_rate(PRESETS[Quality.PREVIEW], 30), frame_rate(PRESETS[Quality.PREVIEW], 12), frame_rate(PRESETS[Quality.HIGH], 30)
    (15, 12, 30)
    """
    return max(min(fps, _PREVIEW_MIN_FPS), fps // 2) if preset.fast else fps


def output_size(aspect: str, lines: int = Quality.HIGH.lines) -> tuple[int, int]:
    """Frame size in pixels (width, height) for an aspect ratio with a short side of ``lines`` (both even); 16:9 for
    an unknown aspect.

    >>> output_size("16:9"), output_size("16:9", 360), output_size("9:16", 480), output_size("1:1", 720)
    ((1920, 1080), (640, 360), (480, 854), (720, 720))
    """
    width, height = ASPECT_SIZES.get(aspect, ASPECT_SIZES[Aspect.WIDE])
    short = min(width, height)
    return _even(width * lines / short), _even(height * lines / short)


def _even(pixels: float) -> int:
    return 2 * round(pixels / 2)
