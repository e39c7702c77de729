"""A music video planned again from its own music and pictures, with what a message asks of the plan changed: faster
or slower cuts in the chorus (the loudest section), a clip's share of the screen time larger or smaller, and a cut
rate said with them or on a draft planned with such options (a recut would lose them); a message's requests of the
plan are one new plan (``replan_requests``). The draft's other looks (visualizer, cut rate, colour grade, picture
motion, titles, length) stay; the plan stays deterministic (the same seed as the first build)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from ...protocol import Draft, MediaInfo, MediaKind
from .context import AgentContext
from .errors import EditError
from .look import shares
from .making import Work, build_music_video, media_of, plan_options
from .media import named
from .operations import BuildMusicVideo, Parsed, Replan, SetCutRate
from .replies import seconds
from .restyle import carry_look
from .timing import new_rate
from .tracks import music_source, visual_shots, visuals_index
from .whole_song import whole_song_ms

MIN_FACTOR, MAX_FACTOR = 0.25, 8.0


def _clamp(factor: float) -> float:
    return max(MIN_FACTOR, min(MAX_FACTOR, factor))


def chorus_factor(draft: Draft) -> float:
    """How much longer the draft's plan makes the chorus' shots than its loudness gives (1: as it gives)."""
    return float(plan_options(draft).get("chorus_factor", 1.0))


def source_weights(draft: Draft) -> dict[str, float]:
    """Each picture's or clip's weight in the draft's plan (``m.source_weights``; 1 where it says nothing)."""
    return dict(plan_options(draft).get("source_weights", ()))


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
    clip = named(edit.words or "", clips, MediaKind.VIDEO)
    for chosen in [clip] if clip is not None else clips:
        weights[chosen.id] = _clamp(weights.get(chosen.id, 1.0) * edit.clip_factor)
    return weights


def replan(edit: Replan, draft: Draft, ctx: AgentContext) -> Work:
    """Plan ``draft`` again with the cuts in its chorus, its clips' share or its cut rate changed by ``edit``."""
    track = music_source(draft)
    v = visuals_index(draft)
    if track is None or v is None:
        raise EditError("there's no music video to change yet: build one from a track first")
    shown = {sg.src for sg in draft.tracks[v].segments if sg.src}
    media = (*ctx.media(), *ctx.generated())
    visuals = [m for m in media if m.id in shown and m.kind in (MediaKind.IMAGE, MediaKind.VIDEO)]
    if edit.chorus_factor is not None and not draft.meta.get("chorus_ms"):
        raise EditError("I can't find a chorus in this music: it has one section, so the cuts follow its loudness")
    # one rate for the whole video is the chorus' too, unless the same message makes the chorus faster or slower
    chorus = 1.0 if edit.beats_per_cut else chorus_factor(draft)
    chorus = chorus if edit.chorus_factor is None else _clamp(chorus * edit.chorus_factor)
    weights = _weights(edit, draft, visuals)
    same = (chorus, weights) == (chorus_factor(draft), source_weights(draft))
    if same and (edit.beats_per_cut is None or edit.beats_per_cut == draft.meta.get("beats_per_cut")):
        raise EditError("that's as far as it goes: try the other way, or undo")
    info = media_of(ctx, track)
    length = draft.duration_ms if info.duration_ms and draft.duration_ms < whole_song_ms(ctx, info) - 100 else None
    build = BuildMusicVideo(
        track=track, visuals=tuple(m.id for m in visuals), length_ms=length, beats_per_cut=edit.beats_per_cut
    )
    build = carry_look(build, draft, "")
    options: dict[str, Any] = {"chorus_factor": chorus, "source_weights": tuple(sorted(weights.items()))}
    new = yield from build_music_video(build, draft, ctx, again=True, **options)
    on_bars = edit.bars if edit.beats_per_cut else draft.meta.get("cut_on_downbeats")
    return new.with_meta(cut_on_downbeats=on_bars) if isinstance(on_bars, bool) else new


