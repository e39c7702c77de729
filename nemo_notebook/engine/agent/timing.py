"""Pure timing edits: the length of the export, trims at either end, and the cut rate on the beat grid."""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping, Sequence
from dataclasses import replace

from ...protocol import Draft, Segment, Track, TrackType
from ...protocol.showings import showing_lengths_ms as lengths_of_showings
from ...protocol.vocabulary import Role
from ..planning.accents import CALM_DISSOLVE_MS, dissolve_every_cut
from ..planning.colour_joins import clashes_dipped, colours_of, lulls_of
from ..planning.opening import opening_start_ms
from .errors import EditError
from .operations import AtEnd, Resync, SetCutRate, Start
from .tracks import replace_track, visual_shots, visuals_index

MIN_LENGTH_MS = 1000
MIN_SLOT_MS = 150
MIN_SHOT_MS = 500  # shorter than this at the end of a shortened video, a shot reads as a flash
CUT_MUSIC_FADE_MS = 1500
MAX_BEATS_PER_CUT = 32


def _ms_text(ms: int) -> str:
    return f"{ms / 1000:g} s"


def _fades(track: Track) -> tuple[int | None, int | None]:
    if not track.segments:
        return None, None
    first = min(track.segments, key=lambda sg: sg.start_ms)
    last = max(track.segments, key=lambda sg: sg.end_ms)
    return first.meta.get("fade_in_ms"), last.meta.get("fade_out_ms")


def _refade(track: Track, fade_in: int | None, fade_out: int | None) -> Track:
    """Put fades that sat on segments a trim removed back on the new first and last segments."""
    if not track.segments:
        return track
    segments = list(track.segments)
    if fade_in:
        j = min(range(len(segments)), key=lambda k: segments[k].start_ms)
        segments[j] = segments[j].with_meta(fade_in_ms=min(int(fade_in), segments[j].duration_ms))
    if fade_out:
        j = max(range(len(segments)), key=lambda k: segments[k].end_ms)
        segments[j] = segments[j].with_meta(fade_out_ms=min(int(fade_out), segments[j].duration_ms))
    return track.with_segments(segments)


def _shift_grid(draft: Draft, offset_ms: int, end_ms: int) -> Draft:
    meta = dict(draft.meta)
    for key in ("beats_ms", "downbeats_ms"):
        if isinstance(meta.get(key), list):
            meta[key] = [int(b) - offset_ms for b in meta[key] if offset_ms <= int(b) < offset_ms + end_ms]
    if isinstance(meta.get("sections"), list):
        meta["sections"] = _sections_shifted(meta["sections"], offset_ms, end_ms)
    chorus = meta.pop("chorus_ms", None)
    if isinstance(chorus, list) and len(chorus) == 2:
        a, b = (min(max(int(t) - offset_ms, 0), end_ms) for t in chorus)
        meta |= {"chorus_ms": [a, b]} if b > a else {}
    for key in ("seconds_db", "seconds_bright"):  # one a second: those of the seconds it now plays
        if isinstance(meta.get(key), list):
            meta[key] = meta[key][round(offset_ms / 1000) :][: -(-end_ms // 1000)]
    if isinstance(meta.get("lifts_ms"), list):
        meta["lifts_ms"] = [int(t) - offset_ms for t in meta["lifts_ms"] if offset_ms < int(t) < offset_ms + end_ms]
    chorus_ms = meta.pop("chorus_start_ms", None)
    if isinstance(chorus_ms, int) and chorus_ms - offset_ms < end_ms:  # 0: the video starts at the chorus or past it
        meta["chorus_start_ms"] = max(chorus_ms - offset_ms, 0)
    silent_ms = meta.pop("silent_start_ms", 0)
    drop_ms = meta.pop("quiet_intro_ms", 0)
    meta |= {"quiet_intro_ms": drop_ms - offset_ms} if isinstance(drop_ms, int) and drop_ms > offset_ms else {}
    meta |= {"silent_start_ms": silent_ms - offset_ms} if isinstance(silent_ms, int) and silent_ms > offset_ms else {}
    if offset_ms + end_ms < draft.duration_ms:  # the video no longer ends where a cut-off recording stops
        meta.pop("cut_off_fade_ms", None)
    return replace(draft, meta=meta, duration_ms=end_ms)


def _sections_shifted(sections: list[object], offset_ms: int, end_ms: int) -> list[object]:
    """``m.sections`` on a video that now starts ``offset_ms`` later and lasts ``end_ms``: each section where it now
    plays (the one the new start falls in from 0), those wholly cut off gone, so that a section's look and the
    chorus stay with the music they belong to."""
    out: list[object] = []
    for item in sections:
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("start_ms"), int)
            or not isinstance(item.get("end_ms"), int)
        ):
            continue
        start, end = max(item["start_ms"] - offset_ms, 0), min(item["end_ms"] - offset_ms, end_ms)
        out += [item | {"start_ms": start, "end_ms": end}] if end > start else []
    return out


