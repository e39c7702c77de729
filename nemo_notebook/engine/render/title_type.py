"""The type of a video's credit, as the opening title and the end card set it: the title large in DejaVu Sans Bold,
the artist under it in capitals of DejaVu Sans Book, tracked (a hair space, 0.1 em, between its letters), 0.64 of
the title's size but never smaller than a cap height of ``ARTIST_CAP_LEAST`` of the frame's height (a blind reviewer
found "Parapraxis" too small to read under its title in the tall video, 2.3 % of the height); a name the fallback
font draws (Chinese, Japanese, Korean) as it is written.

The dark halo under them is as strong as the picture needs (``halo_alpha``): a soft shadow over a dark picture, a
dense one over a light picture. The lines rise into place as they fade in (``rise_y``), the artist a beat after
the title.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from .fonts import FALLBACK_FONT_NAME, font_for, width_em
from .graph import Canvas, fade_in_from, fade_seconds

if TYPE_CHECKING:
    from ...protocol import Segment
    from .visualizer_auto import Sample

CAP_EM = 0.729  # DejaVu Sans' cap height (1493 of 2048 units)
ARTIST_SHARE = 0.64  # the artist's size to the title's: 61 px under 96, its cap height as before in mixed case (4.1 %)
ARTIST_CAP_LEAST = 0.026  # the artist's cap height, at least, of the frame's height (50 px of 1920, 28 of 1080)
ARTIST_MOST = 0.74  # the artist at most this share of the title's size (the title stays the larger)
EMBOLDEN_EM = 0.025  # a bold line in the fallback font: a border this thick, of the size (2 px at 96)
TRACKING = "\u200a"  # DejaVu's hair space, 0.1 em: between the artist's capitals
GROUND_MOST = 0.025  # the halo darkens what lies under the type to this luminance at most (white over it: 14:1)
HALO_LEAST, HALO_MOST = 0.35, 0.85  # the halo's opacity: a soft shadow at least, never a black box
HALO_DEFAULT = 0.72  # where no picture under the type can be sampled
GAMMA = 2.2  # the halo darkens the picture's coded values; luminance goes with their power
RISE_SHARE = 0.022  # how far a line rises as it fades in, of the frame's height (24 px at 1080 lines)
BEAT_S = (0.25, 0.6)  # the artist's entry after the title's: one beat, within these seconds
WRAP_BELOW = 0.75  # a line that would shrink below this share of its size takes one more line, where it may


def artist_size(title_size: int, canvas: Canvas) -> int:
    """The artist's size (pixels) under a title of ``title_size``: ``ARTIST_SHARE`` of it, at least a cap height of
    ``ARTIST_CAP_LEAST`` of the frame's height, at most ``ARTIST_MOST`` of the title.

    >>> artist_size(96, Canvas(1920, 1080, 30, 1, 1000)), artist_size(103, Canvas(1080, 1920, 30, 1, 1000))
    (61, 69)
    """
    least = math.ceil(ARTIST_CAP_LEAST * canvas.height / CAP_EM)
    return max(8, min(max(round(ARTIST_SHARE * title_size), least), round(ARTIST_MOST * title_size)))


def artist_case(artist: str) -> tuple[str, bool]:
    """The artist as set, and whether tracked: in capitals where DejaVu draws it; as written where the fallback
    font does (Chinese, Japanese, Korean: no capitals, no spaces between its characters)."""
    if font_for(artist, bold=False).name == FALLBACK_FONT_NAME:
        return artist, False
    return artist.upper(), True


def emboldened(text: str, size: int, colour: str, *, bold: bool) -> str:
    """drawtext's border that makes a bold line of the fallback font (which has one weight) read as bold: a border
    of its own colour, ``EMBOLDEN_EM`` of its size; nothing for a line DejaVu draws or a regular one."""
    if not bold or font_for(text).name != FALLBACK_FONT_NAME:
        return ""
    return f":borderw={max(1, round(EMBOLDEN_EM * size))}:bordercolor={colour}"


def untracked(text: str) -> str:
    """A line as written, without its tracking."""
    return text.replace(TRACKING, "")


def set_lines(
    text: str, size: int, max_width: int, *, bold: bool, most: int = 2, tracked: bool = False
) -> tuple[list[str], int]:
    """``text`` in as few lines (``most`` at most, broken at spaces, as even as they come) as keep it from shrinking
    below ``WRAP_BELOW`` of ``size`` in ``max_width`` pixels (each line ``tracked`` where asked); and the size (at
    most ``size``) that fits them, by the font's own advance widths.

    >>> set_lines("A Much Longer Title Than Fits On One Line Of A Phone", 115, 842, bold=True, most=3)
    (['A Much Longer Title', 'Than Fits On One', 'Line Of A Phone'], 74)
    """

    def shape(line: str) -> str:
        return TRACKING.join(line) if tracked else line

    def wide(line: str) -> float:
        return width_em(shape(line), font_for(line, bold=bold).name)

    words = text.split()
    best: tuple[list[str], int] = ([], 0)
    for count in range(1, max(1, min(most, len(words))) + 1):
        lines = _even(words, count, wide)
        fit = max(8, min(size, int(max_width / max(max(wide(line) for line in lines), 1.0))))
        best = (lines, fit) if fit > best[1] else best
        if best[1] >= WRAP_BELOW * size:
            break
    return [shape(line) for line in best[0]], best[1]


def _even(words: list[str], count: int, wide: Callable[[str], float]) -> list[str]:
    """``words`` in ``count`` lines, each broken where it comes nearest its share of the width left (``wide``)."""
    lines: list[str] = []
    rest = words
    for left in range(count, 1, -1):
        goal = wide(" ".join(rest)) / left
        cut = min(range(1, len(rest) - left + 2), key=lambda i: abs(wide(" ".join(rest[:i])) - goal))
        lines.append(" ".join(rest[:cut]))
        rest = rest[cut:]
    return [*lines, " ".join(rest)]


def ground_luminance(found: Sequence[Sample], region: tuple[float, float, float, float]) -> float | None:
    """The luminance (WCAG, 0..1) of the light parts of what lies under ``region`` (x, y, width and height as
    shares of the frame) in the samples: the 90th percentile of each, the lightest sample's; None without any."""
    import numpy as np

    from .contrast import luminance_of

    x, y, w, h = region
    lightest: float | None = None
    for sample in found:
        rows, cols = sample.image.shape[:2]
        r0, c0 = min(int(y * rows), rows - 1), min(int(x * cols), cols - 1)
        part = sample.image[r0 : max(r0 + 1, round((y + h) * rows)), c0 : max(c0 + 1, round((x + w) * cols))]
        light = float(np.percentile(luminance_of(part.reshape(-1, 3)), 90))
        lightest = light if lightest is None else max(lightest, light)
    return lightest


