"""Progress bars: an ipywidgets bar in a notebook, a line of text redrawn in place in a terminal.

Both take fractions from any thread and redraw at most ``max_rate_hz`` times a second, since uploads and renders
report far more often than an eye can follow.
"""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

BAR_CHARS = 30


class ProgressBar:
    """A labelled bar from 0 to 1.

    Parameters
    ----------
    label
        What is in progress ("Uploading track.mp3", "Rendering").
    rich
        True in a notebook (a widget); False in a terminal (text).
    max_rate_hz
        Upper bound on redraws per second.
    """

    def __init__(self, label: str, *, rich: bool, max_rate_hz: float = 10.0, stream: TextIO | None = None) -> None:
        self.label = label
        self.fraction = 0.0
        self._rich = rich
        self._stream = stream
        self._interval_s = 1.0 / max_rate_hz
        self._last_drawn = float("-inf")
        self._widget: Any = None
        self._text: Any = None

    def show(self) -> ProgressBar:
        if self._rich:
            import ipywidgets as widgets

            from ._ipython import display

            self._widget = widgets.FloatProgress(value=0.0, min=0.0, max=1.0, description="")
            self._text = widgets.Label(value=self._caption())
            display(widgets.HBox([self._widget, self._text]))
        else:
            self._draw_text()
        return self

    def update(self, fraction: float) -> None:
        """Move the bar to ``fraction`` (0–1); redraws only if enough time has passed."""
        self.fraction = max(0.0, min(1.0, float(fraction)))
        now = time.monotonic()
        if now - self._last_drawn >= self._interval_s:
            self._last_drawn = now
            self._draw()

    def bytes_callback(self, sent: int, total: int | None) -> None:
        """For upload and download callbacks that count bytes."""
        if total:
            self.update(sent / total)

    def close(self, caption: str) -> None:
        """Finish the bar with a final ``caption`` ("✓ Rendered in 12.3 s")."""
        self._draw()
        if self._rich and self._widget is not None:
            self._widget.bar_style = "success" if caption.startswith("✓") else "danger"
            self._text.value = caption
        else:
            self._write(f"\r{caption:<{BAR_CHARS + 40}}\n")

    def _caption(self) -> str:
        return f"{self.label} {self.fraction * 100:3.0f}%"

    def _draw(self) -> None:
        if self._rich and self._widget is not None:
            self._widget.value = self.fraction
            self._text.value = self._caption()
        elif not self._rich:
            self._draw_text()

    def _draw_text(self) -> None:
        filled = round(self.fraction * BAR_CHARS)
        self._write(f"\r[{'#' * filled}{'.' * (BAR_CHARS - filled)}] {self._caption()}")

    def _write(self, text: str) -> None:
        out = self._stream or sys.stdout
        out.write(text)
        out.flush()
