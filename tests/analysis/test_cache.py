"""The per-file analysis cache: keyed by content, atomic, generic over frozen dataclasses."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from nemo_notebook.engine.analysis.cache import cache_path, cached, file_key, load_cached, store_cached
from nemo_notebook.engine.analysis.types import AudioAnalysis, VideoAnalysis


@dataclass(frozen=True)
class Span:
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class Nested:
    name: str
    spans: tuple[Span, ...]
    main: Span
    scores: tuple[tuple[float, ...], ...] = ()


AUDIO = AudioAnalysis(
    duration_ms=2000,
    tempo_bpm=128.0,
    beats_ms=(0, 469, 938),
    downbeats_ms=(0,),
    onsets_ms=(0, 234),
    energy=(0.5, 1.0),
    energy_hop_ms=100,
    sections_ms=(0,),
    beats_per_bar=4,
)


@pytest.fixture
def media(tmp_path: Path) -> Path:
    path = tmp_path / "song.mp3"
    path.write_bytes(bytes(range(256)) * 20_000)  # 5 MB: the key reads its first and last MiB
    return path


def test_round_trip_keeps_tuples_and_equality(media: Path, tmp_path: Path) -> None:
    store_cached(tmp_path / "cache", media, AUDIO, kind="audio", version=1)
    again = load_cached(tmp_path / "cache", media, AudioAnalysis, kind="audio", version=1)
    assert again == AUDIO
    assert isinstance(again.beats_ms, tuple)


def test_nested_dataclasses_and_other_kinds(media: Path, tmp_path: Path) -> None:
    value = Nested("x", (Span(0, 10), Span(10, 20)), Span(5, 6), ((1.0, 2.0), (3.0,)))
    store_cached(tmp_path, media, value, kind="nested", version=2)
    assert load_cached(tmp_path, media, Nested, kind="nested", version=2) == value
    video = VideoAnalysis(1000, 64, 48, 24.0, 0, (500,), (0.9,), (0.1,), (0.5,), (0.2,), 100, 30.0, 0.4, 0.6, 0.5, True)
    store_cached(tmp_path, media, video, kind="video", version=1)
    assert load_cached(tmp_path, media, VideoAnalysis, kind="video", version=1) == video


def test_a_copy_hits_and_an_edit_misses(media: Path, tmp_path: Path) -> None:
    store_cached(tmp_path / "cache", media, AUDIO, kind="audio", version=1)
    copy = shutil.copy(media, tmp_path / "renamed.mp3")
    assert load_cached(tmp_path / "cache", Path(copy), AudioAnalysis, kind="audio", version=1) == AUDIO
    data = bytearray(media.read_bytes())
    data[-10] ^= 0xFF  # a change in the last MiB
    media.write_bytes(bytes(data))
    assert load_cached(tmp_path / "cache", media, AudioAnalysis, kind="audio", version=1) is None


def test_key_depends_on_size_and_both_ends(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    a.write_bytes(b"\0" * 3_000_000)
    b.write_bytes(b"\0" * 3_000_001)
    c.write_bytes(b"\0" * 2_999_999 + b"\1")
    assert len({file_key(a), file_key(b), file_key(c)}) == 3


def test_version_and_kind_separate_entries(media: Path, tmp_path: Path) -> None:
    store_cached(tmp_path, media, AUDIO, kind="audio", version=1)
    assert load_cached(tmp_path, media, AudioAnalysis, kind="audio", version=2) is None
    assert load_cached(tmp_path, media, AudioAnalysis, kind="other", version=1) is None


def test_cached_computes_once(media: Path, tmp_path: Path) -> None:
    calls: list[int] = []

    def compute() -> AudioAnalysis:
        calls.append(1)
        return AUDIO

    first = cached(tmp_path / "c", media, AudioAnalysis, kind="audio", version=1, compute=compute)
    second = cached(tmp_path / "c", media, AudioAnalysis, kind="audio", version=1, compute=compute)
    assert first == second == AUDIO
    assert len(calls) == 1


def test_damaged_or_foreign_entries_are_misses(media: Path, tmp_path: Path) -> None:
    entry = cache_path(tmp_path, media, kind="audio", version=1)
    entry.write_text('{"duration_ms": 1')
    assert load_cached(tmp_path, media, AudioAnalysis, kind="audio", version=1) is None
    entry.write_text(json.dumps({"duration_ms": 1, "colour": "red"}))
    assert load_cached(tmp_path, media, AudioAnalysis, kind="audio", version=1) is None
    entry.write_text("[1, 2]")
    assert load_cached(tmp_path, media, AudioAnalysis, kind="audio", version=1) is None


def test_writes_leave_no_temporary_files(media: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    store_cached(folder, media, AUDIO, kind="audio", version=1)
    store_cached(folder, media, AUDIO, kind="audio", version=1)
    assert [p.name for p in folder.iterdir()] == [cache_path(folder, media, kind="audio", version=1).name]


def test_a_failed_write_leaves_nothing(media: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    with pytest.raises(TypeError):
        store_cached(folder, media, Nested("x", (), Span(0, 1), ((object(),),)), kind="bad", version=1)  # type: ignore[arg-type]
    assert list(folder.iterdir()) == []


def test_an_unwritable_cache_still_returns_the_value(media: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    value = cached(blocker / "cache", media, AudioAnalysis, kind="audio", version=1, compute=lambda: AUDIO)
    assert value == AUDIO


def test_a_measure_is_kept_for_the_files_content_in_this_process(tmp_path: Path) -> None:
    """``by_content``: a copy of the file under another name hits, the file edited in place (another content) is
    measured again, a file that cannot be read is measured each time and kept for none, and only the latest
    ``maxsize`` contents are kept."""
    from nemo_notebook.engine.analysis.cache import by_content

    calls: list[tuple[str, int]] = []

    @by_content(maxsize=2)
    def length(path: Path, times: int = 1) -> int:
        calls.append((path.name, times))
        return len(path.read_bytes()) * times if path.exists() else -1

    first = tmp_path / "a.bin"
    first.write_bytes(b"abc")
    copy = tmp_path / "copy.bin"
    shutil.copyfile(first, copy)
    assert (length(first), length(copy), length(first, 2)) == (3, 3, 6)
    assert calls == [("a.bin", 1), ("a.bin", 2)]  # the copy is the same content
    first.write_bytes(b"abcd")  # edited in place
    assert length(first) == 4 and calls[-1] == ("a.bin", 1)
    missing = tmp_path / "missing.bin"
    assert (length(missing), length(missing)) == (-1, -1) and calls[-2:] == [("missing.bin", 1)] * 2
    length(copy)  # "abc" was pushed out by ("abc", 2) and "abcd": measured again
    assert calls[-1] == ("copy.bin", 1)


def test_a_settled_files_key_is_hashed_once_and_an_edit_is_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``known_key``: a file's key is kept for the file as it stands once it has settled (``_SETTLED_NS``, here 0),
    so its 2 MiB are hashed once however many frames are measured; an edit (another time of change) is hashed
    again."""
    import os

    from nemo_notebook.engine.analysis import cache

    hashed: list[str] = []
    monkeypatch.setattr(cache, "file_key", lambda path: hashed.append(path.name) or file_key(path))
    monkeypatch.setattr(cache, "_SETTLED_NS", 0)
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"\1" * 3_000_000)
    first = cache.known_key(clip)
    assert [cache.known_key(clip) for _ in range(5)] == [first] * 5 and hashed == ["clip.mp4"]
    before = clip.stat().st_mtime_ns
    clip.write_bytes(b"\2" * 3_000_000)  # the same size, edited in place, a second later by its clock
    os.utime(clip, ns=(before + 1_000_000_000, before + 1_000_000_000))
    assert cache.known_key(clip) == file_key(clip) != first and hashed == ["clip.mp4"] * 2


def test_a_file_changed_just_before_it_is_hashed_is_hashed_again(tmp_path: Path) -> None:
    """An edit within one tick of the file system's clock leaves its times as they were: a key is not kept for a
    file changed less than ``_SETTLED_NS`` before it was hashed, so the edit is seen."""
    import os

    from nemo_notebook.engine.analysis.cache import known_key

    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"\1" * 3_000_000)
    first, times = known_key(clip), clip.stat()
    clip.write_bytes(b"\2" * 3_000_000)
    os.utime(clip, ns=(times.st_atime_ns, times.st_mtime_ns))  # as if within the same tick
    assert known_key(clip) == file_key(clip) != first
