"""Building a music video from a track: analysis of the track and the visuals, planning (the whole song or a
shorter version of it), the options a re-plan keeps, and the reply that counts the shots. A generator that yields
what it says while it works and returns the new draft. Planning and analysis are imported when first used: the server
imports the agent at start-up (composing music is ``composing``)."""

from __future__ import annotations

import hashlib
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from dataclasses import replace
from types import SimpleNamespace
from typing import Any

from ...protocol import Draft, MediaInfo, MediaKind, TrackType
from ...protocol.vocabulary import ASPECT_SIZES, BACKDROPS, COVER_DESIGNS, Aspect, Role, panorama_shape
from .aspect_choice import chosen_aspect
from .context import AgentContext, AgentStep, Aside, Say
from .design_words import cover_plan_words
from .edits import media_lengths
from .end_card import OPENING_LAYOUTS, default_end_card, end_card_reply
from .errors import EditError, NotAvailable
from .look import keep_look
from .loudness_match import keep_loudness_match, offer_words
from .narration import doing, found_music, progress_words, shot_count
from .operations import BuildMusicVideo
from .replies import clock, t
from .short_words import is_short, span_words
from .timing import MIN_LENGTH_MS
from .track_tags import credit_of_track, genre_of_track, no_artist_hint
from .tracks import indices
from .whole_song import plays_whole_song

SHORT_MS = 60_000  # a vertical video longer than a minute is offered a short (a 30 s cut, the release pack's shorts)
SHORT_DEFAULT_MS = 30_000  # a song over ``SHORT_MS`` asked for an app of shorts (TikTok...) and no length: this long

Work = Generator[AgentStep, None, Draft]


@contextmanager
def refusals() -> Iterator[None]:
    """Planners and the composer refuse options with ``ValueError``: the agent says why as an ``EditError``."""
    try:
        yield
    except ValueError as exc:
        raise EditError(str(exc)) from exc


def media_of(ctx: AgentContext, media_id: str) -> MediaInfo:
    for m in (*ctx.media(), *ctx.generated()):
        if m.id == media_id:
            return m
    raise EditError(f"the file {media_id} is no longer in this session")


def seed_of(*parts: object) -> int:
    return int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:8], 16)


