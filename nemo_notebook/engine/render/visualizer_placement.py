"""Where a visualizer segment is drawn and in which colour (``visualizer.placed`` decides it), and the boxes of its
named places (``box_for``), laid inside what no player or app covers (``safe_zone``)."""

from __future__ import annotations

from dataclasses import dataclass

from .box import Box
from .graph import Canvas, even
from .safe_zone import RIGHT_SHARE, safe_area
from .visualizer_auto import SQUARES
from .visualizer_draw import RING


@dataclass(frozen=True)
class Placement:
    """Where a visualizer segment is drawn and in which colour: at ``box``, and from each of ``moves``' frames (the
    first frame of a section) on, at that move's box (the strip's other place, or back)."""

    box: Box
    color: object
    moves: tuple[tuple[int, Box], ...] = ()
    ring: tuple[float, float] = RING
    smooth: bool = False
    """A waveform of the low notes only (a few slow waves across the box, not a coil of every note): the calm
    design's line."""
    shadow: bool = True
    """A soft shadow (or halo) under the drawing; a cover video's darkened background needs none (it cost a second
    overlay of the box every frame), nor a backdrop's dark field."""
    drawn: str | None = None
    """The drawing in place of the effect's own (``visualizer_draw``): "spread" (the cover video's wave), and a track
    alone's design's: "horizon" (the aurora's soft horizon of light), "orbit" (the tunnel's bold ring), "twin" (the
    bokeh's bars mirrored about the middle); None: the effect's."""
    hidden: tuple[tuple[int, int], ...] = ()
    """Frame ranges ([first, end)) where it is not drawn: while a text it would cross shows (``visualizer_clear``),
    while a cover crosses its place at a turn (``visualizer_turn``)."""
    hide_fade_ms: int = 200  # ``visualizer_timing.HIDE_FADE_MS``
    """How long it fades out before each hidden range and in after it (``visualizer_timing.hide_fades``)."""
    light: tuple[tuple[int, int], ...] = ()
    """Frame ranges ([first, end)) where it is drawn light: over shots whose subject lies under it
    (``visualizer_light``)."""
    shades: tuple[tuple[int, str], ...] = ()
    """(first frame, colour) section by section, where the automatic colour is lightened or darkened for the ground
    of a section's shots (``visualizer_color.section_shades``); () for one colour throughout."""
    soft: bool = False
    """Over pictures and clips: the bars thin, rounded, fading towards the picture, falling slowly
    (``visualizer_soft``); a track alone's designs and a cover video's keep their own look."""
    joined: bool = False
    """A cover video's bars drawn side by side with no gaps, on a line through their base (``visualizer_draw``):
    apart, with short and silent bands between, they read as "stubs, short disconnected pieces" to a blind
    reviewer of held-out 04."""
    accent: str | None = None
    """The orbit's body in this colour (the tunnel's accent, ``accent_of``), its light in ``color``; None: one
    colour."""
    slid: tuple[str, str] = ("0", "0")
    """Expressions of ``t`` added to the box's x and y: a cover video's visualizer moved with the cover at a turn
    (``cover_stage.slid``)."""
    density: int = 1
    """A track alone's scene's density (``alone_scenes.DENSITY``: 0 quiet, 1 loud, 2 the drop), by which its design's
    horizon is eased (``visualizer_calm``); 1 elsewhere."""
    beat_growth: tuple[float, float] = (0.0, 0.0)
    """How much a track alone's tunnel's ring grows on each beat, a share of its radius, at the segment's start and
    its end (``ring_pulse``); none elsewhere."""
    grows_from: float = 1.0
    """A track alone's ring over a quiet intro that builds: first shown at this share of its box, growing to it by
    the segment's end (``ring_pulse.built_size``); 1 elsewhere."""
    plate: tuple[tuple[int, float], ...] = ()
    """(frame of the drawing, alpha) where the soft plate under the bars changes strength (``visualizer_plate``); ()
    for none."""


