"""Fixtures of the proof tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .harness import close_clients


@pytest.fixture(scope="session", autouse=True)
def _close_http_clients() -> Iterator[None]:
    """Close the httpx clients the tests opened, once all are done (module fixtures share theirs across tests)."""
    yield
    close_clients()