def build_music_video(
    edit: BuildMusicVideo,
    draft: Draft,
    ctx: AgentContext,
    grid: Any = None,
    *,
    again: bool = False,
    from_hook: bool = False,
    **options: Any,
) -> Work:
    """A music video from the track ``edit.track`` over ``edit.visuals``, on the track's beats (or on ``grid``'s,
    the composer's own beat grid, for a track it made), with planning's ``options`` besides (``chorus_factor``,
    ``clip_weight``, ``source_weights``, else the draft's); yields what it says (only the planning when ``again``,
    a new plan of media the user has heard about) and returns the new draft, with the draft's colour grade and
    picture motion; ``from_hook``: a shorter version starts at the chorus (a short)."""
    try:
        from ..planning.ending import ClipRoom, clip_breaks
        from ..planning.music_video import MusicVideoOptions
    except ImportError as exc:
        raise NotAvailable("building music videos isn't available in this engine yet") from exc
    track = media_of(ctx, edit.track)
    if not again:
        yield doing(ctx, "analysing", name=track.name)  # a track the composer made too: its sections, its energy
    analysis = ctx.audio_analysis(track.id, progress=progress_words(ctx))
    if grid is not None:  # a track the composer made: its own grid is exact, and the user was told its tempo
        analysis = replace(
            analysis, tempo_bpm=grid.tempo_bpm, beats_ms=tuple(grid.beats_ms), downbeats_ms=tuple(grid.downbeats_ms)
        )
    elif not again:
        yield Say(found_music(ctx.language, analysis))
    visuals = []
    for media_id in edit.visuals:
        item = media_of(ctx, media_id)
        if item.kind == MediaKind.VIDEO and not again:
            yield doing(ctx, "watching", name=item.name)
        watched = ctx.video_analysis(item.id, progress=progress_words(ctx)) if item.kind == MediaKind.VIDEO else None
        visuals.append((item, watched))
    aspect, upright = chosen_aspect(edit.aspect, draft, [item for item, _ in visuals])
    pano = _lone_panorama([item for item, _ in visuals], aspect)
    scenes = len(visuals) < 2 and all(item.kind == MediaKind.IMAGE for item, _ in visuals)  # a cover, or none
    yield doing(ctx, "planning_pan", name=pano) if pano else doing(ctx, "planning_scenes" if scenes else "planning")
    with refusals():
        said = _options(edit, draft, aspect) | plan_options(draft) | {"as_mastered": grid is None} | options
        said |= credit_of_track(ctx, track, draft) if grid is None and "title" not in said else {}
        said |= genre_of_track(ctx, track) if grid is None and not visuals else {}
        short = _default_short(edit, analysis, track)
        hooked = from_hook or bool(short)  # a short: it opens on motion where a clip gives some
        said |= {} if "opening" in said else (hooked and _opening_clip(visuals)) or _opening(ctx, visuals)
        said |= _sharpness(ctx, visuals)
        new = _plan(track, analysis, visuals, MusicVideoOptions(**said), edit.length_ms or short, from_hook=hooked)
    if edit.beats_per_cut:
        new = new.with_meta(beats_per_cut=edit.beats_per_cut)
    lengths = media_lengths((*ctx.media(), *ctx.generated()))
    breaks = {item.id: clip_breaks(watched) for item, watched in visuals if watched is not None}
    # the shots counted once the end card's held shot has taken the last ones in: the count the reply gives
    new = default_end_card(
        draft, keep_look(draft, _first_frame(carry_text(draft, new)), lengths), ClipRoom(lengths, breaks)
    )
    new = keep_loudness_match(draft, new, ctx)
    new = new.with_meta(aspect_named=True) if edit.aspect or draft.meta.get("aspect_named") else new
    cover_plan = cover_plan_words(new, ctx.language == "zh")  # a cover's scenes by time, not counted
    yield Say(
        cover_plan
        or t(
            ctx.language,
            "planned_pan" if pano else _planned_words(new),
            shots=shot_count(new),
            s="" if shot_count(new) == 1 else "s",
        )
    )
    if upright and not again:
        yield Say(t(ctx.language, "portrait_aspect"))
    # what was made leads the reply (``actions.run_ops``): what to say next and the song's level follow it
    if short and not again:
        sounding = _sounding_ms(analysis, track)
        span = span_words(new, sounding, ctx.language == "zh")  # which part of the song: "1:16 to its end"
        yield Aside(t(ctx.language, "short_made", length=clock(new.duration_ms), span=span, whole=clock(sounding)))
    elif new.aspect == Aspect.TALL and not again and edit.length_ms is None and new.duration_ms > SHORT_MS:
        yield Aside(t(ctx.language, "short_offer"))  # a 9:16 video longer than a short: the words for one
    hint = no_artist_hint(ctx, track, said)
    if hint:
        yield Aside(hint)
    card = new.meta.get("end_card")
    if isinstance(card, dict) and card != draft.meta.get("end_card"):  # a new card, or a line given its title again
        yield Aside(end_card_reply(card, ctx.language == "zh", new))
    offer = "" if again or grid is not None else offer_words(new, ctx, track, ctx.language == "zh")
    if offer:
        yield Aside(offer)
    return new


def _default_short(edit: BuildMusicVideo, analysis: Any, track: MediaInfo) -> int | None:
    """The length of the short made by default (``SHORT_DEFAULT_MS``) where the words named an app of shorts and no
    length (``edit.short``) and the song sounds longer than ``SHORT_MS``; else None (the whole song)."""
    if not edit.short or edit.length_ms is not None:
        return None
    return SHORT_DEFAULT_MS if _sounding_ms(analysis, track) > SHORT_MS else None


def _sounding_ms(analysis: Any, track: MediaInfo) -> int:
    from ..planning.song_ending import sounding_ms

    return int(sounding_ms(analysis, track.duration_ms))


def _lone_panorama(visuals: list[MediaInfo], aspect: str) -> str:
    """The name of the one picture shown where it is a panorama (panned across, not a cover's scenes:
    ``planning.music_video``), else ""."""
    if len(visuals) != 1 or visuals[0].kind != MediaKind.IMAGE:
        return ""
    shaped = panorama_shape(visuals[0].width, visuals[0].height, *ASPECT_SIZES.get(aspect, ASPECT_SIZES["16:9"]))
    return visuals[0].name if shaped else ""


