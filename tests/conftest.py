"""Fixtures every test folder shares: where the media is, and a fresh NEMO_HOME."""

from __future__ import annotations

from pathlib import Path

import pytest

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
