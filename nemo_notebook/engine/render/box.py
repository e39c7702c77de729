"""A rectangle on the canvas in pixels: where a visualizer (or a part of it) is drawn."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Box:
    """Where the visualizer is drawn on the canvas, in pixels."""

    x: int
    y: int
    width: int
    height: int
