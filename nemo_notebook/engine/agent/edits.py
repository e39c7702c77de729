"""Pure edits of a draft: each operation is a frozen value, and ``apply(op, draft)`` returns a new draft.

Nothing here reads files or analysis; operations that need them (building a music video, composing) live in
``actions``. Every function leaves the draft it was handed untouched. Timing edits (length, trims, cut rate) are in
``timing``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ...protocol import Draft, MediaInfo, Segment, Track, TrackType
from ...protocol.vocabulary import ASPECT_SIZES, Role
from .timing import EditError, recut, remove_clip, set_length, trim
from .tracks import drop_tracks, indices, music_indices, music_source, replace_track, role_of, visuals_index

DEFAULT_TITLE_MS = 3000
DEFAULT_TITLE_SIZE = 110  # as planning's titles, so that added and planned titles match
TEXT_FADE_MS = 400
DEFAULT_TEXT_SIZE = 64
DEFAULT_TEXT_COLOR = "#ffffff"
DEFAULT_VISUALIZER = "waves"
DEFAULT_VISUALIZER_COLOR = "#ffffff"
DEFAULT_VISUALIZER_POSITION = "bottom"
MIN_TEXT_SIZE, MAX_TEXT_SIZE = 16, 400

__all__ = ["EditError", "Op", "apply", "is_pure", "with_media_lengths"]


@dataclass(frozen=True)
class Op:
    """One operation on the timeline: ``name`` and JSON-friendly ``args`` (also what the tool call shows)."""

    name: str
    args: Mapping[str, Any] = field(default_factory=dict)


# --- titles and text ---------------------------------------------------------------------------------------------


def _text_segment(args: Mapping[str, Any], draft: Draft) -> Segment:
    role = str(args.get("role", Role.TITLE))
    duration_ms = int(args.get("duration_ms", DEFAULT_TITLE_MS))
    if draft.duration_ms and "duration_ms" not in args:
        duration_ms = min(duration_ms, draft.duration_ms)
    start_ms = args.get("start_ms", 0)
    if start_ms == "end":
        start_ms = max(draft.duration_ms - duration_ms, 0)
    title = role == Role.TITLE
    style = {
        "size": int(args.get("size", DEFAULT_TITLE_SIZE if title else DEFAULT_TEXT_SIZE)),
        "color": str(args.get("color", DEFAULT_TEXT_COLOR)),
        "position": str(args.get("position", "center" if title else "lower_third")),
    }
    fade_ms = min(TEXT_FADE_MS, duration_ms // 4)
    meta = {"text": str(args["text"]), "role": role, "style": style, "fade_in_ms": fade_ms, "fade_out_ms": fade_ms}
    return Segment(start_ms=int(start_ms), duration_ms=max(duration_ms, 100), meta=meta)


def add_text(draft: Draft, args: Mapping[str, Any]) -> Draft:
    """Add a title (or a caption, ``role`` "text"). A new title replaces a title showing at the same time."""
    segment = _text_segment(args, draft)
    role = segment.meta["role"]
    found = indices(draft, role, kind=TrackType.TEXT)
    if not found:
        track = Track(type=TrackType.TEXT, segments=(segment,), meta={"role": role, "name": role.capitalize()})
        new = draft.with_tracks((*draft.tracks, track))
    else:
        track = draft.tracks[found[0]]
        kept = [sg for sg in track.segments if role != Role.TITLE or not _overlap(sg, segment)]
        segments = sorted((*kept, segment), key=lambda sg: sg.start_ms)
        new = replace_track(draft, found[0], track.with_segments(segments))
    return replace(new, duration_ms=max(new.duration_ms, segment.end_ms))


def _overlap(a: Segment, b: Segment) -> bool:
    return a.start_ms < b.end_ms and b.start_ms < a.end_ms


def text_targets(draft: Draft, which: Any) -> list[tuple[int, int]]:
    """(track, segment) indices of the text an edit means: ``which`` an index in time order, a quoted text, or None
    (every title, or every text when there is no title)."""
    found = [(i, j) for i in indices(draft, kind=TrackType.TEXT) for j in range(len(draft.tracks[i].segments))]
    found.sort(key=lambda ij: draft.tracks[ij[0]].segments[ij[1]].start_ms)
    if not found:
        raise EditError("there's no title or text on the timeline yet (try \"add the title 'Summer' for 3 seconds\")")
    if isinstance(which, int):
        if not -len(found) <= which < len(found):
            raise EditError(f"there are only {len(found)} titles or texts on the timeline")
        return [found[which]]
    if isinstance(which, str):
        named = [
            ij for ij in found if str(draft.tracks[ij[0]].segments[ij[1]].meta.get("text", "")).lower() == which.lower()
        ]
        if not named:
            raise EditError(f'there\'s no text "{which}" on the timeline')
        return named
    titles = [ij for ij in found if draft.tracks[ij[0]].segments[ij[1]].meta.get("role", Role.TITLE) == Role.TITLE]
    return titles or found


def _styled(segment: Segment, args: Mapping[str, Any], draft_ms: int) -> Segment:
    style = dict(segment.meta.get("style") or {})
    size = int(style.get("size", DEFAULT_TITLE_SIZE))
    if "size" in args:
        size = int(args["size"])
    if "size_factor" in args:
        size = round(size * float(args["size_factor"]))
    style["size"] = min(max(size, MIN_TEXT_SIZE), MAX_TEXT_SIZE)
    for key in ("color", "position"):
        if key in args:
            style[key] = args[key]
    meta = {**segment.meta, "style": style}
    if "text" in args:
        meta["text"] = str(args["text"])
    start_ms = segment.start_ms if "start_ms" not in args else int(args["start_ms"])
    duration_ms = segment.duration_ms if "duration_ms" not in args else int(args["duration_ms"])
    if args.get("start_ms") == "end" or args.get("at_end"):
        start_ms = max(draft_ms - duration_ms, 0)
    return replace(segment, start_ms=start_ms, duration_ms=max(duration_ms, 100), meta=meta)


def set_text(draft: Draft, args: Mapping[str, Any]) -> Draft:
    """Change titles or texts: ``text``, ``start_ms``, ``duration_ms``, ``size``/``size_factor``, ``color``, ``position``."""
    targets = text_targets(draft, args.get("which"))
    new = draft
    for i, j in targets:
        track = new.tracks[i]
        segments = list(track.segments)
        segments[j] = _styled(segments[j], args, draft.duration_ms)
        new = replace_track(new, i, track.with_segments(segments))
    end = max(sg.end_ms for t in new.tracks for sg in t.segments)
    return replace(new, duration_ms=max(new.duration_ms, end))


def remove_text(draft: Draft, args: Mapping[str, Any]) -> Draft:
    """Remove titles and texts (``which`` as in ``text_targets``; "all" for every text)."""
    which = args.get("which")
    targets = set(text_targets(draft, None if which == "all" else which))
    if which == "all":
        targets = {(i, j) for i in indices(draft, kind=TrackType.TEXT) for j in range(len(draft.tracks[i].segments))}
    tracks = []
    for i, track in enumerate(draft.tracks):
        kept = [sg for j, sg in enumerate(track.segments) if (i, j) not in targets]
        if kept or track.type != TrackType.TEXT:
            tracks.append(track.with_segments(kept))
    return draft.with_tracks(tracks)


# --- look and sound ---------------------------------------------------------------------------------------------


def set_aspect(draft: Draft, args: Mapping[str, Any]) -> Draft:
    aspect = str(args["aspect"])
    if aspect not in ASPECT_SIZES:
        raise EditError(f"I can make {', '.join(ASPECT_SIZES)} videos, not {aspect}")
    return draft.with_meta(aspect=aspect)


def _volume(current: Any, args: Mapping[str, Any]) -> float:
    level = float(current) if isinstance(current, (int, float)) else 1.0
    if "volume" in args:
        level = float(args["volume"])
    if "factor" in args:
        level *= float(args["factor"])
    return round(min(max(level, 0.0), 1.0), 3)


def set_volume(draft: Draft, args: Mapping[str, Any]) -> Draft:
    """Set the music's (``target`` "music") or the clips' own sound's (``target`` "clip") level, 0..1."""
    target = args.get("target", "music")
    new = draft
    if target in ("music", "all"):
        found = music_indices(draft)
        if not found and target == "music":
            raise EditError("there's no music on the timeline")
        for i in found:
            track = new.tracks[i]
            new = replace_track(new, i, track.with_meta(volume=_volume(track.meta.get("volume"), args)))
    if target in ("clip", "all"):
        v = visuals_index(draft)
        if v is None or not any(sg.src for sg in draft.tracks[v].segments):
            raise EditError("there are no clips on the timeline")
        lane = new.tracks[v]
        segments = [sg.with_meta(volume=_volume(sg.meta.get("volume"), args)) if sg.src else sg for sg in lane.segments]
        new = replace_track(new, v, lane.with_segments(segments))
    return new


