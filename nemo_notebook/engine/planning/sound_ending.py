"""How the sound ends: the longest fade out of what is heard at the end of a draft, which the picture follows
(``render.picture_ending``, ``render.end_card``, ``agent.end_card``)."""

from __future__ import annotations

from ...protocol import Draft, TrackType

END_SLACK_MS = 50  # a segment ending this close to the end of the video ends with it


def music_fade_out_ms(draft: Draft) -> int:
    """The longest fade out (ms) of the sound heard at the end of ``draft``; 0 where none fades there."""
    fades = [
        round(number(sg.meta.get("fade_out_ms")) or 0)
        for track in draft.tracks_of(TrackType.AUDIO)
        if _heard(track.meta.get("volume"))
        for sg in track.segments
        if sg.end_ms >= draft.duration_ms - END_SLACK_MS and _heard(sg.meta.get("volume"))
    ]
    return max(fades, default=0)


def _heard(volume: object) -> bool:
    level = number(volume)
    return level is None or level > 0


def number(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
