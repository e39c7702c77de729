"""A cover video's title that changes from big to small in one move: each of the big title's lines shrinks and slides
to where its words stand in the small title over the artist (``cover_layout.small_title``), so only one copy of the
title is ever drawn. s65-cover2 cross-faded a big copy out and a small one in over the same second; a blind reviewer
of held-out 04: "for ~0.6 s at each layout change the big and the small title are both visible, overlapping, double
type" (its "Pursuit" and the small "Digital Pursuit" shared rows 249-265 at 720p).

Pure geometry and ffmpeg expressions; ``cover_art.lay_credit`` draws them."""

from __future__ import annotations

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
    """Where each of the big title's ``lines`` (``big`` px, at ``spot``) starts and where it ends: side by side, a
    space apart, as the one line of the small title (``small`` px at ``small_spot``).

    >>> spot = TextSpot(100, 80, 94, 600, False)
    >>> [(m.text, m.big, m.small) for m in line_moves(["Digital", "Pursuit"], 94, spot, 49, TextSpot(100, 250, 49, 600, False))]
    [('Digital', (100, 151), (100, 287)), ('Pursuit', (100, 263), (300, 287))]
    """
    font = font_for(" ".join(lines), bold=True).name
    whole = width_em(" ".join(lines), font) * small
    left = round(small_spot.x - whole / 2) if small_spot.centred else small_spot.x
    base = round(small_spot.y + TOP_EM * small)
    moves = []
    for n, line in enumerate(lines):
        width = width_em(line, font) * big
        start = round(spot.x - width / 2) if spot.centred else spot.x
        moves.append(LineMove(line, (start, round(spot.y + (TOP_EM + n * LINE_EM) * big)), (left, base)))
        left = round(left + width_em(line + " ", font) * small)
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
    is 0, at ``sizes[1]`` at its small place where it is 1; on the way, over the first half it shrinks and slides
    across to its small place's left edge, over the second it drops to the small title's line (shrunk first, the
    lines keep apart: moved all at once, the big "Digital" came down through "Pursuit" as it crossed under it).
    Each place moved by its own layout's cut (``moved``: the title's and the artist's, ``cover_stage.cut_steps``);
    its opacity the segment's fades times ``shown``."""
    across, down = eased(f"clip(2*({progress}),0,1)"), eased(f"clip(2*({progress})-1,0,1)")
    (bx, by), (sx, sy) = move.big, move.small
    (tx, ty), (ax, ay) = moved
    x = f"({bx}+{tx})*(1-{across})+({sx}+{ax})*{across}"
    y = f"({by}+{ty})*(1-{down})+({sy}+{ay})*{down}"
    size = f"{sizes[0]}+({sizes[1] - sizes[0]})*{across}"
    alpha, enable = text_timing(segment)
    alpha = alpha if shown == "1" else f"({alpha})*{shown}"
    font = font_for(move.text, bold=True)
    shadow = max(1, sizes[1] // 22)  # the small title's, as it is drawn most of the time
    return (
        f"drawtext=fontfile={escape_value(str(font))}:text={escape_value(move.text)}:expansion=none:"
        f"fontsize='{size}':fontcolor=0xffffff:x='{x}':y='{y}':y_align=baseline:"
        f"shadowx={shadow}:shadowy={shadow}:shadowcolor=0x000000@0.6:alpha='{alpha}':enable='{enable}'"
    )
