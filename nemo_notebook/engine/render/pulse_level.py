"""A pulse scene follows the song's loudness within it (``planning.pulse_levels``: its level, 1 at the song's body or
louder, 0 twelve dB under it): its field's light (``dimmed``) and the surge of each beat's push (``surges``,
``tunnel``) fall where the band thins and rise again as it builds back. Till s66 a scene was lit and pushed alike
from its start to its end: "the build 2:25.6-2:33 gets no visual build; the beat pushes stay full while the band
thins at 2:19" (a blind reviewer of held-out 06)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from .aurora_lift import meta_curve

LIGHT_FLOOR = 0.55  # the field's light at level 0, a share of its light at full level (over its black)
LIGHT_STEPS = 20  # the dimming changes in this many steps from none to full (each about 2 % of the light)
SURGE_FLOOR = 0.2  # the beat's surge at level 0, a share of its surge at full level
HOLD_STEP = 1.0  # a held light step moves when its level lies more than this many steps from it (``held_steps``)
FIELD_BLACK = 15 / 255  # the field's black (``tunnel``'s light: 15 + 0.94 of the pattern), which the dimming keeps


def level_at(meta: Mapping[str, object], song_ms: float) -> float:
    """The scene's level at ``song_ms`` into the song (1 for a scene that carries none), between its values."""
    values, first, hop = meta.get("level"), meta.get("level_from_ms"), meta.get("level_hop_ms")
    if not isinstance(values, list) or not values or not isinstance(first, int) or not isinstance(hop, int):
        return 1.0
    at = min(max((song_ms - first) / hop, 0.0), len(values) - 1.0)
    low = int(at)
    high = min(low + 1, len(values) - 1)
    return float(values[low]) + (float(values[high]) - float(values[low])) * (at - low)


def beat_time(period_s: float, offset_s: float) -> str:
    """The scene's time ``t`` held at the start of its beat ``floor((t + offset_s) / period_s)``: a loud scene's
    light read there changes only on the frames of its beat's push, which the encoder codes anew anyway."""
    return f"(floor((t+{offset_s:.4f})/{period_s:.4f})*{period_s:.4f}-{offset_s:.4f})"


def dimmed(
    meta: Mapping[str, object],
    start_s: float,
    time: str = "t",
    *,
    black: float = FIELD_BLACK,
    floor: float = LIGHT_FLOOR,
) -> str:
    """The filter, a comma before it, that dims the scene's grey field by its level at ``time`` (an expression of
    the scene's time ``t``; ``eq``, evaluated each frame on the small field), its ``black`` kept, to ``floor`` of its
    light over that black at level 0; "" for a scene at its full level."""
    values = meta.get("level")
    if not isinstance(values, list):
        return ""
    dim = {"dim": [round(1 - v, 2) for v in held_steps([float(v) for v in values])]} | {
        f"dim_{k}": meta.get(f"level_{k}") for k in ("from_ms", "hop_ms")
    }
    curve = meta_curve(dim, start_s, time, name="dim")
    if not curve:
        return ""
    # in steps of ``LIGHT_STEPS``: between two, the field's frames rest exactly (a frame's light of its own cost the
    # encoder a frame to code anew, as the aurora's swell did: ``aurora_lift.SWELL_STEPS``)
    gain = f"(1-{1 - floor:.2f}*floor(({curve})*{LIGHT_STEPS}+0.5)/{LIGHT_STEPS})"
    # eq: contrast * (v - 0.5) + 0.5 + brightness, which is gain * (v - black) + black
    # and off (at no cost a frame) where the level rounds to full
    on = f"gte({curve},{0.5 / LIGHT_STEPS})"
    return f",eq=eval=frame:contrast='{gain}':brightness='{0.5 - black:.4f}*({gain}-1)':enable='{on}'"


def held_steps(levels: Sequence[float], steps: int = LIGHT_STEPS) -> list[float]:
    """``levels`` on steps of ``1 / steps``, each step held till a level lies more than ``HOLD_STEP`` steps from
    it: a level that wavers round a step's edge does not blink the light a step down and up again (held-out 05's
    sky, its levels every 0.5 s: "down, up, down, up at exact 0.5 s intervals, a mechanical twitch", a blind
    reviewer; ±3 of luma a frame).

    >>> held_steps([0.5, 0.53, 0.47, 0.53, 0.6, 0.58, 1.0])
    [0.5, 0.5, 0.5, 0.5, 0.6, 0.6, 1.0]
    """
    out: list[float] = []
    for level in levels:
        if not out or abs(level - out[-1]) > HOLD_STEP / steps:
            out.append(round(level * steps) / steps)
        else:
            out.append(out[-1])
    return out


def surges(
    meta: Mapping[str, object], start_s: float, period_s: float, offset_s: float, length_s: float
) -> list[float]:
    """Each beat's surge in a scene of ``length_s`` starting ``start_s`` into the song, a share of the full surge
    (``SURGE_FLOOR`` at level 0), for the beats ``floor((t + offset_s) / period_s)`` of its time ``t`` from the
    first; [] for a scene at its full level throughout."""
    if not isinstance(meta.get("level"), list):
        return []
    first, last = math.floor(offset_s / period_s), math.floor((length_s + offset_s) / period_s)
    out = []
    for n in range(first, last + 1):
        at = start_s + n * period_s - offset_s  # the beat's time in the song
        out.append(round(SURGE_FLOOR + (1 - SURGE_FLOOR) * level_at(meta, at * 1000), 3))
    return out if min(out) < 1 else []


def beat_table(first: int, values: Sequence[str], beat: str) -> str:
    """An expression that is ``values[k]`` where ``beat`` (an expression) is ``first + k``, in a balanced tree of
    ``if``s (a few comparisons a frame); the last value past the end, the first before the start.

    >>> beat_table(4, ["a", "b", "c"], "ld(0)")
    'if(lt(ld(0),5),a,if(lt(ld(0),6),b,c))'
    """
    if len(values) == 1:
        return values[0]
    mid = len(values) // 2
    return f"if(lt({beat},{first + mid}),{beat_table(first, values[:mid], beat)},{beat_table(first + mid, values[mid:], beat)})"
