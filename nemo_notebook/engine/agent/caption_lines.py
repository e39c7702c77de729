"""Captions set to be read in the draft's shape (issue 27): their lines as long as the frame shows them at their
size (``render.text.line_chars``: 42 characters in 16:9, 19 in 9:16, where JFK's lines of up to 37 characters were
drawn at 28-29 px of their 56), wrapped again when the shape changes; and the automatic opening title set at
the top while captions are on, where it sat just over them in the lower third (the JFK podcast's "Jfk Ask Not"); a
cover video's credit, under its cover all through, keeps its place and the captions go under it."""

from __future__ import annotations

from dataclasses import replace

from ...protocol import Draft, Segment, Track
from ...protocol.vocabulary import AUTO, Position
from ..planning.captions import MAX_LINE_CHARS, wrap
from ..render import canvas_for
from ..render.opening_title import is_opening
from ..render.text import line_chars

CAPTION_SIZE = 56  # px at 1080 lines: two lines sit between the lower third and a bar visualizer


def caption_chars(draft: Draft) -> int:
    """The longest caption line ``draft``'s frame shows at ``CAPTION_SIZE``, at most ``MAX_LINE_CHARS``."""
    return min(MAX_LINE_CHARS, line_chars(canvas_for(draft), CAPTION_SIZE))


def captions_fitted(draft: Draft) -> Draft:
    """``draft`` with its captions' lines wrapped for its shape and, where it has captions, its automatic opening
    title at the top; itself where it has none."""
    if not any(track.meta.get("captions") for track in draft.tracks):
        return draft
    chars = caption_chars(draft)
    where = Position.BOTTOM if _has_cover_credit(draft) else Position.LOWER_THIRD
    tracks = []
    for track in draft.tracks:
        if track.meta.get("captions"):
            segments = [_fitted(sg, chars, where) for sg in track.segments]
            tracks.append(track.with_segments(segments))
        else:
            tracks.append(_title_on_top(track))
    return draft.with_tracks(tracks)


def _fitted(caption: Segment, chars: int, where: str) -> Segment:
    style = caption.meta.get("style")
    style = {**(style if isinstance(style, dict) else {}), "position": where}
    return caption.with_meta(text=wrap(str(caption.meta.get("text", "")), chars), style=style)


def _has_cover_credit(draft: Draft) -> bool:
    """Whether a cover video's credit sits in its layout under the cover all through, where captions in the lower
    third would lie over it (one photo with a podcast: "Jfk Ask Not" over "ask not what your country…"); the
    captions then go at the bottom, under it."""
    return any(sg.meta.get("layout") == "cover" for track in draft.tracks for sg in track.segments)


def _title_on_top(track: Track) -> Track:
    segments = []
    for sg in track.segments:
        style = sg.meta.get("style")
        if is_opening(sg) and isinstance(style, dict) and style.get("position", AUTO) == AUTO:
            sg = replace(sg, meta={**sg.meta, "style": {**style, "position": "top"}})
        segments.append(sg)
    return track.with_segments(segments) if segments != list(track.segments) else track
