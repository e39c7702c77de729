"""The operations that need files and analysis: build a music video from a track, compose music for a video or from
words, and replace the music of a draft. Each is a generator that yields what it says while it works and returns the
new draft. Planning, analysis and the composer are imported when first used: the server imports the agent at start-up.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from dataclasses import replace
from types import SimpleNamespace
from typing import Any

from ...protocol import Draft, MediaInfo, MediaKind, Segment, TrackType
from ...protocol.vocabulary import BACKDROPS, COVER_DESIGNS, Role, Visualizer, credit_parts
from .context import AgentContext, AgentStep, Say
from .edits import media_lengths
from .end_card import default_end_card, end_card_reply
from .errors import EditError, NotAvailable
from .look import keep_look
from .narration import doing, found_music, progress_words, shot_count
from .operations import BuildMusicVideo, ComposeMusic, Resync
from .replies import t
from .song_swap import without_song
from .timing import MIN_LENGTH_MS, recut
from .tracks import indices, music_indices, named_music, replace_track, visuals_index

Work = Generator[AgentStep, None, Draft]


@contextmanager
def _refusals() -> Iterator[None]:
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


def _seed(*parts: object) -> int:
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
    scenes = len(visuals) < 2 and all(item.kind == MediaKind.IMAGE for item, _ in visuals)  # a cover, or none
    yield doing(ctx, "planning_scenes" if scenes else "planning")
    with _refusals():
        said = _options(edit, draft, track) | plan_options(draft) | {"as_mastered": grid is None} | options
        said |= _credit(ctx, track, draft) if grid is None and "title" not in said else {}
        said |= _genre(ctx, track) if grid is None and not visuals else {}
        said |= {} if "opening" in said else _opening(ctx, visuals)
        said |= _sharpness(ctx, visuals)
        new = _plan(track, analysis, visuals, MusicVideoOptions(**said), edit.length_ms, from_hook=from_hook)
    if edit.beats_per_cut:
        new = new.with_meta(beats_per_cut=edit.beats_per_cut)
    lengths = media_lengths((*ctx.media(), *ctx.generated()))
    breaks = {item.id: clip_breaks(watched) for item, watched in visuals if watched is not None}
    # the shots counted once the end card's held shot has taken the last ones in: the count the reply gives
    new = default_end_card(draft, keep_look(draft, carry_text(draft, new), lengths), ClipRoom(lengths, breaks))
    yield Say(
        t(
            ctx.language,
            _planned_words(new),
            shots=shot_count(new),
            s="" if shot_count(new) == 1 else "s",
        )
    )
    hint = _no_artist(ctx, track, said)
    if hint:
        yield Say(hint)
    if isinstance(new.meta.get("end_card"), dict) and "end_card" not in draft.meta:
        yield Say(end_card_reply(new.meta["end_card"], ctx.language == "zh"))
    return new


def _planned_words(draft: Draft) -> str:
    """The words that count the shots planned: calm shots (talk, steady noise), a cover's or a track alone's scenes
    (one a section), else shots on the beats."""
    if draft.meta.get("talk") or draft.meta.get("steady_noise"):
        return "planned_calm"
    return "planned_scenes" if draft.meta.get("cover_design") or draft.meta.get("backdrop") else "planned"


def _plan(
    track: MediaInfo, analysis: Any, visuals: list[Any], options: Any, length_ms: int | None, *, from_hook: bool = False
) -> Draft:
    """The music video of the whole song, or of a shorter version of it (``song_version``: the song cut on its
    downbeats to ``length_ms``, its chorus kept) where a length under the song's is asked for."""
    from ..planning.music_video import plan_music_video
    from ..planning.song_version import plan_song_version

    whole = track.duration_ms or analysis.duration_ms
    if length_ms and MIN_LENGTH_MS <= length_ms < whole:
        return plan_song_version(track, analysis, visuals, options, length_ms, from_hook=from_hook)
    return plan_music_video(track, analysis, visuals, options)


