"""A title the user names in a cover video ("… with the title 'Night Drive'", "call it 'Night Drive'") is set by
the design's layout, where the track's own credit goes: for the whole video, in the layout's title place, the
credit's artist kept under it (``render.cover_art``). Before, it was an ordinary 3 s title over the cover, and the
credit it overlapped was removed. A title given a time, a place, a colour or a size stays an ordinary title.
"""

from __future__ import annotations

from ...protocol import Draft, Segment, Track, TrackType
from ...protocol.vocabulary import COVER_DESIGNS, CREDIT_SEPARATOR, Role, credit_line, credit_parts
from .operations import AddText
from .tracks import indices, replace_track


def title_in_layout(draft: Draft, edit: AddText) -> Draft | None:
    """The draft with ``edit``'s title as its cover credit's title, or None where the title is not for the layout
    (not a cover video, not a title, or a time, place, colour or size of its own)."""
    if draft.meta.get("cover_design") not in COVER_DESIGNS or edit.role != Role.TITLE or not edit.text.strip():
        return None
    if any(v is not None for v in (edit.start, edit.duration_ms, edit.position, edit.color, edit.size)):
        return None
    found = [
        (i, j)
        for i in indices(draft, kind=TrackType.TEXT)
        for j, segment in enumerate(draft.tracks[i].segments)
        if is_layout_credit(segment)
    ]
    new = draft
    for i, j in found:
        segments = list(new.tracks[i].segments)
        segments[j] = segments[j].with_meta(text=with_title(str(segments[j].meta.get("text", "")), edit.text))
        new = replace_track(new, i, new.tracks[i].with_segments(segments))
    return new if found else _new_credit(draft, edit.text.strip())


def _new_credit(draft: Draft, title: str) -> Draft:
    """A credit of ``title`` alone, set by the layout for the whole video (the file named no title)."""
    from ..planning.cover import credit_in_layout
    from ..planning.ending import ending_ms

    segment = Segment(0, draft.duration_ms, meta={"text": title, "role": Role.TITLE})
    track = Track(TrackType.TEXT, (segment,), {"role": Role.TITLE, "name": "Title"})
    return draft.with_tracks((*draft.tracks, credit_in_layout(track, draft.duration_ms, ending_ms(draft.duration_ms))))


def is_layout_credit(segment: Segment) -> bool:
    """Whether a text segment is a cover video's credit, set by its design's layout."""
    return segment.meta.get("layout") == "cover"


def with_title(credit: str, title: str) -> str:
    """The credit line ``credit`` ("Title — Artist") with the user's ``title`` in place of its title; ``title``
    itself where it names an artist too ("Night Drive — The Band") or the credit had none.

    >>> with_title("Stairs — blkrbt", "Night Drive")
    'Night Drive — blkrbt'
    """
    title = title.strip()
    artist = credit_parts(credit)[1]
    return title if CREDIT_SEPARATOR in title else credit_line(title, artist)


def shown_text(segment: Segment) -> str:
    """A text segment's words; a cover credit's title alone (the layout sets its artist apart)."""
    text = str(segment.meta.get("text", ""))
    return credit_parts(text)[0] if is_layout_credit(segment) else text
