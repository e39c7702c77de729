"""The finished video in the cell: a player that points at the file, and a download link. The notebook stays small.

JupyterLab and Notebook 7 serve the files below their root, and resolve a relative ``src`` or ``href`` in a cell's
HTML against the notebook's folder: a ``<video src="clip.mp4">`` written next to the notebook plays from there,
and the notebook holds a line of HTML instead of the MP4. Embedding is opt-in (``--embed``), and is also the
fallback where relative files are not served: VS Code and Colab (their outputs live in a webview or an iframe on
another origin), or a file outside the notebook's folder; there a file over ``embed_max_mb`` is named by its path.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .front_end import in_colab, in_vscode

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


def relative_files_served() -> bool:
    """False in VS Code and Colab (the signs the client's platform detection reads), true elsewhere."""
    return not (in_colab() or in_vscode())


def served_path(video: SavedVideo) -> str | None:
    """The path the notebook server serves ``video`` by, relative to the notebook; None where there is none."""
    return relative_to_cwd(video.path) if relative_files_served() else None


class LinkedVideo:
    """A ``<video>`` that plays the file from the notebook's folder: a few kilobytes in the notebook, its poster (a
    small JPEG of a frame, inline) included, so that a saved notebook shown where the file is not (GitHub, nbviewer)
    still shows the video's picture."""

    def __init__(self, rel: str, poster: str = "") -> None:
        self.rel = rel
        self.poster = poster  # a data: URL, or "" when no frame could be taken

    def _repr_html_(self) -> str:
        src = html.escape(self.rel, quote=True)
        poster = f' poster="{self.poster}"' if self.poster else ""
        return (
            f'<video src="{src}"{poster} controls preload="metadata" style="max-width:100%;max-height:480px">'
            f'Your browser cannot play this video: <a href="{src}">open {html.escape(self.rel)}</a>.</video>'
        )

    def __repr__(self) -> str:
        return f"🎬 {self.rel}"


def video_player(video: SavedVideo, *, embed: bool = False, embed_max_mb: float) -> Any:
    """What plays ``video`` in the cell: linked by path, embedded when asked, or the fallback (see the module).

    Returns None when the file can neither be linked nor embedded (too big, and not served): the link says where
    it is.
    """
    rel = None if embed else served_path(video)
    if rel is not None:
        return LinkedVideo(rel, poster_of(video.path))
    if embed or video.size <= embed_max_mb * MB:
        from ._ipython import Video

        attributes = 'controls style="max-width: 100%; max-height: 480px"'
        data = opus_copy(video.path) if in_vscode() else None
        if data is not None:
            player = Video(data=data, embed=True, mimetype="video/mp4", html_attributes=attributes)
        else:
            player = Video(str(video.path), embed=True, mimetype="video/mp4", html_attributes=attributes)
        return EmbeddedVideo(player, video)
    return None


POSTER_WIDTH = 480


def poster_of(path: Path, *, timeout_s: float = 30.0) -> str:
    """A frame a second in (or the first), 480 pixels wide, as a ``data:image/jpeg`` URL; "" if ffmpeg fails."""
    import base64
    import subprocess

    import imageio_ffmpeg

    for at in ("1", "0"):
        cmd = [
            imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-nostdin", "-ss", at, "-i",
            os.fspath(path), "-frames:v", "1", "-vf", f"scale={POSTER_WIDTH}:-2", "-q:v", "5", "-f", "mjpeg", "pipe:1",
        ]  # fmt: skip
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=timeout_s, check=False, start_new_session=True)
        except (OSError, subprocess.TimeoutExpired):
            return ""
        if done.returncode == 0 and done.stdout:
            return "data:image/jpeg;base64," + base64.b64encode(done.stdout).decode("ascii")
    return ""


def opus_copy(path: Path, *, timeout_s: float = 120.0) -> bytes | None:
    """The bytes of ``path`` with its sound re-encoded as Opus, the picture copied as it is: what VS Code's notebook
    webviews play with sound (they have no AAC decoder). The file on disk is untouched. None if ffmpeg fails."""
    import subprocess
    import tempfile

    import imageio_ffmpeg

    with tempfile.TemporaryDirectory(prefix="nemo-preview-") as folder:
        out = Path(folder) / "preview.mp4"
        cmd = [
            imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-nostdin", "-i", os.fspath(path),
            "-map", "0:v?", "-map", "0:a?", "-c:v", "copy", "-c:a", "libopus", "-b:a", "128k",
            "-movflags", "+faststart", os.fspath(out),
        ]  # fmt: skip
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=timeout_s, check=False, start_new_session=True)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return out.read_bytes() if done.returncode == 0 and out.exists() else None


class EmbeddedVideo:
    """IPython's embedded ``Video``, with a text form that names the file (not ``<IPython…Video object>``)."""

    def __init__(self, player: Any, video: SavedVideo) -> None:
        self.player, self.video = player, video

    def _repr_html_(self) -> str:
        return str(self.player._repr_html_())

    def __repr__(self) -> str:
        return f"🎬 {self.video.describe()}, embedded in the notebook"


class DownloadLink:
    """A link to the saved file (HTML in notebooks; the path as text elsewhere)."""

    def __init__(self, video: SavedVideo) -> None:
        self.video = video

    def _repr_html_(self) -> str:
        rel = served_path(self.video)
        label = html.escape(self.video.describe())
        if rel is None:
            return f"<div>💾 Saved {label} to <code>{html.escape(str(self.video.path))}</code></div>"
        href = html.escape(rel, quote=True)
        name = html.escape(self.video.path.name, quote=True)
        return f'<div>⬇️ <a href="{href}" download="{name}" target="_blank">Download {label}</a></div>'

    def __repr__(self) -> str:
        return f"💾 Saved {self.video.describe()}: {os.fspath(self.video.path.absolute())}"


def show_video(video: SavedVideo, *, rich: bool, embed: bool = False, embed_max_mb: float) -> None:
    """Display the player and the link (notebook), or one line with the path (terminal)."""
    from ._ipython import display

    if rich:
        player = video_player(video, embed=embed, embed_max_mb=embed_max_mb)
        if player is not None:
            display(player)
    display(DownloadLink(video))