def composer_grid(draft: Draft, ctx: AgentContext, track_id: str) -> Any:
    """The composer's exact beat grid for music it made, from the rhythm metadata of a draft that plays all of it
    as it is (a shorter version's are the edit's times); else None."""
    made = {m.id: m for m in ctx.generated()}
    if track_id not in made or "song_parts" in draft.meta:
        return None
    if draft.duration_ms < (made[track_id].duration_ms or 0) - 500:
        return None
    beats, downbeats, bpm = (draft.meta.get(k) for k in ("beats_ms", "downbeats_ms", "bpm"))
    if not (isinstance(beats, list) and isinstance(downbeats, list) and isinstance(bpm, (int, float)) and downbeats):
        return None
    return SimpleNamespace(
        tempo_bpm=float(bpm), beats_ms=[int(b) for b in beats], downbeats_ms=[int(d) for d in downbeats]
    )


CREDIT_MS = 8000  # 5 s: "gone after about 4 s", said a reviewer


def _credit(ctx: AgentContext, track: MediaInfo, draft: Draft) -> dict[str, Any]:
    """The video names the song: "Title — Artist" from the file's tags, else the title from its name, cleaned
    ("01_midnight_drive_final.wav": "Midnight Drive"; ``analysis.tags``), unless the timeline already has a text of
    the user's (their own words, "call it X", always win). A name with nothing of a title in it ("audio.wav",
    "track 1") names nothing. (A cover without a title read as unfinished to a reviewer; the bare name
    "Song Pathological Intro 50S" read as a bug, its "50S" from ``str.title``.)"""
    if any(t.type == TrackType.TEXT for t in draft.tracks):
        return {}
    from ..analysis.tags import read_track_tags

    line = read_track_tags(ctx.media_path(track.id), track.name).line
    return {"title": line, "title_ms": CREDIT_MS, "credit_line": True} if line else {}


def _no_artist(ctx: AgentContext, track: MediaInfo, said: dict[str, Any]) -> str:
    """Where the video names the song from its file (``_credit``) and the file names no artist: how to add one, in
    the words that do it ("the artist is …", ``credit``); "" otherwise. (A blind reviewer found no artist on two
    videos of tracks without an artist tag, and nothing said why or what to do.)"""
    if not said.get("credit_line") or credit_parts(str(said.get("title", "")))[1]:
        return ""
    from ..analysis.tags import read_track_tags

    tags = read_track_tags(ctx.media_path(track.id), track.name)
    source = t(ctx.language, "title_from_name" if tags.from_name else "title_from_tags")
    return t(ctx.language, "no_artist", title=tags.title or said["title"], source=source)


def _genre(ctx: AgentContext, track: MediaInfo) -> dict[str, Any]:
    """The track's genre tag, which a track alone's palette follows where it names a kind of music."""
    from ..analysis.tags import read_track_tags

    genre = read_track_tags(ctx.media_path(track.id), track.name).genre
    return {"genre": genre} if genre else {}


def _opening(ctx: AgentContext, visuals: list[Any]) -> dict[str, Any]:
    """The video opens on the strongest of the pictures (``analysis.picture.appeal``: sharp, colourful, with
    contrast), where there are two or more and one can be read."""
    pictures = [info for info, _ in visuals if info.kind == MediaKind.IMAGE]
    if len(pictures) < 2:
        return {}
    scores = {info.id: ctx.picture_appeal(info.id) for info in pictures}
    known = {media_id: score for media_id, score in scores.items() if score is not None}
    return {"opening": max(known, key=lambda media_id: known[media_id])} if known else {}


