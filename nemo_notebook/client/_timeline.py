"""A session's timeline as a pandas DataFrame, one row a segment. pandas loads here, on first use only."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..protocol import Segment, Track, TrackType
from ..protocol.vocabulary import is_reframe
from ._models import State

if TYPE_CHECKING:
    import pandas

COLUMNS = (
    "track", "track_type", "role", "track_name", "segment", "name", "start_s", "end_s", "duration_s",
    "src", "media", "in_s", "volume", "text", "effect", "framing", "fade_in_s", "fade_out_s",
)  # fmt: skip
"""``track`` and ``segment`` count from 1 (as the one-line summary does); times are seconds; ``framing`` is how a
picture shot frames its picture where it is not the whole: "close ×1.5", "detail ×1.9", or "wide" for a cut back to
the whole picture within the same showing."""


def timeline_frame(state: State) -> pandas.DataFrame:
    """One row per segment, in track order then time order; an empty timeline gives an empty frame with the columns.

    >>> timeline_frame(session.state())[["track_type", "name", "start_s", "end_s"]]   # doctest: +SKIP
    """
    import pandas

    names = {m.id: m.name for m in (*state.media, *state.generated)}
    rows = [
        _row(index, track, number, segment, names)
        for index, track in enumerate(state.draft.tracks, 1)
        for number, segment in enumerate(sorted(track.segments, key=lambda s: s.start_ms), 1)
    ]
    return pandas.DataFrame(rows, columns=list(COLUMNS))


def _row(index: int, track: Track, number: int, segment: Segment, names: dict[str, str]) -> dict[str, Any]:
    meta = {**track.meta, **segment.meta}
    return {
        "track": index,
        "track_type": TrackType(track.type).name.lower(),
        "role": meta.get("role"),
        "track_name": track.name,
        "segment": number,
        "name": segment.meta.get("name") or names.get(segment.src or "") or track.meta.get("name"),
        "start_s": segment.start_ms / 1000,
        "end_s": segment.end_ms / 1000,
        "duration_s": segment.duration_ms / 1000,
        "src": segment.src,
        "media": names.get(segment.src or ""),
        "in_s": None if segment.in_ms is None else segment.in_ms / 1000,
        "volume": meta.get("volume"),
        "text": segment.meta.get("text"),
        "effect": meta.get("effect"),
        "framing": _framing(segment.meta),
        "fade_in_s": _seconds(meta.get("fade_in_ms")),
        "fade_out_s": _seconds(meta.get("fade_out_ms")),
    }


def _seconds(ms: Any) -> float | None:
    return ms / 1000 if isinstance(ms, (int, float)) and not isinstance(ms, bool) else None


def _framing(meta: Mapping[str, Any]) -> str | None:
    """``m.framing`` and ``m.zoom`` in words; "wide" for a reframe (``m.reframe``) that shows the whole picture."""
    framing, zoom = meta.get("framing"), meta.get("zoom")
    if isinstance(framing, str) and isinstance(zoom, (int, float)) and not isinstance(zoom, bool):
        return f"{framing} ×{zoom:g}"
    return "wide" if is_reframe(meta) else None
