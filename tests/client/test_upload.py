"""What an upload refuses before sending, and how it streams."""

from __future__ import annotations

import io
import tracemalloc
from pathlib import Path

import pytest

from nemo_notebook.client import MediaTooLarge, NemoError, UnsupportedMedia
from nemo_notebook.client._upload import CHUNK_BYTES, Multipart, check_size, not_media, sniff_extension, split_sources
from nemo_notebook.protocol import paths
from tests.conftest import shared_media

from .fakecloud import FakeCloud


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("notes.txt", b"hello", ".txt files are not accepted"),
        ("README", b"hello", "files without an extension"),
        ("song.mp3", b"just some words\n", "is text"),
        ("clip.mp4", b"%PDF-1.7 ...", "is a PDF document"),
        ("photo.jpg", b"PK\x03\x04zip", "ZIP archive"),
        ("empty.wav", b"", "is empty"),
    ],
)
def test_unsupported_files_are_refused_with_the_formats(
    tmp_path: Path, name: str, content: bytes, problem: str
) -> None:
    (tmp_path / name).write_bytes(content)
    with pytest.raises(UnsupportedMedia) as caught:
        split_sources(tmp_path / name)
    assert problem in caught.value.message and "audio: mp3, wav" in caught.value.hint
    assert caught.value.code == 4001


def test_missing_files_and_folders_say_what_to_pass(tmp_path: Path) -> None:
    with pytest.raises(NemoError, match="no such file") as missing:
        split_sources(tmp_path / "*.jpg")
    assert "globs" in missing.value.hint
    with pytest.raises(NemoError, match="is a folder"):
        split_sources(tmp_path)
    with pytest.raises(NemoError, match="nothing to upload"):
        split_sources([])


def test_real_media_passes_and_is_recognised_by_its_first_bytes() -> None:
    for name, ext in [("vibe-ace.mp3", "mp3"), ("vibe-ace.ogg", "ogg"), ("big-buck-bunny-30s.mp4", "mp4"),
                      ("big-buck-bunny-poster.jpg", "jpg")]:  # fmt: skip
        path = shared_media(name)
        assert not_media(path.read_bytes()[:512]) is None
        assert sniff_extension(path.read_bytes()[:512]) == ext


def test_a_nameless_file_object_is_named_from_its_content() -> None:
    files, urls = split_sources(io.BytesIO(shared_media("big-buck-bunny-poster.jpg").read_bytes()))
    assert urls == [] and files[0].name == "upload.jpg" and files[0].content_type == "image/jpeg"


def test_the_cloud_limit_is_checked_before_sending(tmp_path: Path, cloud: FakeCloud) -> None:
    big = tmp_path / "big.mp4"
    with big.open("wb") as f:
        f.write(b"\0\0\0\x18ftypmp42")
        f.truncate(2048)
    files, _ = split_sources(big)
    with pytest.raises(MediaTooLarge) as caught:
        check_size(files[0], limit_bytes=1024)
    assert "500 MB" in caught.value.hint and caught.value.code == 4002
    with cloud.client(tmp_path) as client:
        session = client.sessions.create()
        big.write_bytes(b"\0\0\0\x18ftypmp42")
        with big.open("r+b") as f:
            f.truncate(501 * 1024 * 1024)
        with pytest.raises(MediaTooLarge):
            session.upload(big)
    assert paths.upload("s1") not in cloud.paths_called()


def test_the_multipart_body_streams_in_small_chunks_with_a_known_length(tmp_path: Path) -> None:
    big = tmp_path / "big.mov"
    with big.open("wb") as f:
        f.write(b"\0\0\0\x14ftypqt  ")
        f.truncate(64 * 1024 * 1024)
    files, _ = split_sources(big)
    sent: list[int] = []
    body = Multipart(files[0], sent.append)
    tracemalloc.start()
    total = largest = 0
    for chunk in body:
        total += len(chunk)
        largest = max(largest, len(chunk))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert total == int(body.headers["Content-Length"]) and largest <= CHUNK_BYTES
    assert sum(sent) == big.stat().st_size and peak < 4 * CHUNK_BYTES
    assert body.headers["Content-Type"] == f"multipart/form-data; boundary={body.boundary}"