def start_at(start: Start, duration_ms: int, draft_ms: int) -> int:
    """A start in ms: ``start`` itself, or for ``AT_END`` where something of ``duration_ms`` ends with the video."""
    return max(draft_ms - duration_ms, 0) if isinstance(start, AtEnd) else start


def set_length(draft: Draft, length_ms: int) -> Draft:
    """Shorten the export to ``length_ms``: whatever runs past the new end is cut, and end fades move with the end."""
    if draft.is_empty:
        raise EditError("the timeline is empty: there's nothing to shorten yet")
    if length_ms < MIN_LENGTH_MS:
        raise EditError(f"a video must last at least {_ms_text(MIN_LENGTH_MS)}")
    if length_ms > draft.duration_ms:
        raise EditError(f"the video is {_ms_text(draft.duration_ms)} long; I can shorten it but not stretch it longer")
    tracks = []
    for track in draft.tracks:
        _, fade_out = _fades(track)
        if track.type == TrackType.AUDIO and not fade_out and track.end_ms > length_ms:
            fade_out = min(CUT_MUSIC_FADE_MS, length_ms // 4)  # music stopped mid-phrase fades rather than chops
        kept = [
            replace(sg, duration_ms=min(sg.end_ms, length_ms) - sg.start_ms)
            for sg in track.segments
            if sg.start_ms < length_ms
        ]
        tracks.append(_refade(track.with_segments(kept), None, fade_out if track.type != TrackType.TEXT else None))
    v = visuals_index(draft)
    if v is not None:
        tracks[v] = _without_sliver(tracks[v])
    return _shift_grid(draft.with_tracks(tracks), 0, length_ms)


def _without_sliver(lane: Track) -> Track:
    """A picture shot that the new end leaves a sliver of (a flash, not a shot) joins the picture before it."""
    segments = sorted(lane.segments, key=lambda sg: sg.start_ms)
    if len(segments) < 2 or segments[-1].duration_ms >= MIN_SHOT_MS:
        return lane
    before, last = segments[-2], segments[-1]
    if before.src is not None and "motion" not in before.meta:  # a video clip: its window cannot grow safely
        return lane
    return lane.with_segments([*segments[:-2], replace(before, duration_ms=last.end_ms - before.start_ms)])


def _trim_segment(sg: Segment, cut_ms: int, anchored: bool) -> Segment | None:
    if anchored and sg.start_ms == 0:
        return sg
    if sg.end_ms <= cut_ms:
        return None
    lost = max(cut_ms - sg.start_ms, 0)
    in_ms = None if sg.src is None else (sg.in_ms or 0) + lost
    return replace(sg, start_ms=max(sg.start_ms - cut_ms, 0), duration_ms=sg.duration_ms - lost, in_ms=in_ms)


def trim(draft: Draft, edge: str, cut_ms: int) -> Draft:
    """Cut ``cut_ms`` from the ``edge`` "start" or "end". An opening title (at 0) stays at the new start."""
    if draft.is_empty:
        raise EditError("the timeline is empty: there's nothing to cut yet")
    if draft.duration_ms - cut_ms < MIN_LENGTH_MS:
        raise EditError(
            f"the video is only {_ms_text(draft.duration_ms)} long; cutting {_ms_text(cut_ms)} leaves nothing"
        )
    if edge == "end":
        return set_length(draft, draft.duration_ms - cut_ms)
    tracks = []
    length_ms = draft.duration_ms - cut_ms
    for track in draft.tracks:
        fade_in, _ = _fades(track)
        trimmed = [
            _opening_again(sg, cut_ms, draft, length_ms)
            if track.type == TrackType.TEXT and sg.meta.get("role") == Role.TITLE and 0 < sg.start_ms < cut_ms
            else _trim_segment(sg, cut_ms, track.type == TrackType.TEXT)
            for sg in track.segments
        ]
        kept = [replace(sg, duration_ms=min(sg.duration_ms, length_ms - sg.start_ms)) for sg in trimmed if sg]
        tracks.append(_refade(track.with_segments(kept), fade_in, None))
    return _shift_grid(draft.with_tracks(tracks), cut_ms, length_ms)


def _opening_again(title: Segment, cut_ms: int, draft: Draft, length_ms: int) -> Segment:
    """The opening title of a video now started ``cut_ms`` later: where an opening title starts on the shorter
    video's own beat grid (``opening.opening_start_ms``: its first downbeat after 0.4 s), as long as it was shown
    (``usual_ms`` where it was held over a quiet intro), not cut off with the part before the new start nor left
    where the old grid put it."""
    grid = {
        key: [int(b) - cut_ms for b in _grid(draft, key) if int(b) >= cut_ms] for key in ("downbeats_ms", "beats_ms")
    }
    start_ms = min(opening_start_ms(grid["downbeats_ms"], grid["beats_ms"]), length_ms // 8)
    usual_ms = title.meta.get("usual_ms")
    shown_ms = usual_ms if isinstance(usual_ms, int) else title.duration_ms
    meta = {k: v for k, v in title.meta.items() if k != "usual_ms"}
    return replace(title, start_ms=start_ms, duration_ms=min(shown_ms, length_ms - start_ms), meta=meta)


def trim_silence(draft: Draft) -> Draft:
    """Cut the silence the track opens with (``m.silent_start_ms``: ``planning.talk.silent_start_ms``)."""
    silent_ms = draft.meta.get("silent_start_ms")
    if not isinstance(silent_ms, int) or silent_ms <= 0:
        raise EditError("the video does not open on a silence (two seconds or more): there is none to cut")
    return trim(draft, "start", silent_ms)


def trim_intro(draft: Draft) -> Draft:
    """Start where the music turns loud after a long quiet intro (``m.quiet_intro_ms``: ``planning.quiet_intro``),
    else after the track's silent start."""
    drop_ms = draft.meta.get("quiet_intro_ms")
    if isinstance(drop_ms, int) and drop_ms > 0:
        return trim(draft, "start", drop_ms)
    if isinstance(draft.meta.get("silent_start_ms"), int):
        return trim_silence(draft)
    raise EditError(
        "the music does not open on a long quiet intro, so I can't tell where the drop is: say where to start"
        ' (for example "start at 0:15")'
    )


# --- cut rate ----------------------------------------------------------------------------------------------------


def _grid(draft: Draft, key: str) -> list[int]:
    raw = draft.meta.get(key)
    return sorted(int(b) for b in raw) if isinstance(raw, list) else []


def current_beats_per_cut(draft: Draft) -> int:
    """The cut rate the draft has: ``m.beats_per_cut`` where planning wrote it, else estimated from the lane: the
    beats in its mean showing (``protocol.showings``: a near view right after its picture continues its showing,
    one a few shots on is a showing of its own, as a viewer sees them; "slow it down" means the pictures), in whole
    bars from a bar up, as cut rates are counted: one held shot among 8-beat ones reads 8, not 9, and a calm intro
    of 16-beat shots before a drop cut every 2 beats reads 4, not 2."""
    stored = draft.meta.get("beats_per_cut")
    if isinstance(stored, int) and stored > 0:
        return stored
    beats = [b for b in _grid(draft, "beats_ms") if b < draft.duration_ms]
    shown = showing_lengths_ms(draft)
    if not shown or len(beats) < 2:
        return max(round(len(beats) / len(shown)), 1) if shown else 4
    beat_ms = (beats[-1] - beats[0]) / (len(beats) - 1)
    mean_beats = sum(shown) / len(shown) / beat_ms
    bar = int(draft.meta.get("beats_per_bar", 4))
    return bar * round(mean_beats / bar) if mean_beats >= bar else max(round(mean_beats), 1)


def showing_lengths_ms(draft: Draft) -> list[int]:
    """How long each showing of the visuals lane lasts (ms), as a viewer counts showings (``protocol.showings``)."""
    return lengths_of_showings(visual_shots(draft))


def new_rate(draft: Draft, rate: SetCutRate | Resync) -> tuple[int, bool]:
    """(beats per cut, on downbeats) that ``rate`` asks for."""
    current = current_beats_per_cut(draft)
    if isinstance(rate, Resync):
        return current, bool(draft.meta.get("cut_on_downbeats", False))
    if rate.bars is not None:
        return rate.bars * int(draft.meta.get("beats_per_bar", 4)), True
    if rate.beats_per_cut is not None:
        return rate.beats_per_cut, False
    if rate.factor is not None:
        wanted = max(1, min(round(current * rate.factor), MAX_BEATS_PER_CUT))
        if wanted == current:
            raise EditError(
                f"the cuts already come every {current} beat{'s' if current > 1 else ''}; that's as far as they go"
            )
        return wanted, False
    return current, bool(draft.meta.get("cut_on_downbeats", False))


def _cut_points(draft: Draft, beats_per_cut: int, on_downbeats: bool) -> list[int]:
    """0 and every ``beats_per_cut``-th beat, counted from the first downbeat so that cuts fall on bar lines."""
    beats = _grid(draft, "beats_ms")
    if not beats:
        raise EditError("the timeline has no beat grid: build a music video from a track first")
    downbeats = _grid(draft, "downbeats_ms")
    if on_downbeats and downbeats:
        bar = int(draft.meta.get("beats_per_bar", 4))
        grid, step, anchor = downbeats, max(beats_per_cut // bar, 1), 0
    else:
        grid, step = beats, beats_per_cut
        anchor = beats.index(downbeats[0]) if downbeats and downbeats[0] in beats else 0
    chosen = grid[anchor % step :: step]
    return sorted({0, *(b for b in chosen if MIN_SLOT_MS <= b <= draft.duration_ms - MIN_SLOT_MS)})


def _sources(lane: Track) -> list[Segment]:
    """The distinct things the lane shows, in order of first appearance (a picture, a clip, a background)."""
    seen: dict[str, Segment] = {}
    for sg in sorted(lane.segments, key=lambda s: s.start_ms):
        key = sg.src or json.dumps(dict(sg.meta), sort_keys=True, default=str)
        seen.setdefault(key, sg)
    return list(seen.values())


def _fill(sources: Sequence[Segment], points: list[int], end_ms: int, media_ms: Mapping[str, int]) -> list[Segment]:
    """Segments at ``points``, cycling through ``sources``; a clip plays on from where it last stopped."""
    next_in = {i: (src.in_ms or 0) for i, src in enumerate(sources)}
    out = []
    for k, start in enumerate(points):
        i = k % len(sources)
        source = sources[i]
        length = (points[k + 1] if k + 1 < len(points) else end_ms) - start
        in_ms = None
        if source.src is not None and (source.in_ms is not None or source.src in media_ms):
            in_ms = next_in[i]
            total = media_ms.get(source.src)
            if total and in_ms + length > total:
                in_ms = (
                    0 if length >= total else (in_ms + length) % total if in_ms + length - total < total - length else 0
                )
            next_in[i] = in_ms + length
        meta = {k2: v for k2, v in source.meta.items() if k2 not in ("fade_in_ms", "fade_out_ms")}
        out.append(Segment(start_ms=start, duration_ms=length, src=source.src, in_ms=in_ms, meta=meta))
    return out


def recut(draft: Draft, rate: SetCutRate | Resync, media_ms: Mapping[str, int]) -> Draft:
    """Lay the visuals out again with a cut every ``beats_per_cut`` beats (or ``bars`` bars, or the current rate
    times ``factor``), on the draft's beat grid; ``Resync`` re-syncs at the current rate. ``media_ms``: the files'
    lengths (ms), so that a clip never plays past its end."""
    v = visuals_index(draft)
    if v is None or not draft.tracks[v].segments:
        raise EditError("there are no visuals on the timeline to cut")
    beats_per_cut, on_downbeats = new_rate(draft, rate)
    lane = draft.tracks[v]
    fade_in, fade_out = _fades(lane)
    points = _cut_points(draft, beats_per_cut, on_downbeats)
    segments = _joins_again(lane, _fill(_sources(lane), points, draft.duration_ms, media_ms), draft)
    new = replace_track(draft, v, _refade(lane.with_segments(segments), fade_in, fade_out))
    return new.with_meta(beats_per_cut=beats_per_cut, cut_on_downbeats=on_downbeats)


def _joins_again(lane: Track, segments: list[Segment], draft: Draft) -> list[Segment]:
    """``segments`` (the lane cut again, each with its source's first segment's meta) with joins of their own: where
    every join of ``lane`` was soft (calm music's, talk's), a dissolve into each shot as long as its longest (calm
    music's last a beat or two: ``accents.calm_dissolve_ms``), and a dip through black where the music dips
    (``colour_joins.clashes_dipped``, by the lulls and the mean colours the plan kept): a copied transition landed
    where its source now sits, a hard cut or a muddy dissolve between teal and orange."""
    shots = sorted(lane.segments, key=lambda sg: sg.start_ms)
    joins = [sg.meta.get("transition_in") for before, sg in itertools.pairwise(shots) if before.src != sg.src]
    if joins and all(kind in ("dissolve", "dip") for kind in joins):  # as long as the lane's longest dissolve
        kept = [sg.meta.get("transition_ms") for sg in shots if sg.meta.get("transition_in") == "dissolve"]
        longest = max((int(ms) for ms in kept if isinstance(ms, (int, float))), default=CALM_DISSOLVE_MS)
        segments = dissolve_every_cut(segments, longest)
    return clashes_dipped(segments, colours_of(draft.meta), lulls_of(draft.meta))


def remove_clip(draft: Draft, index: int) -> Draft:
    """Take the ``index``-th segment out of the visuals lane; its neighbour fills its time so the beat grid holds."""
    v = visuals_index(draft)
    lane = None if v is None else draft.tracks[v]
    if v is None or lane is None or len(lane.segments) < 2:
        raise EditError("there's only one clip on the timeline: removing it would leave nothing to show")
    ordered = sorted(lane.segments, key=lambda sg: sg.start_ms)
    if not -len(ordered) <= index < len(ordered):
        raise EditError(f"there are only {len(ordered)} clips on the timeline")
    index %= len(ordered)
    gone = ordered.pop(index)
    if index > 0:
        before = ordered[index - 1]
        ordered[index - 1] = replace(before, duration_ms=before.duration_ms + gone.duration_ms)
    else:
        after = ordered[0]
        ordered[0] = replace(after, start_ms=0, duration_ms=after.duration_ms + gone.duration_ms)
    return replace_track(draft, v, lane.with_segments(ordered))
