"""A session's timeline as OpenTimelineIO, the interchange format editors read (DaVinci Resolve, Premiere through
its adapters, Kdenlive, Avid, and FCP XML / EDL through OTIO's adapter plug-ins where they are installed).

The optional extra ``nemo-notebook[otio]`` installs ``opentimelineio`` (Apache-2.0); nothing here imports it until a
timeline is written. What is written:

- one OTIO track per draft track, in order: video and visualizer/background tracks as ``Video`` tracks, music and
  voice as ``Audio`` tracks, titles as a ``Video`` track of title clips; gaps where a track is empty;
- a clip per segment, named as the timeline table names it, its media referenced by the path it was downloaded to
  (``ExternalReference``), with the segment's in-point and length; a segment that shows no file (a title, a
  visualizer, a generated background) is a clip with a ``GeneratorReference`` whose kind says what it is;
- everything the draft says of a segment (volume, motion, text, style…) in the clip's ``metadata["nemo"]``;
- the music's analysis as markers on the timeline's stack: every beat, every downbeat and every section (a marker
  spanning the section, named by its level).

Times are frames at the draft's frame rate (30 unless it says otherwise).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..protocol import Draft, MediaInfo, TrackType
from ._errors import NemoError

OTIO_EXTRA = 'pip install "nemo-notebook[otio]"'
EDL_ADAPTER = "cmx_3600"
NATIVE_ADAPTERS = frozenset({"otio_json", "otioz", "otiod"})  # OTIO's own formats: generated clips as they are
CLIP_MARKER_ADAPTERS = frozenset({"fcpx_xml", EDL_ADAPTER})  # these write the markers of clips, not the timeline's
BEAT_COLOUR, DOWNBEAT_COLOUR, SECTION_COLOUR, GENERATED_COLOUR = "GREEN", "RED", "PURPLE", "YELLOW"


class TimelineExportError(NemoError):
    """The timeline could not be written in the asked format (OTIO or its adapter missing)."""


def load_otio() -> Any:
    try:
        import opentimelineio  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        raise TimelineExportError(
            "Writing the timeline needs OpenTimelineIO, which is not installed", hint=OTIO_EXTRA
        ) from None
    return opentimelineio


def media_ids(draft: Draft) -> list[str]:
    """The media the draft uses, in the order they first appear."""
    seen: dict[str, None] = {}
    for track in draft.tracks:
        for segment in track.segments:
            if segment.src:
                seen.setdefault(segment.src, None)
    return list(seen)


def planned_downloads(draft: Draft, media: Mapping[str, MediaInfo], folder: Path) -> list[tuple[str, Path, bool]]:
    """(media id, where its file goes, whether it must be fetched) for each file the draft uses: a file already in
    ``folder`` with the size the session gives is kept."""
    planned = []
    for media_id in media_ids(draft):
        info = media.get(media_id)
        stem = Path(info.name).name if info is not None else media_id
        local = folder / f"{media_id}-{stem}" if stem != media_id else folder / media_id
        fetched = local.exists() and info is not None and local.stat().st_size == info.size
        planned.append((media_id, local, not fetched))
    return planned


def media_folder_for(path: Path, given: str | os.PathLike[str] | None) -> Path:
    return Path(given) if given is not None else path.with_name(f"{path.stem}_media")


def build_timeline(
    draft: Draft, media: Mapping[str, MediaInfo], paths: Mapping[str, Path], *, name: str = "nemo-notebook"
) -> Any:
    """``draft`` as an ``opentimelineio.schema.Timeline``; ``paths`` says where each media id's file lies."""
    otio = load_otio()
    rate = float(draft.meta.get("fps") or 30)
    timeline = otio.schema.Timeline(name=name)
    timeline.global_start_time = otio.opentime.RationalTime(0, rate)
    for index, track in enumerate(draft.tracks, start=1):
        kind = otio.schema.TrackKind.Audio if track.type == TrackType.AUDIO else otio.schema.TrackKind.Video
        for lane, segments in enumerate(_lanes(track)):
            name = _track_name(index, track) + (f" ({lane + 1})" if lane else "")
            out = otio.schema.Track(name=name, kind=kind)
            out.metadata["nemo"] = {"type": int(track.type), **dict(track.meta), **({"lane": lane} if lane else {})}
            cursor_ms = 0
            for segment in segments:
                start_ms = max(segment.start_ms, cursor_ms)  # an overlap (a crossfade) starts where the last one ended
                end_ms = segment.start_ms + segment.duration_ms
                if end_ms <= start_ms:
                    continue
                if start_ms > cursor_ms:
                    out.append(otio.schema.Gap(source_range=_range(otio, cursor_ms, start_ms - cursor_ms, rate)))
                skipped = start_ms - segment.start_ms
                out.append(_clip(otio, segment, media, paths, rate, skipped, end_ms - start_ms))
                cursor_ms = end_ms
            timeline.tracks.append(out)
    for marker in _markers(otio, draft, rate):
        timeline.tracks.markers.append(marker)
    return timeline


