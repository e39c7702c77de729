"""Planning a music video: cuts on beats at a pace that follows the energy, visuals, layers, determinism."""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any

import pytest

from nemo_notebook.engine.analysis.types import AudioAnalysis, VideoAnalysis
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video, recut_to_beats
from nemo_notebook.engine.planning.cutting import MAX_SHOT_MS, MIN_SHOT_MS
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind, TrackType
from nemo_notebook.protocol.vocabulary import MOTIONS
from tests.render.synth import click_analysis

SONG = MediaInfo("song", "song.mp3", MediaKind.AUDIO, "mp3", 1000, duration_ms=60_000)
PICTURES = [MediaInfo(f"img{i}", f"p{i}.jpg", MediaKind.IMAGE, "jpg", 10, width=800, height=600) for i in range(5)]
# enough pictures that the material never limits the music's pace (``planning.material``)
MANY = [MediaInfo(f"img{i}", f"p{i}.jpg", MediaKind.IMAGE, "jpg", 10, width=800, height=600) for i in range(40)]


def _visuals(draft: Draft) -> list[tuple[int, int, str | None]]:
    lane = next(t for t in draft.tracks if t.meta.get("role") == "visuals")
    return [(sg.start_ms, sg.duration_ms, sg.src) for sg in lane.segments]


def _cuts(draft: Draft) -> list[int]:
    return [start for start, _, _ in _visuals(draft)[1:]]


def _plan(analysis: AudioAnalysis, *, visuals: list[MediaInfo] = PICTURES, **options: Any) -> Draft:
    song = dataclasses.replace(SONG, duration_ms=analysis.duration_ms)
    return plan_music_video(song, analysis, [(v, None) for v in visuals], MusicVideoOptions(**options))


def test_cuts_are_on_beats_and_the_lane_covers_the_song() -> None:
    analysis = click_analysis(120, 60_000)
    draft = _plan(analysis)
    shots = _visuals(draft)
    assert shots[0][0] == 0 and shots[-1][0] + shots[-1][1] == 60_000
    assert all(a[0] + a[1] == b[0] for a, b in itertools.pairwise(shots))
    assert set(_cuts(draft)) <= set(analysis.beats_ms)


def test_loud_passages_cut_faster_than_calm_ones() -> None:
    energy = tuple([0.1] * 300 + [0.9] * 300)  # 30 s calm, then 30 s loud, at 100 ms a value
    draft = _plan(click_analysis(120, 60_000, energy=energy), visuals=MANY)
    calm = [d for s, d, _ in _visuals(draft) if s + d <= 29_000]
    loud = [d for s, d, _ in _visuals(draft) if s >= 31_000]
    assert sum(calm) / len(calm) >= 2.5 * sum(loud) / len(loud)


def test_a_section_change_gets_a_cut_on_its_downbeat() -> None:
    analysis = click_analysis(120, 60_000, sections_ms=(0, 21_800, 40_000), energy=(0.1,) * 601)
    cuts = _cuts(_plan(analysis))
    assert 22_000 in cuts and 40_000 in cuts
    assert {22_000, 40_000} <= set(analysis.downbeats_ms)


@pytest.mark.parametrize("tempo_bpm", [60.0, 96.0, 174.0, 190.0])
@pytest.mark.parametrize("energy", [0.05, 0.5, 1.0])
def test_every_shot_is_watchable(tempo_bpm: float, energy: float) -> None:
    draft = _plan(click_analysis(tempo_bpm, 45_000, energy=(energy,) * 451))
    lengths = [d for _, d, _ in _visuals(draft)]
    assert min(lengths) >= MIN_SHOT_MS and max(lengths) <= MAX_SHOT_MS


def test_music_without_beats_is_still_cut_within_limits() -> None:
    analysis = dataclasses.replace(click_analysis(120, 30_000), beats_ms=(), downbeats_ms=(), tempo_bpm=0.0)
    lengths = [d for _, d, _ in _visuals(_plan(analysis))]
    assert len(lengths) > 3 and min(lengths) >= MIN_SHOT_MS and max(lengths) <= MAX_SHOT_MS


def test_beats_per_cut_fixes_the_rate() -> None:
    analysis = click_analysis(120, 20_000)
    assert _cuts(_plan(analysis, beats_per_cut=4)) == list(range(2000, 20_000, 2000))


