"""The wire contract (API.md) as code: pure values and constants, no I/O. Both the client and the engine import it;
it imports nothing of the project.

``draft`` (the timeline and its short-key codec), ``vocabulary`` (roles, aspects, visualizers, qualities, render
states and the meta keys a draft uses, as enums and typed records), ``media`` (MediaInfo and accepted formats),
``errors`` (API codes, the envelope, the ProtocolError tree), ``events`` (ADK event shapes), ``paths`` (endpoints and
headers), ``summary`` (the one-line timeline).
"""

from __future__ import annotations

from . import events, paths
from .draft import Draft, DraftFormatError, Segment, Track, TrackType
from .errors import DEFAULT_RATE_LIMIT_WAIT_S, HTTP_STATUS, ErrorCode, ProtocolError, envelope
from .media import (
    ALL_EXTENSIONS,
    MAX_UPLOAD_BYTES,
    SUPPORTED_FORMATS,
    MediaInfo,
    MediaKind,
    kind_for_extension,
    supported_formats_text,
)
from .summary import summarize
from .vocabulary import (
    ASPECT_SIZES,
    DEFAULT_FPS,
    QUALITIES,
    Aspect,
    Background,
    DraftMeta,
    Motion,
    Position,
    Quality,
    RenderState,
    Role,
    SegmentMeta,
    TextStyle,
    TrackMeta,
    Visualizer,
)

__all__ = [
    "ALL_EXTENSIONS",
    "ASPECT_SIZES",
    "DEFAULT_FPS",
    "DEFAULT_RATE_LIMIT_WAIT_S",
    "HTTP_STATUS",
    "MAX_UPLOAD_BYTES",
    "QUALITIES",
    "SUPPORTED_FORMATS",
    "Aspect",
    "Background",
    "Draft",
    "DraftFormatError",
    "DraftMeta",
    "ErrorCode",
    "MediaInfo",
    "MediaKind",
    "Motion",
    "Position",
    "ProtocolError",
    "Quality",
    "RenderState",
    "Role",
    "Segment",
    "SegmentMeta",
    "TextStyle",
    "Track",
    "TrackMeta",
    "TrackType",
    "Visualizer",
    "envelope",
    "events",
    "kind_for_extension",
    "paths",
    "summarize",
    "supported_formats_text",
]
