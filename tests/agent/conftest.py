"""One engine for the whole folder over HTTP, and the media the agent tests upload (made once)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from .http import client, engine_at
from .media import click_track, clip_with_cuts, picture


@dataclass(frozen=True)
class Files:
    song: Path
    pictures: tuple[Path, ...]
    clip: Path


@pytest.fixture(scope="package")
def files(tmp_path_factory: pytest.TempPathFactory) -> Files:
    folder = tmp_path_factory.mktemp("agent-media")
    song = click_track(folder / "AB2N_0330.wav", tempo_bpm=120.0, duration_s=12.0)
    pictures = (picture(folder / "beach.jpg", "orange"), picture(folder / "city.png", "navy"))
    return Files(song=song, pictures=pictures, clip=clip_with_cuts(folder / "travel.mp4"))


@pytest.fixture(scope="package")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    with engine_at(tmp_path_factory.mktemp("agent-engine")) as engine, client(engine) as http:
        yield http