def replan_requests(ops: Sequence[Parsed], draft: Draft) -> list[Parsed]:
    """``ops`` with the requests of one message that need a new plan made one ``Replan``, where the first of them
    stood: a faster or slower chorus, a clip used more or less, and each cut rate said with them or on a draft planned
    with such options or from pictures and clips (``m.most_shows``: a recut would cycle its pictures in one fixed
    order, lose their ceilings, framings and clip moments). Each request reads the draft the message's earlier ones make: "cut
    every 2 beats and faster cuts in the chorus" is one plan at 2 beats with a faster chorus, and so is "faster cuts
    in the chorus, and cut every 2 beats" (a rate said in another message is the chorus' too)."""
    if not (plan_options(draft) or "most_shows" in draft.meta) and not any(isinstance(op, Replan) for op in ops):
        return list(ops)
    out: list[Parsed] = []
    first: int | None = None
    seen = draft  # the cut rate as the message's earlier requests set it
    for op in ops:
        if isinstance(op, SetCutRate):
            beats, on_bars = _rate(seen, op)
            if beats is None:  # a rate that cannot go further: the recut says why
                out.append(op)
                continue
            seen = seen.with_meta(beats_per_cut=beats, cut_on_downbeats=on_bars)
            op = Replan(beats_per_cut=beats, bars=on_bars)
        merged = _merge(out[first], op) if first is not None and isinstance(op, Replan) else None
        if merged is not None and first is not None:
            out[first] = merged
            continue
        if first is None and isinstance(op, Replan):
            first = len(out)
        out.append(op)
    return out


def _rate(draft: Draft, rate: SetCutRate) -> tuple[int | None, bool]:
    try:
        return new_rate(draft, rate)
    except EditError:
        return None, False


def _merge(plan: Parsed, then: Replan) -> Replan | None:
    """One plan that does what ``plan`` and ``then`` ask, or None where both change clips' shares."""
    if not isinstance(plan, Replan) or (plan.clip_factor is not None and then.clip_factor is not None):
        return None
    factors = [f for f in (plan.chorus_factor, then.chorus_factor) if f is not None]
    clip = plan if plan.clip_factor is not None else then
    rate = then if then.beats_per_cut else plan
    return replace(
        plan,
        chorus_factor=factors[0] * factors[1] if len(factors) == 2 else next(iter(factors), None),
        clip_factor=clip.clip_factor,
        words=clip.words,
        beats_per_cut=rate.beats_per_cut,
        bars=rate.bars,
    )


def _shots_in(draft: Draft, span: tuple[int, int]) -> int:
    return sum(span[0] <= sg.start_ms < span[1] for sg in visual_shots(draft))


def describe_replan(edit: Replan, before: Draft, after: Draft, zh: bool) -> str:
    """What the re-plan changed besides the cut rate, read from the drafts: the chorus' shots (and the rest's pace
    kept, unless ``edit`` sets a rate for it), or the clips' share."""
    raw = after.meta.get("chorus_ms")
    if edit.chorus_factor is not None and isinstance(raw, list) and len(raw) == 2:
        return _chorus_words(edit, before, after, (int(raw[0]), int(raw[1])), zh)
    changed = [k for k, w in source_weights(after).items() if source_weights(before).get(k, 1.0) != w]
    if len(changed) == 1:  # one clip named: its own share
        name = next((str(sg.meta.get("name")) for sg in visual_shots(after) if sg.src == changed[0]), "the clip")
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


def _chorus_words(edit: Replan, before: Draft, after: Draft, span: tuple[int, int], zh: bool) -> str:
    """The chorus' shots before and after, or that they could not change (a chorus cut on every beat already)."""
    was, now = _shots_in(before, span), _shots_in(after, span)
    where = f"{seconds(span[0])}-{seconds(span[1])}"
    faster = edit.chorus_factor is not None and edit.chorus_factor < 1
    if now == was and not edit.beats_per_cut:
        if zh:
            return f"副歌（{where}秒）已经剪得{'最快' if faster else '最慢'}：{now}个镜头"
        return f"the chorus ({where}s) already cuts as {'fast' if faster else 'slowly'} as it can: {now} shots there"
    if zh:
        rest = "" if edit.beats_per_cut else "，其余不变"
        was_words = f"（原来{was}个）" if now != was else ""
        return f"副歌（{where}秒）剪得{'更快' if faster else '更慢'}：{now}个镜头{was_words}{rest}"
    rest = "" if edit.beats_per_cut else "; the rest keeps its pace"
    instead = f" instead of {was}" if now != was else ""
    return f"{'faster' if faster else 'slower'} cuts in the chorus ({where}s): {now} shots there{instead}{rest}"
