"""What a music video takes from its track's file (``analysis.tags``): the credit that names the song, the genre a
track alone's palette follows, and how to add an artist the file does not name."""

from __future__ import annotations

from typing import Any

from ...protocol import Draft, MediaInfo, TrackType
from ...protocol.vocabulary import credit_parts
from .context import AgentContext
from .replies import t

CREDIT_MS = 8000  # 5 s: "gone after about 4 s", said a reviewer


def credit_of_track(ctx: AgentContext, track: MediaInfo, draft: Draft) -> dict[str, Any]:
    """The video names the song: "Title — Artist" from the file's tags, else the title from its name, cleaned
    ("01_midnight_drive_final.wav": "Midnight Drive"; ``analysis.tags``), unless the timeline already has a text of
    the user's (their own words, "call it X", always win). A name with nothing of a title in it ("audio.wav",
    "track 1") names nothing. (A cover without a title read as unfinished to a reviewer; the bare name
    "Song Pathological Intro 50S" read as a bug, its "50S" from ``str.title``.)"""
    if any(t.type == TrackType.TEXT for t in draft.tracks):
        return {}
    from ..analysis.tags import read_track_tags

    line = read_track_tags(ctx.media_path(track.id), track.name).line
    return {"title": line, "title_ms": CREDIT_MS, "credit_line": True} if line else {}


def no_artist_hint(ctx: AgentContext, track: MediaInfo, said: dict[str, Any]) -> str:
    """Where the video names the song from its file (``credit_of_track``) and the file names no artist: how to add one, in
    the words that do it ("the artist is …", ``credit``); "" otherwise. (A blind reviewer found no artist on two
    videos of tracks without an artist tag, and nothing said why or what to do.)"""
    if not said.get("credit_line") or credit_parts(str(said.get("title", "")))[1]:
        return ""
    from ..analysis.tags import read_track_tags

    tags = read_track_tags(ctx.media_path(track.id), track.name)
    source = t(ctx.language, "title_from_name" if tags.from_name else "title_from_tags")
    return t(ctx.language, "no_artist", title=tags.title or said["title"], source=source)


def genre_of_track(ctx: AgentContext, track: MediaInfo) -> dict[str, Any]:
    """The track's genre tag, which a track alone's palette follows where it names a kind of music."""
    from ..analysis.tags import read_track_tags

    genre = read_track_tags(ctx.media_path(track.id), track.name).genre
    return {"genre": genre} if genre else {}
