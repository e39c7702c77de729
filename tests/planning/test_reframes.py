"""Few pictures under a driving song (issue 29: "it cuts every ~4 s throughout, a slideshow, not energetic"): the
loud sections cut at the music's pace by cutting between framings of the held picture, which still counts as one
showing; calm music and the quiet sections keep their long shots."""

from __future__ import annotations

import dataclasses
import itertools
import re

from nemo_notebook.engine.agent.repeats import over_shown, showings
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.planning.cutting import cut_points_ms
from nemo_notebook.engine.planning.reframes import most_zoom
from nemo_notebook.engine.planning.stills_apart import REACH
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind, Segment
from nemo_notebook.protocol.showings import times_shown
from nemo_notebook.protocol.vocabulary import is_reframe
from tests.render.synth import click_analysis

SONG = MediaInfo("m_song", "song.mp3", MediaKind.AUDIO, "mp3", 1000, duration_ms=60_000)
BIG = [MediaInfo(f"m_p{i}", f"p{i}.jpg", MediaKind.IMAGE, "jpg", 10 + i, width=2560, height=1600) for i in range(6)]
SMALL = [dataclasses.replace(p, width=800, height=500) for p in BIG]
QUIET_THEN_LOUD = tuple([0.3] * 300 + [0.95] * 301)  # a calm half minute, then a loud one (the drop)
SECTIONS = (0, 30_000)


def _draft(pictures: list[MediaInfo], drive: float = 0.9, **options: object) -> Draft:
    analysis = click_analysis(
        128,
        60_000,
        energy=QUIET_THEN_LOUD,
        sections_ms=SECTIONS,
        drive=drive,
        kicks_ms=click_analysis(128, 60_000).beats_ms,
    )
    visuals = [(p, None) for p in pictures]
    return plan_music_video(SONG, analysis, visuals, MusicVideoOptions(**options))  # type: ignore[arg-type]


def _lane(draft: Draft) -> list[Segment]:
    lane = next(t for t in draft.tracks if t.meta.get("role") == "visuals")
    return sorted(lane.segments, key=lambda s: s.start_ms)


def _cuts_in(lane: list[Segment], a_ms: int, b_ms: int) -> int:
    return sum(a_ms < sg.start_ms < b_ms for sg in lane)


def test_the_drop_cuts_at_the_music_s_pace_while_each_picture_is_shown_within_its_ceiling() -> None:
    draft = _draft(BIG)
    lane = _lane(draft)
    analysis = click_analysis(128, 60_000, energy=QUIET_THEN_LOUD, sections_ms=SECTIONS, drive=0.9)
    own = cut_points_ms(analysis, 60_000)  # the music's own pace, before the material slowed it
    loud_cuts, own_loud = _cuts_in(lane, 30_000, 60_000), sum(30_000 < c < 60_000 for c in own)
    # was 7 (every 4 s), the music asks for 31; 27 where every near view was dealt apart as a showing of its own
    # (each picture 5-6 times for a ceiling of 4, "the flower and the ladybird 8 shots each" in held-out 01); 19 now
    # that a near view past its picture's ceiling joins its showing (a bar at most) or gives its time to another
    assert loud_cuts >= 0.6 * own_loud, (loud_cuts, own_loud)
    bar_ms = 4 * 60_000 / 128
    assert all(sg.duration_ms <= bar_ms + 1 for sg in lane[4:-1]), lane  # the drop cut every bar or faster
    assert _cuts_in(lane, 0, 30_000) <= 8  # the calm half keeps its long shots: the contrast is the point
    assert all(sg.start_ms in analysis.beats_ms for sg in lane[1:])  # every cut on a beat
    shown = times_shown(lane)  # as a viewer counts: a near view a few shots on is a showing of its own
    ceiling = draft.meta["most_shows"]
    assert isinstance(ceiling, dict)
    assert all(shown[k] <= ceiling[k] for k in shown), (shown, ceiling)  # near views dealt apart counted
    assert max(shown.values()) - min(shown.values()) <= 1, shown  # the pictures share the shots evenly
    assert not over_shown(draft)  # so the reply has no picture to name as shown too often
    framed = [sg for sg in lane if sg.meta.get("framing")]
    assert framed and all(sg.start_ms >= 30_000 for sg in framed)
    assert {sg.meta["framing"] for sg in framed} == {"close", "detail"}
    for k, after in enumerate(lane):  # a reframe continues its picture's showing a few shots before, in another framing
        if is_reframe(after.meta):
            earlier = [sg for sg in lane[max(0, k - REACH) : k] if sg.src == after.src]
            assert earlier and after.meta.get("framing") != earlier[-1].meta.get("framing"), k
            assert lane[k - 1].src != after.src  # never right after it: the same picture twice looks a glitch


def test_calm_music_small_pictures_and_a_pace_the_user_set_get_no_reframes() -> None:
    for draft in (_draft(BIG, drive=0.2), _draft(SMALL), _draft(BIG, beats_per_cut=8)):
        lane = _lane(draft)
        assert not any(is_reframe(sg.meta) for sg in lane)
        firsts = {src: min(sg.start_ms for sg in lane if sg.src == src) for src in {sg.src for sg in lane}}
        assert not any("framing" in sg.meta for sg in lane if sg.start_ms == firsts[sg.src])  # a return: a new view


def test_a_close_view_is_limited_by_the_picture_s_resolution() -> None:
    assert 1.5 <= most_zoom(BIG[0], "16:9") <= 1.6  # 2560 px wide: 1.55 times nearer stays sharp at 1080p
    assert most_zoom(SMALL[0], "16:9") == 1.0  # 800 px is already enlarged to fill 1080p: no close view
    assert (
        most_zoom(dataclasses.replace(BIG[0], width=6000, height=4000), "9:16") > 2.2
    )  # a 24 MP photo in a tall frame


