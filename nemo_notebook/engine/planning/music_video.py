"""Music → video: a draft with beat-synced cuts, the session's pictures and clips (or moving backgrounds), a
visualizer, the music at full level, and an optional title.

Planning is deterministic: every choice draws from a ``random.Random`` seeded with the options' seed and the media's
traits (kind, format, byte size, length, size; not their ids, which are new at every upload), so the same media and
the same words give the same draft (and so the same video), in this session or the next.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Sequence
from dataclasses import replace

from ...protocol import Draft, MediaInfo, MediaKind, Segment, Track, TrackType
from ...protocol.sound_ending import sound_ending_of
from ...protocol.vocabulary import ASPECT_SIZES, AUTO, BACKDROPS, Role, is_reframe, panorama_shape
from ..analysis.character import CALM_BELOW
from ..analysis.types import AudioAnalysis
from .accents import accent_shots, dissolve_every_cut, loud_test
from .backgrounds import background_segments, design_for, section_bounds, with_the_design
from .clip_footage import within_footage
from .clip_shots import ClipShots
from .clip_spans_apart import clip_spans_apart
from .closing_rhyme import closes_as_opened
from .colour_joins import clashes_dipped, colours_meta, colours_of, dark_cuts, hue_of, lulls_meta
from .cover import chosen_design, credit_in_layout, with_design
from .cutting import beat_grid_ms, cut_points_ms, drive_of, driving_opening, hold_opening, longest_shot_ms
from .draft_meta import look_meta, pace_meta, rhythm_meta
from .edge_pans import edge_pans
from .ending import ending, ending_ms, picture_fade_ms, without_ending
from .holds import (
    CALM_CLEAR_MS,
    HOLD_MS,
    PHRASE_BARS,
    clear_calm_shots,
    framed_holds,
    held_framings,
    phrase_holds,
    still_hold_ms,
)
from .lanes import alone_opening, music_track, title_track, visualizer_track
from .lifts import lifts_ms, without_near_starts
from .looks_apart import looks_apart_of
from .loop_free import loop_free
from .loud_clips import clips_to_the_loud
from .material import most_shows, shared_evenly
from .mirrored_returns import mirrored_returns_of
from .near_pushes import near_views_pushed
from .opening import opening_title
from .options import MusicVideoOptions, Visual
from .palettes import PALETTES, palette_for
from .prominence import bookended, weak_holds_shortened
from .quality import held_to, little_used, weaknesses, without_empty
from .quiet_breaks import held_over_breaks
from .quiet_intro import held_over_intro, quiet_intro_ms
from .reframes import framing_room, framings_of, loud_share, pace_splitter, reframe_shots, unframed
from .returns import returns_in_other_views
from .reverse_shots import shot_parts
from .scene_changes import dipped
from .shorts import HOLD_MS as SHORT_HOLD_MS
from .shorts import PHRASE_BARS as SHORT_PHRASE_BARS
from .shorts import closing_cut, from_first_frame, hard_cuts, short_opening
from .shot_count import bar_showings_fitted, fit_material, joined_to_material, shot_cuts_ms
from .shot_moves import ShotMoves
from .shot_order import shot_order
from .song_ending import own_ending, song_ending, sounding, sounding_ms
from .stills_apart import evened, stills_apart
from .talk import calm_reason, refuse_silence, silent_start_ms
from .views_apart import views_apart

__all__ = ["MusicVideoOptions", "Visual", "plan_music_video", "recut_to_beats"]

Splitter = Callable[[MediaInfo, int, int], list[int]]  # where a shot is cut into parts (``_montage``)


def plan_music_video(
    track: MediaInfo,
    analysis: AudioAnalysis,
    visuals: Sequence[Visual],
    options: MusicVideoOptions = MusicVideoOptions(),  # noqa: B008 (frozen: one shared default is safe)
) -> Draft:
    """Plan a music video for ``track`` from its analysis and the session's pictures and clips.

    Parameters
    ----------
    track : the music (its ``duration_ms`` is the video's length: as long as it sounds, ``song_ending.sounding_ms``).
    analysis : tempo, beats, downbeats, energy and sections of the track.
    visuals : pictures and clips with their analysis (None for pictures or clips not analysed), in upload order.
        Empty: the video gets generated backgrounds that move with the music.
    options : aspect, fps, visualizer, cut rate, title, seed.

    Returns
    -------
    Draft with a visuals lane cut on the beat (hard cuts, a transition of at most a beat where a section begins,
    punch-ins on the kicks of the loudest sections: ``accents``), a visualizer lane (unless off), the music at full
    volume, a text track with the title (if any), and ``m.bpm``, ``m.beats_ms``, ``m.downbeats_ms``.

    Examples
    --------
    >>> draft = plan_music_video(song, analyze_audio(path), [(photo, None)], MusicVideoOptions(title="Urban Dreams"))
    ... # doctest: +SKIP
    """
    options.check()
    duration_ms, analysis = sounding_ms(analysis, track.duration_ms), sounding(analysis)  # its silence left out
    if duration_ms <= 0:
        raise ValueError(f"{track.name} has no length: it cannot set the length of a video")
    usable = [(info, va) for info, va in visuals if info.kind in (MediaKind.IMAGE, MediaKind.VIDEO)]
    rng = random.Random(f"{options.seed}:{_identity(track)}:{','.join(_identity(info) for info, _ in usable)}")
    steered = options.beats_per_cut or options.chorus_factor != 1.0  # a pace the user asked for is kept
    refuse_silence(analysis, track.name)
    calm = None if steered else calm_reason(analysis)  # talk or steady noise: calm shots changing in its pauses
    talk = calm is not None
    calm_music = drive_of(analysis) < CALM_BELOW  # long shots, no reframes: a picture's returns are new views
    coarse, blocky = frozenset(options.picture_coarse), frozenset(options.picture_blocky)
    weak = weaknesses(usable, dict(options.picture_sharpness), options.aspect, coarse, blocky)
    usable, weak, left_out = without_empty(usable, weak)  # a plain gradient is no shot: left out, and said
    own = dict(options.source_weights)
    weights = [own.get(info.id, options.clip_weight if info.kind == MediaKind.VIDEO else 1.0) for info, _ in usable]
    chosen = tuple(weights)  # the shares asked for, before weak material's are cut
    music_fade, cut_off = song_ending(track, analysis, duration_ms)  # a song cut short or off: over its last phrase
    own_end = None if music_fade else own_ending(analysis, duration_ms)  # a hit, or a decay: the song's own
    music = music_track(track, duration_ms, fade_out_ms=music_fade, own_ending=own_end)
    sound = sound_ending_of(music.segments, duration_ms)  # how the sound ends: the picture ends with it
    decay = duration_ms - sound.from_ms if sound.how in ("decay", "hit") else 0  # its own: one shot fading under it
    cuts = [c for c in shot_cuts_ms(analysis, duration_ms, options, talk=talk) if c <= duration_ms - decay]
    reframed = bool(usable) and not (talk or options.beats_per_cut or len(usable) == 1)
    share = loud_share(analysis, duration_ms) if reframed else 0.0
    pictures = [info for info, _ in usable]
    framed = any(info.kind == MediaKind.IMAGE and framings_of(info, options.aspect) for info in pictures)
    hold_ms = SHORT_HOLD_MS if options.short else HOLD_MS  # a still of loud driving music held this long at most

    def ceilings(shots: int, *, held: bool = True) -> list[int]:  # the longer the shots, the fewer a clip has
        shot_ms = duration_ms / max(shots, 1)
        found = most_shows(usable, duration_ms, weights if held else chosen, shot_ms, moments_once=not steered)
        return held_to(found, weak, shots) if held else found

    def most(shots: int) -> int:
        return sum(ceilings(shots))

    asked = len(cuts) + 1  # the shots the music's pace asks for
    if usable and not steered:  # few pictures for the music's pace: longer shots, not the same pictures over and over
        cuts = fit_material(analysis, duration_ms, options, cuts, most, talk=talk)
    room = [0] * len(usable)
    if share and framed and not steered:  # the loudest sections a bar a showing; the last shot fades out whole
        slowed = len(cuts)
        cuts = bar_showings_fitted(analysis, duration_ms, options, cuts, ceilings, pictures)
        cuts = [c for c in cuts if c <= duration_ms - max(ending_ms(duration_ms), decay)]
        room = framing_room(ceilings(len(cuts) + 1), pictures, aspect=options.aspect)
        room = shared_evenly(room, [p.kind == MediaKind.IMAGE and not w for p, w in zip(pictures, weak, strict=True)],
                             max(len(cuts) - slowed, 0))  # fmt: skip
    caps = [cap + extra for cap, extra in zip(ceilings(len(cuts) + 1), room, strict=True)]
    weights = [w * (x.share if x else 1.0) for w, x in zip(weights, weak, strict=True)]
    first = next((k for k, (info, _) in enumerate(usable) if info.id == options.opening and not weak[k]), None)
    if first is not None and not (options.beats_per_cut or options.short):  # held to a phrase's first downbeat
        cuts = hold_opening(analysis, cuts, duration_ms)
    cuts = driving_opening(analysis, cuts, duration_ms) if usable and not (steered or talk) else cuts
    cuts = short_opening(analysis, cuts, duration_ms) if usable and options.short and not steered else cuts
    if usable and not (steered or talk):  # a phrase at most in loud driving music; calm shots seen between dissolves
        phrase = SHORT_PHRASE_BARS if options.short else PHRASE_BARS  # a short's: 2 bars, whatever its material
        cuts = clear_calm_shots(analysis, phrase_holds(analysis, cuts, phrase), duration_ms)
        cuts = closing_cut(analysis, cuts, sound) if options.short else cuts  # cut on to the music's fade
    if len(usable) > 1 and not (steered or talk) and calm_music:  # more shots than the pictures fill: some joined
        cuts = joined_to_material(analysis, cuts, duration_ms, sum(caps))
        caps = [cap + extra for cap, extra in zip(ceilings(len(cuts) + 1), room, strict=True)]
    bounds = [0, *cuts, duration_ms]
    held_caps = caps
    if first is not None and not steered:  # weak material shown less: the opening picture closes the video too
        caps = bookended(caps, ceilings(len(cuts) + 1, held=False), first, len(cuts) + 1)
    # one picture is a cover video's, unless a panorama: panned across at the frame's height, not a strip in a layout
    alone = len(usable) == 1 and usable[0][0].kind == MediaKind.IMAGE and not _panorama(usable[0][0], options.aspect)
    lifts = lifts_ms(analysis, duration_ms) if alone and options.beats_per_cut is None else []
    if len(usable) == 1 and usable[0][0].kind == MediaKind.IMAGE and options.beats_per_cut is None:
        bounds = section_bounds(analysis, bounds)  # one cover: a shot a section, not the same picture cut on beats
        bounds = without_near_starts(bounds, lifts, duration_ms)  # and one from each lift, not two 6 s apart
    design = chosen_design(options.cover_design, options.visualizer, analysis) if alone else None
    backdrop, palette = _backdrop(analysis, options) if not usable else (None, None)
    montage = _montage(analysis, duration_ms, options) if reframed and not alone else None
    beats = beat_grid_ms(analysis, duration_ms)  # a clip's own cut inside a shot lands on one (``clip_beat_cuts``)
    colours = {media_id: hue_of(a, b) for media_id, a, b in options.picture_colours}  # one colour: not side by side
    shown = {info.id for info, _ in usable}
    means = {media_id: (a, b) for media_id, a, b in options.picture_colours if media_id in shown}  # what mixes
    hues = [colours.get(info.id) for info, _ in usable]
    loud = loud_test(analysis, duration_ms) if montage and not (steered or calm_music) else None  # clips' place
    weak_ids = [k for k, w in enumerate(weak) if w]
    shots = (
        _visual_segments(usable, bounds, rng, weights, first, caps, weak_ids, montage, beats, hues, loud)
        if usable
        else background_segments(analysis, bounds, backdrop, palette=palette, card_from_ms=sound.card_from_ms)
    )
    if usable and not (talk or alone or options.beats_per_cut):  # loud sections at the music's pace: reframes
        # a coarse picture (blocky, or plain all over) is not cut to nearer views of itself: its blocks show there
        sources = {info.id: info for info, _ in usable if info.id not in options.picture_coarse}
        chorus = options.chorus_factor
        shots = reframe_shots(shots, analysis, duration_ms, sources, aspect=options.aspect, chorus_factor=chorus)
        views = {k: held_framings(v, options.aspect) for k, v in sources.items()}
        shots = framed_holds(shots, analysis, views, hold_ms=hold_ms)
    strong = {info.id for (info, _), w in zip(usable, weak, strict=True) if info.kind == MediaKind.IMAGE and not w}
    if len(usable) > 1:  # every cut changes the picture: a held picture's close view moves past another's shot
        stills = {info.id for info, _ in usable if info.kind == MediaKind.IMAGE}
        shots = stills_apart(shots, stills, _ceilings(usable, caps), still_hold_ms(analysis, hold_ms))
        shots = shots if options.source_weights else evened(shots, strong)  # the user's shares stay
    if len(usable) > 1 and not (talk or options.beats_per_cut):  # a quiet break in driving music: a hold
        shots = held_over_breaks(shots, analysis, duration_ms, strong)  # slower shots, none over 2 bars
    if len(usable) > 1 and calm_music:  # a picture the material brings back comes back in another view of itself
        fine = [info for info, _ in usable if info.kind == MediaKind.IMAGE and info.id not in options.picture_coarse]
        shots = returns_in_other_views(shots, {info.id: held_framings(info, options.aspect) for info in fine})
    if len(usable) > 1 and not talk:  # no two showings of a picture in one view while it has others
        fine = [info for info, _ in usable if info.kind == MediaKind.IMAGE and info.id not in options.picture_coarse]
        shots = views_apart(shots, {info.id: held_framings(info, options.aspect) for info in fine})
        plain = [info for info, _ in usable if info.kind == MediaKind.IMAGE]  # coarse ones: no near view of them
        near = {i.id: () if i.id in coarse else held_framings(i, options.aspect) for i in plain}
        shots = closes_as_opened(edge_pans(shots, near), calm_music)  # alike views: from the edge; calm: a rhyme
        shots = near_views_pushed(shots, calm_music)  # calm: a near view pushes in on its subject, not off it
        clips = {info.id: info.duration_ms for info, _ in usable if info.kind == MediaKind.VIDEO and info.duration_ms}
        shots = clip_spans_apart(shots, clips)  # no moment of a clip twice where it is long enough
    if len(usable) > 1 and not (talk or options.beats_per_cut):  # a weak picture or clip held no longer than most
        shares = {info.id: w.share for (info, _), w in zip(usable, weak, strict=True) if w}
        images = {info.id for info, _ in usable if info.kind == MediaKind.IMAGE}
        clear, longest = (CALM_CLEAR_MS if calm_music else 0), longest_shot_ms(drive_of(analysis))  # seen, not too long
        held = still_hold_ms(analysis, hold_ms)
        longest = int(held) if options.short and held else longest  # a short's neighbours keep to the bar
        shots = weak_holds_shortened(shots, shares, images, beats, analysis.downbeats_ms, clear, longest, held_ms=held)
    if len(usable) > 1 and not (talk or options.beats_per_cut or calm_music):  # no loop a viewer sees, clips early
        weak_set = {info.id for (info, _), w in zip(usable, weak, strict=True) if w}
        driving = sound.how in ("", "hit")  # no still held over music driving to its end
        shots = loop_free(shots, usable, weak_set, beats, loud, analysis, driving)
    if len(usable) > 1 and not talk:  # last: no return in a look shown before where another is left
        shots = looks_apart_of(shots, usable, options.aspect, coarse)
        shots = mirrored_returns_of(shots, usable, options.picture_lettered)
    shots = dissolve_every_cut(shots) if talk else accent_shots(shots, analysis, duration_ms, rng)
    shots = hard_cuts(shots) if options.short and not talk else shots  # no blurred frames about a short's cuts
    shots = shots if usable else dipped(shots, analysis)  # a track alone's scenes meet in the dark, not over each other
    shots = clashes_dipped(shots, means, dark_cuts(analysis, duration_ms))  # at a section's turn, in the dark
    opens_on_title = bool(options.title and options.title.strip() and usable and not alone and options.credit_line)
    shots = ending(within_footage(shots, {i.id: i.duration_ms or 0 for i, _ in usable}, beats), duration_ms, sound)
    tracks = [Track(TrackType.VIDEO, tuple(shots), {"role": Role.VISUALS, "name": "Visuals"})]
    if options.visualizer:
        by_music = analysis if usable and not alone else None  # a cover's or a backdrop's design has its own
        lane = visualizer_track(track, duration_ms, with_the_design(options, backdrop), by_music)
        tracks.append(with_design(lane, design, options.visualizer) if design else lane)
    tracks.append(music)
    if opens_on_title and options.title:
        tracks.append(opening_title(options.title.strip(), analysis, duration_ms))  # title over artist, to read
    elif options.title and options.title.strip() and backdrop and options.credit_line:  # in, out, on the end card
        opening = alone_opening(options.title.strip(), analysis.downbeats_ms, analysis.beats_ms, duration_ms)
        tracks.append(held_over_intro(opening, quiet_intro_ms(analysis)))  # over a quiet intro, to the music
    elif options.title and options.title.strip():
        title = title_track(options.title.strip(), min(options.title_ms, duration_ms), options.credit_line)
        in_layout = design and options.credit_line  # a cover's own credit, set in its layout for the whole video
        tracks.append(credit_in_layout(title, duration_ms, picture_fade_ms(duration_ms, sound)) if in_layout else title)
    if options.short and tracks[-1].type == TrackType.TEXT:  # a feed's viewer decides in its first second
        tracks[-1] = from_first_frame(tracks[-1], [s.start_ms for s in shots[1:]])
    loudnorm = not options.as_mastered  # the user's own recording plays as mastered; composed music at -14 LUFS
    meta = {"aspect": options.aspect, "fps": options.fps, "loudnorm": loudnorm, **rhythm_meta(analysis, duration_ms)}
    meta |= look_meta(analysis, duration_ms, options) | pace_meta(analysis, options, usable, first)
    meta |= {} if alone else {"most_shows": _ceilings(usable, caps)}
    meta |= {"little_used": little} if (little := little_used(usable, weak)) else {}
    meta |= {"bookend": usable[first][0].id} if first is not None and caps != held_caps else {}  # said, as a choice
    meta |= {"left_out": left_out} if left_out else {}
    meta |= colours_meta(means) | lulls_meta(analysis, duration_ms) if len(usable) > 1 else {}  # kept for recuts
    meta |= {"material_slowed": [asked, len(cuts) + 1]} if len(cuts) + 1 < asked and not alone else {}  # said
    meta |= ({calm: True} if calm else {}) | ({"cover_design": design} if design else {})
    meta |= {"lifts_ms": lifts} if design and lifts else {}  # a cover's scene of its own where the song lifts
    meta |= {"backdrop": backdrop, "palette": palette} if backdrop else {}
    meta |= {"palette_named": True} if backdrop and options.palette != AUTO else {}
    kicks = [k for k in analysis.kicks_ms if k < duration_ms] if backdrop == "pulse" else []
    meta |= {"kicks_ms": kicks} if kicks else {}  # the ring pulses on the kicks (``render.kick_hits``)
    meta |= {"silent_start_ms": quiet} if (quiet := silent_start_ms(analysis)) else {}  # said in the reply
    meta |= {"quiet_intro_ms": drop} if (drop := quiet_intro_ms(analysis)) else {}  # offered in the reply
    meta |= cut_off  # said in the reply
    return Draft(tracks=tuple(tracks), duration_ms=duration_ms, meta=meta)


def _panorama(info: MediaInfo, aspect: str) -> bool:
    """Whether the picture is a panorama in a frame of ``aspect`` (``render.panorama``)."""
    return panorama_shape(info.width, info.height, *ASPECT_SIZES.get(aspect, ASPECT_SIZES["16:9"]))


def _montage(analysis: AudioAnalysis, duration_ms: int, options: MusicVideoOptions) -> Splitter:
    """Where a clip shot in the loudest sections is cut into other moments of its clip: at the music's pace, for
    clips with no close view to cut to (``reframes.framings_of``; a 10 s montage clip held 4 s in a fast drop showed
    two of its moments again and again, "street and bike at 13-16 s again at 31-36 s"). A shot / reverse shot's
    showing is cut once at most (``reverse_shots.shot_parts``)."""
    inner = pace_splitter(analysis, duration_ms, options.chorus_factor)
    return lambda info, start_ms, end_ms: [] if framings_of(info, options.aspect) else inner(start_ms, end_ms)


def _backdrop(analysis: AudioAnalysis, options: MusicVideoOptions) -> tuple[str, str]:
    """A track alone's design and palette: the user's, else those the music asks for."""
    palette = options.palette if options.palette in PALETTES else palette_for(analysis, options.genre)
    return (options.backdrop if options.backdrop in BACKDROPS else design_for(analysis, palette)), palette


def _ceilings(usable: Sequence[Visual], caps: Sequence[int]) -> dict[str, int]:
    """``m.most_shows``: each picture's and clip's media id and the most shots it should fill, for the reply to name
    those shown more often (a pace the user set, too few pictures and clips for the music)."""
    return {info.id: cap for (info, _), cap in zip(usable, caps, strict=True)}


def recut_to_beats(draft: Draft, analysis: AudioAnalysis, *, beats_per_cut: int | None = None) -> Draft:
    """Put the visuals lane's cuts on the beat grid again, keeping its pictures and clips in their order.

    ``beats_per_cut`` fixes the number of beats per shot; None lets the energy decide. The lane's segments are
    reused in order (cycling when the new grid has more shots than the lane had), each with its own ``m`` and
    in-point; the draft's ``m`` gets the analysis' beats and sections (none when it has none). A draft without a visuals lane gets generated backgrounds.
    """
    if beats_per_cut is not None and not 1 <= beats_per_cut <= 64:
        raise ValueError(f"beats_per_cut must be between 1 and 64, not {beats_per_cut}")
    duration_ms = draft.duration_ms or analysis.duration_ms
    bounds = [0, *cut_points_ms(analysis, duration_ms, beats_per_cut=beats_per_cut), duration_ms]
    lane_index = _visuals_index(draft)
    lane = sorted(draft.tracks[lane_index].segments, key=lambda s: s.start_ms) if lane_index is not None else []
    old = [sg for sg in lane if not is_reframe(sg.meta)]  # a pace set by the user: each showing one shot
    if old:
        shots = [
            replace(without_ending(unframed(old[i % len(old)])), start_ms=start, duration_ms=end - start)
            for i, (start, end) in enumerate(itertools.pairwise(bounds))
        ]
    else:
        design, palette = draft.meta.get("backdrop"), draft.meta.get("palette")
        shots = background_segments(
            analysis,
            bounds,
            design if isinstance(design, str) else None,
            palette=palette if isinstance(palette, str) else None,
        )
    shots = accent_shots(shots, analysis, duration_ms, random.Random(f"recut:{duration_ms}:{len(shots)}"))
    shots = clashes_dipped(shots, colours_of(draft.meta), dark_cuts(analysis, duration_ms))  # as planned
    shots = ending(shots, duration_ms)
    tracks = list(draft.tracks)
    if lane_index is None:
        tracks.insert(0, Track(TrackType.VIDEO, tuple(shots), {"role": Role.VISUALS, "name": "Visuals"}))
    else:
        tracks[lane_index] = tracks[lane_index].with_segments(shots)
    meta = {
        k: v for k, v in draft.meta.items() if k not in ("sections", "seconds_db", "seconds_bright", "chorus_start_ms")
    } | rhythm_meta(analysis, duration_ms)
    return replace(draft, tracks=tuple(tracks), duration_ms=duration_ms, meta=meta)


def _visuals_index(draft: Draft) -> int | None:
    video = [i for i, t in enumerate(draft.tracks) if t.type == TrackType.VIDEO]
    for i in video:
        if draft.tracks[i].meta.get("role") == Role.VISUALS:
            return i
    rest = [i for i in video if draft.tracks[i].meta.get("role") != Role.VISUALIZER]
    return rest[0] if rest else None


def _identity(info: MediaInfo) -> str:
    """What seeds the plan for a file: its content's traits, not its id, which is new at every upload (so that the
    same song and clips give the same video in every session)."""
    return f"{info.kind}/{info.format}/{info.size}/{info.duration_ms}/{info.width}x{info.height}"


def _visual_segments(
    visuals: Sequence[Visual],
    bounds: list[int],
    rng: random.Random,
    weights: Sequence[float] | None = None,
    first: int | None = None,
    caps: Sequence[int] | None = None,
    weak: Sequence[int] = (),
    split: Splitter | None = None,
    beats: Sequence[int] = (),
    hues: Sequence[float | None] = (),
    loud: Callable[[int], bool] | None = None,
) -> list[Segment]:
    """The visuals lane: a picture or clip for each shot between ``bounds``. ``split``: where a clip shot is cut into
    moments of its clip at the music's pace (the loudest sections' ``reframes.pace_splitter``, for analysed clips
    with no close view), each part after the first a reframe of the showing. ``beats``: the music's (ms), where a
    clip's own cut may show inside a shot (``clip_shots``). ``hues``: each visual's colour (``colour_joins``).
    ``loud``: where driving music is at its loudest, lively clips' showings move to, a fixed camera's out of
    (``loud_clips``)."""
    shots_ms = [end - start for start, end in itertools.pairwise(bounds)]
    clips = [k for k, (info, _) in enumerate(visuals) if info.kind == MediaKind.VIDEO]
    order = shot_order(len(visuals), shots_ms, rng, weights, first, caps, weak, clips, hues)
    order = clips_to_the_loud(order, bounds, loud, visuals, weak) if loud is not None else order
    moves = ShotMoves(rng)
    parts = [
        shot_parts(visuals[k], start, end, split if n else None)
        for n, (k, (start, end)) in enumerate(zip(order, itertools.pairwise(bounds), strict=False))
    ]
    takes = [(k, b - a) for k, cut in zip(order, parts, strict=False) for a, b in itertools.pairwise(cut)]
    windows = ClipShots(visuals, [k for k, _ in takes], [ms for _, ms in takes], weak, beats)
    out: list[Segment] = []
    for k, cut in zip(order, parts, strict=False):
        info = visuals[k][0]
        if info.kind == MediaKind.VIDEO:  # the clips' own sound does not play: the music does
            for n, (clip, in_ms, start, end) in enumerate(windows.take_showing(k, cut, after=out[-1] if out else None)):
                meta: dict[str, object] = {"name": clip.name, "volume": 0.0} | ({"reframe": n} if n else {})
                out.append(Segment(start_ms=start, duration_ms=end - start, src=clip.id, in_ms=in_ms, meta=meta))
            continue
        for start, end in itertools.pairwise(cut):
            meta = {"name": info.name, "motion": moves.next(k, end - start)}
            out.append(Segment(start_ms=start, duration_ms=end - start, src=info.id, meta=meta))
    return out
