"""A music video made shorter: the song (the user's own recording, or music the engine composed, cut on the composer's
own grid) is cut musically to the new length (its start, its chorus, an ending; ``planning.song_edit``) and the
pictures planned again on the cut music, so the sound never stops mid-phrase; the reply names the parts of the song it
plays ("0:00-0:15 and the chorus 0:47-1:02"). Any other draft (a score under a video) is cut at the new end
(``timing.set_length``)."""

from __future__ import annotations

import re

from ...protocol import Draft, MediaKind
from ...protocol.vocabulary import Role
from .context import AgentContext
from .making import Work, build_music_video, composer_grid, media_of, plan_options
from .message import Message
from .operations import WHOLE_SONG, BuildMusicVideo, Edit, Parsed, SetLength
from .replies import clock
from .restyle import carry_look
from .timing import set_length
from .tracks import indices, music_source, visuals_index
from .whole_song import plays_whole_song

_SONG = r"(the\s+|my\s+)?(whole|full|entire|complete)\s+(song|track|tune|piece|recording)\b"
_WHOLE = re.compile(  # asked for as a length, not "make the whole song louder" nor "a title over the whole song"
    rf"\b(play|use|back to|want|give me|bring back|restore|keep|make it)\s+(all of\s+)?{_SONG}|^\W*{_SONG}\W*"
    r"(again|please)?\W*$|\bfull[- ]length\b|\bas long as the (song|track)\b|(用|要|恢复|回到|播放)整首"
)


def detect_whole_song(clause: str, msg: Message) -> list[Parsed] | None:
    """The video as long as its song again: "the whole song", "full length"."""
    del msg
    return [SetLength(WHOLE_SONG)] if _WHOLE.search(clause) else None


def longer_asked(edit: Edit, draft: Draft) -> bool:
    """Whether ``edit`` asks for more of the song than ``draft`` plays ("the whole song" after a shorter version, or
    a length over the draft's): only ``shorten``, with the song at hand, can say whether that fits."""
    return isinstance(edit, SetLength) and (edit.ms == WHOLE_SONG or edit.ms > draft.duration_ms)


def shorten(edit: SetLength, draft: Draft, ctx: AgentContext) -> Work:
    """``draft`` ``edit.ms`` long (``WHOLE_SONG``: as long as its song): a music video on a version of its song that
    long (or on the whole song again, from a shorter version), anything else cut at the new end."""
    if _already(draft, edit.ms):  # "…, 60 seconds long" with the build that made it so: nothing to plan again
        return draft
    track = music_source(draft)
    v = visuals_index(draft)
    composed = track in {m.id for m in ctx.generated()}
    song_video = (draft.meta.get("loudnorm") is False or composed) and bool(indices(draft, Role.MUSIC))
    whole_asked = edit.ms == WHOLE_SONG
    if track is None or v is None or not song_video:
        return draft if whole_asked else set_length(draft, edit.ms)  # says why where the length does not fit
    song = media_of(ctx, track)
    whole = whole_asked or not song.duration_ms or plays_whole_song(ctx, song, edit.ms)  # as long as it sounds
    if whole and plays_whole_song(ctx, song, draft.duration_ms):
        return draft if whole_asked else set_length(draft, edit.ms)
    shown = {sg.src for sg in draft.tracks[v].segments if sg.src}
    media = (*ctx.media(), *ctx.generated())
    visuals = tuple(m.id for m in media if m.id in shown and m.kind in (MediaKind.IMAGE, MediaKind.VIDEO))
    length = None if whole else edit.ms  # a shorter version made longer again is planned again on the song
    build = carry_look(BuildMusicVideo(track=track, visuals=visuals, length_ms=length), draft, "")
    grid = composer_grid(draft, ctx, track)
    options = plan_options(draft) | ({"as_mastered": False} if composed else {})
    return (yield from build_music_video(build, draft, ctx, grid, again=True, **options))


def _already(draft: Draft, length_ms: int) -> bool:
    """Whether ``draft`` is ``length_ms`` long already: exactly, or a shorter version of a song within a beat of it
    (a version that keeps the song's own ending is as long as the ending makes it)."""
    if draft.duration_ms == length_ms:
        return True
    bpm = draft.meta.get("bpm")
    beat_ms = 60_000 / float(bpm) if isinstance(bpm, (int, float)) and bpm > 0 else 0.0
    return "song_parts" in draft.meta and abs(draft.duration_ms - length_ms) <= beat_ms


def parts_words(draft: Draft, zh: bool) -> str:
    """The parts of the song a shorter version plays (``m.song_parts``), as a person reads them: "0:00-0:15 and the
    chorus 0:47-1:02"; empty for a draft that plays the song as it is."""
    raw = draft.meta.get("song_parts")
    if not isinstance(raw, list) or not raw:
        return ""
    said = []
    for part in raw:
        if not isinstance(part, dict):
            continue
        span = f"{clock(int(part['in_ms']))}-{clock(int(part['out_ms']))}"
        said.append((f"副歌{span}" if zh else f"the chorus {span}") if part.get("hook") else span)
    if zh:
        return "，用了歌曲的" + "和".join(said)
    listed = ", ".join(said[:-1]) + " and " + said[-1] if len(said) > 1 else said[0]
    return ", using " + ("" if listed.startswith("the chorus") else "the song's ") + listed