def halo_alpha(ground: float | None) -> float:
    """The halo's opacity over a ground of luminance ``ground``: what darkens it to ``GROUND_MOST``, within
    ``HALO_LEAST`` and ``HALO_MOST`` (``HALO_DEFAULT`` where it is not known).

    >>> halo_alpha(0.02), halo_alpha(0.2), halo_alpha(0.9), halo_alpha(None)
    (0.35, 0.61, 0.8, 0.72)
    """
    if ground is None:
        return HALO_DEFAULT
    needed = 1 - (GROUND_MOST / ground) ** (1 / GAMMA) if ground > GROUND_MOST else 0.0
    return round(min(max(needed, HALO_LEAST), HALO_MOST), 2)


def beat_delay_s(canvas: Canvas) -> float:
    """How long after the title the artist comes in: one beat of the song, within ``BEAT_S``."""
    beat = 60 / canvas.bpm if canvas.bpm > 0 else BEAT_S[0]
    while beat < BEAT_S[0]:
        beat *= 2
    return min(beat, BEAT_S[1])


def rise_offset(segment: Segment, canvas: Canvas, delay_s: float = 0.0) -> str:
    """The distance (pixels, an expression of ``t``) a line still has to rise as it fades in from ``delay_s`` after
    ``segment`` starts: ``RISE_SHARE`` of the height at first, none once faded in (easing out, a cube)."""
    fade_in, _ = fade_seconds(segment)
    start = fade_in_from(segment) + delay_s
    return f"{round(RISE_SHARE * canvas.height)}*pow(1-clip((t-{start:.3f})/{fade_in:.3f},0,1),3)"


def rise_y(y: int, segment: Segment, canvas: Canvas, delay_s: float = 0.0) -> str:
    """drawtext's ``y`` for a line whose place is ``y`` that rises into it (``rise_offset``)."""
    return f"'{y}+{rise_offset(segment, canvas, delay_s)}'"
