"""A track's title and artist: tags first (container or stream), else the file's name."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nemo_notebook.engine.analysis.tags import TrackTags, read_track_tags

SHARED = Path(__file__).resolve().parents[3] / "shared" / "media"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "media"


def test_ogg_stream_tags_give_title_and_artist() -> None:
    ogg = SHARED / "vibe-ace.ogg"
    if not ogg.exists():
        pytest.skip("../shared/media/vibe-ace.ogg is not here")
    tags = read_track_tags(ogg)
    assert tags == TrackTags(title="Vibe Ace", artist="Kevin MacLeod", album="Jazz Sampler", genre="Jazz")
    assert tags.line == "Vibe Ace — Kevin MacLeod"


def test_untagged_file_takes_its_title_from_the_name(tmp_path: Path) -> None:
    copy = tmp_path / "vibe-ace.mp3"
    shutil.copy(EXAMPLES / "vibe-ace.mp3", copy)
    tags = read_track_tags(copy)
    assert (tags.title, tags.artist, tags.from_name) == ("Vibe Ace", None, True)


def test_artist_dash_title_name_and_track_number(tmp_path: Path) -> None:
    copy = tmp_path / "upload.mp3"
    shutil.copy(EXAMPLES / "vibe-ace.mp3", copy)
    tags = read_track_tags(copy, display_name="03 - Kevin MacLeod - Vibe Ace.mp3")
    assert (tags.artist, tags.title) == ("Kevin MacLeod", "Vibe Ace")


def test_unreadable_file_gives_no_tags_but_no_error(tmp_path: Path) -> None:
    junk = tmp_path / "000123.mp3"
    junk.write_bytes(b"not audio at all")
    assert read_track_tags(junk) == TrackTags()
