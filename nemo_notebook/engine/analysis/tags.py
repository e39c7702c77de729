"""A track's title and artist, from the file's own tags, else from its name; its genre tag where it has one.

Both the cover-art video and the track-alone video set the title and artist in type; they read them here. Tags are
read from the container and then from each stream (Ogg and FLAC keep them per stream, MP3 and MP4 in the container),
case-insensitively. A name like ``Artist - Title.mp3`` gives both; ``vibe-ace.mp3`` gives the title "Vibe Ace",
``01_midnight_drive_final.wav`` "Midnight Drive" (``title_from_name``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ...protocol.vocabulary import CREDIT_SEPARATOR

MAX_TAG_CHARS = 80
# words a file's name ends with that are not part of the song's title ("Midnight Drive final v2")
TAIL_WORDS = frozenset({"final", "master", "mastered", "mix", "mixdown", "bounce", "export", "demo", "edit"})
# names any file could have: no title at all rather than "Audio" or "Track 1"
GENERIC_WORDS = frozenset(
    {"audio", "track", "song", "untitled", "new", "recording", "voice", "memo", "sound", "music", "rec", "img", "take"}
)


@dataclass(frozen=True)
class TrackTags:
    title: str | None = None
    artist: str | None = None
    album: str | None = None
    genre: str | None = None  # the file's own genre tag ("Heavy Metal", "Romantic Classical")
    from_name: bool = False  # True when the title was guessed from the file's name, not read from a tag

    @property
    def line(self) -> str:
        """'Title — Artist', or whichever of them is known, or ''."""
        return CREDIT_SEPARATOR.join(part for part in (self.title, self.artist) if part)


def read_track_tags(path: str | Path, display_name: str | None = None) -> TrackTags:
    """The tags of ``path``; ``display_name`` (the name the user uploaded) stands in for a title when none is tagged."""
    found = _container_tags(Path(path))
    title = _clean(found.get("title"))
    artist = _clean(found.get("artist") or found.get("album_artist"))
    album, genre = _clean(found.get("album")), _clean(found.get("genre"))
    if title:
        return TrackTags(title=title, artist=artist, album=album, genre=genre)
    named_artist, named_title = _from_name(display_name or Path(path).name)
    return TrackTags(
        title=named_title, artist=artist or named_artist, album=album, genre=genre, from_name=named_title is not None
    )


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
    """(artist, title) read from a file's name: "Artist - Title", else the name cleaned as a title (see
    ``title_from_name``)."""
    stem = re.sub(r"^\d{1,3}[\s._-]+", "", Path(name).stem)  # a leading track number ("01 - ", "03_")
    if " - " in stem:
        artist, _, title = stem.partition(" - ")
        return _clean(artist), title_from_name(title)
    return None, title_from_name(stem)


def title_from_name(stem: str) -> str | None:
    """A file name's stem as a title: separators to spaces, a leading track number and a trailing production word
    ("final", "master", "v2", "mix") dropped, title-cased where it was all lower case; None where nothing is left
    but codes, numbers or words any file could have ("AB2N_0330", "audio", "track 1", "new recording").

    Examples
    --------
    >>> title_from_name("01 - midnight_drive-final")
    'Midnight Drive'
    >>> title_from_name("song-pathological-intro-50s")
    'Song Pathological Intro 50s'
    >>> title_from_name("track_01") is None, title_from_name("AB2N_0330") is None
    (True, True)
    """
    words = re.sub(r"[_\-.]+", " ", re.sub(r"^\d{1,3}[\s._-]+", "", stem)).split()
    while len(words) > 1 and (words[-1].lower() in TAIL_WORDS or re.fullmatch(r"v\d+|\(\d+\)|\d{6,8}", words[-1])):
        words.pop()
    if all(w.lower() in GENERIC_WORDS or any(ch.isdigit() for ch in w) for w in words):  # "AB2N_0330", "Audio 2"
        return None
    text = " ".join(words)
    if not any(ch.isupper() for ch in text):
        text = " ".join(w[:1].upper() + w[1:] for w in words)  # str.title() made "50s" "50S"
    return _clean(text)
