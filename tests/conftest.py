"""Fixtures every test folder shares: where the media is, and a fresh NEMO_HOME."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from nemo_notebook.engine import RunningEngine

REPO = Path(__file__).resolve().parents[1]
REPO_MEDIA = REPO / "examples" / "media"
SHARED_MEDIA = REPO.parent / "shared" / "media"


def shared_media(name: str) -> Path:
    """A file from ../shared/media, or from the copies the repository carries; skips with a reason otherwise."""
    for folder in (SHARED_MEDIA, REPO_MEDIA):
        if (folder / name).exists():
            return folder / name
    pytest.skip(f"{name} is in neither {SHARED_MEDIA} nor {REPO_MEDIA}")


@pytest.fixture
def nemo_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "nemo-home"
    home.mkdir()
    monkeypatch.setenv("NEMO_HOME", str(home))
    monkeypatch.delenv("NEMO_TOKEN", raising=False)
    monkeypatch.delenv("NEMO_BACKEND", raising=False)
    return home


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[RunningEngine]:
    """The embedded engine on a free loopback port with a fresh home, stopped after the test.

    ``engine.url`` is its base URL, ``engine.token`` the bearer token it accepts, ``engine.settings.home`` its state.
    """
    from nemo_notebook.engine import start_in_background

    running = start_in_background(home=tmp_path / "engine-home")
    try:
        yield running
    finally:
        running.stop()
