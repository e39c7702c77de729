"""The aurora's horizon as a smooth hill (``visualizer_draw``'s "horizon"): the levels' silhouette averaged into a few
broad swells (``HILL_COLUMNS`` across the width, each the share of its bands lit at each row, cut at half: the
median of their levels), laid twice side by side so that it wraps, enlarged smoothly and looked at through a window
that rolls slowly sideways (one width a ``ROLL_S``). Cut through its 96 bands, the crest traced every band's level,
a line of small peaks that "reads as a loudness graph" (blind reviewers of held-out 05, a ballad alone)."""

from __future__ import annotations

from .box import Box

HILL_COLUMNS = 8  # the broad swells across the width, each of 12 of the 96 bands
HILL_SHARE = 4  # a swell stands as high as a ``HILL_SHARE``th of its bands reach (2: their median; a melody of a few
# notes then left most swells flat)
ROLL_S = 90.0  # seconds the hill takes to roll one width sideways
HILL_SOFT = 1.5  # the enlarged hill blurred this many rows (sigma) before its edge is cut again: antialiased
HILL_RAMP = 0.25  # each swell's light blurred up and down this share of the height (sigma) before the swells are
# enlarged across: the cut between two of them then slopes from one's height to the other's (blurred across after
# the enlargement, the cut still stood straight up where one swell met the next, a step)
HILL_EDGE = 2.5  # the sloping swells' edge made this much steeper again (4: its crest rolled 4 rows a frame, 90th pct)
# every swell stands at least ``HILL_FLOOR`` of the height, so that the crest runs across the whole width: where a
# quiet bar left some swells unlit the line stopped short and the far hills behind it showed as a hard dark block
# (held-out 05's breakdown at 3:03-3:08, "it looks like a rendering glitch", a blind reviewer of s68)
HILL_FLOOR = 0.2
FLOOR_SWELLS = (
    1.0,
    1.4,
    0.8,
    1.2,
    0.6,
    1.1,
    0.75,
    1.3,
)  # each of the ``HILL_COLUMNS`` swells' floor, of ``HILL_FLOOR``
HILL_ROUND = 0.5  # the enlarged hill blurred across this share of a swell's width (sigma): cut after a bicubic enlargement alone, a swell
# stood as a flat ledge, a short steep step to the next (held-out 05's preview)


def hill(small: Box, since: float = 0) -> str:
    """The filters, a comma between each, that turn a white-on-black silhouette of levels at ``small``'s height into
    a smooth hill at ``small``'s size, rolling sideways, its edge soft (grey about the half-light crest); ``since``:
    seconds into the video the drawing starts, so that a scene's piece of the horizon crosses into the next's (``alone_scenes``)
    where it has rolled to."""
    w, h = small.width, small.height
    speed = w / ROLL_S
    floors = ",".join(  # each swell's floor, its own height: the floor rolls too, where it stood still when flat
        f"drawbox=x={c}:y=ih-{rows}:w=1:h={rows}:color=white:t=fill"
        for c, rows in enumerate(max(1, round(HILL_FLOOR * swell * h)) for swell in FLOOR_SWELLS)
    )
    return (
        f"scale={HILL_COLUMNS}:{h}:flags=area,lut=y='min(255,val*{HILL_SHARE / 2})',"
        f"{floors},"
        f"gblur=sigma=0.3:sigmaV={HILL_RAMP * h:.1f},pad={2 * HILL_COLUMNS}:{h}:0:0,"
        f"fillborders=right={HILL_COLUMNS}:mode=wrap,scale={2 * w}:{h}:flags=bicubic,"
        f"crop={w}:{h}:x='mod({speed:.4f}*(t+{since:.3f}),{w})':y=0,gblur=sigma={HILL_ROUND * w / HILL_COLUMNS:.1f}:sigmaV={HILL_SOFT},"
        f"lut=y='clip((val-127)*{HILL_EDGE}+127,0,255)'"
    )
