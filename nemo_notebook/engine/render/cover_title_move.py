"""A cover video's title that changes from big to small in one move: the big title's lines shrink together, as one
block, onto the small title's line over the artist (``cover_layout.small_title``), keeping their line break, so only
one copy of the title is ever drawn. s65-cover2 cross-faded a big copy out and a small one in over the same second; a
blind reviewer of held-out 04: "for ~0.6 s at each layout change the big and the small title are both visible,
overlapping, double type". s66-cover3 then set the small title in one line, so the words had to part (first across,
then down); the reviewer of that: "'Pursuit' swings down and to the right, away from 'Digital', and for about half a
second the two words sit far apart on a diagonal before snapping into one line. It reads as two things moving".

Pure geometry and ffmpeg expressions; ``cover_art.lay_credit`` draws them."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ...protocol import Segment
from .cover_layout import TextSpot
from .fonts import font_for, width_em
from .graph import escape_value, text_timing

LINE_EM = 1.19  # drawtext set the big title's two lines this many sizes apart (112 px at 94, DejaVu Sans Bold)
TOP_EM = 0.755  # a line's top (its 'l' and 'P') over its baseline, in sizes (71 px at 94, measured)


@dataclass(frozen=True)
class LineMove:
    """One line of the title: its text, its left and baseline at the big size and at the small one."""

    text: str
    big: tuple[int, int]
    small: tuple[int, int]


def line_moves(lines: Sequence[str], big: int, spot: TextSpot, small: int, small_spot: TextSpot) -> list[LineMove]:
    """Where each of the big title's ``lines`` (``big`` px, at ``spot``) starts and where it ends: the same lines
    ``small`` px, the last on the small title's line (``small_spot``), the others stacked over it as far apart
    (in sizes) as the big ones, so the small block is the big one scaled.

    >>> spot = TextSpot(100, 80, 94, 600, False)
    >>> [(m.text, m.big, m.small) for m in line_moves(["Digital", "Pursuit"], 94, spot, 49, TextSpot(100, 250, 49, 600, False))]
    [('Digital', (100, 151), (100, 228)), ('Pursuit', (100, 263), (100, 287))]
    """
    font = font_for(" ".join(lines), bold=True).name
    step = math.ceil(LINE_EM * small)  # rounded up: the lines never come closer than a line apart
    base = round(small_spot.y + TOP_EM * small) - (len(lines) - 1) * step
    moves = []
    for n, line in enumerate(lines):
        width = width_em(line, font)
        start = round(spot.x - width * big / 2) if spot.centred else spot.x
        end = round(small_spot.x - width * small / 2) if small_spot.centred else small_spot.x
        at = (start, round(spot.y + (TOP_EM + n * LINE_EM) * big))
        moves.append(LineMove(line, at, (end, base + n * step)))
    return moves


def eased(progress: str) -> str:
    """An expression: ``progress`` (0 to 1) eased in and out (smoothstep), so the move starts and lands softly."""
    return f"({progress})*({progress})*(3-2*({progress}))"


def move_filter(
    move: LineMove,
    sizes: tuple[int, int],
    segment: Segment,
    *,
    progress: str,
    moved: tuple[tuple[str, str], tuple[str, str]],
    shown: str,
) -> str:
    """One drawtext of ``move``'s line: at ``sizes[0]`` at its big place where ``progress`` (an expression of ``t``)
    is 0, at ``sizes[1]`` at its small place where it is 1, shrinking and sliding there in one eased motion, every
    line on the same curve (so the lines keep their places in the block, as it scales). Each place moved by its own
    layout's cut (``moved``: the title's and the artist's, ``cover_stage.cut_steps``); its opacity the segment's
    fades times ``shown``."""
    done = eased(f"clip({progress},0,1)")
    (bx, by), (sx, sy) = move.big, move.small
    (tx, ty), (ax, ay) = moved
    x = f"({bx}+{tx})*(1-{done})+({sx}+{ax})*{done}"
    y = f"({by}+{ty})*(1-{done})+({sy}+{ay})*{done}"
    size = f"{sizes[0]}+({sizes[1] - sizes[0]})*{done}"
    alpha, enable = text_timing(segment)
    alpha = alpha if shown == "1" else f"({alpha})*{shown}"
    font = font_for(move.text, bold=True)
    shadow = max(1, sizes[1] // 22)  # the small title's, as it is drawn most of the time
    return (
        f"drawtext=fontfile={escape_value(str(font))}:text={escape_value(move.text)}:expansion=none:"
        f"fontsize='{size}':fontcolor=0xffffff:x='{x}':y='{y}':y_align=baseline:"
        f"shadowx={shadow}:shadowy={shadow}:shadowcolor=0x000000@0.6:alpha='{alpha}':enable='{enable}'"
    )
