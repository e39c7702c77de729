"""A track alone's design in another form at the music's biggest changes (``planning.scene_changes.scene_forms``):
its geometry and motion, not only its colours (a 4-minute track showed the same tunnel for 240 s, its palette
alternating: "bored after 30 s").

- the tunnel's rings are circles, squares, diamonds or hexagons (``SHAPES``: how far a pixel is from the vanishing
  point), and its spokes turn the other way;
- the aurora's curtains hang higher or lower, in deeper or shallower folds, and the sky drifts the other way;
- the bokeh's lights rise, or fall like snow and larger, or drift across the frame and smaller.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

# a pixel's distance from the vanishing point (x, y as shares of the short side): as a ``geq`` expression and as a number
SHAPES: tuple[tuple[str, Callable[[float, float], float]], ...] = (
    ("hypot({x},{y})", lambda x, y: (x * x + y * y) ** 0.5),
    ("max(abs({x}),abs({y}))", lambda x, y: max(abs(x), abs(y))),
    ("0.7*(abs({x})+abs({y}))", lambda x, y: 0.7 * (abs(x) + abs(y))),
    ("max(0.866*abs({x})+0.5*abs({y}),abs({y}))", lambda x, y: max(0.866 * abs(x) + 0.5 * abs(y), abs(y))),
)
CURTAIN_LIFT = (0.0, -0.1, 0.05)  # the aurora's curtains raised (a share of the height), by form
CURTAIN_FOLD = (1.0, 1.8, 0.6)  # and their lower edges' folds, deeper or shallower
BOKEH_MOTION = ((1.0, 1.0), (-0.8, 1.5), (0.25, 4.0))  # the lights' rise (below 0: they fall) and drift, by form
BOKEH_SIZE = (1.0, 1.7, 0.6)  # and their size: a few big near lights, or a field of small far ones


def form_of(meta: Mapping[str, object]) -> int:
    """The scene's form (0 where its segment names none)."""
    form = meta.get("form")
    return form if isinstance(form, int) and form > 0 else 0


def distance(form: int, x: str, y: str) -> str:
    """The ``geq`` expression of a pixel's distance from the vanishing point in this form's shape of ring."""
    return SHAPES[form % len(SHAPES)][0].format(x=x, y=y)


def farthest(form: int, corners: list[tuple[float, float]]) -> float:
    """The farthest of ``corners`` from the vanishing point in this form's shape."""
    measure = SHAPES[form % len(SHAPES)][1]
    return max(measure(x, y) for x, y in corners)


def turned(form: int) -> int:
    """Which way the form turns its spokes, its sky drifts: 1 or -1."""
    return -1 if form % 2 else 1
