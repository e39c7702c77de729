"""Pure edits of a draft: ``apply(edit, draft)`` returns a new draft, choosing what to do by the edit's type.

Nothing here reads files or analysis; operations that need them (building a music video, composing) live in
``making``. Every function leaves the draft it was handed untouched. Timing edits (length, trims, cut rate) are in
``timing``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any, TypeGuard

from ...protocol import Draft, MediaInfo, Segment, Track, TrackType
from ...protocol.vocabulary import AUTO, Position, Role
from ..planning.ending import ClipRoom
from .backdrop import set_backdrop, set_palette
from .caption_lines import captions_fitted
from .chorus_start import trim_to_chorus
from .cover_title import is_layout_credit, title_in_layout, with_title
from .credit import set_credit, title_as_credit
from .end_card import set_end_card
from .errors import EditError
from .hold_last import hold_last_shot
from .look import set_grade, set_picture_motion
from .operations import (
    AddCaptions,
    AddText,
    BuildMusicVideo,
    ComposeMusic,
    Edit,
    HoldLastShot,
    MatchLoudness,
    PureEdit,
    RemoveClip,
    RemoveText,
    RemoveTrack,
    Replan,
    Resync,
    SetAspect,
    SetBackdrop,
    SetCoverDesign,
    SetCredit,
    SetCutRate,
    SetEndCard,
    SetFade,
    SetGrade,
    SetLength,
    SetPalette,
    SetPictureMotion,
    SetText,
    SetVisualizer,
    SetVolume,
    TextRef,
    Trim,
    unreachable,
)
from .timing import recut, remove_clip, set_length, start_at, trim, trim_intro, trim_silence
from .tracks import drop_tracks, indices, music_indices, replace_track, role_of, visuals_index
from .visualizer_edits import set_cover_design, set_visualizer

DEFAULT_TITLE_MS = 3000
DEFAULT_TITLE_SIZE = 110  # as planning's titles, so that added and planned titles match
TEXT_FADE_MS = 400
DEFAULT_TEXT_SIZE = 64
DEFAULT_TEXT_COLOR = "#ffffff"
MIN_TEXT_SIZE, MAX_TEXT_SIZE = 16, 400

__all__ = ["EditError", "apply", "is_pure", "media_lengths"]


# --- titles and text ---------------------------------------------------------------------------------------------


def _text_segment(edit: AddText, draft: Draft) -> Segment:
    duration_ms = edit.duration_ms
    if duration_ms is None:
        duration_ms = min(DEFAULT_TITLE_MS, draft.duration_ms) if draft.duration_ms else DEFAULT_TITLE_MS
    title = edit.role == Role.TITLE
    style = {
        "size": edit.size if edit.size is not None else DEFAULT_TITLE_SIZE if title else DEFAULT_TEXT_SIZE,
        "color": edit.color or DEFAULT_TEXT_COLOR,
        "position": edit.position or (AUTO if title else Position.LOWER_THIRD),  # a title off the subject
    }
    fade_ms = min(TEXT_FADE_MS, duration_ms // 4)
    meta = {"text": edit.text, "role": edit.role, "style": style, "fade_in_ms": fade_ms, "fade_out_ms": fade_ms}
    start_ms = start_at(edit.start or 0, duration_ms, draft.duration_ms)
    return Segment(start_ms=start_ms, duration_ms=max(duration_ms, 100), meta=meta)


def add_text(draft: Draft, edit: AddText) -> Draft:
    """Add a title (or a caption, role TEXT). A new title replaces a title showing at the same time (but a cover
    video's credit); in a cover video, a title without a time or place of its own is set by the layout instead, as
    the credit's title (``cover_title``), and in a video that opens on its title, as that title (``credit``)."""
    in_layout = title_in_layout(draft, edit) or title_as_credit(draft, edit)
    if in_layout is not None:
        return in_layout
    segment = _text_segment(edit, draft)
    role = edit.role
    found = indices(draft, role, kind=TrackType.TEXT)
    if not found:
        track = Track(type=TrackType.TEXT, segments=(segment,), meta={"role": role, "name": role.value.capitalize()})
        new = draft.with_tracks((*draft.tracks, track))
    else:
        track = draft.tracks[found[0]]
        kept = [sg for sg in track.segments if role != Role.TITLE or _is_credit(sg) or not _overlap(sg, segment)]
        segments = sorted((*kept, segment), key=lambda sg: sg.start_ms)
        new = replace_track(draft, found[0], track.with_segments(segments))
    return replace(new, duration_ms=max(new.duration_ms, segment.end_ms))


def _overlap(a: Segment, b: Segment) -> bool:
    return a.start_ms < b.end_ms and b.start_ms < a.end_ms


def _text_of(draft: Draft, ij: tuple[int, int]) -> Segment:
    return draft.tracks[ij[0]].segments[ij[1]]


def text_targets(draft: Draft, which: TextRef) -> list[tuple[int, int]]:
    """(track, segment) indices of the text an edit means: ``which`` an index in time order, a quoted text, or None
    (every title, or every text when there is no title)."""
    found = [(i, j) for i in indices(draft, kind=TrackType.TEXT) for j in range(len(draft.tracks[i].segments))]
    found.sort(key=lambda ij: _text_of(draft, ij).start_ms)
    if not found:
        raise EditError("there's no title or text on the timeline yet (try \"add the title 'Summer' for 3 seconds\")")
    if isinstance(which, int):
        if not -len(found) <= which < len(found):
            raise EditError(f"there are only {len(found)} titles or texts on the timeline")
        return [found[which]]
    if isinstance(which, str):
        named = [ij for ij in found if str(_text_of(draft, ij).meta.get("text", "")).lower() == which.lower()]
        if not named:
            raise EditError(f'there\'s no text "{which}" on the timeline')
        return named
    titles = [ij for ij in found if _text_of(draft, ij).meta.get("role", Role.TITLE) == Role.TITLE]
    return titles or found


def _style(old: Mapping[str, Any], edit: SetText) -> dict[str, Any]:
    style = dict(old)
    size = int(style.get("size", DEFAULT_TITLE_SIZE)) if edit.size is None else edit.size
    if edit.size_factor is not None:
        size = round(size * edit.size_factor)
    style["size"] = min(max(size, MIN_TEXT_SIZE), MAX_TEXT_SIZE)
    style |= {k: v for k, v in (("color", edit.color), ("position", edit.position)) if v is not None}
    return style


def _styled(segment: Segment, edit: SetText, draft_ms: int) -> Segment:
    meta = {**segment.meta, "style": _style(segment.meta.get("style") or {}, edit)}
    if edit.text is not None:
        meta["text"] = (
            with_title(str(segment.meta.get("text", "")), edit.text) if is_layout_credit(segment) else edit.text
        )
    duration_ms = segment.duration_ms if edit.duration_ms is None else edit.duration_ms
    start_ms = segment.start_ms if edit.start is None else start_at(edit.start, duration_ms, draft_ms)
    return replace(segment, start_ms=start_ms, duration_ms=max(duration_ms, 100), meta=meta)


def set_text(draft: Draft, edit: SetText) -> Draft:
    """Change titles or texts: words, start and length (ms), size (px or a factor), colour, position."""
    new = draft
    for i, j in text_targets(draft, edit.which):
        track = new.tracks[i]
        segments = list(track.segments)
        segments[j] = _styled(segments[j], edit, draft.duration_ms)
        new = replace_track(new, i, track.with_segments(segments))
    end = max(sg.end_ms for t in new.tracks for sg in t.segments)
    return replace(new, duration_ms=max(new.duration_ms, end))


def remove_text(draft: Draft, edit: RemoveText) -> Draft:
    """Remove the titles and texts ``edit.which`` means (as in ``text_targets``), or every text."""
    targets = set(text_targets(draft, None if edit.every else edit.which))
    if edit.every:
        targets = {(i, j) for i in indices(draft, kind=TrackType.TEXT) for j in range(len(draft.tracks[i].segments))}
    tracks = []
    for i, track in enumerate(draft.tracks):
        kept = [sg for j, sg in enumerate(track.segments) if (i, j) not in targets]
        if kept or track.type != TrackType.TEXT:
            tracks.append(track.with_segments(kept))
    return draft.with_tracks(tracks)


# --- look and sound ---------------------------------------------------------------------------------------------


def _volume(current: Any, edit: SetVolume) -> float:
    level = float(current) if isinstance(current, (int, float)) else 1.0
    if edit.volume is not None:
        level = edit.volume
    if edit.factor is not None:
        level *= edit.factor
    return round(min(max(level, 0.0), 1.0), 3)


def _clip_volume(draft: Draft, edit: SetVolume) -> Draft:
    v = visuals_index(draft)
    if v is None or not any(sg.src for sg in draft.tracks[v].segments):
        raise EditError("there are no clips on the timeline")
    lane = draft.tracks[v]
    segments = [sg.with_meta(volume=_volume(sg.meta.get("volume"), edit)) if sg.src else sg for sg in lane.segments]
    return replace_track(draft, v, lane.with_segments(segments))


def set_volume(draft: Draft, edit: SetVolume) -> Draft:
    """Set the music's (target "music"), the clips' own sound's ("clip") or both levels ("all"), 0..1."""
    new = draft
    if edit.target in ("music", "all"):
        found = music_indices(draft)
        if not found and edit.target == "music":
            raise EditError("there's no music on the timeline")
        for i in found:
            track = new.tracks[i]
            new = replace_track(new, i, track.with_meta(volume=_volume(track.meta.get("volume"), edit)))
    if edit.target in ("clip", "all"):
        new = _clip_volume(new, edit)
    return new


def _fade_track(track: Track, edge: str, ms: int) -> Track:
    if not track.segments:
        return track
    ordered = sorted(range(len(track.segments)), key=lambda j: track.segments[j].start_ms)
    j = ordered[0] if edge == "in" else ordered[-1]
    segments = list(track.segments)
    segments[j] = segments[j].with_meta(**{f"fade_{edge}_ms": min(ms, segments[j].duration_ms)})
    return track.with_segments(segments)


def set_fade(draft: Draft, edit: SetFade) -> Draft:
    """Fade ``edit.edge`` over ``edit.ms`` on the target: "music", "video", "title" or "all" (picture and music)."""
    target = edit.target
    chosen: list[int] = []
    if target in ("music", "all"):
        chosen += music_indices(draft)
    v = visuals_index(draft)
    if target in ("video", "all") and v is not None:
        chosen.append(v)
    if target == "title":
        chosen += indices(draft, kind=TrackType.TEXT)
    if not chosen:
        raise EditError(f"there's no {target if target in ('music', 'video') else 'title'} to fade")
    new = draft
    for i in chosen:
        new = replace_track(new, i, _fade_track(new.tracks[i], edge=edit.edge, ms=edit.ms))
    return new


def remove_track(draft: Draft, edit: RemoveTrack) -> Draft:
    """Remove the music, the visualizer, every title and text (role TEXT), or the tracks of another role."""
    target = edit.target
    if target == Role.TEXT:
        return remove_text(draft, RemoveText(every=True))
    if target == Role.VISUALIZER:
        return set_visualizer(draft, SetVisualizer(enabled=False))
    found = (
        music_indices(draft)
        if target == Role.MUSIC
        else [i for i, t in enumerate(draft.tracks) if role_of(t) == target]
    )
    if not found:
        raise EditError(f"there's no {target} on the timeline")
    return drop_tracks(draft, found)


# --- dispatch ------------------------------------------------------------------------------------------------------


def media_lengths(media: Sequence[MediaInfo]) -> dict[str, int]:
    """Each file's length (ms), for the cut-rate edits: a clip never plays past its end."""
    return {m.id: m.duration_ms for m in media if m.duration_ms}


def apply(edit: PureEdit, draft: Draft, *, media_ms: Mapping[str, int] | None = None) -> Draft:
    """Apply one pure edit to ``draft`` and return the new draft (``draft`` itself is left as it is).

    Parameters
    ----------
    edit
        The operation; which function applies it is chosen by its type.
    draft
        The draft to start from.
    media_ms
        The session's file lengths in ms (``media_lengths``), so that a recut never plays a clip past its end.

    Raises
    ------
    EditError
        When the edit does not fit this draft (no title to restyle, nothing left after a trim); the message says why.

    Examples
    --------
    >>> from nemo_notebook.protocol.vocabulary import Aspect
    >>> apply(SetAspect(Aspect.TALL), Draft.empty()).aspect
    '9:16'
    """
    match edit:
        case AddText():
            return add_text(draft, edit)
        case SetText():
            return set_text(draft, edit)
        case RemoveText():
            return remove_text(draft, edit)
        case SetAspect():
            if edit.aspect == draft.aspect:  # nothing to change (a 16:9 asked of a 16:9 draft is "unchanged")
                return draft
            return captions_fitted(draft.with_meta(aspect=edit.aspect, aspect_named=True))  # a shape chosen stays
        case SetVolume():
            return set_volume(draft, edit)
        case SetFade():
            return set_fade(draft, edit)
        case SetVisualizer():
            return set_visualizer(draft, edit)
        case SetCoverDesign():
            return set_cover_design(draft, edit)
        case SetEndCard():
            return set_end_card(draft, edit, ClipRoom(media_ms or {}))
        case SetCredit():
            return set_credit(draft, edit)
        case SetGrade():
            return set_grade(draft, edit)
        case SetBackdrop():
            return set_backdrop(draft, edit)
        case SetPalette():
            return set_palette(draft, edit)
        case SetPictureMotion():
            return set_picture_motion(draft, edit, media_ms or {})
        case RemoveTrack():
            return remove_track(draft, edit)
        case SetLength():
            return set_length(draft, edit.ms)
        case Trim():
            if edit.chorus:
                return trim_to_chorus(draft)
            if edit.intro:
                return trim_intro(draft)
            return trim_silence(draft) if edit.silence else trim(draft, edit.edge, edit.ms)
        case SetCutRate() | Resync():
            return recut(draft, edit, media_ms or {})
        case RemoveClip():
            return remove_clip(draft, edit.index)
        case HoldLastShot():
            return hold_last_shot(draft, edit, media_ms or {})
        case _:
            unreachable(edit)


def is_pure(edit: Edit) -> TypeGuard[PureEdit]:
    """True when ``edit`` is applied by ``apply``, without files or analysis."""
    return not isinstance(edit, (BuildMusicVideo, ComposeMusic, Replan, AddCaptions, MatchLoudness))


def _is_credit(segment: Segment) -> bool:
    """A cover's credit or an opening title: a title added over it is shown beside it, not in its place."""
    return is_layout_credit(segment) or segment.meta.get("layout") == "opening"
