"""A per-file cache of analysis results: JSON files in a folder, one per (file content, kind, version).

A file is known by what it holds, not by its name or date: its size and a SHA-256 of its first and last MiB. A
copy of a track hits the cache, an edited one misses it, and reading two MiB costs next to nothing next to an
analysis. Values are frozen dataclasses (``AudioAnalysis``, ``VideoAnalysis``, …) whose fields are JSON scalars,
tuples of them, or nested dataclasses; lists come back as tuples. Writes go to a temporary file renamed into place,
so a reader never sees half a file, and a damaged or outdated entry is a miss, never an error.

Example::

    value = cached(cache_dir, path, AudioAnalysis, kind="audio", version=3, compute=lambda: analyze(path))
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import os
import tempfile
import threading
import time
import typing
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar

T = TypeVar("T")
P = ParamSpec("P")

_EDGE_BYTES = 1 << 20
_SETTLED_NS = 2_000_000_000  # a file last changed this long before it was hashed keeps its key while it stays so


def file_key(path: Path) -> str:
    """Content identity of ``path``: its size and a SHA-256 (24 hex digits) of its first and last MiB."""
    size = path.stat().st_size
    digest = hashlib.sha256(str(size).encode())
    with path.open("rb") as f:
        digest.update(f.read(_EDGE_BYTES))
        if size > _EDGE_BYTES:
            f.seek(max(_EDGE_BYTES, size - _EDGE_BYTES))
            digest.update(f.read(_EDGE_BYTES))
    return f"{size}-{digest.hexdigest()[:24]}"


_KNOWN: OrderedDict[tuple[str, int, int, int, int, int], str] = OrderedDict()
_KNOWN_LOCK = threading.Lock()


def known_key(path: Path) -> str:
    """``file_key`` of ``path``, kept in this process for the file as it stands (its name, device, inode, size, and
    times of change) where it was last changed ``_SETTLED_NS`` or more before it was hashed: an edit changes its
    times, and one within the same tick of the clock as the hashing is never kept. A render asks for the key of a
    clip's file for each of the hundreds of frames it measures; hashing 2 MiB each time cost 1.5 s of CPU of a
    3-minute clip video."""
    st = path.stat()
    stamp = (str(path), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    with _KNOWN_LOCK:
        if stamp in _KNOWN:
            _KNOWN.move_to_end(stamp)
            return _KNOWN[stamp]
    key = file_key(path)
    if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) >= _SETTLED_NS:
        with _KNOWN_LOCK:
            _KNOWN[stamp] = key
            while len(_KNOWN) > 1024:
                _KNOWN.popitem(last=False)
    return key


def cache_path(cache_dir: Path, path: Path, *, kind: str, version: int) -> Path:
    """Where the ``kind`` result (at analysis ``version``) for the content of ``path`` lives."""
    return cache_dir / f"{kind}-v{version}-{file_key(path)}.json"


def load_cached(cache_dir: Path, path: Path, cls: type[T], *, kind: str, version: int) -> T | None:
    """The cached ``cls`` value for ``path``, or None when there is none or it cannot be read back."""
    try:
        entry = cache_path(cache_dir, path, kind=kind, version=version)
        return _from_json(cls, json.loads(entry.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError, KeyError):
        return None


def store_cached(cache_dir: Path, path: Path, value: Any, *, kind: str, version: int) -> Path:
    """Write ``value`` (a dataclass instance) as the ``kind`` result for ``path``, atomically; returns the entry."""
    entry = cache_path(cache_dir, path, kind=kind, version=version)
    cache_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=f".{entry.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(dataclasses.asdict(value), f, separators=(",", ":"))
        os.replace(tmp, entry)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return entry


def cached(cache_dir: Path, path: Path, cls: type[T], *, kind: str, version: int, compute: Callable[[], T]) -> T:
    """The cached value for ``path`` if there is one, else ``compute()``, stored for next time.

    A cache folder that cannot be written costs the caching, not the result.
    """
    hit = load_cached(cache_dir, path, cls, kind=kind, version=version)
    if hit is not None:
        return hit
    value = compute()
    with contextlib.suppress(OSError):
        store_cached(cache_dir, path, value, kind=kind, version=version)
    return value


def by_content(maxsize: int) -> Callable[[Callable[Concatenate[Path, P], T]], Callable[Concatenate[Path, P], T]]:
    """A measure of a file (a function of its path and other hashable arguments) kept in this process for each
    content of the file (``file_key``) and those arguments, the ``maxsize`` latest: a copy of the file hits, an
    edited one is measured again. A file that cannot be read is measured (the measure says what that gives) and not
    kept."""

    def wrap(measure: Callable[Concatenate[Path, P], T]) -> Callable[Concatenate[Path, P], T]:
        latest: Latest[T] = Latest(maxsize)

        @functools.wraps(measure)
        def measured(path: Path, /, *args: P.args, **kwargs: P.kwargs) -> T:
            try:
                key: Hashable = (known_key(path), args, tuple(sorted(kwargs.items())))
            except OSError:
                return measure(path, *args, **kwargs)
            return latest.get(key, lambda: measure(path, *args, **kwargs))

        return measured

    return wrap


class Latest(Generic[T]):
    """The ``maxsize`` values last asked for, by key; safe to share between threads (two asking for one key at
    once may both compute it)."""

    def __init__(self, maxsize: int) -> None:
        self._kept: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()
        self._maxsize = maxsize

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value kept for ``key``, else ``compute()``, kept."""
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        value = compute()
        with self._lock:
            self._kept[key] = value
            while len(self._kept) > self._maxsize:
                self._kept.popitem(last=False)
        return value


def _from_json(cls: type[T], data: Any) -> T:
    """Rebuild a dataclass from ``dataclasses.asdict`` output: nested dataclasses by their type hints, lists as
    tuples. Unknown keys (an entry from another shape of the class) make it unreadable."""
    if not dataclasses.is_dataclass(cls) or not isinstance(data, dict):
        raise TypeError(f"cannot rebuild {cls!r} from {type(data).__name__}")
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    if not set(data) <= names:
        raise KeyError(f"unknown fields {sorted(set(data) - names)}")
    kwargs = {name: _value(hints.get(name), raw) for name, raw in data.items()}
    return cls(**kwargs)


def _value(hint: Any, raw: Any) -> Any:
    """``raw`` rebuilt as ``hint`` says: dataclasses from dicts, tuples (``tuple[X, ...]`` or fixed) from lists,
    the non-None member of an optional."""
    if raw is None:
        return None
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _from_json(hint, raw)
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if isinstance(raw, list):
        if typing.get_origin(hint) is tuple and len(args) == 2 and args[1] is Ellipsis:
            return tuple(_value(args[0], item) for item in raw)
        if typing.get_origin(hint) is tuple and len(args) == len(raw):
            return tuple(_value(h, item) for h, item in zip(args, raw, strict=True))
        return tuple(_value(None, item) for item in raw)
    if len(args) == 1 and typing.get_origin(hint) is not tuple:
        return _value(args[0], raw)
    return raw
