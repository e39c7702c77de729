from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nemo_notebook.client import NotFound
from tests.conftest import shared_media

from .both import open_client


def test_a_session_file_downloads_byte_for_byte(engine: Any, tmp_path: Path, flavour: str) -> None:
    poster = shared_media("big-buck-bunny-poster.jpg")
    with open_client(flavour, base_url=engine.url, token=engine.token, home=tmp_path / "client") as client:
        session = client.sessions.create()
        media = session.upload(poster)
        got = session.download_media(media.id, tmp_path / "copy.jpg")
    assert got.read_bytes() == poster.read_bytes()
    assert not (tmp_path / "copy.jpg.part").exists()


def test_an_unknown_file_is_not_found_and_leaves_nothing(engine: Any, tmp_path: Path, flavour: str) -> None:
    with open_client(flavour, base_url=engine.url, token=engine.token, home=tmp_path / "client") as client:
        session = client.sessions.create()
        with pytest.raises(NotFound):
            session.download_media("med_nope", tmp_path / "x.bin")
    assert not (tmp_path / "x.bin").exists()
