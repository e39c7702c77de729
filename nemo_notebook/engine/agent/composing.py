"""Music composed by the agent: a track from words alone (under a visualizer, as a music video), a score for the
user's videos (on their cuts), or new music in place of the draft's. Each is a generator that yields what it says
while it works and returns the new draft; the composer and planning are imported when first used."""

from __future__ import annotations

import re
from collections.abc import Generator
from dataclasses import replace
from typing import Any

from ...protocol import Draft, MediaInfo, Segment, TrackType
from ...protocol.vocabulary import Role, Visualizer
from .context import AgentContext, AgentStep, Aside, Say
from .edits import media_lengths
from .end_card import clip_room_of, held_for_card
from .errors import EditError, NotAvailable
from .joined_clips import scored_videos, watch_clips
from .lexicon import find_moods
from .making import Work, build_music_video, carry_text, media_of, refusals, seed_of
from .narration import doing, progress_words
from .operations import BuildMusicVideo, ComposeMusic, Resync
from .replies import lang_of, t
from .score_words import instrument_words, score_words
from .song_swap import without_song
from .timing import recut
from .track_names import track_title
from .tracks import indices, music_indices, named_music, replace_track

_CUT_SHORT_FADE_MS = 2000  # a score of another length (named in the words) fades where the video ends


def _compose(ctx: AgentContext, words: str, **kwargs: Any) -> Generator[AgentStep, None, tuple[MediaInfo, Any, str]]:
    """A new track from ``words`` and the composer's ``kwargs``, saying so: composing (how far it has come), the
    track's name and tempo, and what plays in it when the composer says (the reply names only what is in it); returns
    the track, the composer's result and the track's title (``track_names``)."""
    try:
        from ..music import generate_track
    except ImportError as exc:
        raise NotAvailable("composing music isn't available in this engine yet") from exc
    yield doing(ctx, "composing")
    path = ctx.new_file(".wav")
    # the cuts a score lands add nothing to the seed: the grid in the other arguments was fitted to them
    # nor where the clips speak: the same piece, its pad kept under the voice there
    seed = seed_of(words, len(ctx.generated()), *(v for k, v in kwargs.items() if k not in ("cuts_ms", "speech_ms")))
    with refusals():  # the composer tells how far it has come: "Composing… 30 %… 60 %… "
        generated = generate_track(path, words=words, seed=seed, progress=progress_words(ctx), **kwargs)
    title = track_title(generated, words, ctx.language)
    info = ctx.add_generated(path, f"{title}.wav")
    yield Say(t(ctx.language, "composed", name=info.name, bpm=round(generated.tempo_bpm)))
    names = tuple(getattr(generated, "instruments", ()) or ())
    if names:
        said = instrument_words(names, lang_of(ctx.language) == "zh")
        yield Say(t(ctx.language, "played_by", instruments=said))
    return info, generated, title


def compose_music(edit: ComposeMusic, draft: Draft, ctx: AgentContext) -> Work:
    """Compose music: a score for ``edit.video`` (on its cuts when ``sync_to_cuts``), a replacement for the draft's
    music (``mode`` "replace"), or a track from the words alone under a visualizer; yields what it says and returns
    the new draft."""
    if edit.video:
        return (yield from _score(edit, draft, ctx))
    scored = scored_videos(draft, ctx)
    if edit.mode == "replace" and scored:
        return (yield from _score(replace(edit, videos=tuple(scored)), draft, ctx))
    if edit.mode == "replace" and music_indices(draft):
        return (yield from _replace_music(edit, draft, ctx))
    if edit.mode == "replace":
        raise EditError("there's no music on the timeline to change yet: build a music video or compose some first")
    info, generated, title = yield from _compose(ctx, edit.words, duration_ms=edit.duration_ms)
    video = BuildMusicVideo(track=info.id, visualizer=Visualizer.SPECTRUM, aspect=edit.aspect)
    new = named_music((yield from build_music_video(video, draft, ctx, grid=generated)), title)
    return new.with_meta(music_moods=list(edit.moods)) if edit.moods else new  # for the video to come