def write_timeline(timeline: Any, path: Path) -> Path:
    """Write ``timeline`` to ``path`` in the format its suffix names (``.otio`` always; ``.fcpxml``, ``.xml``,
    ``.edl`` … where OTIO's adapter for it is installed), through a temporary file and a rename."""
    otio = load_otio()
    adapter = adapter_for(path)
    if adapter is not None and adapter.name not in NATIVE_ADAPTERS:
        timeline = media_only(timeline, single_video=adapter.name == EDL_ADAPTER)
    if adapter is not None and adapter.name in CLIP_MARKER_ADAPTERS:
        timeline = markers_on_clips(timeline)
    temp = path.with_name(f".{path.name}.part")
    try:
        otio.adapters.write_to_file(timeline, str(temp), adapter_name=adapter.name if adapter else "otio_json")
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    return path


def adapter_for(path: Path) -> Any:
    """OTIO's adapter for ``path``'s suffix (None for ``.otio``, written natively); a clear error where none is
    installed. Called before any media is downloaded."""
    otio = load_otio()
    if path.suffix == ".otio":
        return None
    try:
        return otio.adapters.from_filepath(str(path))
    except otio.exceptions.NoKnownAdapterForExtensionError:
        raise TimelineExportError(
            f"No OpenTimelineIO adapter writes {path.suffix or 'suffix-less'} files here",
            hint="write .otio, or install the adapter for it (for example otio-fcpx-xml-adapter, otio-cmx3600-adapter)",
        ) from None


def media_only(timeline: Any, *, single_video: bool = False) -> Any:
    """A copy of ``timeline`` for the formats that name only media files (FCP XML, FCPXML, EDL): each generated clip
    (a title, the visualizer, a generated background) becomes a gap and a marker of the same span and name, and a
    track left without clips is dropped. ``single_video`` (a CMX 3600 EDL): the first video track only (the pictures
    and clips) and at most two audio tracks."""
    otio = load_otio()
    copy = timeline.deepcopy()
    for track in list(copy.tracks):
        for index, item in reversed(list(enumerate(track))):
            if isinstance(item, otio.schema.Clip) and isinstance(item.media_reference, otio.schema.GeneratorReference):
                span = item.range_in_parent()
                copy.tracks.markers.append(
                    otio.schema.Marker(name=item.name, marked_range=span, color=GENERATED_COLOUR)
                )
                track[index] = otio.schema.Gap(source_range=item.source_range, metadata=item.metadata)
        if not list(track.find_clips()):
            copy.tracks.remove(track)
    if single_video:
        video = [t for t in copy.tracks if t.kind == otio.schema.TrackKind.Video]
        audio = [t for t in copy.tracks if t.kind == otio.schema.TrackKind.Audio]
        for track in [*video[1:], *audio[2:]]:
            copy.tracks.remove(track)
    return copy


def markers_on_clips(timeline: Any) -> Any:
    """A copy of ``timeline`` with its own markers moved onto the clips of its first video track (FCPXML and EDL
    write only clips' markers): each onto the clip where it starts, in that clip's time, cut at the clip's end. A
    marker that starts in a gap has no clip to go on and is left out."""
    otio = load_otio()
    copy = timeline.deepcopy()
    video = [t for t in copy.tracks if t.kind == otio.schema.TrackKind.Video]
    clips = [(c, c.range_in_parent()) for c in video[0].find_clips(shallow_search=True)] if video else []
    for marker in list(copy.tracks.markers):
        start = marker.marked_range.start_time
        for clip, placed in clips:
            if placed.start_time <= start < placed.end_time_exclusive():
                into = start - placed.start_time + clip.source_range.start_time
                duration = min(marker.marked_range.duration, placed.end_time_exclusive() - start)
                span = otio.opentime.TimeRange(start_time=into, duration=duration)
                clip.markers.append(otio.schema.Marker(name=marker.name, marked_range=span, color=marker.color))
                break
    copy.tracks.markers.clear()
    return copy


