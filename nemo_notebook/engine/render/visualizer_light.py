"""Where an automatic strip lies shot by shot, and where it is drawn light: never at its full strength over a
subject, without blinking from cut to cut.

Energetic videos show a picture for about a second; the strip hid only over shots of a second and a half or more
whose subject it lay over, and so sat at its full strength on the boats, the leaf and a painted girl in every short
shot (a blind reviewer: "the strip sits on the subjects"), and vanished for 13 s over a long shot of a painting.
Now over every shot whose subject's head, figure or salient box (``visualizer_auto.over_heads``) its place lies
over, the strip is either at another place or drawn light (``LIGHT_SHARE`` of its strength, its glow with it), and
it is never hidden for a subject.

Which, shot by shot, is chosen for the whole strip at once (``course``): each shot in one of the places, at full
strength or light, costing the frames it is drawn light (and a little more at a place after the first, the
preferred), and each change between two shots costing as many frames as ``MOVE_S`` (a move: the strip fades out and
in at its other place; ``SECTION_MOVE_S`` where a section of the song begins) or ``LIGHT_S`` (from full to light or
back) would show; full strength over a subject is not allowed. The cheapest course keeps one place for long
stretches, moves where the other is clear for a while, and draws light over a run of shots rather than turn light
and back every second.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

LIGHT_SHARE = 0.35  # of the strip's strength, over a shot whose subject lies under it
MOVE_S = 4.0  # a move between cuts costs as much as this long drawn light
SECTION_MOVE_S = 1.0  # ... where a section of the song begins
LIGHT_S = 2.0  # a change from full strength to light or back costs as much as this long drawn light
OTHER_PLACE = 0.05  # each frame at a place after the first costs this much of a frame drawn light

State = tuple[int, bool]  # the place's index, and whether the strip is light


def course(
    heads: Sequence[frozenset[str]],
    barred: Sequence[frozenset[str]],
    cuts: Sequence[int],
    names: Sequence[str],
    starts: Sequence[int],
    fps: int,
    begin: int | None = None,
) -> tuple[list[str], list[bool]]:
    """Each frame's place and whether the strip is light there (see the module's docstring); ``heads``: each frame's
    places over a subject, from the segment's first frame; ``barred``: each frame's places the strip may not take (a
    text shows there), held from the cut before to the cut after; ``cuts``: frames (same origin) where a shot
    begins; ``starts``: frames where a section begins; ``names``: the places, the first preferred; ``begin``: the
    place (its index) the strip is at before the first frame (the segment before it ended there), where it begins;
    None for none."""
    units = _units(len(heads), [*cuts, *_changes(heads)])
    states = [(p, light) for p in range(len(names)) for light in (False, True)]
    costs: list[dict[State, float]] = []
    back: list[dict[State, State]] = []
    for index, (a, b) in enumerate(units):
        here, shut = heads[a], frozenset().union(*barred[a:b]) if barred else frozenset()
        own = {s: _own(s, names, here, b - a) + (1e9 if names[s[0]] in shut else 0.0) for s in states}
        if index == 0:
            costs.append({s: c + (float("inf") if begin not in (None, s[0]) else 0.0) for s, c in own.items()})
            back.append({})
            continue
        moving = (SECTION_MOVE_S if a in starts else MOVE_S) * fps
        best: dict[State, float] = {}
        came: dict[State, State] = {}
        for s in states:
            came[s] = min(costs[-1], key=lambda t: costs[-1][t] + _change(t, s, moving, LIGHT_S * fps))
            best[s] = costs[-1][came[s]] + _change(came[s], s, moving, LIGHT_S * fps) + own[s]
        costs.append(best)
        back.append(came)
    chosen = [min(costs[-1], key=lambda s: costs[-1][s])]
    for came in reversed(back[1:]):
        chosen.append(came[chosen[-1]])
    chosen.reverse()
    places: list[str] = []
    light: list[bool] = []
    for (a, b), (p, lit) in zip(units, chosen, strict=True):
        places += [names[p]] * (b - a)
        light += [lit] * (b - a)
    return places, light


def _units(length: int, cuts: Sequence[int]) -> list[tuple[int, int]]:
    """The stretches [first, end) of ``length`` frames between the ``cuts`` that fall inside them."""
    inner = sorted({c for c in cuts if 0 < c < length})
    bounds = [0, *inner, length]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def _changes(heads: Sequence[frozenset[str]]) -> list[int]:
    """The frames where the places over a subject change (a dissolve's first and last frames)."""
    return [i for i in range(1, len(heads)) if heads[i] != heads[i - 1]]


def _own(state: State, names: Sequence[str], here: frozenset[str], frames: int) -> float:
    """What drawing ``frames`` frames in ``state`` costs over a shot whose subject lies under the places ``here``."""
    place, light = state
    if names[place] in here and not light:
        return float("inf")
    return (frames if light else 0.0) + (OTHER_PLACE * frames if place else 0.0)


def _change(a: State, b: State, moving: float, lighting: float) -> float:
    """What going from state ``a`` to ``b`` at a cut costs."""
    return (moving if a[0] != b[0] else 0.0) + (lighting if a[1] != b[1] else 0.0)


def light_ranges(light: Sequence[bool], first: int) -> tuple[tuple[int, int], ...]:
    """The frame ranges ([first, end), from frame ``first``) where ``light`` holds."""
    out: list[tuple[int, int]] = []
    start: int | None = None
    for i, lit in enumerate([*light, False]):
        if lit and start is None:
            start = i
        elif not lit and start is not None:
            out.append((first + start, first + i))
            start = None
    return tuple(out)


def light_chain(ranges: Sequence[tuple[int, int]], first: int, fps: int) -> str:
    """``lut`` turning the drawing's alpha down to ``LIGHT_SHARE`` over ``ranges`` (frames; the drawing's clock
    starts at frame ``first``), switching half a frame before each, with a comma after it; "" for none."""
    if not ranges:
        return ""
    inside = "+".join(f"between(t,{(a - first - 0.5) / fps:.3f},{(b - first - 0.5) / fps:.3f})" for a, b in ranges)
    return f"lut=a=val*{LIGHT_SHARE}:enable='{inside}',"


def on_mask(luts: str) -> str:
    """Lookups of a drawing's alpha (``lut=a=…``, joined by commas, with or without one before or after) as lookups
    of its grey mask, with a comma before them; "" for none.

    >>> on_mask(",lut=a=val*0.5:enable='between(t,0,2)'," + "lut=a=val*0.35,")
    ",lut=c0=val*0.5:enable='between(t,0,2)',lut=c0=val*0.35"
    """
    kept = luts.strip(",")
    return f",{kept.replace('lut=a=', 'lut=c0=')}" if kept else ""