def _planned_words(draft: Draft) -> str:
    """The words that count the shots planned: calm shots (talk, steady noise), a cover's or a track alone's scenes
    (one a section), calm music's long shots that dissolve into each other, else shots on the beats."""
    if draft.meta.get("talk") or draft.meta.get("steady_noise"):
        return "planned_calm"
    if draft.meta.get("cover_design") or draft.meta.get("backdrop"):
        return "planned_scenes"
    return "planned_dissolves" if draft.meta.get("pace") == "calm" else "planned"


def _plan(
    track: MediaInfo, analysis: Any, visuals: list[Any], options: Any, length_ms: int | None, *, from_hook: bool = False
) -> Draft:
    """The music video of the whole song, or of a shorter version of it (``song_version``: the song cut on its
    downbeats to ``length_ms``, its chorus kept) where a length under the song's is asked for."""
    from ..planning.music_video import plan_music_video
    from ..planning.song_ending import sounding_ms
    from ..planning.song_version import plan_song_version

    whole = sounding_ms(analysis, track.duration_ms)  # as long as the song sounds (a video of all of it)
    if length_ms and MIN_LENGTH_MS <= length_ms < whole:
        return plan_song_version(track, analysis, visuals, options, length_ms, from_hook=from_hook)
    return plan_music_video(track, analysis, visuals, options)


def composer_grid(draft: Draft, ctx: AgentContext, track_id: str) -> Any:
    """The composer's exact beat grid for music it made, from the rhythm metadata of a draft that plays all of it
    as it is (a shorter version's are the edit's times); else None."""
    made = {m.id: m for m in ctx.generated()}
    if track_id not in made or "song_parts" in draft.meta:
        return None
    if not plays_whole_song(ctx, made[track_id], draft.duration_ms):
        return None
    beats, downbeats, bpm = (draft.meta.get(k) for k in ("beats_ms", "downbeats_ms", "bpm"))
    if not (isinstance(beats, list) and isinstance(downbeats, list) and isinstance(bpm, (int, float)) and downbeats):
        return None
    return SimpleNamespace(
        tempo_bpm=float(bpm), beats_ms=[int(b) for b in beats], downbeats_ms=[int(d) for d in downbeats]
    )


def _opening(ctx: AgentContext, visuals: list[Any]) -> dict[str, Any]:
    """The video opens on the strongest of the pictures (``analysis.picture.appeal``: sharp, colourful, with
    contrast), where there are two or more and one can be read."""
    pictures = [info for info, _ in visuals if info.kind == MediaKind.IMAGE]
    if len(pictures) < 2:
        return {}
    scores = {info.id: ctx.picture_appeal(info.id) for info in pictures}
    known = {media_id: score for media_id, score in scores.items() if score is not None}
    return {"opening": max(known, key=lambda media_id: known[media_id])} if known else {}


def _opening_clip(visuals: list[Any]) -> dict[str, Any]:
    """A short opens on its liveliest clip (``VideoAnalysis.pace``), where the user gave clips: on a phone the first
    second decides the scroll (held-out 02's blind reviewer: "opens on 3 s of a static grass photo under a 3-line
    title ... open on motion"); planning passes over a weak one (a fixed camera) for the strongest picture's place."""
    clips = [(watched.pace, info.id) for info, watched in visuals if info.kind == MediaKind.VIDEO and watched]
    return {"opening": max(clips)[1]} if clips else {}


