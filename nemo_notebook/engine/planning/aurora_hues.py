"""An aurora's warm scenes in an aurora's own colours: a scene that ``scene_hues`` turns towards warm is turned
instead so that its field colour lands in green or cyan (``AURORA_GREENS``). Held-out 05 (a ballad, the dusk palette)
turned its second and fourth parts +40 degrees: crimson and gold curtains over a dark red sky, orange at the climax;
a blind reviewer asked for "parts 2 and 4 in greens/cyans instead ... no orange, no khaki"."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .palettes import hue_deg

# where the field colour (a palette's second darkest, most of a sky's curtains) of each warm scene lands, in turn:
# the first cyan-green, the next green (two warm scenes apart from each other); a turn within ``MUD_STEP_DEG`` steps
# of it towards cyan where the exact one would make a colour muddy
AURORA_GREENS = (165.0, 135.0)
MUD_STEP_DEG, MUD_STEPS = 5, 8


def aurora_turns(
    turns: Sequence[int], fields: Sequence[str], warm: int, clear: Callable[[int, int], bool] = lambda n, t: True
) -> list[int]:
    """``turns`` with each warm one (its sign ``warm``'s, ``scene_hues.warm_way``) replaced by the turn that takes
    the scene's field colour (``fields``, one a scene) to the next of ``AURORA_GREENS``, the shorter way round, one
    that ``clear`` allows scene ``n`` (none muddy) where one near it does.

    >>> aurora_turns([0, 40, -40, 40, -60, -95], ["#954593"] * 3 + ["#a74987"] + ["#954593"] * 2, 1)
    [0, -136, -40, 175, -60, -95]
    """
    out, warm_scenes = [], 0
    for n, (turn, field) in enumerate(zip(turns, fields, strict=True)):
        if turn * warm <= 0:
            out.append(turn)
            continue
        target = AURORA_GREENS[warm_scenes % len(AURORA_GREENS)]
        warm_scenes += 1
        first = round((target - hue_deg(field) + 180) % 360 - 180)
        tried = (first + step * MUD_STEP_DEG for step in range(MUD_STEPS))
        out.append(next((t for t in tried if clear(n, t)), first))
    return out