def test_same_inputs_give_the_same_draft_and_the_seed_changes_it() -> None:
    analysis = click_analysis(128, 40_000)
    first, again = _plan(analysis, seed=3), _plan(analysis, seed=3)
    assert first.to_wire() == again.to_wire()
    assert [src for *_, src in _visuals(_plan(analysis, seed=4))] != [src for *_, src in _visuals(first)]


def test_pictures_move_and_never_repeat_back_to_back() -> None:
    draft = _plan(click_analysis(120, 60_000))
    lane = next(t for t in draft.tracks if t.meta.get("role") == "visuals")
    sources = [sg.src for sg in lane.segments]
    assert all(a != b for a, b in itertools.pairwise(sources))
    assert set(sources) == {p.id for p in PICTURES}
    motions = {sg.meta["motion"] for sg in lane.segments}
    assert motions <= set(MOTIONS) and len(motions) >= 3


def _clip_analysis(lively_from_ms: int, duration_ms: int = 30_000) -> VideoAnalysis:
    motion = tuple(
        0.9 if lively_from_ms <= i * 500 < lively_from_ms + 4000 else 0.05 for i in range(duration_ms // 500)
    )
    n = len(motion)
    return VideoAnalysis(
        duration_ms, 640, 360, 25.0, 0, (), (), motion, (0.5,) * n, (0.5,) * n, 500, 0.0, 0.5, 0.5, 0.5, True
    )


def test_clips_are_trimmed_to_their_lively_part_and_muted() -> None:
    clip = MediaInfo("vid", "v.mp4", MediaKind.VIDEO, "mp4", 10, 30_000, 640, 360, 25.0, True)
    song = dataclasses.replace(SONG, duration_ms=2000)
    draft = plan_music_video(song, click_analysis(120, 2000), [(clip, _clip_analysis(12_000))])
    (segment,) = [sg for t in draft.tracks for sg in t.segments if sg.src == "vid"]
    assert 12_000 <= (segment.in_ms or 0) <= 12_000 + 4000 - segment.duration_ms
    assert segment.meta["volume"] == 0.0


def test_reused_clip_shows_different_parts() -> None:
    clip = MediaInfo("vid", "v.mp4", MediaKind.VIDEO, "mp4", 10, 30_000, 640, 360, 25.0, True)
    song = dataclasses.replace(SONG, duration_ms=10_000)
    draft = plan_music_video(song, click_analysis(120, 10_000), [(clip, None)], MusicVideoOptions(beats_per_cut=4))
    in_points = [sg.in_ms for t in draft.tracks for sg in t.segments if sg.src == "vid" and t.type == TrackType.VIDEO]
    assert len(set(in_points)) == len(in_points) > 3


def test_without_visuals_backgrounds_follow_the_music() -> None:
    energy = tuple([0.1] * 200 + [0.9] * 201)
    draft = _plan(click_analysis(120, 40_000, energy=energy, sections_ms=(0, 20_000)), visuals=[])
    lane = next(t for t in draft.tracks if t.meta.get("role") == "visuals")
    assert all(sg.src is None and sg.meta["role"] == "background" for sg in lane.segments)
    effects = {sg.start_ms >= 20_000: sg.meta["effect"] for sg in lane.segments}
    assert effects == {False: "gradient", True: "pulse"}
    for sg in lane.segments:
        lightest = max(int(c[1:3], 16) + int(c[3:5], 16) + int(c[5:7], 16) for c in sg.meta["colors"])
        assert lightest > 300, "never a black screen"


def test_layers_music_visualizer_title_and_rhythm_metadata() -> None:
    analysis = click_analysis(120, 30_000)
    options = MusicVideoOptions(visualizer="cqt", visualizer_color="#ff0088", visualizer_position="top", title="Urban")
    draft = _plan(analysis, **dataclasses.asdict(options))
    roles = [(t.type, t.meta.get("role")) for t in draft.tracks]
    assert roles == [
        (TrackType.VIDEO, "visuals"),
        (TrackType.VIDEO, "visualizer"),
        (TrackType.AUDIO, "music"),
        (TrackType.TEXT, None),
    ]
    viz = draft.tracks[1].segments[0]
    assert (viz.src, viz.meta["effect"], viz.meta["color"], viz.meta["position"]) == ("song", "cqt", "#ff0088", "top")
    music = draft.tracks[2]
    assert music.meta["volume"] == 1.0 and music.segments[0].duration_ms == 30_000
    text = draft.tracks[3].segments[0]
    assert (text.meta["text"], text.meta["role"], text.start_ms, text.duration_ms) == ("Urban", "title", 0, 3000)
    assert draft.meta["bpm"] == 120 and draft.meta["beats_ms"] == list(analysis.beats_ms)
    assert draft.meta["downbeats_ms"] == list(analysis.downbeats_ms)
    assert (draft.meta["aspect"], draft.meta["fps"], draft.duration_ms) == ("16:9", 30, 30_000)
    assert Draft.from_wire(draft.to_wire()) == draft


def test_visualizer_off_and_no_title() -> None:
    draft = _plan(click_analysis(120, 10_000), visualizer=None)
    assert [t.meta.get("role") for t in draft.tracks] == ["visuals", "music"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"aspect": "4:3"}, "16:9"),
        ({"visualizer": "lasers"}, "waves"),
        ({"visualizer_position": "left"}, "bottom"),
        ({"beats_per_cut": 0}, "beats_per_cut"),
    ],
)
def test_wrong_options_say_what_is_allowed(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _plan(click_analysis(120, 10_000), **options)


def test_recut_to_beats_moves_cuts_to_the_new_grid_keeping_the_visuals() -> None:
    analysis = click_analysis(120, 20_000)
    draft = _plan(analysis, beats_per_cut=8, title="Keep me")
    recut = recut_to_beats(draft, analysis, beats_per_cut=2)
    assert _cuts(recut) == list(range(1000, 20_000, 1000))
    old_sources = [src for *_, src in _visuals(draft)]
    new_sources = [src for *_, src in _visuals(recut)]
    assert new_sources == [old_sources[i % len(old_sources)] for i in range(len(new_sources))]
    assert recut.tracks[1:] == draft.tracks[1:]
    faster = click_analysis(150, 20_000)
    assert set(_cuts(recut_to_beats(draft, faster))) <= set(faster.beats_ms)
    assert recut_to_beats(draft, faster).meta["bpm"] == 150


def test_short_shots_pan_and_long_ones_also_zoom() -> None:
    def motions(beats_per_cut: int) -> set[str]:
        draft = _plan(click_analysis(120, 30_000), beats_per_cut=beats_per_cut)
        return {str(sg.meta["motion"]) for t in draft.tracks for sg in t.segments if "motion" in sg.meta}

    assert motions(2) == {"pan_left", "pan_right", "pan_up", "pan_down"}
    assert motions(8) == {"zoom_in", "zoom_out", "pan_left", "pan_right", "pan_up", "pan_down"}


@pytest.mark.parametrize("beats_per_cut", [None, 2, 8])
def test_the_same_move_never_comes_twice_in_a_row(beats_per_cut: int | None) -> None:
    energy = tuple([0.1] * 200 + [0.9] * 200 + [0.3] * 201)
    analysis = click_analysis(120, 60_000, energy=energy, sections_ms=(0, 20_000, 40_000))
    lane = next(t for t in _plan(analysis, beats_per_cut=beats_per_cut).tracks if t.meta.get("role") == "visuals")
    moves = [sg.meta["motion"] for sg in lane.segments]
    assert all(a != b for a, b in itertools.pairwise(moves))


@pytest.mark.parametrize("count", [4, 5, 7])
def test_sources_are_used_fairly_and_none_comes_back_within_three_shots(count: int) -> None:
    energy = tuple([0.1] * 300 + [0.9] * 300 + [0.4] * 733)
    analysis = click_analysis(120, 133_300, energy=energy, sections_ms=(0, 30_000, 60_000))
    pictures = [
        MediaInfo(f"p{i}", f"p{i}.jpg", MediaKind.IMAGE, "jpg", 10, width=800, height=600) for i in range(count)
    ]
    shots = _visuals(_plan(analysis, visuals=pictures))
    sources = [src for _, _, src in shots]
    assert all(len(set(sources[i : i + 4])) == len(sources[i : i + 4]) for i in range(len(sources)))
    runtime = {p.id: sum(d for _, d, src in shots if src == p.id) for p in pictures}
    assert max(runtime.values()) <= 2 / count * 133_300


def test_cuts_fall_on_downbeats_and_long_shots_on_phrase_starts() -> None:
    energy = tuple([0.1] * 300 + [0.5] * 301)
    analysis = click_analysis(120, 60_000, energy=energy, sections_ms=(0, 30_000))
    cuts = _cuts(_plan(analysis))
    downbeats = set(analysis.downbeats_ms)
    assert sum(c in downbeats for c in cuts) / len(cuts) >= 0.9
    calm = [c for c in cuts if c < 30_000]
    bar_ms = 2000
    assert calm and all((c // bar_ms) % 2 == 0 for c in calm)  # two-bar (or longer) shots start on odd bars


def test_each_section_gets_its_own_rate_and_the_loudest_cuts_fastest() -> None:
    # verse (calm), chorus (loud), bridge (middling), chorus again
    energy = tuple([0.2] * 160 + [0.95] * 160 + [0.5] * 160 + [0.95] * 161)
    analysis = click_analysis(120, 64_000, energy=energy, sections_ms=(0, 16_000, 32_000, 48_000))
    shots = _visuals(_plan(analysis, visuals=MANY))

    def mean_shot(a: int, b: int) -> float:
        inside = [d for s, d, _ in shots if a <= s and s + d <= b]
        return sum(inside) / len(inside)

    verse, chorus, bridge, chorus2 = (mean_shot(a, a + 16_000) for a in (0, 16_000, 32_000, 48_000))
    assert chorus < bridge < verse and chorus2 < bridge
    assert chorus2 == pytest.approx(chorus, rel=0.2)  # the chorus coming back is cut as fast as the first time
    assert verse >= 4000  # calm sections hold their shots
    assert {16_000, 32_000, 48_000} <= {s for s, _, _ in shots}  # each section change is a cut on its downbeat


CLIP_CUTS_MS = (6_100, 11_700, 17_300, 23_900)
DARK_UNTIL_MS = 2_400  # the clip opens near-black (the start of a fade from black)


def _clip_with_cuts_and_a_dark_opening(duration_ms: int = 30_000, hop_ms: int = 100) -> VideoAnalysis:
    """A clip whose liveliest stretches are its fade from black and the frames around its own cuts (a cut and a
    fade read as motion), elsewhere moving gently and evenly bright."""
    times = range(0, duration_ms, hop_ms)
    motion = tuple(
        0.95 if t < DARK_UNTIL_MS or any(abs(t - c) < 700 for c in CLIP_CUTS_MS) else 0.3 + 0.1 * (t % 1700 > 900)
        for t in times
    )
    brightness = tuple(0.03 if t < DARK_UNTIL_MS else 0.6 for t in times)
    n = len(motion)
    strengths = (0.9,) * len(CLIP_CUTS_MS)
    return VideoAnalysis(
        duration_ms, 640, 360, 25.0, 0, CLIP_CUTS_MS, strengths, motion, brightness, (0.5,) * n, hop_ms, 8.0, 0.6,
        0.5, 0.5, True,
    )  # fmt: skip


@pytest.mark.parametrize("with_picture", [False, True])
@pytest.mark.parametrize("beats_per_cut", [None, 2, 4, 6])
def test_clip_windows_stay_inside_the_clips_own_shots_and_out_of_its_dark_opening(
    beats_per_cut: int | None, with_picture: bool
) -> None:
    clip = MediaInfo("vid", "v.mp4", MediaKind.VIDEO, "mp4", 10, 30_000, 640, 360, 25.0, True)
    visuals = [(clip, _clip_with_cuts_and_a_dark_opening()), *([(PICTURES[0], None)] if with_picture else [])]
    song = dataclasses.replace(SONG, duration_ms=16_000)
    draft = plan_music_video(song, click_analysis(128, 16_000), visuals, MusicVideoOptions(beats_per_cut=beats_per_cut))
    windows = [(sg.in_ms or 0, (sg.in_ms or 0) + sg.duration_ms) for sg in draft.tracks[0].segments if sg.src == "vid"]
    assert len(windows) >= 3
    crossing = [(a, b, c) for a, b in windows for c in CLIP_CUTS_MS if a < c < b]
    assert crossing == [], "a clip's own cut inside a shot shows off the beat"
    assert min(a for a, _ in windows) >= DARK_UNTIL_MS, "a near-black shot where brighter footage fits"


def _windows_by_clip(draft: Draft) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {}
    for sg in draft.tracks[0].segments:
        out.setdefault(str(sg.src), []).append((sg.in_ms or 0, (sg.in_ms or 0) + sg.duration_ms))
    return out


def test_a_shot_goes_to_another_clip_rather_than_across_a_cut() -> None:
    choppy_cuts = tuple(range(700, 12_000, 700))  # no shot of this clip is as long as a 2-second shot
    choppy = dataclasses.replace(
        _clip_with_cuts_and_a_dark_opening(12_000), cut_points_ms=choppy_cuts, cut_strengths=(0.9,) * len(choppy_cuts)
    )
    clips = [
        (MediaInfo("choppy", "c.mp4", MediaKind.VIDEO, "mp4", 10, 12_000, 640, 360, 25.0, True), choppy),
        (
            MediaInfo("calm", "v.mp4", MediaKind.VIDEO, "mp4", 10, 30_000, 640, 360, 25.0, True),
            _clip_with_cuts_and_a_dark_opening(),
        ),
    ]
    song = dataclasses.replace(SONG, duration_ms=12_000)
    draft = plan_music_video(song, click_analysis(120, 12_000), clips, MusicVideoOptions(beats_per_cut=4))
    windows = _windows_by_clip(draft)
    assert set(windows) == {"calm"} and len(windows["calm"]) == 6
    assert not [(a, b) for a, b in windows["calm"] for c in CLIP_CUTS_MS if a < c < b]


def test_music_longer_than_the_footage_goes_through_it_again_rather_than_repeat_one_window() -> None:
    clip = MediaInfo("vid", "v.mp4", MediaKind.VIDEO, "mp4", 10, 30_000, 640, 360, 25.0, True)
    song = dataclasses.replace(SONG, duration_ms=90_000)
    draft = plan_music_video(song, click_analysis(120, 90_000), [(clip, _clip_with_cuts_and_a_dark_opening())],
                             MusicVideoOptions(beats_per_cut=4))  # fmt: skip
    windows = _windows_by_clip(draft)["vid"]
    assert not [(a, b) for a, b in windows for c in CLIP_CUTS_MS if a < c < b]
    assert min(a for a, _ in windows) >= DARK_UNTIL_MS
    in_points = [a for a, _ in windows]
    assert len(set(in_points)) >= 8
    last_shown: dict[int, int] = {}
    shots_between = []
    for n, a in enumerate(in_points):
        if a in last_shown:
            shots_between.append(n - last_shown[a])
        last_shown[a] = n
    assert min(shots_between) >= 5, "one stretch of the clip again before the others have been shown"


def test_low_resolution_sources_are_named_for_the_reply() -> None:
    from nemo_notebook.engine.planning.draft_meta import low_resolution_sources

    small = MediaInfo("s", "tiny.jpg", MediaKind.IMAGE, "jpg", 10, width=240, height=135)  # 8 times
    clip = MediaInfo("c", "clip.mp4", MediaKind.VIDEO, "mp4", 10, 10_000, 1280, 720, 24.0, True)
    wide = MediaInfo("w", "wide.mp4", MediaKind.VIDEO, "mp4", 10, 10_000, 640, 272, 24.0, True)
    big = MediaInfo("b", "big.jpg", MediaKind.IMAGE, "jpg", 10, width=1920, height=1080)
    visuals = [(small, None), (clip, None), (wide, None), (big, None)]
    assert low_resolution_sources(visuals, "16:9") == ["tiny.jpg"]  # a 2.35:1 film clip fills 16:9 at 3.97
    # in 9:16 it would need 7 times: a clip over four times
    assert low_resolution_sources(visuals, "9:16") == ["tiny.jpg", "wide.mp4"]


def test_the_draft_lists_each_section_and_how_loud_it_is() -> None:
    # verse (calm), chorus (loud), bridge (middling), chorus again
    energy = tuple([0.2] * 160 + [0.95] * 160 + [0.5] * 160 + [0.95] * 161)
    analysis = click_analysis(120, 64_000, energy=energy, sections_ms=(0, 16_000, 32_000, 48_000))
    sections = _plan(analysis).meta["sections"]
    assert [(s["start_ms"], s["end_ms"], s["level"]) for s in sections] == [
        (0, 16_000, "calm"),
        (16_000, 32_000, "loudest"),
        (32_000, 48_000, "middle"),
        (48_000, 64_000, "loudest"),
    ]
    assert "sections" not in _plan(click_analysis(120, 30_000)).meta  # one section: nothing to tell apart
    # music without sections recut into the draft takes its stale sections away (and their looks with them)
    assert "sections" not in recut_to_beats(_plan(analysis), click_analysis(120, 64_000)).meta


def test_the_songs_own_credit_opens_a_video_of_pictures_as_a_title_over_its_artist_for_seconds() -> None:
    analysis = click_analysis(120, 20_000, first_beat_ms=250)
    texts = _plan(analysis, title="Night Drive — The Kites", credit_line=True).tracks_of(TrackType.TEXT)
    (segment,) = [sg for track in texts for sg in track.segments]
    assert segment.meta["layout"] == "opening" and segment.meta["text"] == "Night Drive — The Kites"
    assert segment.start_ms in analysis.beats_ms and 400 <= segment.start_ms <= 2000  # after the first frames
    assert segment.duration_ms >= 5000  # was 0-8 s at the top, 72 px, one line
    assert segment.meta["fade_in_ms"] >= 500 and segment.meta["fade_out_ms"] >= 500
    assert segment.end_ms - segment.meta["fade_out_ms"] in analysis.downbeats_ms  # out on the bar, as it came in
    (own,) = [sg for t in _plan(analysis, title="Keep me").tracks_of(TrackType.TEXT) for sg in t.segments]
    assert "layout" not in own.meta and own.start_ms == 0  # a title the user named stays as they asked


def test_the_last_shot_is_held_under_an_end_card_a_clip_only_where_it_has_the_footage() -> None:
    from nemo_notebook.engine.planning.ending import HELD_MS, ClipRoom, held_ending

    analysis = click_analysis(120, 20_000, first_beat_ms=250)
    lane = next(t for t in _plan(analysis, visuals=MANY).tracks if t.meta.get("role") == "visuals")
    shots = list(lane.segments)
    assert shots[-1].duration_ms < HELD_MS  # as planned: three shots cut on the beat under the card's 3 s
    held = held_ending(shots, 20_000, ClipRoom())
    assert held[-1].end_ms == 20_000 and held[-1].duration_ms >= HELD_MS
    assert held[:-1] == [sg for sg in shots if sg.end_ms <= held[-1].start_ms]  # the cuts before it as they were
    clip = [dataclasses.replace(sg, in_ms=0) for sg in shots]  # clips of 1 s: too short to be held
    assert held_ending(clip, 20_000, ClipRoom({sg.src or "": 1000 for sg in clip})) == clip


def test_a_clip_that_cannot_be_held_under_the_card_gives_way_to_a_picture_from_a_beat() -> None:
    """The demo's last shot (7.4 s of a clip cut every few seconds) could not be held to the end clear of the clip's
    cuts, and the shot after it came 1.4 s into the end card: the picture shown before is held from the last beat
    before the card, whole (its near view's keys dropped), and the clip's shot ends on that beat."""
    from nemo_notebook.engine.planning.ending import HELD_MS, ClipRoom, held_ending
    from nemo_notebook.protocol import Segment

    picture = Segment(0, 4000, src="poster", meta={"name": "poster.jpg", "framing": "close", "zoom": 1.5})
    clip = Segment(4000, 4000, src="film", in_ms=2000, meta={"name": "film.mp4"})
    after = Segment(8000, 2000, src="film", in_ms=9000, meta={"name": "film.mp4"})
    room = ClipRoom({"film": 12_000}, {"film": ((1000, 1100), (6500, 6700), (9500, 9700))})  # no 6 s clear
    beats = [i * 500.0 for i in range(21)]
    held = held_ending([picture, clip, after], 10_000, room, beats)
    assert [sg.src for sg in held] == ["poster", "film", "poster"]
    assert held[-1].start_ms == 10_000 - HELD_MS and held[-1].end_ms == 10_000  # the last beat where the card comes
    assert held[1].end_ms == held[-1].start_ms and held[1].in_ms == 2000  # the clip's shot ends on that beat
    assert "framing" not in held[-1].meta and "zoom" not in held[-1].meta
    assert held_ending([picture, clip, after], 10_000, room) == [picture, clip, after]  # no beats: as it was
