"""The end card in words: "add an end card", "an end card saying 'Out now everywhere'", "remove the end card".

The card lives on the draft as ``m.end_card``: the title and artist (from the video's credit, which its tags or the
file's name gave, or the user's own title) and the user's ``line``, drawn over the last ``END_CARD_MS`` of the video
by ``render.end_card``. A re-plan keeps it (``look.keep_look``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from ...protocol import Draft, MediaKind, Segment, TrackType
from ...protocol.sound_ending import END_CARD_MS, sound_ending
from ...protocol.vocabulary import ALONE_CREDIT, credit_parts
from ..planning.ending import ClipRoom
from .context import AgentContext
from .errors import EditError
from .message import Message
from .operations import Parsed, SetEndCard
from .replies import clock
from .tracks import replace_track, visuals_index

END_FADE_MS = 800  # and fades the picture to black over at most this, under the card (``with_card_ending``)
SAID_SILENCE_MS = 500  # the reply says where the song stops, and the card with it, where this much silence follows
# A plan adds a card by itself only to a video at least this long: under it the opening title and the card (with the
# last shot held under it) would fill most of the video, and a short video loses the cuts it was made of
DEFAULT_CARD_MIN_MS = 20_000
OPENING_LAYOUTS = ("opening", ALONE_CREDIT)  # the titles a video opens on: a photo video's, a track alone's
_CARD = (
    r"\b(end|ending|closing|final|outro)[ -]?(card|screen|slate)s?\b|片尾卡|结尾卡|片尾字幕|片尾画面"
    r"|\b(end|ending|closing|final) credits?\b|\bcredits? (at|to|in) the end\b|\bend (it )?(with|on) (a |the )?title card\b"
)
_OFF = r"\b(remove|delete|drop|hide|no|without|get rid of|take (it |the end card )?(out|off))\b|去掉|删除|不要"


def detect_end_card(clause: str, msg: Message) -> list[Parsed] | None:
    """An end card asked for (with the quoted words as its line) or taken off; None when ``clause`` names none."""
    if not re.search(_CARD, clause):
        return None
    if re.search(_OFF, clause):
        return [SetEndCard(enabled=False)]
    return [SetEndCard(line=msg.quote(clause))]


def set_end_card(draft: Draft, edit: SetEndCard, room: ClipRoom | None = None) -> Draft:
    """The draft with ``m.end_card`` set from its credit and the user's line (its last shot held under it,
    ``held_for_card``, a clip as far as ``room`` allows), or without it."""
    if not edit.enabled:  # and a new plan adds none by itself (``default_end_card``)
        return replace(draft, meta={k: v for k, v in draft.meta.items() if k != "end_card"} | {"end_card_off": True})
    title, artist = credit_of(draft)
    if not title and not edit.line:
        raise EditError(
            "an end card shows the song's title and artist, and this video has neither: give it a title first "
            "(\"call it 'Night Drive'\") or say what the card should read (\"an end card saying 'Out now'\")"
        )
    card = {"title": title, "artist": artist, "line": edit.line.strip() if edit.line else None}
    kept = {k: v for k, v in draft.meta.items() if k != "end_card_off"}
    new = replace(draft, meta=kept | {"end_card": {key: value for key, value in card.items() if value}})
    return held_for_card(new, room or ClipRoom())


def held_for_card(draft: Draft, room: ClipRoom) -> Draft:
    """A video of pictures and clips with its last shot held under its end card (``planning.ending.held_ending``:
    one picture as the card comes, not three cut on the beat under it), a clip as far as ``room`` allows (its
    length, clear of its own cuts and unfit frames); a cover video or the track alone as it is (their designs end
    it). A short's last cut may land ``shorts.CARD_CUT_MS`` into the card (``shorts.closing_cut``)."""
    from ..planning.ending import HELD_MS, ending, held_ending
    from ..planning.shorts import CARD_CUT_MS

    index = visuals_index(draft)
    if index is None or draft.meta.get("cover_design") or draft.meta.get("backdrop"):
        return draft
    shots = sorted(draft.tracks[index].segments, key=lambda sg: sg.start_ms)
    sound = sound_ending(draft)  # the card ends as the picture goes dark with the sound: after a final hit, say
    held_ms = HELD_MS - END_CARD_MS + draft.duration_ms - sound.card_from_ms  # a long fade's card comes earlier
    held_ms -= HELD_MS - END_CARD_MS + CARD_CUT_MS if draft.meta.get("short") is True else 0  # cut on to its fade
    held = held_ending(shots, draft.duration_ms, room, cut_grid(draft, shots), held_ms=held_ms)
    if held == shots:
        return draft
    return replace_track(draft, index, draft.tracks[index].with_segments(tuple(ending(held, draft.duration_ms, sound))))


def cut_grid(draft: Draft, shots: list[Segment]) -> list[float]:
    """The beats a held picture may be cut in on: the downbeats where every cut is on one ("cut on every bar": a
    picture held from a beat between them broke the bars), else every beat."""
    grids = [
        [float(b) for b in draft.meta.get(key) or () if isinstance(b, (int, float))]
        for key in ("downbeats_ms", "beats_ms")
    ]
    bars = {int(b) for b in grids[0]}
    return grids[0] if bars and all(sg.start_ms in bars for sg in shots[1:]) else grids[1]


