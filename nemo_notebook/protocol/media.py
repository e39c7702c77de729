"""What the API says about media: the formats it accepts and the `MediaInfo` it answers with."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any


class MediaKind(str, enum.Enum):
    VIDEO = "video"
    AUDIO = "audio"
    IMAGE = "image"


SUPPORTED_FORMATS: Mapping[MediaKind, tuple[str, ...]] = {
    MediaKind.VIDEO: ("mp4", "mov", "avi", "webm", "mkv"),
    MediaKind.IMAGE: ("jpg", "jpeg", "png", "gif", "webp", "heic", "heif", "avif"),
    MediaKind.AUDIO: ("mp3", "wav", "m4a", "aac", "flac", "ogg", "opus"),
}

ALL_EXTENSIONS: frozenset[str] = frozenset(ext for exts in SUPPORTED_FORMATS.values() for ext in exts)

MAX_UPLOAD_BYTES = 500 * 1024 * 1024


def kind_for_extension(name: str) -> MediaKind | None:
    """The kind a file name claims by its extension (``"a.MP3"`` → audio), or None if it is not accepted.

    A name only claims: the server judges a file by what it contains.
    """
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    for kind, exts in SUPPORTED_FORMATS.items():
        if ext in exts:
            return kind
    return None


def supported_formats_text() -> str:
    """One line for messages: ``video: mp4, mov, …; image: …; audio: …``."""
    return "; ".join(f"{kind.value}: {', '.join(exts)}" for kind, exts in SUPPORTED_FORMATS.items())


@dataclass(frozen=True)
class MediaInfo:
    """One uploaded or generated file, as the API describes it. Fields that do not apply are None."""

    id: str
    name: str
    kind: MediaKind
    format: str
    size: int
    duration_ms: int | None = None
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    has_audio: bool | None = None
    sample_rate: int | None = None
    channels: int | None = None

    def to_wire(self) -> dict[str, Any]:
        out = asdict(self)
        out["kind"] = self.kind.value
        return out

    @classmethod
    def from_wire(cls, raw: Mapping[str, Any]) -> MediaInfo:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in raw.items() if k in known}
        values["kind"] = MediaKind(values["kind"])
        values.setdefault("format", "")
        values.setdefault("size", 0)
        return cls(**values)
