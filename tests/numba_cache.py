"""numba's cache for librosa's kernels, which the tests and benchmarks hold the engine's analysis to (the engine itself
imports neither: ``tests/analysis/test_dsp.py``), made safe for several processes at once.

numba's ``IndexDataCacheFile.save`` (numba 0.68) reads a function's index, names the first data file the index does
not list for a new signature, then writes the index and that file, with no lock between processes. Two processes
saving different signatures of one function at once both take the same name; the index one leaves can name the other
signature's machine code, and the next process to call that signature runs it. So librosa's ``peak_pick`` crashed
(segmentation fault) in a venv several test runs shared (stop 65), and its venv cache kept crashing after.

``use_safe_numba_cache`` puts the cache in a folder of this user's for this numba and this Python
(``NUMBA_CACHE_DIR``, only where it is not set: away from a venv's cache others may have spoiled), and makes each save
(and each emptying of an index) hold an exclusive lock on a file in the cache's folder (``fcntl.flock``; where there
is no ``fcntl``, Windows, saves stay unlocked). It imports no numba: the lock goes on when numba's cache module is
first imported, or at once where it already is.
"""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.machinery
import os
import sys
from collections.abc import Callable, Iterator, MutableMapping, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from types import ModuleType
from typing import Any

CACHING = "numba.core.caching"
LOCK_NAME = ".nemo-save.lock"


def safe_cache_dir(environ: MutableMapping[str, str] = os.environ) -> Path | None:
    """The folder this user's tests keep numba's cache in, for the numba and Python running: under
    ``$XDG_CACHE_HOME`` (``~/.cache`` where unset); None where numba is not installed."""
    try:
        numba = version("numba")
    except PackageNotFoundError:
        return None
    base = Path(environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "nemo-notebook-tests" / f"numba-{numba}-py{sys.version_info[0]}{sys.version_info[1]}"


@contextlib.contextmanager
def held(lock_path: Path) -> Iterator[None]:
    """An exclusive lock on ``lock_path`` (made if missing) while the block runs; none where there is no fcntl."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def lock_saves(caching: ModuleType) -> None:
    """Make ``caching.IndexDataCacheFile``'s ``save`` and ``flush`` hold the lock of the cache's folder (once)."""
    cls = caching.IndexDataCacheFile
    for name in ("save", "flush"):
        original = getattr(cls, name)
        if getattr(original, "nemo_locked", False):
            continue

        def locked(self: Any, *args: Any, _original: Callable[..., Any] = original) -> Any:
            with held(Path(self._cache_path) / LOCK_NAME):
                return _original(self, *args)

        locked.nemo_locked = True  # type: ignore[attr-defined]
        setattr(cls, name, locked)


class _LockOnImport(importlib.abc.MetaPathFinder):
    """Finds numba's cache module as the path finder does, and locks its saves once the module has run."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != CACHING:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None or spec.loader is None:
            return spec
        run = spec.loader.exec_module

        def exec_module(module: ModuleType) -> None:
            run(module)
            lock_saves(module)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def use_safe_numba_cache(environ: MutableMapping[str, str] = os.environ) -> None:
    """Point ``NUMBA_CACHE_DIR`` at ``safe_cache_dir`` unless it is set, and lock numba's cache saves."""
    folder = safe_cache_dir(environ)
    if folder is None:
        return
    environ.setdefault("NUMBA_CACHE_DIR", str(folder))
    if CACHING in sys.modules:
        lock_saves(sys.modules[CACHING])
    elif not any(isinstance(finder, _LockOnImport) for finder in sys.meta_path):
        sys.meta_path.insert(0, _LockOnImport())
