"""Progress bars: an ipywidgets bar in a notebook, a line of text redrawn in place in a terminal.

Both take fractions from any thread and redraw at most ``max_rate_hz`` times a second, since uploads and renders
report far more often than an eye can follow.
"""

from __future__ import annotations

import html
import sys
import time
from collections.abc import Callable
from typing import Any, TextIO

from .stream_view import clock_text

BAR_CHARS = 30
_BAR_COLOURS = {"done": "#4caf50", "failed": "#e53935", "interrupted": "#fb8c00"}


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
    clock
        Monotonic clock in seconds, for the elapsed and remaining time (tests pass their own).
    """

    def __init__(
        self,
        label: str,
        *,
        rich: bool,
        max_rate_hz: float = 10.0,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.label = label
        self.fraction = 0.0
        self.state = "running"  # "running" | "done" | "failed" | "interrupted"
        self._clock = clock
        self._started = clock()
        self._rich = rich
        self._stream = stream
        self._interval_s = 1.0 / max_rate_hz
        self._last_drawn = float("-inf")
        self._widget: Any = None
        self._text: Any = None
        self._handle: Any = None
        self._moving_since: tuple[float, float] | None = None  # (time, fraction) of the first report above zero

    def show(self) -> ProgressBar:
        self._started = self._clock()
        if self._rich:
            import ipywidgets as widgets

            from ._ipython import display

            self._widget = widgets.FloatProgress(value=0.0, min=0.0, max=1.0, description="")
            self._text = widgets.Label(value=self.caption())
            self._handle = display(widgets.HBox([self._widget, self._text]), display_id=True)
        else:
            self._draw_text()
        return self

    def update(self, fraction: float) -> None:
        """Move the bar to ``fraction`` (0–1); redraws only if enough time has passed."""
        self.fraction = max(0.0, min(1.0, float(fraction)))
        now = self._clock()
        if self._moving_since is None and self.fraction > 0:
            self._moving_since = (now, self.fraction)
        if now - self._last_drawn >= self._interval_s:
            self._last_drawn = now
            self._draw()

    def bytes_callback(self, sent: int, total: int | None) -> None:
        """For upload and download callbacks that count bytes."""
        if total:
            self.update(sent / total)

    @property
    def elapsed_s(self) -> float:
        return self._clock() - self._started

    def close(self, caption: str) -> None:
        """Finish the bar with a final ``caption`` ("✓ Rendered in 12.3 s"; one starting otherwise is a failure)."""
        self._end("done" if caption.startswith("✓") else "failed", caption)

    def interrupt(self, caption: str) -> None:
        """The user stopped watching (the work goes on elsewhere): the bar stays where it was, marked so."""
        self._end("interrupted", caption)

    def _end(self, state: str, caption: str) -> None:
        self.state = state
        self._draw()
        if self._rich and self._widget is not None:
            self._widget.bar_style = {"done": "success", "failed": "danger", "interrupted": "warning"}[state]
            self._widget.description = "⏸" if state == "interrupted" else ""
            self._text.value = caption
            if self._handle is not None:  # what a saved notebook keeps: a line, not the widget's repr
                self._handle.update(FinishedBar(self.fraction, caption, state))
        elif state == "interrupted":  # the bar stays where it stopped, marked
            self._write(f" · {caption}\n")
        else:
            self._write(f"\r{caption:<{BAR_CHARS + 80}}\n")

    def caption(self) -> str:
        """``Rendering  40% · 0:12 elapsed · about 0:18 left`` (the time left once there is enough to judge by)."""
        elapsed_s = self.elapsed_s
        text = f"{self.label} {self.fraction * 100:3.0f}% · {clock_text(elapsed_s)} elapsed"
        left_s = self.left_s()
        if left_s is not None:
            text += f" · about {clock_text(left_s)} left"
        return text

    def left_s(self) -> float | None:
        """Seconds left at the pace since the bar started moving (the wait in the queue and the set-up before the
        first frame do not count against the rest), once there is enough to judge by; else None."""
        return time_left(self._moving_since, self._clock(), self.fraction)

    def _draw(self) -> None:
        if self._rich and self._widget is not None:
            self._widget.value = self.fraction
            self._text.value = self.caption()
        elif not self._rich:
            self._draw_text()

    def _draw_text(self) -> None:
        filled = round(self.fraction * BAR_CHARS)
        self._write(f"\r[{'#' * filled}{'.' * (BAR_CHARS - filled)}] {self.caption()}")

    def _write(self, text: str) -> None:
        out = self._stream or sys.stdout
        out.write(text)
        out.flush()


def time_left(moving_since: tuple[float, float] | None, now: float, fraction: float) -> float | None:
    """Seconds left at the pace since (time, fraction) of the first report above zero, once the work has moved 2 %
    over a second or more; else None.

    >>> time_left((10.0, 0.05), 30.0, 0.25)
    75.0
    """
    if moving_since is None or not 0.0 < fraction < 1.0:
        return None
    since, first = moving_since
    moved, spent = fraction - first, now - since
    if moved < 0.02 or spent < 1.0:
        return None
    return spent * (1 - fraction) / moved


class FinishedBar:
    """A bar's last state as plain HTML and text: what stays in the notebook when the live widget is gone (reopened,
    executed by nbconvert, or shown on GitHub and nbviewer)."""

    def __init__(self, fraction: float, caption: str, state: str) -> None:
        self.fraction, self.caption, self.state = fraction, caption, state

    def _repr_html_(self) -> str:
        width = f"{self.fraction * 100:.0f}%"
        colour = _BAR_COLOURS.get(self.state, "#9e9e9e")
        return (
            '<div style="display:flex;align-items:center;gap:8px">'
            f'<div style="width:180px;height:8px;background:#e0e0e0;border-radius:4px">'
            f'<div style="width:{width};height:8px;background:{colour};border-radius:4px"></div></div>'
            f"<span>{html.escape(self.caption)}</span></div>"
        )

    def __repr__(self) -> str:
        return self.caption