def _sharpness(ctx: AgentContext, visuals: list[Any]) -> dict[str, Any]:
    """How sharp each picture is (``analysis.picture.sharpness``), and which are coarse (``coarseness``: blocky or
    plain), where there are two visuals or more: planning shows one out of focus or coarse less than the others
    (``planning.quality``)."""
    if len(visuals) < 2:
        return {}
    pictures = [info.id for info, _ in visuals if info.kind == MediaKind.IMAGE]
    found = ((media_id, ctx.picture_sharpness(media_id)) for media_id in pictures)
    known = tuple((media_id, sharp) for media_id, sharp in found if sharp is not None)
    coarse = tuple(m for m in pictures if (c := ctx.picture_coarseness(m)) is not None and c >= 1.0)
    return ({"picture_sharpness": known} if known else {}) | ({"picture_coarse": coarse} if coarse else {})


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


def _options(edit: BuildMusicVideo, draft: Draft, track: MediaInfo) -> dict[str, Any]:
    options: dict[str, Any] = {"aspect": str(edit.aspect or draft.aspect), "fps": draft.fps}
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


def _compose(ctx: AgentContext, words: str, **kwargs: Any) -> Generator[AgentStep, None, tuple[MediaInfo, Any]]:
    """A new track from ``words`` and the composer's ``kwargs``, saying so: composing (how far it has come), the
    track's name and tempo, and what plays in it when the composer says (the reply names only what is in it)."""
    try:
        from ..music import generate_track
    except ImportError as exc:
        raise NotAvailable("composing music isn't available in this engine yet") from exc
    yield doing(ctx, "composing")
    path = ctx.new_file(".wav")
    # the cuts a score lands add nothing to the seed: the grid in the other arguments was fitted to them
    seed = _seed(words, len(ctx.generated()), *(v for k, v in kwargs.items() if k != "cuts_ms"))
    with _refusals():  # the composer tells how far it has come: "Composing… 30 %… 60 %… "
        generated = generate_track(path, words=words, seed=seed, progress=progress_words(ctx), **kwargs)
    info = ctx.add_generated(path, f"{_title(generated)}.wav")
    yield Say(t(ctx.language, "composed", name=info.name, bpm=round(generated.tempo_bpm)))
    names = tuple(getattr(generated, "instruments", ()) or ())
    if names:
        yield Say(t(ctx.language, "played_by", instruments=", ".join(names)))
    return info, generated


def _title(generated: Any) -> str:
    """The composer's title with its tempo as a person says it ("124 BPM", never "123.565 bpm")."""
    title = str(generated.title)
    return re.sub(r"(\d+(?:\.\d+)?) bpm\b", lambda m: f"{round(float(m.group(1)))} BPM", title)


def compose_music(edit: ComposeMusic, draft: Draft, ctx: AgentContext) -> Work:
    """Compose music: a score for ``edit.video`` (on its cuts when ``sync_to_cuts``), a replacement for the draft's
    music (``mode`` "replace"), or a track from the words alone under a visualizer; yields what it says and returns
    the new draft."""
    if edit.video:
        return (yield from _score(edit, draft, ctx))
    scored = _scored_videos(draft, ctx)
    if edit.mode == "replace" and scored:
        return (yield from _score(replace(edit, videos=tuple(scored)), draft, ctx))
    if edit.mode == "replace" and music_indices(draft):
        return (yield from _replace_music(edit, draft, ctx))
    if edit.mode == "replace":
        raise EditError("there's no music on the timeline to change yet: build a music video or compose some first")
    info, generated = yield from _compose(ctx, edit.words, duration_ms=edit.duration_ms)
    video = BuildMusicVideo(track=info.id, visualizer=Visualizer.SPECTRUM, aspect=edit.aspect)
    return named_music((yield from build_music_video(video, draft, ctx, grid=generated)), _title(generated))


def _scored_videos(draft: Draft, ctx: AgentContext) -> list[str]:
    """The uploaded videos a scored draft (one with background music) plays, in order."""
    if not indices(draft, Role.BGM):
        return []
    videos = {m.id for m in ctx.media() if m.kind == MediaKind.VIDEO}
    v = visuals_index(draft)
    lane = [] if v is None else sorted(draft.tracks[v].segments, key=lambda sg: sg.start_ms)
    return list(dict.fromkeys(sg.src for sg in lane if sg.src in videos))


