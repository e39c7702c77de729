"""The visualizer's edits: on or off, its kind, colour, position and opacity, and a cover video's design."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ...protocol import Draft, Segment, Track, TrackType
from ...protocol.vocabulary import AUTO, CALM_DESIGN, COVER_DESIGNS, COVER_VISUALIZERS, Role, Visualizer
from .errors import EditError
from .operations import SetCoverDesign, SetVisualizer
from .tracks import drop_tracks, indices, music_indices, music_source, replace_track, visuals_index

DEFAULT_VISUALIZER = Visualizer.WAVES


def _visualizer_changes(edit: SetVisualizer) -> dict[str, Any]:
    said = (("effect", edit.kind), ("color", edit.color), ("position", edit.position), ("opacity", edit.opacity))
    return {key: value for key, value in said if value is not None}


def set_visualizer(draft: Draft, edit: SetVisualizer) -> Draft:
    """Turn the visualizer on or off, and set its kind, colour, position and opacity."""
    found = indices(draft, Role.VISUALIZER, kind=TrackType.VIDEO)
    if not edit.enabled:
        if not found:
            raise EditError("there's no visualizer on the timeline")
        return drop_tracks(draft, found)
    changes = _visualizer_changes(edit)
    draft = _design_of_visualizer(draft, edit)
    if found:
        track = draft.tracks[found[0]]
        return replace_track(draft, found[0], track.with_segments([_changed(sg, changes) for sg in track.segments]))
    src = music_source(draft)
    if src is None:
        raise EditError("there's no music for a visualizer to draw: build a music video or add music first")
    # colour and position AUTO: the renderer takes a colour from the pictures, with contrast, and a place off the subject
    meta: dict[str, Any] = {"role": Role.VISUALIZER, "effect": DEFAULT_VISUALIZER, "color": AUTO}
    meta |= {"position": AUTO, "opacity": 0.9, **changes}
    segment = Segment(start_ms=0, duration_ms=draft.duration_ms, src=src, in_ms=_music_in(draft), meta=meta)
    lane = Track(type=TrackType.VIDEO, segments=(segment,), meta={"role": Role.VISUALIZER, "name": "Visualizer"})
    v = visuals_index(draft)
    tracks = list(draft.tracks)
    tracks.insert(len(tracks) if v is None else v + 1, lane)
    return draft.with_tracks(tracks)


def _changed(segment: Segment, changes: dict[str, Any]) -> Segment:
    """The visualizer segment with ``changes``; a kind the user names is theirs, no longer the music's choice (nor
    the calm wave's lighter see-through)."""
    meta = {**segment.meta, **changes}
    if "effect" in changes and segment.meta.get("design") == CALM_DESIGN and "opacity" not in changes:
        meta["opacity"] = 0.9
    return replace(segment, meta={k: v for k, v in meta.items() if k != "design" or "effect" not in changes})


def _design_of_visualizer(draft: Draft, edit: SetVisualizer) -> Draft:
    """A cover video whose visualizer becomes another kind takes the design that kind belongs to (a circular one:
    the ring)."""
    if draft.meta.get("cover_design") not in COVER_DESIGNS or edit.kind is None:
        return draft
    from ..planning.cover import design_for_effect

    design = design_for_effect(str(edit.kind))
    return draft.with_meta(cover_design=design) if design else draft


def set_cover_design(draft: Draft, edit: SetCoverDesign) -> Draft:
    """Lay a cover video out in another design, its visualizer (where it has one) the design's own."""
    if draft.meta.get("cover_design") not in COVER_DESIGNS:
        raise EditError(
            "the designs are for a video of one cover picture and a track: upload one picture and a song and ask "
            "for a music video"
        )
    if edit.design not in COVER_DESIGNS:
        raise EditError(f"there's no {edit.design!r} design: try {', '.join(COVER_DESIGNS)}")
    found = indices(draft, Role.VISUALIZER, kind=TrackType.VIDEO)
    new = draft.with_meta(cover_design=edit.design)
    if not found:
        return new
    track = draft.tracks[found[0]]
    effect = COVER_VISUALIZERS[edit.design]
    return replace_track(new, found[0], track.with_segments([sg.with_meta(effect=effect) for sg in track.segments]))


def _music_in(draft: Draft) -> int:
    for i in music_indices(draft):
        for segment in draft.tracks[i].segments:
            if segment.src:
                return segment.in_ms or 0
    return 0
