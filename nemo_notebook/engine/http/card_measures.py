"""Report cards being measured, one at a time, apart from the requests that ask for them.

Measuring a card decodes the whole export (about 15 s of CPU for a minute of 1080p, several times that on a busy
machine): longer than a client waits for a silent answer (60 s). So the request that finds no kept card starts the
measuring here and waits a little; a card not ready by then is answered "still measuring" and asked for again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from ...protocol.report import ReportCard

__all__ = ["CardMeasures"]


class CardMeasures:
    """The measurings under way, by render id: asking twice for one render joins the measuring already started."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._under_way: dict[str, Future[ReportCard]] = {}
        self._pool: ThreadPoolExecutor | None = None

    def ask(self, render_id: str, measure: Callable[[], ReportCard]) -> Future[ReportCard]:
        """The measuring of ``render_id``'s card: the one under way, else ``measure`` started now."""
        with self._lock:
            found = self._under_way.get(render_id)
            if found is None:
                if self._pool is None:
                    self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nemo-card")
                found = self._pool.submit(measure)
                self._under_way[render_id] = found
            return found

    def finished(self, render_id: str, measuring: Future[ReportCard]) -> ReportCard:
        """The card of a finished ``measuring`` (raising what it raised), no longer kept here: a card is kept on disk,
        and a measuring that failed is tried afresh when asked again."""
        with self._lock:
            if self._under_way.get(render_id) is measuring:
                del self._under_way[render_id]
        return measuring.result()

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
            self._under_way.clear()
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