def _sharpness(ctx: AgentContext, visuals: list[Any]) -> dict[str, Any]:
    """How sharp each picture is (``analysis.picture.sharpness``), which are coarse (``coarseness``: blocky or
    plain), and each one's mean colour (``colour``), where there are two visuals or more: planning shows one out of
    focus or coarse less than the others (``planning.quality``), and two of one colour not side by side where it
    can (``planning.colour_joins``)."""
    if len(visuals) < 2:
        return {}
    pictures = [info.id for info, _ in visuals if info.kind == MediaKind.IMAGE]
    found = ((media_id, ctx.picture_sharpness(media_id)) for media_id in pictures)
    known = tuple((media_id, sharp) for media_id, sharp in found if sharp is not None)
    coarse = tuple(m for m in pictures if (c := ctx.picture_coarseness(m)) is not None and c >= 1.0)
    blocky = tuple(m for m in coarse if ctx.picture_blocky(m))  # the reply says which: blocky, or plain
    colours = tuple((m, *hue) for m in pictures if (hue := ctx.picture_colour(m)) is not None)  # kept apart
    lettered = tuple(m for m in pictures if ctx.picture_lettered(m) is not False)  # never shown mirrored
    out = ({"picture_sharpness": known} if known else {}) | ({"picture_coarse": coarse} if coarse else {})
    out |= {"picture_lettered": lettered} if lettered else {}
    return out | ({"picture_blocky": blocky} if blocky else {}) | ({"picture_colours": colours} if colours else {})


def plan_options(draft: Draft) -> dict[str, Any]:
    """The planning options a draft was made with (``m.chorus_factor``, ``m.clip_weight``, ``m.source_weights``, as
    ``MusicVideoOptions`` takes them), for a new plan; empty for a draft that has none (a recut loses nothing)."""
    kept = {key: draft.meta.get(key) for key in ("chorus_factor", "clip_weight")}
    out: dict[str, Any] = {key: float(value) for key, value in kept.items() if isinstance(value, (int, float))}
    weights = draft.meta.get("source_weights")
    if isinstance(weights, dict):
        found = sorted((str(k), float(v)) for k, v in weights.items() if isinstance(v, (int, float)))
        out |= {"source_weights": tuple(found)} if found else {}
    backdrop, palette = draft.meta.get("backdrop"), draft.meta.get("palette")
    out |= {"palette": palette} if draft.meta.get("palette_named") and isinstance(palette, str) else {}
    return out | ({"backdrop": backdrop} if backdrop in BACKDROPS else {})


def _design_of(draft: Draft) -> str | None:
    """The cover design the draft has (one the user chose is kept by a new plan), or None."""
    design = draft.meta.get("cover_design")
    return design if isinstance(design, str) and design in COVER_DESIGNS else None


def _options(edit: BuildMusicVideo, draft: Draft, aspect: str) -> dict[str, Any]:
    options: dict[str, Any] = {"aspect": aspect, "fps": draft.fps}
    options["visualizer"] = None if edit.visualizer is None else str(edit.visualizer)
    options["visualizer_named"] = bool(edit.visualizer_named)
    said = {
        "visualizer_color": edit.visualizer_color,
        "visualizer_position": None if edit.visualizer_position is None else str(edit.visualizer_position),
        "beats_per_cut": edit.beats_per_cut,
        "cover_design": edit.cover_design or _design_of(draft),
    }
    options |= {key: value for key, value in said.items() if value}
    # no seed from the media ids, which are new at every upload: planning seeds itself from the files' traits
    return options


def _first_frame(draft: Draft) -> Draft:
    """A short's opening title from its first frame (``planning.shorts.from_first_frame``), the one a re-plan
    carried from the video it shortened ("make it 30 seconds") too; other drafts as they are."""
    if not is_short(draft):
        return draft
    from ..planning.shorts import from_first_frame

    lane = next((t for t in draft.tracks if t.type == TrackType.VIDEO and t.meta.get("role") == Role.VISUALS), None)
    cuts = sorted(s.start_ms for s in lane.segments if s.start_ms > 0) if lane else []  # the title gone by one
    tracks = [
        from_first_frame(t, cuts) if any(sg.meta.get("layout") in OPENING_LAYOUTS for sg in t.segments) else t
        for t in draft.tracks
    ]
    return draft.with_tracks(tuple(tracks))


def carry_text(old: Draft, new: Draft) -> Draft:
    """The user's titles and texts survive a re-plan (cut to the new length)."""
    kept = []
    for i in indices(old, kind=TrackType.TEXT):
        track = old.tracks[i]
        segments = [
            replace(sg, duration_ms=min(sg.end_ms, new.duration_ms) - sg.start_ms)
            for sg in track.segments
            if sg.start_ms < new.duration_ms
        ]
        if segments:
            kept.append(track.with_segments(segments))
    if not kept or indices(new, kind=TrackType.TEXT):
        return new
    return new.with_tracks((*new.tracks, *kept))
