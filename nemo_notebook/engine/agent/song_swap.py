"""Other music in place of the song ("swap in some calm piano music instead of my song", issue 28): the credit that
names the song (a cover's credit line or an opening title, and the end card's title and artist) leaves the video with
it, the user's own line on the end card stays, and the song asked back ("use vibe-ace.ogg") comes back at the length
and cut rate the video had when it left, its credit and its card's title planned again.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ...protocol import Draft, TrackType
from .operations import BuildMusicVideo
from .tracks import music_source

_CREDIT_LAYOUTS = ("cover", "opening")
_MINE = re.compile(
    r"\b(my|the original|the old|original|my own|my old)\s+(own\s+)?(song|track|music|tune|audio|recording)\b"
    r"|(换回|用回|恢复|回到).{0,4}(我的|原来的|原本的)?(歌|音乐|曲子)"
)
_BACK = re.compile(r"\b(back|again|restore|return|revert|original|own)\b|换回|用回|恢复|回到")
_OTHER = re.compile(r"\b(new|different|another|compose|instead|other)\b|新的|别的|换成")


def song_asked_back(text: str, draft: Draft) -> str | None:
    """The song other music replaced (``m.replaced_song``), where ``text`` asks for it back in words that do not
    name its file ("bring back my song", "put my song back", "use the original track again", "换回我的歌"); None
    otherwise."""
    song = draft.meta.get("replaced_song")
    src = song.get("src") if isinstance(song, dict) else None
    if not isinstance(src, str) or music_source(draft) == src:
        return None
    asked = _MINE.search(text) and _BACK.search(text) and not _OTHER.search(text)
    return src if asked else None


def without_song(old: Draft, new: Draft) -> Draft:
    """``new``, ``old`` with other music, without the texts that name ``old``'s song and without its end card's title
    and artist (the user's own line stays on the card: their words, not the song's); the song, the video's length
    and its cut rate remembered (``m.replaced_song``) for ``back_to_song``."""
    tracks = []
    for track in new.tracks:
        if track.type != TrackType.TEXT:
            tracks.append(track)
            continue
        kept = [sg for sg in track.segments if sg.meta.get("layout") not in _CREDIT_LAYOUTS]
        if kept:
            tracks.append(track.with_segments(kept))
    line = card_line(new)
    meta = {k: v for k, v in new.meta.items() if k != "end_card"} | ({"end_card": {"line": line}} if line else {})
    song = music_source(old)
    rate = {"beats_per_cut": old.meta.get("beats_per_cut"), "swap_beats_per_cut": new.meta.get("beats_per_cut")}
    remembered = {"src": song, "length_ms": old.duration_ms} | {k: v for k, v in rate.items() if isinstance(v, int)}
    return replace(new.with_tracks(tracks), meta=meta | ({"replaced_song": remembered} if song else {}))


def card_line(draft: Draft) -> str | None:
    """The user's own line on the draft's end card ("Out now everywhere"), or None."""
    card = draft.meta.get("end_card")
    line = card.get("line") if isinstance(card, dict) else None
    return str(line) if line else None


def back_to_song(build: BuildMusicVideo, draft: Draft) -> BuildMusicVideo:
    """``build`` at the length and cut rate the video had when its song was replaced, where it brings that song back
    and names no length of its own; a cut rate the other music's tempo set (``timing.recut``: every 2 beats at 62 BPM)
    goes with it, one the user chose since is kept."""
    song = draft.meta.get("replaced_song")
    if not isinstance(song, dict) or song.get("src") != build.track or build.length_ms is not None:
        return build
    length = song.get("length_ms")
    build = replace(build, length_ms=length) if isinstance(length, int) and length > 0 else build
    unchanged = build.beats_per_cut == draft.meta.get("beats_per_cut") == song.get("swap_beats_per_cut")
    return replace(build, beats_per_cut=song.get("beats_per_cut")) if unchanged else build


def song_credit(draft: Draft) -> str | None:
    """The line that names the video's song in its cover's credit or its opening title, or None."""
    lines = [sg.meta.get("text") for t in draft.tracks_of(TrackType.TEXT) for sg in t.segments
             if sg.meta.get("layout") in _CREDIT_LAYOUTS and sg.meta.get("text")]  # fmt: skip
    return str(lines[0]) if lines else None
