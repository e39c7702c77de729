"""The song's title and artist in words: "call it 'Night Drive' by The Kites", "the artist is The Kites", "set the
band to 'The Kites'", "it's by The Kites". They set the credit the video names the song by ("Title — Artist"): a
video of pictures and clips or the track alone opens on it (``planning.opening``) and ends on it (its end card, which a video that
opens on its title gets unless the user took it off); a cover video's credit is set by its design's layout. With no
artist known the credit is the title alone: an artist is never made up.
"""

from __future__ import annotations

import re

from ...protocol import Draft, Segment, Track, TrackType
from ...protocol.vocabulary import COVER_DESIGNS, Role, credit_line
from .end_card import OPENING_LAYOUTS, credit_of, default_end_card
from .errors import EditError
from .message import Message
from .operations import AddText, Parsed, SetCredit
from .tracks import indices, replace_track

_WHO = r"(?:the\s+)?(?:artist|band|singer|performer|musician|rapper|artist'?s name|band'?s name)"
_VALUE = r"(«\d+»|[a-z0-9][^,;]*?)"
_ARTIST = rf"\b{_WHO}\s*(?:is|are|:|=|to|as|should be|will be)?\s*(?:called|named)?\s*{_VALUE}\s*$"
_CALLED = rf"\b{_WHO}\s+(?:is\s+|are\s+)?(?:called|named)\s+(«\d+»)"  # the clauses split before "called"
_NAMED = r"\b(?:call it|title it|name it|the (?:song|track) is called)\s*(«\d+»)"
_BY = r"(?:^|(?:\b(?:it'?s|it is|song|track|music)|(«\d+»))\s+)by\s+(«\d+»|[a-z0-9][^,;]*?)\s*$"
_NOT_A_NAME = r"(?:is|are|called|named|the end|\d.*|the beat|beat|bar|half|a lot|much|far|twice|\w+ (?:seconds?|s|%))"
_NOT_THE_ARTIST = r"\b(visuali[sz]er|bars?|lower|upper|colou?r|frequency|frequencies)\b"  # the visualizer's bands


def detect_credit(clause: str, msg: Message) -> list[Parsed] | None:
    """A title or artist the user names for the song; None when ``clause`` names neither."""
    called = re.search(_CALLED, msg.text)
    if called and called.group(1) in clause:  # "the band is called 'The Kites'", this clause its "called «0»"
        return [SetCredit(artist=_value(called.group(1), msg))]
    if called and re.fullmatch(rf"\s*{_WHO}\s*(?:is|are)?\s*", clause):
        return []  # its "the band is"
    by = re.search(_BY, clause)
    named = re.search(_NAMED, clause)
    title_quote = named.group(1) if named else by.group(1) if by else None
    artist = None if by or re.search(_NOT_THE_ARTIST, clause) else re.search(_ARTIST, clause)
    who = _value(by.group(2) if by else artist.group(1) if artist else None, msg)
    title = _value(title_quote, msg)
    return [SetCredit(title=title, artist=who)] if title or who else None


def _value(found: str | None, msg: Message) -> str | None:
    """A quoted name as typed; an unquoted one in the user's own spelling (the clause is lower case)."""
    if found is None:
        return None
    quoted = re.fullmatch(r"«(\d+)»", found.strip())
    if quoted:
        return msg.quotes[int(quoted.group(1))].strip() or None
    words = found.strip(" .!'\"")
    if not words or re.fullmatch(_NOT_A_NAME, words):
        return None
    typed = re.search(re.escape(words), msg.raw, re.IGNORECASE)
    return typed.group(0) if typed else words.title()


def set_credit(draft: Draft, edit: SetCredit) -> Draft:
    """The draft naming the song by ``edit``'s title and artist (each kept where not given): its credit, its
    opening title where it has none, and its end card."""
    old_title, old_artist = credit_of(draft)
    title = (edit.title or old_title or "").strip()
    artist = (edit.artist or old_artist or "").strip()
    if not title:
        raise EditError(
            "the artist goes under the song's title, and this video has none yet: name both "
            "(\"call it 'Night Drive' by The Kites\")"
        )
    line = credit_line(title, artist)
    found = _credit_place(draft)
    if found is None:
        new = draft.with_tracks((*draft.tracks, _new_credit(draft, line)))
    else:
        i, j = found
        segments = list(draft.tracks[i].segments)
        segments[j] = segments[j].with_meta(text=line)
        new = replace_track(draft, i, draft.tracks[i].with_segments(segments))
    card = new.meta.get("end_card")
    if isinstance(card, dict):
        fixed = {k: v for k, v in card.items() if k not in ("title", "artist")}
        return new.with_meta(end_card={"title": title} | ({"artist": artist} if artist else {}) | fixed)
    return default_end_card(draft, new)


def title_as_credit(draft: Draft, edit: AddText) -> Draft | None:
    """A title without a time, place, colour or size of its own, on a video that opens on its title: the draft
    with it as the song's title (the artist and the end card kept with it); None where it is an ordinary title."""
    plain = all(v is None for v in (edit.start, edit.duration_ms, edit.position, edit.color, edit.size))
    opening = any(
        sg.meta.get("layout") in OPENING_LAYOUTS for t in draft.tracks_of(TrackType.TEXT) for sg in t.segments
    )
    if edit.role != Role.TITLE or not edit.text.strip() or not plain or not opening:
        return None
    return set_credit(draft, SetCredit(title=edit.text.strip()))


def _credit_place(draft: Draft) -> tuple[int, int] | None:
    """Where the video names the song: its opening title or cover credit, else its first title."""
    places = [
        (i, j, sg)
        for i in indices(draft, kind=TrackType.TEXT)
        for j, sg in enumerate(draft.tracks[i].segments)
        if sg.meta.get("text")
    ]
    for test in (
        lambda sg: sg.meta.get("layout") in ("cover", *OPENING_LAYOUTS),
        lambda sg: sg.meta.get("role") == "title",
    ):
        chosen = [(i, j) for i, j, sg in places if test(sg)]
        if chosen:
            return chosen[0]
    return None


def _new_credit(draft: Draft, line: str) -> Track:
    """A credit for a video that named the song nowhere: a cover's in its layout, else an opening title."""
    if draft.meta.get("cover_design") in COVER_DESIGNS:
        from ..planning.cover import credit_in_layout
        from ..planning.ending import ending_ms

        segment = Segment(0, draft.duration_ms, meta={"text": line, "role": Role.TITLE})
        track = Track(TrackType.TEXT, (segment,), {"role": Role.TITLE, "name": "Title"})
        return credit_in_layout(track, draft.duration_ms, ending_ms(draft.duration_ms))
    from ..planning.lanes import alone_opening
    from ..planning.opening import opening_title_at

    opening = alone_opening if draft.meta.get("backdrop") else opening_title_at  # a track alone's at the top
    return opening(line, _ints(draft.meta.get("downbeats_ms")), _ints(draft.meta.get("beats_ms")), draft.duration_ms)


def _ints(value: object) -> list[int]:
    return [int(v) for v in value if isinstance(v, (int, float))] if isinstance(value, list) else []


def describe_credit(after: Draft, zh: bool) -> str:
    title, artist = credit_of(after)
    card = isinstance(after.meta.get("end_card"), dict)
    if zh:
        return f"歌名：“{title}”" + (f"，艺人：{artist}" if artist else "") + ("（片头和片尾卡）" if card else "")
    said = f'the song named "{title}"' + (f" by {artist}" if artist else " (no artist named)")
    return said + (", in the title and on the end card" if card else "")
