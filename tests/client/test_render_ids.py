"""Export ids: ``render_<unix ms>`` as API.md says, and never the same twice in one process, even when threads
export in the same millisecond (a batch once had to take turns to avoid the clash)."""

from __future__ import annotations

import itertools
import re
import threading
import time

from nemo_notebook.client._export import new_render_id

THREADS, EACH = 8, 250


def test_ids_from_many_threads_at_once_are_all_different_and_keep_the_format() -> None:
    ids: list[list[str]] = [[] for _ in range(THREADS)]
    ready = threading.Barrier(THREADS)

    def take(mine: list[str]) -> None:
        ready.wait()  # all threads start together, so that many ask within the same millisecond
        mine.extend(new_render_id() for _ in range(EACH))

    before_ms = int(time.time() * 1000)
    threads = [threading.Thread(target=take, args=(mine,)) for mine in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = [i for mine in ids for i in mine]
    assert len(set(every)) == THREADS * EACH
    assert all(re.fullmatch(r"render_\d{13}", i) for i in every)
    stamps = [[int(i.removeprefix("render_")) for i in mine] for mine in ids]
    assert all(a < b for mine in stamps for a, b in itertools.pairwise(mine))  # each thread's ids go up
    assert min(min(mine) for mine in stamps) >= before_ms  # a clock time, not a counter from zero