def _score(edit: ComposeMusic, draft: Draft, ctx: AgentContext) -> Work:
    try:
        from ..analysis.joined import joined_analysis
        from ..music.brief import word_over_footage
        from ..planning.score import plan_score, speech_spans
        from ..planning.score_fit import fit_score
    except ImportError as exc:
        raise NotAvailable("scoring videos isn't available in this engine yet") from exc
    videos = [media_of(ctx, media_id) for media_id in edit.videos or (edit.video or "",)]
    clips = yield from watch_clips(ctx, videos)  # several: joined in order, the reply names them
    footage = joined_analysis([analysis for _, analysis in clips])  # the mood and the sections of all of them
    words, kept = with_earlier_moods(edit.words, draft)
    if kept:
        yield Say(t(ctx.language, "kept_moods", moods=", ".join(kept)))
    with refusals():  # every score lands its beats on the cuts, asked to "sync" or not
        fit = fit_score([analysis for _, analysis in clips], words)
    mood = _mood(footage.valence, footage.arousal, ctx.language)
    yield Say(t(ctx.language, "found_cuts", cuts=len(fit.cuts_ms), mood=mood))
    won = word_over_footage(footage, words)  # "upbeat" over a still, grey clip: the words set the music's mood
    if won:
        yield Say(t(ctx.language, "words_win", word=won))
    if fit.cuts_ms:
        yield Say(t(ctx.language, "tempo_from_cuts", bpm=round(fit.grid.tempo_bpm)))
    info, generated, title = yield from _compose(
        ctx,
        words,
        video=footage,
        duration_ms=fit.duration_ms,
        tempo_bpm=fit.grid.tempo_bpm if fit.cuts_ms else None,
        phase_ms=fit.grid.phase_ms,
        accents_ms=fit.accents_ms,
        tempo_change=(fit.change_ms, fit.later_tempo_bpm) if fit.later_tempo_bpm else None,
        section_starts_ms=fit.section_starts_ms if fit.cuts_ms else None,
        cuts_ms=fit.bent_onto_cuts_ms,
        speech_ms=speech_spans(clips),
    )
    aspect = edit.aspect or (draft.aspect if edit.mode == "replace" else None)
    with refusals():
        # a score composed to the video's length rings out to its end by itself: no fade over its final chord; one of
        # another length (named in the words) fades where the video ends, a longer one cut there mid-groove
        fade_out_ms = 0 if generated.duration_ms == fit.duration_ms else _CUT_SHORT_FADE_MS
        new = plan_score(clips, info, generated, aspect=aspect, fade_out_ms=fade_out_ms)
    moods = find_moods(words)  # kept for the next score of these videos ("sync it to the cuts")
    new = named_music(carry_text(draft, new), title)
    feel, zh = won or ", ".join(moods) or mood, ctx.language == "zh"
    # what the score is follows the Done line that names it (``actions.run_ops``), not the work said before it
    yield Aside(score_words(generated, feel, new, fit.cuts_ms, zh, wakes_ms=fit.section_starts_ms))
    return new.with_meta(music_moods=moods) if moods else new


def with_earlier_moods(words: str, draft: Draft) -> tuple[str, list[str]]:
    """``words`` with the moods asked for the draft's music (``m.music_moods``: a track composed before the video was
    here, "create an upbeat background track for my travel video", or an earlier score), where they name none and do
    not ask for the video's own mood; and those moods ([] where none are carried). ("add background music to my video and sync it to the cuts" after an upbeat
    track scored the clip calm: the upbeat was lost.)"""
    moods = draft.meta.get("music_moods")
    if not isinstance(moods, list) or not moods or find_moods(words) or re.search(r"\bmood\b|情绪|氛围", words):
        return words, []
    kept = [str(m) for m in moods]
    return f"{words}, {' '.join(kept)}", kept


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
    info, generated, title = yield from _compose(ctx, edit.words, duration_ms=draft.duration_ms)
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
        new = replace_track(new, i, track.with_segments(segments).with_meta(name=title))
    for i in indices(new, Role.VISUALIZER, kind=TrackType.VIDEO):
        lane = new.tracks[i]
        new = replace_track(new, i, lane.with_segments([replace(sg, src=info.id, in_ms=0) for sg in lane.segments]))
    new = new.with_meta(
        bpm=generated.tempo_bpm, beats_ms=list(generated.beats_ms), downbeats_ms=list(generated.downbeats_ms)
    )
    if indices(new, Role.MUSIC) and draft.meta.get("beats_ms"):
        new = recut(new, Resync(), {})
    new = without_song(draft, new)  # its credit and the card's title leave with it; the user's line stays
    if not isinstance(new.meta.get("end_card"), dict):
        return new
    # the shots cut again on the new beats: the last one held under the card again (it cut three times under it)
    return held_for_card(new, clip_room_of(new, ctx, media_lengths((*ctx.media(), *ctx.generated()))))