# strip height and top edge as fractions of the frame height, for each position; "bottom" and "top" and the corners
# are laid against the edges of what no player or app covers (``safe_zone``; ``box_for``), the others where they say
# (a blind reviewer: "opaque bars cover the bottom ~18 % of every shot, cutting through the boats": 22 % high before,
# now 15 %; the opacity stays, for contrast with what lies beneath)
STRIPS: dict[str, tuple[float, float]] = {
    "bottom": (0.15, 0.75),
    "top": (0.15, 0.06),
    "center": (0.30, 0.35),
    "lower_third": (0.20, 0.62),
    "full": (1.0, 0.0),
    # 9:16 placed automatically inside what the apps leave clear (``safe_zone``): under their top bar, or between the
    # opening title (ends at 65.5 %) and their caption (from 75 %; the bars sat at 68-78 %); 154 px at 1920
    "top_band": (0.08, 0.13),
    "lower_band": (0.08, 0.668),
    "bottom_left": (0.22, 0.68),  # lower corners, for a square design placed automatically
    "bottom_right": (0.22, 0.68),
}
TALL_BANDS = ("top_band", "lower_band")  # centred, as wide as the apps' right-hand buttons leave on both sides
CORNER_MARGIN = 0.05  # of the frame's short side, between a design in a corner and the frame's edges
SUBTLE_SHARE = 0.6  # the calm design's strip: this share of the bars' height, along the same edge of the frame
EDGE_PLACES = ("bottom", "top", "bottom_left", "bottom_right")  # laid against the safe area's edges


def box_for(effect: str, position: str, canvas: Canvas, subtle: bool = False) -> Box:
    """The strip (or, for the vectorscope, the square) a visualizer occupies at ``position``; ``subtle``: the calm
    design's lower strip (``SUBTLE_SHARE`` of the height, along the same edge of the strip). "bottom" ends on the
    top of the band a player's bar or an app's caption covers, "top" begins under the band covered at the top, both
    as far from the frame's sides as the wider side band, and the corners stand on that bottom edge
    (``safe_zone.safe_area``)."""
    share, top = STRIPS.get(position, STRIPS["bottom"])
    height = even(canvas.height * share) if position == "full" else even(min(canvas.height * share, canvas.width * 0.4))
    width = canvas.width
    if effect in SQUARES:
        width = height = even(min(canvas.width, canvas.height) * (1.0 if position == "full" else 0.34))
    y = min(int(canvas.height * top), canvas.height - height)
    safe_x, safe_y, safe_w, safe_h = safe_area(canvas)
    if position in EDGE_PLACES:
        y = safe_y + safe_h - height if position != "top" else safe_y
    if subtle and effect not in SQUARES and position != "full":
        low = even(height * SUBTLE_SHARE)
        y += height - low if y + height / 2 > canvas.height / 2 else 0
        height = low
    if position == "center":
        y = (canvas.height - height) // 2
    x = (canvas.width - width) // 2
    tall = canvas.height > canvas.width
    if (position in TALL_BANDS and tall) or (position in ("bottom", "top") and effect not in SQUARES):
        # inside the sides kept clear, as far from both (9:16: clear of the apps' buttons down the right edge)
        x = round(RIGHT_SHARE * canvas.width) if tall else safe_x
        width = even(canvas.width - 2 * x)
    if position in ("bottom_left", "bottom_right"):
        margin = max(int(min(canvas.width, canvas.height) * CORNER_MARGIN), safe_x)
        x = margin if position == "bottom_left" else min(canvas.width - width - margin, safe_x + safe_w - width)
    return Box(x, y, width, height)


def candidates(effect: str, canvas: Canvas) -> tuple[str, str]:
    """The places an automatic visualizer may take, the preferred first: the bottom or the top of the frame (in 9:16
    inside what the apps leave clear, ``TALL_BANDS``: under their top bar first, else above their caption), or for a
    square design the two lower corners (off the title that planning centres)."""
    if effect in SQUARES:
        return ("bottom_right", "bottom_left")
    return TALL_BANDS if canvas.height > canvas.width else ("bottom", "top")
