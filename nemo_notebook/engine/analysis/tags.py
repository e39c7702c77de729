"""A track's title and artist, from the file's own tags, else from its name.

Both the cover-art video and the track-alone video set the title and artist in type; they read them here. Tags are
read from the container and then from each stream (Ogg and FLAC keep them per stream, MP3 and MP4 in the container),
case-insensitively. A name like ``Artist - Title.mp3`` gives both; ``vibe-ace.mp3`` gives the title "Vibe Ace".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

MAX_TAG_CHARS = 80


@dataclass(frozen=True)
class TrackTags:
    title: str | None = None
    artist: str | None = None
    album: str | None = None
    from_name: bool = False  # True when the title was guessed from the file's name, not read from a tag

    @property
    def line(self) -> str:
        """'Title — Artist', or whichever of them is known, or ''."""
        return " — ".join(part for part in (self.title, self.artist) if part)


def read_track_tags(path: str | Path, display_name: str | None = None) -> TrackTags:
    """The tags of ``path``; ``display_name`` (the name the user uploaded) stands in for a title when none is tagged."""
    found = _container_tags(Path(path))
    title = _clean(found.get("title"))
    artist = _clean(found.get("artist") or found.get("album_artist"))
    album = _clean(found.get("album"))
    if title:
        return TrackTags(title=title, artist=artist, album=album)
    named_artist, named_title = _from_name(display_name or Path(path).name)
    return TrackTags(title=named_title, artist=artist or named_artist, album=album, from_name=named_title is not None)


def _container_tags(path: Path) -> dict[str, str]:
    import av

    tags: dict[str, str] = {}
    try:
        with av.open(str(path), timeout=5.0) as container:
            blocks = [dict(container.metadata)] + [dict(stream.metadata) for stream in container.streams]
    except (av.FFmpegError, OSError, ValueError):
        return tags
    for block in blocks:
        for key, value in block.items():
            tags.setdefault(str(key).lower(), str(value))
    return tags


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    text = " ".join(value.split())
    if not text or not any(ch.isalnum() for ch in text):
        return None
    return text[:MAX_TAG_CHARS].strip()


def _from_name(name: str) -> tuple[str | None, str | None]:
    stem = Path(name).stem
    stem = re.sub(r"^\d{1,3}[\s._-]+", "", stem)  # a leading track number
    if " - " in stem:
        artist, _, title = stem.partition(" - ")
        return _clean(artist), _clean(title)
    words = re.sub(r"[_\-.]+", " ", stem).strip()
    if not words or words.isdigit():
        return None, None
    title = words if any(ch.isupper() for ch in words) else words.title()
    return None, _clean(title)
