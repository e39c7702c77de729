"""The draft (timeline) as typed values, and its short-key wire codec.

The wire form is API.md's JSON object with short keys::

    {"d": 10000, "m": {"aspect": "16:9", "fps": 30},
     "t": [{"tt": 0, "m": {}, "sg": [{"s": 0, "d": 10000, "src": "med_1", "in": 0, "m": {}}]}]}

`Draft.from_wire(x).to_wire() == x` holds for every wire draft in canonical form (integer milliseconds, `m` present,
as `to_wire` writes it), including keys this version does not know:
they are kept in ``extra`` so that a draft written by a newer server survives a round trip through an older client.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .errors import ProtocolError

JSON = Any


class TrackType(enum.IntEnum):
    """`tt`: what a track holds."""

    VIDEO = 0
    AUDIO = 1
    TEXT = 7


class DraftFormatError(ProtocolError):
    """A wire draft that does not have the shape API.md gives it. ``field`` names where, in dotted form."""

    def __init__(self, field_path: str, message: str) -> None:
        super().__init__(f"draft.{field_path}: {message}")
        self.field = field_path


def _int_ms(value: JSON, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise DraftFormatError(where, "must be a number of milliseconds")
    if value != value or value in (float("inf"), float("-inf")):
        raise DraftFormatError(where, "must be a finite number")
    if value < 0:
        raise DraftFormatError(where, "must not be negative")
    if isinstance(value, float) and not value.is_integer():
        return round(value)
    return int(value)


def _meta(value: JSON, where: str) -> dict[str, JSON]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise DraftFormatError(where, "must be an object")
    return dict(value)


def _extra(raw: Mapping[str, JSON], known: frozenset[str]) -> dict[str, JSON]:
    return {k: v for k, v in raw.items() if k not in known}


_SEGMENT_KEYS = frozenset({"s", "d", "src", "in", "m"})
_TRACK_KEYS = frozenset({"tt", "sg", "m"})
_DRAFT_KEYS = frozenset({"t", "d", "m"})


@dataclass(frozen=True)
class Segment:
    """One block on a track: it starts at ``start_ms`` on the timeline and lasts ``duration_ms``.

    ``src`` is a media id where the segment shows or plays media, ``in_ms`` the in-point within that media.
    ``meta`` holds what it looks or sounds like (``name``, ``volume``, ``text``, ``style``, ``fade_in_ms``, ...).
    """

    start_ms: int
    duration_ms: int
    src: str | None = None
    in_ms: int | None = None
    meta: Mapping[str, JSON] = field(default_factory=dict)
    extra: Mapping[str, JSON] = field(default_factory=dict)

    @property
    def end_ms(self) -> int:
        return self.start_ms + self.duration_ms

    @classmethod
    def from_wire(cls, raw: JSON, where: str = "segment") -> Segment:
        if not isinstance(raw, Mapping):
            raise DraftFormatError(where, "must be an object")
        src = raw.get("src")
        if src is not None and not isinstance(src, str):
            raise DraftFormatError(f"{where}.src", "must be a media id (a string)")
        return cls(
            start_ms=_int_ms(raw.get("s", 0), f"{where}.s"),
            duration_ms=_int_ms(raw.get("d", 0), f"{where}.d"),
            src=src,
            in_ms=None if raw.get("in") is None else _int_ms(raw["in"], f"{where}.in"),
            meta=_meta(raw.get("m"), f"{where}.m"),
            extra=_extra(raw, _SEGMENT_KEYS),
        )

    def to_wire(self) -> dict[str, JSON]:
        out: dict[str, JSON] = {"s": self.start_ms, "d": self.duration_ms}
        if self.src is not None:
            out["src"] = self.src
        if self.in_ms is not None:
            out["in"] = self.in_ms
        out["m"] = dict(self.meta)
        out.update(self.extra)
        return out

    def with_meta(self, **changes: JSON) -> Segment:
        return replace(self, meta={**self.meta, **changes})


@dataclass(frozen=True)
class Track:
    """A lane of the timeline: video (pictures and clips), audio (music, voice) or text (titles)."""

    type: TrackType
    segments: tuple[Segment, ...] = ()
    meta: Mapping[str, JSON] = field(default_factory=dict)
    extra: Mapping[str, JSON] = field(default_factory=dict)

    @property
    def end_ms(self) -> int:
        return max((sg.end_ms for sg in self.segments), default=0)

    @property
    def name(self) -> str:
        return str(self.meta.get("name", "")) or _DEFAULT_NAMES[self.type]

    @classmethod
    def from_wire(cls, raw: JSON, where: str = "track") -> Track:
        if not isinstance(raw, Mapping):
            raise DraftFormatError(where, "must be an object")
        tt = raw.get("tt")
        if isinstance(tt, bool) or tt not in {t.value for t in TrackType}:
            raise DraftFormatError(f"{where}.tt", "must be 0 (video), 1 (audio) or 7 (text)")
        segments = raw.get("sg", [])
        if not isinstance(segments, list):
            raise DraftFormatError(f"{where}.sg", "must be a list of segments")
        return cls(
            type=TrackType(tt),
            segments=tuple(Segment.from_wire(sg, f"{where}.sg[{i}]") for i, sg in enumerate(segments)),
            meta=_meta(raw.get("m"), f"{where}.m"),
            extra=_extra(raw, _TRACK_KEYS),
        )

    def to_wire(self) -> dict[str, JSON]:
        out: dict[str, JSON] = {"tt": int(self.type), "sg": [sg.to_wire() for sg in self.segments]}
        out["m"] = dict(self.meta)
        out.update(self.extra)
        return out

    def with_segments(self, segments: tuple[Segment, ...] | list[Segment]) -> Track:
        return replace(self, segments=tuple(segments))

    def with_meta(self, **changes: JSON) -> Track:
        return replace(self, meta={**self.meta, **changes})


_DEFAULT_NAMES = {TrackType.VIDEO: "Video", TrackType.AUDIO: "Audio", TrackType.TEXT: "Text"}


@dataclass(frozen=True)
class Draft:
    """The whole timeline. ``meta`` holds ``aspect`` ("16:9", "9:16", "1:1"), ``fps``, ``bpm`` and ``beats_ms``."""

    tracks: tuple[Track, ...] = ()
    duration_ms: int = 0
    meta: Mapping[str, JSON] = field(default_factory=dict)
    extra: Mapping[str, JSON] = field(default_factory=dict)

    @classmethod
    def empty(cls) -> Draft:
        return cls(meta={"aspect": "16:9", "fps": 30})

    @classmethod
    def from_wire(cls, raw: JSON) -> Draft:
        if raw is None:
            return cls.empty()
        if not isinstance(raw, Mapping):
            raise DraftFormatError("", "must be an object")
        tracks = raw.get("t", [])
        if not isinstance(tracks, list):
            raise DraftFormatError("t", "must be a list of tracks")
        return cls(
            tracks=tuple(Track.from_wire(t, f"t[{i}]") for i, t in enumerate(tracks)),
            duration_ms=_int_ms(raw.get("d", 0), "d"),
            meta=_meta(raw.get("m"), "m"),
            extra=_extra(raw, _DRAFT_KEYS),
        )

    def to_wire(self) -> dict[str, JSON]:
        out: dict[str, JSON] = {"t": [t.to_wire() for t in self.tracks], "d": self.duration_ms, "m": dict(self.meta)}
        out.update(self.extra)
        return out

    @property
    def aspect(self) -> str:
        return str(self.meta.get("aspect", "16:9"))

    @property
    def fps(self) -> int:
        fps = self.meta.get("fps", 30)
        return int(fps) if isinstance(fps, (int, float)) and fps > 0 else 30

    def tracks_of(self, kind: TrackType) -> tuple[Track, ...]:
        return tuple(t for t in self.tracks if t.type == kind)

    def with_tracks(self, tracks: tuple[Track, ...] | list[Track]) -> Draft:
        return replace(self, tracks=tuple(tracks))

    def with_meta(self, **changes: JSON) -> Draft:
        return replace(self, meta={**self.meta, **changes})

    def media_ids(self) -> set[str]:
        return {sg.src for t in self.tracks for sg in t.segments if sg.src}

    @property
    def is_empty(self) -> bool:
        return not any(t.segments for t in self.tracks)