def _score(edit: ComposeMusic, draft: Draft, ctx: AgentContext) -> Work:
    try:
        from ..planning.score import plan_score
        from ..planning.score_fit import fit_score
    except ImportError as exc:
        raise NotAvailable("scoring videos isn't available in this engine yet") from exc
    clips = []
    for media_id in edit.videos or (edit.video or "",):
        video = media_of(ctx, media_id)
        yield doing(ctx, "watching", name=video.name)
        clips.append((video, ctx.video_analysis(video.id, progress=progress_words(ctx))))
    first = clips[0][1]
    with _refusals():  # every score lands its beats on the cuts, asked to "sync" or not
        fit = fit_score([analysis for _, analysis in clips], edit.words)
    mood = _mood(first.valence, first.arousal, ctx.language)
    yield Say(t(ctx.language, "found_cuts", cuts=len(fit.cuts_ms), mood=mood))
    if fit.cuts_ms:
        yield Say(t(ctx.language, "tempo_from_cuts", bpm=round(fit.grid.tempo_bpm)))
    info, generated = yield from _compose(
        ctx,
        edit.words,
        video=first,
        duration_ms=fit.duration_ms,
        tempo_bpm=fit.grid.tempo_bpm if fit.cuts_ms else None,
        phase_ms=fit.grid.phase_ms,
        accents_ms=fit.accents_ms,
        tempo_change=(fit.change_ms, fit.later_tempo_bpm) if fit.later_tempo_bpm else None,
        section_starts_ms=fit.section_starts_ms if fit.cuts_ms else None,
        cuts_ms=fit.cuts_ms,
    )
    aspect = edit.aspect or (draft.aspect if edit.mode == "replace" else None)
    with _refusals():
        new = plan_score(clips, info, generated, aspect=aspect)
    return named_music(carry_text(draft, new), _title(generated))


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


def _mood(valence: float, arousal: float, lang: str) -> str:
    en = ("calm" if arousal < 0.4 else "lively" if arousal > 0.6 else "steady") + (
        ", bright" if valence > 0.6 else ", dark" if valence < 0.4 else ""
    )
    zh = ("平静" if arousal < 0.4 else "活泼" if arousal > 0.6 else "平稳") + (
        "、明亮" if valence > 0.6 else "、低沉" if valence < 0.4 else ""
    )
    return zh if lang == "zh" else en


def _replace_music(edit: ComposeMusic, draft: Draft, ctx: AgentContext) -> Work:
    """New music from words in place of the old, as long as the draft; a music video is cut again on its beats."""
    info, generated = yield from _compose(ctx, edit.words, duration_ms=draft.duration_ms)
    new = draft
    for i in music_indices(draft):
        track = new.tracks[i]
        segments = [
            Segment(
                start_ms=sg.start_ms,
                duration_ms=sg.duration_ms,
                src=info.id,
                in_ms=sg.start_ms,
                meta={**sg.meta, "name": info.name},  # the new music's name, not the song's it replaces
            )
            for sg in track.segments
        ]
        new = replace_track(new, i, track.with_segments(segments).with_meta(name=_title(generated)))
    for i in indices(new, Role.VISUALIZER, kind=TrackType.VIDEO):
        lane = new.tracks[i]
        new = replace_track(new, i, lane.with_segments([replace(sg, src=info.id, in_ms=0) for sg in lane.segments]))
    new = new.with_meta(
        bpm=generated.tempo_bpm, beats_ms=list(generated.beats_ms), downbeats_ms=list(generated.downbeats_ms)
    )
    if indices(new, Role.MUSIC) and draft.meta.get("beats_ms"):
        new = recut(new, Resync(), {})
    return without_song(draft, new)  # its credit and end card leave with it
