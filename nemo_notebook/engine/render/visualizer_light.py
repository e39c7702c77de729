"""Where an automatic strip lies shot by shot, and where it is drawn light: never at its full strength over a
subject, without blinking from cut to cut.

Energetic videos show a picture for about a second; the strip hid only over shots of a second and a half or more
whose subject it lay over, and so sat at its full strength on the boats, the leaf and a painted girl in every short
shot (a blind reviewer: "the strip sits on the subjects"), and vanished for 13 s over a long shot of a painting.
Now over every shot whose subject's head, face or figure (``visualizer_auto.over_heads``; not the rest of its
salient box: the demo's strip was light over all of the bunny's body) its place lies over, the strip is either at
another place or drawn light (``LIGHT_SHARE`` of its strength, its glow with it), and it is never hidden for a
subject, but for a face: over a shot where every place lies over a face turned to the camera (``faces.faces_of``: a close-up, the strip across the chin or the brows), it is not drawn at all, fading out
before the cut into the shot and in after the cut out of it (``visualizer_timing.HIDE_FADE_MS``); over the hair above a
face it may be drawn light.

Which, shot by shot, is chosen for the whole strip at once (``course``): each shot in one of the places, at full
strength, light or hidden, costing the frames it is drawn light (``HIDDEN`` times as many hidden; and a little more at
a place after the first, the preferred), and each change between two shots costing as many frames as ``MOVE_S`` (a
move: the strip fades out and in at its other place; ``SECTION_MOVE_S`` where a section of the song begins) or
``LIGHT_S`` (from full to light or back, or from shown to hidden or back) would show; full strength over a subject is
not allowed, nor drawing over a face. The cheapest course keeps one place for long stretches, moves where the other
is clear for a while, and draws light over a run of shots, or stays hidden over a shot of under ``LIGHT_S`` between
two close-ups, rather than turn light (or hidden) and back every second.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from .sums import sum_of

LIGHT_SHARE = 0.35  # of the strip's strength, over a shot whose subject lies under it
MOVE_S = 4.0  # a move between cuts costs as much as this long drawn light
SECTION_MOVE_S = 1.0  # ... where a section of the song begins
LIGHT_S = 2.0  # a change from full strength to light or back costs as much as this long drawn light
OTHER_PLACE = 0.05  # each frame at a place after the first costs this much of a frame drawn light
HIDDEN = 2.0  # a frame where the strip is not drawn costs this many frames drawn light
HEAD_LIGHT = 1.2  # ... and a frame drawn light over a head while the other place is clear of heads this many: of
# two places over a subject the strip takes the one off its head (the demo's bird: the bottom, over its feet), and a
# clear place rather than stay light over a head for 2 s (a move, 4 s, against 1.2 frames a frame and the 2 s of
# turning light); it moves at most once in 4 s (``GAP_S``). 1.5 hid the strip over a bottom subject's head while a
# credit barred the top, rather than draw it light (tests/render/test_visualizer_fit.py)
GAP_S = 4.0  # the strip moves at most once in this long (a hidden strip that comes back elsewhere moves too)
FULL, LIGHT, HIDE = 0, 1, 2  # how the strip is drawn

State = tuple[int, int]  # the place's index, and how the strip is drawn there (``FULL``, ``LIGHT``, ``HIDE``)


def course(
    heads: Sequence[frozenset[str]],
    barred: Sequence[frozenset[str]],
    cuts: Sequence[int],
    names: Sequence[str],
    starts: Sequence[int],
    fps: int,
    begin: int | None = None,
    faces: Sequence[frozenset[str]] = (),
    heads_only: Sequence[frozenset[str]] = (),
) -> tuple[list[str], list[bool], list[bool]]:
    """Each frame's place, whether the strip is light there and whether it is hidden (see the module's docstring);
    ``heads``: each frame's places over a subject, from the segment's first frame; ``barred``: each frame's places the
    strip may not take (a text shows there), held from the cut before to the cut after; ``cuts``: frames (same
    origin) where a shot begins; ``starts``: frames where a section begins; ``names``: the places, the first
    preferred; ``begin``: the place (its index) the strip is at before the first frame (the segment before it ended
    there), where it begins; None for none; ``faces``: each frame's places over a face (none where not given);
    ``heads_only``: each frame's places over a head (``visualizer_auto.Under.heads``), where drawing light costs
    ``HEAD_LIGHT`` while another place is clear of heads (none where not given)."""
    units = _units(len(heads), [*cuts, *_changes(heads), *_changes(faces), *_changes(heads_only)])
    states = [(p, how) for p in range(len(names)) for how in (FULL, LIGHT, HIDE)]
    costs: list[dict[State, float]] = []
    back: list[dict[State, State]] = []
    under: list[tuple[frozenset[str], frozenset[str], frozenset[str]]] = []  # over a subject, a face, a text
    for index, (a, b) in enumerate(units):
        face = faces[a] if faces else frozenset()
        here, shut = heads[a] | face, frozenset().union(*barred[a:b]) if barred else frozenset()
        headed = _headed(heads_only[a] if heads_only else frozenset(), names)
        under.append((here, face, shut))
        own = {
            s: _own(s, names, (here | headed, face, headed), b - a) + (1e9 if _shut(s, names, shut) else 0.0)
            for s in states
        }
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
    chosen = _spaced(chosen[::-1], [a for a, _ in units], [_strongest(names, u) for u in under], GAP_S * fps)
    places: list[str] = []
    light: list[bool] = []
    hidden: list[bool] = []
    for (a, b), (p, how) in zip(units, chosen, strict=True):
        places += [names[p]] * (b - a)
        light += [how == LIGHT] * (b - a)
        hidden += [how == HIDE] * (b - a)
    return places, light, hidden


def _headed(over: frozenset[str], names: Sequence[str]) -> frozenset[str]:
    """The places over a head (``over``) that the strip leaves where it can (``HEAD_LIGHT``): all of them while
    another of ``names`` is clear of heads, none where each lies over one (then it is drawn light over the hair as
    over any subject, hidden over a face)."""
    return over if any(name not in over for name in names) else frozenset()


def _strongest(names: Sequence[str], under: tuple[frozenset[str], frozenset[str], frozenset[str]]) -> list[int]:
    """How the strip may be drawn at each of ``names`` over a stretch whose places lie over a subject, a face and a
    text (``under``): ``FULL`` where clear, ``LIGHT`` over a subject, ``HIDE`` over a face or a text."""
    here, face, shut = under
    return [HIDE if name in face or name in shut else LIGHT if name in here else FULL for name in names]


def _spaced(chosen: Sequence[State], firsts: Sequence[int], may: Sequence[list[int]], gap: float) -> list[State]:
    """``chosen`` (each stretch's state; ``firsts``: their first frames) with every move that comes within ``gap``
    frames of the move before it undone: from that move on the strip stays where it was, drawn as the most held back
    of ``may`` (each stretch's ``_strongest``) over those stretches asks (a hidden stretch stays hidden)."""
    out = list(chosen)
    moves: list[tuple[int, int]] = []  # (stretch, place before) of each move kept
    at: int | None = None  # where the shown strip is
    for i, (place, how) in enumerate(out):
        if how == HIDE:
            continue
        if at is not None and place != at:
            if moves and firsts[i] - firsts[moves[-1][0]] < gap:
                start, back = moves.pop()
                held = max(may[k][back] for k in range(start, i))
                out[start:i] = [(back, HIDE if h == HIDE else held) for _, h in out[start:i]]
                at = back
                if place == at:
                    continue
            moves.append((i, at))
        at = place
    return out


def _units(length: int, cuts: Sequence[int]) -> list[tuple[int, int]]:
    """The stretches [first, end) of ``length`` frames between the ``cuts`` that fall inside them."""
    inner = sorted({c for c in cuts if 0 < c < length})
    bounds = [0, *inner, length]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def _changes(heads: Sequence[frozenset[str]]) -> list[int]:
    """The frames where the places over a subject change (a dissolve's first and last frames)."""
    return [i for i in range(1, len(heads)) if heads[i] != heads[i - 1]]


def _own(
    state: State, names: Sequence[str], under: tuple[frozenset[str], frozenset[str], frozenset[str]], frames: int
) -> float:
    """What drawing ``frames`` frames in ``state`` costs over a shot whose subject lies under the places ``under[0]``,
    its faces under ``under[1]`` and its heads, where another place is clear of them, under ``under[2]``."""
    place, how = state
    here, face, headed = under
    if how == HIDE:
        return HIDDEN * frames
    if (names[place] in here and how == FULL) or names[place] in face:
        return float("inf")
    light = HEAD_LIGHT if names[place] in headed else 1.0
    return (light * frames if how == LIGHT else 0.0) + (OTHER_PLACE * frames if place else 0.0)


def _shut(state: State, names: Sequence[str], shut: frozenset[str]) -> bool:
    """Whether ``state`` draws the strip at a place a text bars (a hidden strip crosses no text)."""
    return state[1] != HIDE and names[state[0]] in shut


def _change(a: State, b: State, moving: float, lighting: float) -> float:
    """What going from state ``a`` to ``b`` at a cut costs: a move where a shown strip changes place (a hidden one
    comes back at its new place as it fades in), a fade where it turns light or hidden or back."""
    shown = HIDE not in (a[1], b[1])
    return (moving if shown and a[0] != b[0] else 0.0) + (lighting if a[1] != b[1] else 0.0)


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
    inside = sum_of([f"between(t,{(a - first - 0.5) / fps:.3f},{(b - first - 0.5) / fps:.3f})" for a, b in ranges])
    return f"lut=a=val*{LIGHT_SHARE}:enable='{inside}',"


def on_mask(luts: str) -> str:
    """Lookups of a drawing's alpha (``lut=a=…``, joined by commas, with or without one before or after) as lookups
    of its grey mask, with a comma before them; "" for none.

    >>> on_mask(",lut=a=val*0.5:enable='between(t,0,2)'," + "lut=a=val*0.35,")
    ",lut=c0=val*0.5:enable='between(t,0,2)',lut=c0=val*0.35"
    """
    kept = luts.strip(",")
    return f",{kept.replace('lut=a=', 'lut=c0=')}" if kept else ""
