"""A music video planned again from its own music and pictures, with one option changed: faster or slower cuts
in the chorus (the loudest section), a clip's share of the screen time larger or smaller. The draft's other looks
(visualizer, cut rate, colour grade, picture motion, titles, length) stay; the plan stays deterministic (the same
seed as the first build)."""

from __future__ import annotations

from collections.abc import Sequence

from ...protocol import Draft, MediaInfo, MediaKind, Segment
from .context import AgentContext
from .errors import EditError
from .look import shares
from .making import Work, build_music_video, media_of
from .media import by_name, ordinal
from .operations import BuildMusicVideo, Parsed, Replan, SetCutRate
from .replies import seconds
from .restyle import carry_look
from .timing import MAX_BEATS_PER_CUT, current_beats_per_cut
from .tracks import music_source, visuals_index

MIN_FACTOR, MAX_FACTOR = 0.25, 8.0


def _factor(draft: Draft, key: str, times: float | None) -> float:
    raw = draft.meta.get(key, 1.0)
    current = float(raw) if isinstance(raw, (int, float)) else 1.0
    return current if times is None else max(MIN_FACTOR, min(MAX_FACTOR, current * times))


def source_weights(draft: Draft) -> dict[str, float]:
    """Each picture's or clip's weight in the draft's plan (``m.source_weights``; 1 where it says nothing)."""
    raw = draft.meta.get("source_weights")
    if not isinstance(raw, dict):
        return {}
    return {str(k): float(v) for k, v in raw.items() if isinstance(v, (int, float))}


def _weights(edit: Replan, draft: Draft, visuals: Sequence[MediaInfo]) -> dict[str, float]:
    """The sources' weights after ``edit``: the clip its words name (by name or ordinal), else every clip, times
    ``edit.clip_factor``."""
    weights = source_weights(draft)
    if edit.clip_factor is None:
        return weights
    clips = [m for m in visuals if m.kind == MediaKind.VIDEO]
    if not clips:
        raise EditError("there's no clip in this video to use more or less: upload one and build the video again")
    if len(clips) == len(visuals):
        raise EditError("the video shows nothing but clips: there are no pictures to give time to or take from")
    index = ordinal(edit.words or "", MediaKind.VIDEO)
    named = by_name(edit.words or "", clips) or (
        clips[index] if index is not None and -len(clips) <= index < len(clips) else None
    )
    for clip in [named] if named is not None else clips:
        weights[clip.id] = max(MIN_FACTOR, min(MAX_FACTOR, weights.get(clip.id, 1.0) * edit.clip_factor))
    return weights


def replan(edit: Replan, draft: Draft, ctx: AgentContext) -> Work:
    """Plan ``draft`` again with the cuts in its chorus or its clips' share changed by ``edit``'s factors."""
    track = music_source(draft)
    v = visuals_index(draft)
    if track is None or v is None:
        raise EditError("there's no music video to change yet: build one from a track first")
    shown = {sg.src for sg in draft.tracks[v].segments if sg.src}
    media = (*ctx.media(), *ctx.generated())
    visuals = [m for m in media if m.id in shown and m.kind in (MediaKind.IMAGE, MediaKind.VIDEO)]
    if edit.chorus_factor is not None and not draft.meta.get("chorus_ms"):
        raise EditError("I can't find a chorus in this music: it has one section, so the cuts follow its loudness")
    # one rate for the whole video is the chorus' too
    chorus = 1.0 if edit.beats_per_cut else _factor(draft, "chorus_factor", edit.chorus_factor)
    weights = _weights(edit, draft, visuals)
    same = (chorus, weights) == (_factor(draft, "chorus_factor", None), source_weights(draft))
    if same and (edit.beats_per_cut is None or edit.beats_per_cut == draft.meta.get("beats_per_cut")):
        raise EditError("that's as far as it goes: try the other way, or undo")
    info = media_of(ctx, track)
    length = draft.duration_ms if info.duration_ms and draft.duration_ms < info.duration_ms - 100 else None
    build = BuildMusicVideo(
        track=track, visuals=tuple(m.id for m in visuals), length_ms=length, beats_per_cut=edit.beats_per_cut
    )
    build = carry_look(build, draft, "")
    options = {"chorus_factor": chorus, "source_weights": tuple(sorted(weights.items()))}
    new = yield from build_music_video(build, draft, ctx, again=True, **options)
    return new.with_meta(cut_on_downbeats=edit.bars) if edit.beats_per_cut else new


def replan_rates(ops: Sequence[Parsed], draft: Draft) -> list[Parsed]:
    """``ops`` with each cut rate on a draft planned with options a recut would lose (a faster chorus, a clip used
    more) turned into a new plan at that rate, which keeps them."""
    if not any(key in draft.meta for key in ("chorus_factor", "clip_weight", "source_weights")):
        return list(ops)
    out: list[Parsed] = []
    for op in ops:
        if isinstance(op, SetCutRate):
            bar = draft.meta.get("beats_per_bar", 4)
            beats = op.bars * (bar if isinstance(bar, int) else 4) if op.bars else op.beats_per_cut
            if beats is None and op.factor is not None:
                beats = max(1, min(round(current_beats_per_cut(draft) * op.factor), MAX_BEATS_PER_CUT))
            op = Replan(beats_per_cut=beats, bars=op.bars is not None) if beats else op
        out.append(op)
    return out


def _shots_in(draft: Draft, span: tuple[int, int]) -> int:
    v = visuals_index(draft)
    lane = draft.tracks[v].segments if v is not None else ()
    return sum(span[0] <= sg.start_ms < span[1] for sg in lane)


def describe_replan(edit: Replan, before: Draft, after: Draft, zh: bool) -> str:
    """What the re-plan changed, read from the drafts: the chorus' shots, or the clips' share."""
    raw = after.meta.get("chorus_ms")
    if edit.chorus_factor is not None and isinstance(raw, list) and len(raw) == 2:
        span = (int(raw[0]), int(raw[1]))
        was, now = _shots_in(before, span), _shots_in(after, span)
        where = f"{seconds(span[0])}-{seconds(span[1])}"
        faster = edit.chorus_factor < 1
        if zh:
            return f"副歌（{where}秒）剪得{'更快' if faster else '更慢'}：{now}个镜头（原来{was}个），其余不变"
        pace = "faster" if faster else "slower"
        return f"{pace} cuts in the chorus ({where}s): {now} shots there instead of {was}; the rest keeps its pace"
    changed = [k for k, w in source_weights(after).items() if source_weights(before).get(k, 1.0) != w]
    if len(changed) == 1:  # one clip named: its own share
        name = next((str(sg.meta.get("name")) for sg in _lane(after) if sg.src == changed[0]), "the clip")
        was, now = round(shares(before, changed[0]) * 100), round(shares(after, changed[0]) * 100)
        return (
            f"“{name}”现在占画面时间的{now}%（原来{was}%）"
            if zh
            else f"{name} now fills {now}% of the video (was {was}%)"
        )
    was, now = round(shares(before) * 100), round(shares(after) * 100)
    if zh:
        return f"视频片段现在占画面时间的{now}%（原来{was}%）"
    return f"the clips now fill {now}% of the video (was {was}%)"


def _lane(draft: Draft) -> Sequence[Segment]:
    v = visuals_index(draft)
    return draft.tracks[v].segments if v is not None else ()
