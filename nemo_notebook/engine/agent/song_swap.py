"""Other music in place of the song ("swap in some calm piano music instead of my song", issue 28): the credit that
names the song (a cover's credit line or an opening title, and the end card) leaves the video with it, and the song
asked back ("use vibe-ace.ogg") comes back at the length the video had when it left, its credit planned again.
"""

from __future__ import annotations

from dataclasses import replace

from ...protocol import Draft, TrackType
from .operations import BuildMusicVideo
from .tracks import music_source

_CREDIT_LAYOUTS = ("cover", "opening")


def without_song(old: Draft, new: Draft) -> Draft:
    """``new``, ``old`` with other music, without the texts that name ``old``'s song and without its end card; the
    song and the video's length remembered (``m.replaced_song``) for ``back_to_song``."""
    tracks = []
    for track in new.tracks:
        if track.type != TrackType.TEXT:
            tracks.append(track)
            continue
        kept = [sg for sg in track.segments if sg.meta.get("layout") not in _CREDIT_LAYOUTS]
        if kept:
            tracks.append(track.with_segments(kept))
    meta = {k: v for k, v in new.meta.items() if k != "end_card"}
    song = music_source(old)
    remembered = {"replaced_song": {"src": song, "length_ms": old.duration_ms}} if song else {}
    return replace(new.with_tracks(tracks), meta=meta | remembered)


def back_to_song(build: BuildMusicVideo, draft: Draft) -> BuildMusicVideo:
    """``build`` at the length the video had when its song was replaced, where it brings that song back and names
    no length of its own."""
    song = draft.meta.get("replaced_song")
    if not isinstance(song, dict) or song.get("src") != build.track or build.length_ms is not None:
        return build
    length = song.get("length_ms")
    return replace(build, length_ms=length) if isinstance(length, int) and length > 0 else build


def song_credit(draft: Draft) -> str | None:
    """The line that names the video's song in its cover's credit or its opening title, or None."""
    lines = [sg.meta.get("text") for t in draft.tracks_of(TrackType.TEXT) for sg in t.segments
             if sg.meta.get("layout") in _CREDIT_LAYOUTS and sg.meta.get("text")]  # fmt: skip
    return str(lines[0]) if lines else None