def _fade_track(track: Track, edge: str, ms: int) -> Track:
    if not track.segments:
        return track
    ordered = sorted(range(len(track.segments)), key=lambda j: track.segments[j].start_ms)
    j = ordered[0] if edge == "in" else ordered[-1]
    segments = list(track.segments)
    segments[j] = segments[j].with_meta(**{f"fade_{edge}_ms": min(ms, segments[j].duration_ms)})
    return track.with_segments(segments)


def set_fade(draft: Draft, args: Mapping[str, Any]) -> Draft:
    """Fade ``edge`` ("in"/"out") over ``ms`` on the ``target``: "music", "video", "title" or "all" (picture and
    music)."""
    target, edge, ms = args.get("target", "all"), str(args["edge"]), int(args["ms"])
    chosen: list[int] = []
    if target in ("music", "all"):
        chosen += music_indices(draft)
    if target in ("video", "all"):
        v = visuals_index(draft)
        chosen += [] if v is None else [v]
    if target == "title":
        chosen += indices(draft, kind=TrackType.TEXT)
    if not chosen:
        raise EditError(
            f"there's no {'music' if target == 'music' else 'video' if target == 'video' else 'title'} to fade"
        )
    new = draft
    for i in chosen:
        new = replace_track(new, i, _fade_track(new.tracks[i], edge, ms))
    return new


