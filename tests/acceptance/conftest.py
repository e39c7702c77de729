"""The client every acceptance module talks through: the embedded engine in a fresh home, no hosted token."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from nemo_notebook.client import Client


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("NEMO_TOKEN", raising=False)
        patch.delenv("NEMO_BACKEND", raising=False)
        with Client(home=tmp_path_factory.mktemp("nemo-home")) as running:
            yield running
