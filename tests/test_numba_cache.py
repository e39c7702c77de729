"""numba's cache made safe for processes saving at once (``tests/numba_cache.py``): two saves of different
signatures of one function, interleaved as two processes interleaved them (both read the index before either wrote
it), leave each signature its own code; and the cache's folder is this user's unless one is set."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tests.numba_cache import LOCK_NAME, lock_saves, safe_cache_dir, use_safe_numba_cache

WAIT_S = 2.0  # how long the first save waits for the second to write its index: it never can under the lock


def test_two_saves_at_once_leave_each_signature_its_own_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    caching = pytest.importorskip("numba.core.caching")
    lock_saves(caching)
    cls = caching.IndexDataCacheFile
    save_index, save_data = cls._save_index, cls._save_data
    second_indexed, first_done = threading.Event(), threading.Event()

    def cache() -> object:
        return cls(str(tmp_path), "kernel-1.py311", (1.0, 1))

    def second() -> None:
        cache().save(("float64",), "code for float64")  # type: ignore[attr-defined]

    other = threading.Thread(target=second)

    def index_saved(self: object, overloads: dict[object, str]) -> None:
        if threading.current_thread() is not other:  # the first has read the index and named its data file
            other.start()
            second_indexed.wait(WAIT_S)  # unlocked: the second reads the same index, names the same file
        save_index(self, overloads)

    def data_saved(self: object, name: str, data: object) -> None:
        if threading.current_thread() is other:
            second_indexed.set()
            first_done.wait()  # unlocked: the first writes its index over the second's, then its code
        save_data(self, name, data)

    monkeypatch.setattr(cls, "_save_index", index_saved)
    monkeypatch.setattr(cls, "_save_data", data_saved)
    cache().save(("int64",), "code for int64")  # type: ignore[attr-defined]
    first_done.set()
    other.join()
    # numba 0.68 unlocked: the index names file 1 for int64, and file 1 holds float64's code
    assert cache().load(("int64",)) == "code for int64"  # type: ignore[attr-defined]
    assert cache().load(("float64",)) == "code for float64"  # type: ignore[attr-defined]
    assert (tmp_path / LOCK_NAME).exists()


def test_the_cache_is_this_users_for_this_numba_unless_one_is_set(tmp_path: Path) -> None:
    pytest.importorskip("numba")
    environ = {"XDG_CACHE_HOME": str(tmp_path)}
    use_safe_numba_cache(environ)
    folder = Path(environ["NUMBA_CACHE_DIR"])
    assert folder == safe_cache_dir(environ)
    assert folder.parent == tmp_path / "nemo-notebook-tests"
    assert folder.name.startswith("numba-")
    environ = {"XDG_CACHE_HOME": str(tmp_path), "NUMBA_CACHE_DIR": "/mine"}
    use_safe_numba_cache(environ)
    assert environ["NUMBA_CACHE_DIR"] == "/mine"
