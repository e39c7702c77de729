"""Where a visualizer segment is drawn and in which colour (``visualizer.placed`` decides it)."""

from __future__ import annotations

from dataclasses import dataclass

from .box import Box
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
    """Frame ranges ([first, end)) where it is not drawn: while a text it would cross shows (``visualizer_clear``)."""
    shades: tuple[tuple[int, str], ...] = ()
    """(first frame, colour) section by section, where the automatic colour is lightened or darkened for the ground
    of a section's shots (``visualizer_color.section_shades``); () for one colour throughout."""
    soft: bool = False
    """Over pictures and clips: the bars thin, rounded, fading towards the picture, falling slowly
    (``visualizer_soft``); a track alone's designs and a cover video's keep their own look."""
    accent: str | None = None
    """The orbit's body in this colour (the tunnel's accent, ``accent_of``), its light in ``color``; None: one
    colour."""
