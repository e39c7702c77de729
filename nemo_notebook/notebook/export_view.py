"""The finished video in the cell: a player (embedded, or served from the notebook's folder when large) and a link.

A notebook server serves files below its root by their path relative to the notebook, so a big MP4 written next to
the notebook plays without being copied into it; a small one is embedded so that the notebook carries it (VS Code,
nbviewer, a notebook sent to a friend).
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MB = 1024 * 1024


@dataclass(frozen=True)
class SavedVideo:
    """An exported file on disk: where, its size in bytes, its length in ms when known."""

    path: Path
    size: int
    duration_ms: int | None = None

    def describe(self) -> str:
        length = f", {self.duration_ms / 1000:.1f} s" if self.duration_ms else ""
        return f"{self.path.name} ({self.size / MB:.1f} MB{length})"


def relative_to_cwd(path: Path) -> str | None:
    """``path`` relative to the working directory (the notebook's folder), or None if it lies outside it."""
    try:
        rel = path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return None
    return rel.as_posix()


def video_player(video: SavedVideo, *, embed_max_mb: float) -> Any:
    """An ``IPython.display.Video`` for ``video``: embedded up to ``embed_max_mb``, else by relative path."""
    from ._ipython import Video

    rel = relative_to_cwd(video.path)
    attributes = 'controls style="max-width: 100%; max-height: 480px"'
    if video.size <= embed_max_mb * MB or rel is None:
        return Video(str(video.path), embed=True, mimetype="video/mp4", html_attributes=attributes)
    return Video(rel, embed=False, mimetype="video/mp4", html_attributes=attributes)


class DownloadLink:
    """A link to the saved file (HTML in notebooks; the path as text elsewhere)."""

    def __init__(self, video: SavedVideo) -> None:
        self.video = video

    def _repr_html_(self) -> str:
        rel = relative_to_cwd(self.video.path)
        label = html.escape(self.video.describe())
        if rel is None:
            return f"<div>💾 Saved to <code>{html.escape(str(self.video.path))}</code> ({label})</div>"
        href = html.escape(rel, quote=True)
        name = html.escape(self.video.path.name, quote=True)
        return f'<div>⬇️ <a href="{href}" download="{name}" target="_blank">Download {label}</a></div>'

    def __repr__(self) -> str:
        return f"💾 Saved {self.video.describe()} to {os.fspath(self.video.path)}"


def show_video(video: SavedVideo, *, rich: bool, embed_max_mb: float) -> None:
    """Display the player and the link (notebook), or one line with the path (terminal)."""
    from ._ipython import display

    if rich:
        display(video_player(video, embed_max_mb=embed_max_mb))
    display(DownloadLink(video))
