"""The home folder shared by engines: who else uses it, its files kept private, and the clean-up after a run that
died."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import IO

from ...protocol import RenderState
from ..settings import EngineSettings
from .database import Store
from .records import render_file_name


class HomeClaim:
    """Which engines use a home: each holds a shared lock on ``home/engine.lock`` while it runs.

    Two notebooks open at once start two embedded engines on one ``NEMO_HOME``. Only an engine that finds no other
    one alive may clean up after a dead run (empty ``home/tmp``, fail the renders that were running): otherwise it
    would delete the other's uploads in progress and fail its running render. Without ``fcntl`` (Windows) every
    engine cleans up, as if it were alone.
    """

    def __init__(self, home: Path) -> None:
        self._file: IO[bytes] | None = None
        self.alone = True
        try:
            import fcntl
        except ImportError:
            return
        self._file = (home / "engine.lock").open("ab")
        try:
            fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self.alone = False

    def share(self) -> None:
        """From now on other engines may start beside this one (after its clean-up is done)."""
        if self._file is not None:
            import fcntl

            fcntl.flock(self._file, fcntl.LOCK_SH)

    def release(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def make_private(settings: EngineSettings) -> None:
    """Make the files an older engine left readable by others (0644) the owner's alone (0600): the database, the
    token, the lock, media, renders and the analysis cache. Uploads are made private as they are written; whatever
    else is new sits in folders only the owner can enter."""
    if os.name == "nt":
        return
    files = [p for p in settings.home.iterdir() if p.is_file()]
    for folder in (settings.media_dir, settings.renders_dir, settings.cache_dir):
        files += [p for p in folder.rglob("*") if p.is_file()]
    for folder in (p for p in settings.media_dir.iterdir() if p.is_dir()):
        folder.chmod(0o700)
    for path in files:
        if not path.is_symlink() and path.stat().st_mode & 0o077:
            path.chmod(0o600)


def clean_tmp(settings: EngineSettings) -> None:
    """Empty ``home/tmp``: whatever is there belongs to an upload or a render that the last run never finished."""
    for leftover in settings.tmp_dir.iterdir():
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)


def clean_orphan_media(settings: EngineSettings, store: Store) -> None:
    """Remove media files the database does not know: an engine killed between moving a file into place and
    recording it leaves one behind, and nothing would ever serve or delete it."""
    known = store.media_paths()
    for folder in settings.media_dir.iterdir():
        if folder.is_dir():
            for path in folder.iterdir():
                if path.is_file() and path not in known:
                    path.unlink(missing_ok=True)


def rename_upgraded_renders(settings: EngineSettings, store: Store) -> None:
    """After `Store` keyed an older database's jobs by owner: give each finished render the file name of its owner
    (`render_file_name`), so that it stays downloadable; before, every render was ``<id>.mp4``."""
    for job in store.jobs_with_status(RenderState.COMPLETED):
        before = settings.renders_dir / f"{job.id}.mp4"
        after = settings.renders_dir / render_file_name(job.owner, job.id)
        if after != before and before.is_file() and not after.exists():
            before.rename(after)