def test_the_timeline_frame_names_each_framing() -> None:
    from nemo_notebook.client._models import State
    from nemo_notebook.client._timeline import timeline_frame

    frame = timeline_frame(State(_draft(BIG), media=(SONG, *BIG)))
    visuals = frame[frame["role"] == "visuals"]
    named = visuals["framing"].dropna()
    assert {"close ×1.5", "wide"} <= set(named) and any(f.startswith("detail ×") for f in named), set(named)
    assert visuals[visuals["start_s"] < 30]["framing"].isna().all()  # the calm half: whole pictures, long shots


def test_in_9_16_a_landscape_photo_too_small_to_go_nearer_cuts_between_slices_of_itself() -> None:
    lane = _lane(_draft(BIG, aspect="9:16"))  # 2560x1600: its 9:16 slice is already enlarged 1.34 times at 1080p
    framed = [sg for sg in lane if sg.meta.get("framing")]
    assert framed and {(sg.meta["framing"], sg.meta["zoom"]) for sg in framed} == {("detail", 1.0)}
    # two framings a photo, each at most twice (``reframes.VIEW_SHOWS``): fewer cuts than the pace asks, still
    # twice the quiet half's
    assert _cuts_in(lane, 30_000, 60_000) >= 16 and _cuts_in(lane, 0, 30_000) <= 8


def test_a_large_clip_in_the_drop_cuts_to_a_close_view_playing_on_a_small_one_does_not() -> None:
    big = MediaInfo("m_clip", "clip.mp4", MediaKind.VIDEO, "mp4", 99, 6_000, 3840, 2160, 30.0, False)
    small = dataclasses.replace(big, width=640, height=360)
    for clip, framed in ((big, True), (small, False)):
        lane = _lane(_draft([*BIG[:3], clip]))
        parts = [sg for sg in lane if sg.src == clip.id]
        close = [sg for sg in parts if sg.meta.get("framing") == "close"]
        assert bool(close) == framed
        for before, after in itertools.pairwise(lane):
            if after.src == clip.id and is_reframe(after.meta):  # the footage plays on across the cut
                assert after.in_ms == (before.in_ms or 0) + before.duration_ms
        assert times_shown(lane)[clip.id] == sum(not is_reframe(sg.meta) for sg in parts)


def test_the_agent_builds_with_reframes_without_calling_them_repeats_and_pace_edits_still_work() -> None:
    from tests.agent.fakes import FakeContext, run

    analysis = click_analysis(
        128,
        60_000,
        energy=QUIET_THEN_LOUD,
        sections_ms=SECTIONS,
        drive=0.9,
        kicks_ms=click_analysis(128, 60_000).beats_ms,
    )
    ctx = FakeContext(uploads=[SONG, *BIG], audio={"m_song": analysis}, history=[Draft.empty()])
    _, words = run(ctx, "create a video from this music with beat-synced cuts")
    built = _lane(ctx.draft())
    most = max(s.times for s in showings(ctx.draft()).values())  # near views a few shots on counted (issue 29)
    assert any(is_reframe(sg.meta) for sg in built) and re.search(rf"on screen (\d+ to )?{most} times", words), words
    _, words = run(ctx, "faster cuts in the chorus")
    assert _cuts_in(_lane(ctx.draft()), 30_000, 60_000) > _cuts_in(built, 30_000, 60_000), words
    run(ctx, "undo")
    _, words = run(ctx, "the pictures change too fast, slow it down")
    slowed = _lane(ctx.draft())
    assert len(slowed) < len(built) and not any(is_reframe(sg.meta) for sg in slowed), words


def test_a_spotify_canvas_cut_from_a_reframed_drop_keeps_its_long_shots_and_counts_each_showing() -> None:
    from nemo_notebook.engine.planning.release_pack import CANVAS_MIN_SHOT_MS, canvas_draft
    from nemo_notebook.protocol import Track, TrackType

    parts = [("a", {}), ("a", {"reframe": 1}), ("a", {"reframe": 2}), ("b", {}), ("b", {"reframe": 1}),
             ("c", {}), ("c", {"framing": "close", "zoom": 1.5, "reframe": 1}), ("c", {"reframe": 2}), ("c", {"reframe": 3}),
             ("c", {"reframe": 4})]  # fmt: skip
    segments = tuple(Segment(800 * i, 800, src, None, meta) for i, (src, meta) in enumerate(parts))
    short = Draft(tracks=(Track(TrackType.VIDEO, segments, {"role": "visuals"}),), duration_ms=8_000)
    canvas = _lane(canvas_draft(short, 8_000))
    assert [sg.src for sg in canvas] == ["a", "b", "c"] and all(sg.duration_ms >= CANVAS_MIN_SHOT_MS for sg in canvas)
    assert canvas[-1].meta.get("framing") == "close"  # c's close view, kept after b's: a showing of its own
    assert times_shown(canvas) == {"a": 1, "b": 1, "c": 1}


def test_the_last_shot_is_not_reframed_so_it_fades_out_whole() -> None:
    from nemo_notebook.engine.planning.ending import ending_ms

    lane = _lane(_draft(BIG))  # the drop runs to the end of the video
    last = lane[-1]
    # was a 1 s part that faded out in under a second; the fade follows how the sound ends (protocol.sound_ending)
    assert last.meta["fade_out_ms"] >= ending_ms(60_000), last
    assert last.duration_ms >= last.meta["fade_out_ms"], last
