"""Fixtures of the conformance suite: the fake hosted service, and a client of it whose sleeps are recorded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .hosted import HostedService


@pytest.fixture
def hosted(flavour: str) -> HostedService:
    return HostedService(flavour=flavour)


@pytest.fixture
def slept() -> list[float]:
    return []


@pytest.fixture
def user(hosted: HostedService, client_home: Path, slept: list[float]) -> Iterator[Any]:
    """A client with the user's own token; it records its sleeps instead of sleeping."""
    with hosted.client(client_home) as client:
        client._core.sleep = slept.append
        yield client


@pytest.fixture
def anonymous(hosted: HostedService, client_home: Path, slept: list[float]) -> Iterator[Any]:
    """A client without a token: it asks the service for an anonymous one."""
    with hosted.client(client_home, token=None) as client:
        client._core.sleep = slept.append
        yield client