def default_end_card(old: Draft, new: Draft, room: ClipRoom | None = None) -> Draft:
    """``new`` (a plan of ``old``) with an end card of its opening title's title and artist, where it opens on one
    (a video of pictures and clips, or the track alone, whose song has a title), lasts ``DEFAULT_CARD_MIN_MS`` or more,
    and the user has not taken the card off; a card that has only the user's line (its song swapped for other music,
    ``song_swap``) takes the title and artist under it. Its last shot held under the card (``held_for_card``)."""
    if old.meta.get("end_card_off"):
        return new.with_meta(end_card_off=True)
    card = new.meta.get("end_card")
    if not isinstance(card, dict) and new.duration_ms < DEFAULT_CARD_MIN_MS:
        return new
    if isinstance(card, dict) and not card.get("title"):  # the user's line: the song's credit above it, any layout
        title, artist = credit_of(new)
        named = {k: v for k, v in {"title": title, "artist": artist}.items() if v}
        new = new.with_meta(end_card=named | card)
    if not isinstance(card, dict):
        opening = [
            sg for t in new.tracks_of(TrackType.TEXT) for sg in t.segments if sg.meta.get("layout") in OPENING_LAYOUTS
        ]
        title, artist = credit_parts(opening[0].meta.get("text", "")) if opening else ("", "")
        if not title:
            return new
        new = new.with_meta(end_card={k: v for k, v in {"title": title, "artist": artist}.items() if v})
    return held_for_card(new, room or ClipRoom())


def clip_room_of(draft: Draft, ctx: AgentContext, lengths_ms: Mapping[str, int]) -> ClipRoom:
    """What the clips allow a held shot: their lengths (``lengths_ms``) and the stretches a held shot must not run
    over (``planning.ending.clip_breaks``) of each clip the draft's visuals show (from their analyses, cached)."""
    from ..planning.ending import clip_breaks

    index = visuals_index(draft)
    shown = {sg.src for sg in draft.tracks[index].segments if sg.src} if index is not None else set()
    videos = [m.id for m in ctx.media() if m.kind == MediaKind.VIDEO and m.id in shown]
    return ClipRoom(lengths_ms, {media_id: clip_breaks(ctx.video_analysis(media_id)) for media_id in videos})


def credit_of(draft: Draft) -> tuple[str | None, str | None]:
    """The title and artist the video names: its credit line or opening title ("Title — Artist"), else its first
    title."""
    texts = [sg for track in draft.tracks_of(TrackType.TEXT) for sg in track.segments if sg.meta.get("text")]
    texts.sort(key=lambda sg: (sg.meta.get("layout") not in ("cover", *OPENING_LAYOUTS), sg.start_ms))
    if not texts:
        return None, None
    title, artist = credit_parts(texts[0].meta["text"])
    return title or None, artist or None


def describe_end_card(edit: SetEndCard, after: Draft, zh: bool) -> str:
    card = after.meta.get("end_card")
    if not edit.enabled or not isinstance(card, dict):
        return "去掉了片尾卡" if zh else "no end card: the video ends on the music's own last frames"
    return card_words(card, zh, after)


def card_words(card: dict[str, object], zh: bool, draft: Draft | None = None) -> str:
    """What the reply says of an end card: its words and how long it shows, and where the song stops on a final
    hit ``SAID_SILENCE_MS`` or more before the video's end (``sound_ending``), that the card ends there as the picture
    goes dark (held-out 01: at 1:46, 1.4 s before its end; 03's orchestral release, 0.2 s before, is not said)."""
    shown = " / ".join(str(card[k]) for k in ("title", "artist", "line") if card.get(k))
    sound = sound_ending(draft) if draft is not None else None
    seconds = round((sound.dark_ms - sound.card_from_ms) / 1000) if sound is not None else END_CARD_MS // 1000
    if sound is not None and sound.how and sound.duration_ms - sound.dark_ms >= SAID_SILENCE_MS:
        stop = clock(sound.from_ms)
        if zh:
            return f"歌曲在{stop}停止，片尾卡在此前{seconds}秒出现，画面随之变暗：{shown}"
        return f"an end card over the {seconds} s before the song stops at {stop}, where the picture goes dark: {shown}"
    return f"最后{seconds}秒加上片尾卡：{shown}" if zh else f"an end card over the last {seconds} s: {shown}"


def end_card_reply(card: dict[str, object], zh: bool, draft: Draft | None = None) -> str:
    """What a new plan's reply says of the end card it added by itself (over ``draft``'s end), and how to take it
    off."""
    if zh:
        return f"{card_words(card, zh, draft)}（说“不要片尾卡”即可去掉）。"
    words = card_words(card, zh, draft)
    return f'{words[:1].upper()}{words[1:]} (say "no end card" to take it off).'


def picture_fade_out_ms(draft: Draft) -> tuple[int, str]:
    """How long the picture fades out at the end as rendered (ms), and what sets it: "shot" (the last shot's fade,
    at most its length: ``edits.set_fade``), "card" (an end card shortens it to ``END_FADE_MS``), "music" (under
    an end card, the sound's fade or decay at the end where that is longer: ``render.end_card.picture_dim``) or
    "hit" (the song stops on a final hit before the video's end: the picture goes dark with it,
    ``render.picture_ending.dark_after_the_sound``)."""
    v = visuals_index(draft)
    lane = draft.tracks[v].segments if v is not None else ()
    if not lane:
        return 0, "shot"
    last = max(lane, key=lambda sg: sg.end_ms)
    fade = last.meta.get("fade_out_ms")
    ms = min(int(fade), last.duration_ms) if isinstance(fade, (int, float)) and fade > 0 else 0
    sound = sound_ending(draft)
    if sound.how and sound.dark_ms < draft.duration_ms:
        return sound.dark_ms - sound.black_from_ms, "hit"
    if not isinstance(draft.meta.get("end_card"), dict):
        return ms, "shot"
    if sound.fade_ms > END_FADE_MS:
        return sound.fade_ms, "music"
    return (END_FADE_MS, "card") if ms > END_FADE_MS else (ms, "shot")
