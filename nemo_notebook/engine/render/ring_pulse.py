"""The tunnel's ring pulsing on the beat: its whole drawing enlarged about its centre on each beat and eased back
within the beat (``perspective``, evaluated each frame of the drawing), by as much as its scene is loud.

A blind reviewer of held-out 06 (stop 62): "the ring barely changes size in the frames"; measured, its radius
changed under 2 % from frame to frame in a loud stretch (p10-p90 of a 4 s window 0.0-0.2 %), only its bars and the
tunnel moving with the beat. Now a loud scene's ring grows ``BEAT_GROWTH`` on each beat, a quiet one's a little, and
a quiet intro that builds to the drop (``backdrops.Scene.builds_s``) pulses more and more towards it, its ring
growing from its quiet size to ``BUILT_SIZE`` times that by the drop (drawn at that size, shrunk at first). The
frame itself never flashes: only the ring's size moves.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from .graph import Canvas

BEAT_GROWTH = (0.03, 0.11, 0.12)  # the ring's radius on a beat, a share more than at rest, by density (quiet,
# loud, the drop); at 0.11 its reach at full level is 1.02 of half its box, the tips of its loudest bars cut
BUILT_GROWTH = 0.08  # a quiet intro's ring that builds to the drop grows this much on the beats just before it
BUILT_SIZE = 1.5  # and to this many times its size, as the square of the time (the drop's ring 2.2 times)
BEAT_EASE = 3.0  # how quickly a beat's growth eases back: to exp(-3), 5 %, by the next beat
# and it is back, resting, this share of a beat after it (exactly: at rest the ring changes only with its levels, at
# half the video's rate from 24 fps, ``visualizer_designs.design_rate``, every other frame a repeat for the encoder)
REST_BEATS = 0.75
FASTEST_BEAT_S = 0.4  # a beat faster than 150 BPM: the ring pulses (and the tunnel steps) every other beat


def beat_period_s(bpm: float) -> float:
    """The seconds between two pulses at ``bpm``: a beat, or two beats of a tempo over 150 BPM.

    >>> round(beat_period_s(132), 4), round(beat_period_s(174), 4)
    (0.4545, 0.6897)
    """
    period = 60 / max(bpm, 1.0)
    while period < FASTEST_BEAT_S:
        period *= 2
    return period


def beat_growth(meta: Mapping[str, object], density: int) -> tuple[float, float]:
    """How much the ring of the scene whose segment has ``meta`` grows on a beat (a share of its radius), at the
    scene's start and at its end (between them, evenly more): by its ``density`` (``BEAT_GROWTH``), a quiet intro
    that builds to the drop (meta "builds") up to ``BUILT_GROWTH``."""
    growth = BEAT_GROWTH[density]
    return (growth, BUILT_GROWTH) if meta.get("builds") and density == 0 else (growth, growth)


def built_size(meta: Mapping[str, object], density: int) -> float:
    """How many times larger than its scene frames it the ring of a quiet intro that builds to the drop (meta
    "builds") is by the drop (``BUILT_SIZE``); 1 for any other scene."""
    return BUILT_SIZE if meta.get("builds") and density == 0 else 1.0


def ring_pulse(
    growth: tuple[float, float],
    canvas: Canvas,
    start_ms: int,
    duration_ms: int,
    rate: int,
    grows_from: float = 1.0,
    hits_ms: Sequence[int] = (),
) -> str:
    """Filters, each with a comma before it, that show a drawing at ``rate`` beginning ``start_ms`` into the video
    (lasting ``duration_ms``) at the canvas's frame rate (``fps``: its levels change at their own rate, only the
    pulse on every frame of the video) and enlarge it (``perspective``) about its centre on each beat of the
    canvas's grid by ``growth`` (at its start, at its end), easing back within ``REST_BEATS`` and resting exactly
    till the next (what rests, the encoder codes as nearly nothing); ``hits_ms``: on these times of the video
    instead (the kicks: ``kick_hits``), each at its nearest frame; ``grows_from``: below 1, the drawing is first
    shown at that share of its size, growing to its own by its end as the square of the time; "" for no growth."""
    if max(growth) <= 0 and grows_from >= 1:
        return ""
    shown = f",fps={canvas.fps}" if canvas.fps != rate else ""
    rate = canvas.fps
    period = beat_period_s(canvas.bpm)
    # the video's time of the drawing's frame: ``perspective`` counts its frames (``in``) from 1 (read as from 0,
    # the ring peaked a frame before its beat)
    t = f"((in-1)/{rate}+{start_ms / 1000:.4f})"
    phase = f"mod({t}-{canvas.first_beat_ms / 1000:.4f}+{64 * period:.4f},{period:.4f})/{period:.4f}"
    hits = [1 + (h - start_ms) * rate / 1000 for h in hits_ms if -period * 1000 <= h - start_ms <= duration_ms]
    if hits:  # the frames since the last hit, over a beat's frames
        phase = f"{_since([-1e4, *hits])}/{period * rate:.3f}"
    first, last = growth
    size = f"{first:.4f}" if math.isclose(first, last) else _even_rise(first, last, duration_ms, rate)
    rest = math.exp(-BEAT_EASE * REST_BEATS)
    zoom = f"(1+{size}*max(0,exp(-{BEAT_EASE}*{phase})-{rest:.4f})/{1 - rest:.4f})"
    if grows_from < 1:
        frames = max(duration_ms * rate / 1000, 1.0)
        zoom = f"({grows_from:.4f}+{1 - grows_from:.4f}*pow(min(in/{frames:.1f},1),2))*{zoom}"
    lo, hi = f"W/2-W/2*{zoom}", f"W/2+W/2*{zoom}"
    top, bottom = f"H/2-H/2*{zoom}", f"H/2+H/2*{zoom}"
    corners = f"x0='{lo}':y0='{top}':x1='{hi}':y1='{top}':x2='{lo}':y2='{bottom}':x3='{hi}':y3='{bottom}'"
    return f"{shown},perspective={corners}:sense=destination:eval=frame"


def _since(frames: Sequence[float]) -> str:
    """An expression of the drawing's frame ``in``: how many frames it comes after the last of ``frames``
    (ascending) that it is not half a frame or more before (0 on the frame nearest it), found in a balanced tree of
    ``if``s (a few comparisons a frame however many hits).

    >>> _since([10.0])
    'max(in-10.00,0)'
    >>> _since([-1e4, 10.0])
    'if(lt(in,9.50),max(in+10000.00,0),max(in-10.00,0))'
    """
    if len(frames) == 1:
        return f"max(in{-frames[0]:+.2f},0)"
    mid = len(frames) // 2
    return f"if(lt(in,{frames[mid] - 0.5:.2f}),{_since(frames[:mid])},{_since(frames[mid:])})"


def _even_rise(first: float, last: float, duration_ms: int, rate: int) -> str:
    """An expression of the drawing's frame ``in`` going evenly from ``first`` to ``last`` over ``duration_ms``."""
    frames = max(duration_ms * rate / 1000, 1.0)
    return f"({first:.4f}+{last - first:.4f}*min(in/{frames:.1f},1))"
