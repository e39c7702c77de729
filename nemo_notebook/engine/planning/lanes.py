"""The lanes a music video's plan adds beside its pictures: the visualizer over them, the music, and the title (or
the track's own credit line, smaller and at the top, for a cover or the track alone)."""

from __future__ import annotations

from typing import Any

from ...protocol import MediaInfo, Segment, Track, TrackType
from ...protocol.vocabulary import Role

TITLE_STYLE = {"size": 110, "color": "#ffffff", "position": "center"}
CREDIT_STYLE = {"size": 72, "color": "#ffffff", "position": "top"}  # 56 read as "tiny" to a reviewer
TITLE_FADE_MS = 400


def visualizer_track(track: MediaInfo, duration_ms: int, options: Any) -> Track:
    meta = {
        "effect": options.visualizer,
        "color": options.visualizer_color,
        "position": options.visualizer_position,
        "opacity": 0.9,
    }
    segment = Segment(start_ms=0, duration_ms=duration_ms, src=track.id, in_ms=0, meta=meta)
    return Track(TrackType.VIDEO, (segment,), {"role": Role.VISUALIZER, "name": "Visualizer"})


def music_track(track: MediaInfo, duration_ms: int, *, fade_out_ms: int = 0) -> Track:
    meta: dict[str, object] = {"name": track.name} | ({"fade_out_ms": fade_out_ms} if fade_out_ms else {})
    segment = Segment(start_ms=0, duration_ms=duration_ms, src=track.id, in_ms=0, meta=meta)
    return Track(TrackType.AUDIO, (segment,), {"role": Role.MUSIC, "name": track.name, "volume": 1.0})


def title_track(title: str, title_ms: int, credit_line: bool = False) -> Track:
    meta = {
        "text": title,
        "role": Role.TITLE,
        "style": dict(CREDIT_STYLE if credit_line else TITLE_STYLE),
        "fade_in_ms": TITLE_FADE_MS,
        "fade_out_ms": TITLE_FADE_MS,
    }
    return Track(TrackType.TEXT, (Segment(start_ms=0, duration_ms=title_ms, meta=meta),), {"name": "Titles"})