def _lanes(track: Any) -> list[list[Any]]:
    """The track's segments in time order, in as many lanes as it takes that none hides another: a title shown over
    another title (a cover video's credit and a title added for its first seconds) goes on a lane of its own, which
    OTIO writes as a track beside the first; an audio crossfade's overlap stays on its lane (trimmed there)."""
    lanes: list[list[Any]] = []
    ends: list[int] = []
    for segment in sorted(track.segments, key=lambda s: s.start_ms):
        slack = int(segment.meta.get("crossfade_ms") or 0) if track.type == TrackType.AUDIO else 0
        at = next((i for i, end in enumerate(ends) if segment.start_ms >= end - slack), None)
        if at is None:
            lanes.append([])
            ends.append(0)
            at = len(lanes) - 1
        lanes[at].append(segment)
        ends[at] = max(ends[at], segment.start_ms + segment.duration_ms)
    return lanes or [[]]


def _track_name(index: int, track: Any) -> str:
    label = str(track.meta.get("name") or "")
    default = {TrackType.VIDEO: "Video", TrackType.AUDIO: "Audio", TrackType.TEXT: "Titles"}.get(track.type, "Track")
    return f"{index}. {label or default}"


def _range(otio: Any, start_ms: int, duration_ms: int, rate: float) -> Any:
    return otio.opentime.TimeRange(
        start_time=otio.opentime.RationalTime(round(start_ms * rate / 1000), rate),
        duration=otio.opentime.RationalTime(max(round(duration_ms * rate / 1000), 1), rate),
    )


def _clip(
    otio: Any,
    segment: Any,
    media: Mapping[str, MediaInfo],
    paths: Mapping[str, Path],
    rate: float,
    skipped_ms: int,
    duration_ms: int,
) -> Any:
    meta = dict(segment.meta)
    info = media.get(segment.src) if segment.src else None
    if segment.src:
        path = paths.get(segment.src)
        reference = (
            otio.schema.ExternalReference(target_url=path.resolve().as_uri())
            if path is not None
            else otio.schema.MissingReference()
        )
        in_ms = (segment.in_ms or 0) + skipped_ms
        # a still has no length of its own: it is available for as long as the clip shows it (FCP XML needs a range)
        available_ms = info.duration_ms if info is not None and info.duration_ms else in_ms + duration_ms
        reference.available_range = _range(otio, 0, available_ms, rate)
        name = str(meta.get("name") or (info.name if info else segment.src))
        source = _range(otio, in_ms, duration_ms, rate)
    else:
        role = str(meta.get("role") or ("title" if meta.get("text") else "generated"))
        kind = "title" if meta.get("text") else str(meta.get("effect") or role)
        reference = otio.schema.GeneratorReference(generator_kind=kind, parameters=_json_safe(meta))
        reference.available_range = _range(otio, 0, duration_ms, rate)
        name = f'Title: "{meta["text"]}"' if meta.get("text") else str(meta.get("name") or kind)
        source = _range(otio, 0, duration_ms, rate)
    clip = otio.schema.Clip(name=name, media_reference=reference, source_range=source)
    clip.metadata["nemo"] = {"src": segment.src, **_json_safe(meta)}
    return clip


def _markers(otio: Any, draft: Draft, rate: float) -> list[Any]:
    meta = draft.meta
    downbeats = {int(ms) for ms in meta.get("downbeats_ms") or []}
    markers = [
        otio.schema.Marker(name="beat", marked_range=_point(otio, int(ms), rate), color=BEAT_COLOUR)
        for ms in meta.get("beats_ms") or []
        if int(ms) not in downbeats
    ]
    markers += [
        otio.schema.Marker(name="downbeat", marked_range=_point(otio, ms, rate), color=DOWNBEAT_COLOUR)
        for ms in sorted(downbeats)
    ]
    for number, section in enumerate(meta.get("sections") or [], start=1):
        start, end = int(section.get("start_ms", 0)), int(section.get("end_ms", 0))
        if end > start:
            name = f"section {number}: {section.get('level', '')}".rstrip(": ")
            markers.append(
                otio.schema.Marker(name=name, marked_range=_range(otio, start, end - start, rate), color=SECTION_COLOUR)
            )
    return markers


def _point(otio: Any, ms: int, rate: float) -> Any:
    start = otio.opentime.RationalTime(round(ms * rate / 1000), rate)
    return otio.opentime.TimeRange(start_time=start, duration=otio.opentime.RationalTime(0, rate))


def _json_safe(value: Any) -> Any:
    """Draft metadata as plain JSON values (OTIO's metadata takes str, numbers, bools, lists and dicts)."""
    if isinstance(value, Mapping):
        return {str(k): _json_safe(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value if v is not None]
    if isinstance(value, (str, int, float, bool)):
        return value.value if hasattr(value, "value") else value
    return str(value)
