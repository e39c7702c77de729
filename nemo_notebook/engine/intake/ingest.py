"""Taking a received or generated file into a session: probe it, give it an id, move it under ``home/media``."""

from __future__ import annotations

import os
import secrets
import time
from dataclasses import replace
from pathlib import Path

from ...protocol import MediaInfo
from ..settings import EngineSettings
from ..store import Store
from .animated_webp import canvas, to_clip
from .heif import flatten_grid, grid_size


def new_media_id() -> str:
    return "med_" + secrets.token_hex(8)


def _private(path: Path) -> Path:
    """``path``, made the owner's alone (a generated file may come with the process's umask)."""
    if os.name != "nt":
        path.chmod(0o600)
    return path


def _probed(path: Path, name: str, settings: EngineSettings) -> tuple[Path, MediaInfo]:
    """The file to store and what it holds, probed under a new id in a worker process held to ``settings.work``
    (``workers``). A tiled HEIF photo is first made one JPEG (``heif``), an animated WebP a WebM that keeps the
    WebP's format (``animated_webp``), stored in its place (the upload itself is then removed)."""
    from ..workers import Probe, run_bounded

    grid, animation = grid_size(path), canvas(path)
    converted = None
    if grid is not None:
        converted = flatten_grid(path, name, settings.media, grid)
    elif animation is not None:
        converted = to_clip(path, name, settings.media, animation)
    try:
        info: MediaInfo = run_bounded(Probe(converted or path, name, new_media_id(), settings.media), settings.work)
    except BaseException:
        if converted is not None:
            converted.unlink(missing_ok=True)
        raise
    if converted is None:
        return path, info
    path.unlink(missing_ok=True)
    return converted, (info if animation is None else replace(info, format="webp"))


def ingest(
    path: Path, name: str, *, session_id: str, store: Store, settings: EngineSettings, generated: bool = False
) -> MediaInfo:
    """Probe the file at ``path`` and store it as ``home/media/<session>/<id>.<format>``.

    The file is moved, not copied. Raises `MediaError` (4001) when it is not usable media, or needs more memory or
    time to check than ``settings.work`` gives; the file is then left where it was for the caller to remove.
    """
    path, info = _probed(path, name, settings)
    folder = settings.media_dir / session_id
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = folder / f"{info.id}.{info.format}"
    _private(path).replace(target)
    store.add_media(session_id, info, target, generated=generated, now=time.time())
    return info


def ingest_all(
    paths: list[tuple[Path, str]], *, session_id: str, store: Store, settings: EngineSettings
) -> list[MediaInfo]:
    """Probe every file first, so that one bad file keeps the whole batch out; then store them in order."""
    probed = [_probed(path, name, settings) for path, name in paths]
    folder = settings.media_dir / session_id
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stored: list[MediaInfo] = []
    for path, info in probed:
        target = folder / f"{info.id}.{info.format}"
        _private(path).replace(target)
        store.add_media(session_id, info, target, generated=False, now=time.time())
        stored.append(info)
    return stored