def set_visualizer(draft: Draft, args: Mapping[str, Any]) -> Draft:
    """Turn the visualizer on (``enabled``) or off, and set its ``kind``, ``color``, ``position``, ``opacity``."""
    found = indices(draft, Role.VISUALIZER, kind=TrackType.VIDEO)
    if args.get("enabled") is False:
        if not found:
            raise EditError("there's no visualizer on the timeline")
        return drop_tracks(draft, found)
    changes = {
        k2: args[k1]
        for k1, k2 in (("kind", "effect"), ("color", "color"), ("position", "position"), ("opacity", "opacity"))
        if k1 in args
    }
    if found:
        track = draft.tracks[found[0]]
        return replace_track(draft, found[0], track.with_segments([sg.with_meta(**changes) for sg in track.segments]))
    src = music_source(draft)
    if src is None:
        raise EditError("there's no music for a visualizer to draw: build a music video or add music first")
    meta: dict[str, Any] = {"role": Role.VISUALIZER, "effect": DEFAULT_VISUALIZER, "color": DEFAULT_VISUALIZER_COLOR}
    meta |= {"position": DEFAULT_VISUALIZER_POSITION, "opacity": 0.9, **changes}
    segment = Segment(start_ms=0, duration_ms=draft.duration_ms, src=src, in_ms=_music_in(draft), meta=meta)
    lane = Track(type=TrackType.VIDEO, segments=(segment,), meta={"role": Role.VISUALIZER, "name": "Visualizer"})
    v = visuals_index(draft)
    tracks = list(draft.tracks)
    tracks.insert(len(tracks) if v is None else v + 1, lane)
    return draft.with_tracks(tracks)


def _music_in(draft: Draft) -> int:
    for i in music_indices(draft):
        for segment in draft.tracks[i].segments:
            if segment.src:
                return segment.in_ms or 0
    return 0


def remove_track(draft: Draft, args: Mapping[str, Any]) -> Draft:
    """Remove the music (``target`` "music"), the visualizer, or every title and text ("text")."""
    target = args["target"]
    if target == "text":
        return remove_text(draft, {"which": "all"})
    if target == "visualizer":
        return set_visualizer(draft, {"enabled": False})
    found = (
        music_indices(draft) if target == "music" else [i for i, t in enumerate(draft.tracks) if role_of(t) == target]
    )
    if not found:
        raise EditError(f"there's no {target} on the timeline")
    return drop_tracks(draft, found)


_APPLY: dict[str, Callable[[Draft, Mapping[str, Any]], Draft]] = {
    "add_text": add_text,
    "set_text": set_text,
    "remove_text": remove_text,
    "set_aspect": set_aspect,
    "set_volume": set_volume,
    "set_fade": set_fade,
    "set_visualizer": set_visualizer,
    "remove_track": remove_track,
    "set_length": set_length,
    "trim": trim,
    "set_cut_rate": recut,
    "resync": recut,
    "remove_clip": remove_clip,
}


def with_media_lengths(op: Op, media: Sequence[MediaInfo]) -> Op:
    """Cut-rate edits need clip lengths (ms), so that a clip never plays past its end."""
    if op.name not in ("set_cut_rate", "resync"):
        return op
    return Op(op.name, {**op.args, "media_ms": {m.id: m.duration_ms for m in media if m.duration_ms}})


def apply(op: Op, draft: Draft) -> Draft:
    """Apply one pure operation; raises ``EditError`` when it does not fit this draft."""
    try:
        fn = _APPLY[op.name]
    except KeyError:
        raise EditError(f"unknown operation {op.name!r}") from None
    return fn(draft, op.args)


def is_pure(name: str) -> bool:
    """True when ``name`` is an operation this module applies without files or analysis."""
    return name in _APPLY
