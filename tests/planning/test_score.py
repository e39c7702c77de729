"""Scoring the user's clips (mixing rules, fades, aspect) and cutting the user's clips to given music."""

from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path

import pytest

from nemo_notebook.engine.analysis import analyze_video
from nemo_notebook.engine.analysis.types import AudioAnalysis, VideoAnalysis
from nemo_notebook.engine.planning import plan_score, recut_clips_to_beats
from nemo_notebook.engine.planning.score import BGM_UNDER_SPEECH_VOLUME
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind, Track, TrackType
from nemo_notebook.protocol.vocabulary import Role
from tests.analysis.video_synth import cut_times_ms, montage, write_clip


def clip(
    media_id: str,
    duration_ms: int = 8000,
    *,
    has_audio: bool = True,
    speech: float = 0.0,
    size: tuple[int, int] = (1920, 1080),
    cuts: tuple[int, ...] = (),
    motion: tuple[float, ...] | None = None,
    fps: float = 30.0,
) -> tuple[MediaInfo, VideoAnalysis]:
    info = MediaInfo(
        id=media_id, name=f"{media_id}.mp4", kind=MediaKind.VIDEO, format="mp4", size=1, duration_ms=duration_ms
    )
    hop = 200
    analysis = VideoAnalysis(
        duration_ms=duration_ms, width=size[0], height=size[1], fps=fps, rotation=0, cut_points_ms=cuts,
        cut_strengths=tuple(0.6 for _ in cuts), motion=motion or tuple(0.3 for _ in range(duration_ms // hop)),
        brightness=(0.5,), saturation=(0.5,), hop_ms=hop, cuts_per_minute=len(cuts) * 60_000 / duration_ms,
        pace=0.5, valence=0.5, arousal=0.5, has_audio=has_audio, speech_ratio=speech,
    )  # fmt: skip
    return info, analysis


def song(duration_ms: int = 20_000, media_id: str = "music") -> MediaInfo:
    return MediaInfo(id=media_id, name="Score.wav", kind=MediaKind.AUDIO, format="wav", size=1, duration_ms=duration_ms)


def only(draft: Draft, kind: TrackType) -> Track:
    (track,) = draft.tracks_of(kind)
    return track


def level_at(track: Track, t_ms: int) -> float:
    (segment,) = [sg for sg in track.segments if sg.start_ms <= t_ms < sg.end_ms]
    return float(track.meta.get("volume", 1.0)) * float(segment.meta.get("volume", 1.0))


def test_clips_play_back_to_back_with_their_own_sound() -> None:
    draft = plan_score([clip("a", 5000), clip("b", 7000)], song())

    lane = only(draft, TrackType.VIDEO)
    assert lane.meta["role"] == Role.VISUALS
    assert [(sg.src, sg.start_ms, sg.duration_ms, sg.in_ms) for sg in lane.segments] == [
        ("a", 0, 5000, 0),
        ("b", 5000, 7000, 0),
    ]
    assert all(sg.meta["volume"] == 1.0 for sg in lane.segments)
    assert draft.duration_ms == 12_000


def test_music_sits_10_db_down_under_a_clips_speech_and_fades() -> None:
    draft = plan_score([clip("a", 10_000, speech=0.15)], song(), fade_in_ms=1500, fade_out_ms=2500)

    music = only(draft, TrackType.AUDIO)
    assert music.meta["role"] == Role.BGM
    assert music.meta["volume"] == BGM_UNDER_SPEECH_VOLUME == 0.32  # -10 dB (0.25 until stop 64: "close to inaudible")
    assert only(draft, TrackType.VIDEO).segments[0].meta["sound"] == "speech"
    assert music.segments[0].meta["fade_in_ms"] == 1500
    assert music.segments[-1].meta["fade_out_ms"] == 2500
    assert music.end_ms == draft.duration_ms == 10_000
    assert music.meta["duck"] is False


def test_music_leads_over_a_clips_ambience() -> None:
    draft = plan_score([clip("wind", 10_000, speech=0.08)], song())

    assert only(draft, TrackType.AUDIO).meta["volume"] == 1.0
    assert only(draft, TrackType.VIDEO).segments[0].meta["sound"] == "ambience"


def test_music_plays_at_full_level_under_silent_clips() -> None:
    draft = plan_score([clip("a", has_audio=False), clip("b", has_audio=False)], song())

    assert only(draft, TrackType.AUDIO).meta["volume"] == 1.0


def test_music_follows_each_clip_when_some_speak_and_some_are_silent() -> None:
    talks = [clip("talk", 4000, speech=0.5), clip("quiet", 3000, has_audio=False), clip("talk2", 5000, speech=0.3)]
    draft = plan_score(talks, song())

    music = only(draft, TrackType.AUDIO)
    assert [level_at(music, t) for t in (1000, 5000, 9000)] == [BGM_UNDER_SPEECH_VOLUME, 1.0, BGM_UNDER_SPEECH_VOLUME]
    starts = [sg.start_ms for sg in music.segments]
    assert [sg.in_ms for sg in music.segments] == starts, "the music plays on continuously across the pieces"
    assert music.segments[0].meta["fade_in_ms"] == 1000 and music.segments[-1].meta["fade_out_ms"] == 2000


def test_music_ducks_under_speech() -> None:
    assert only(plan_score([clip("talk", speech=0.7)], song()), TrackType.AUDIO).meta["duck"] is True
    assert only(plan_score([clip("wind", speech=0.05)], song()), TrackType.AUDIO).meta["duck"] is False


def test_a_volume_setting_wins_over_the_rule() -> None:
    draft = plan_score([clip("a"), clip("b", has_audio=False)], song(), volume=0.5)

    music = only(draft, TrackType.AUDIO)
    assert music.meta["volume"] == 0.5
    assert all("volume" not in sg.meta for sg in music.segments)
    with pytest.raises(ValueError, match="between 0 and 1"):
        plan_score([clip("a")], song(), volume=1.5)


def test_short_music_loops_to_cover_the_clips() -> None:
    draft = plan_score([clip("a", 25_000)], song(10_000))

    music = only(draft, TrackType.AUDIO)
    assert [(sg.start_ms, sg.duration_ms, sg.in_ms) for sg in music.segments] == [
        (0, 10_000, 0),
        (10_000, 10_000, 0),
        (20_000, 5000, 0),
    ]


def test_portrait_clips_make_a_portrait_video_unless_told() -> None:
    portrait = [clip("phone", 9000, size=(1080, 1920)), clip("wide", 3000)]

    assert plan_score(portrait, song()).aspect == "9:16"
    assert plan_score([clip("sq", size=(720, 720))], song()).aspect == "1:1"
    assert plan_score([clip("wide")], song()).aspect == "16:9"
    assert plan_score(portrait, song(), aspect="16:9").aspect == "16:9"


def test_the_music_grid_goes_into_the_draft() -> None:
    rhythm = AudioAnalysis(
        duration_ms=8000, tempo_bpm=96.0, beats_ms=(250, 875, 1500, 9000), downbeats_ms=(250,), onsets_ms=(),
        energy=(), energy_hop_ms=100, sections_ms=(0,),
    )  # fmt: skip
    draft = plan_score([clip("a", 8000)], song(8000), rhythm)

    assert draft.meta["bpm"] == 96.0
    assert draft.meta["beats_ms"] == [250, 875, 1500]
    assert draft.meta["downbeats_ms"] == [250]
    assert Draft.from_wire(draft.to_wire()) == draft


def test_no_clips_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="upload at least one video"):
        plan_score([], song())


def beats_analysis(tempo_bpm: float, duration_ms: int, first_ms: int = 200) -> AudioAnalysis:
    beat = 60_000 / tempo_bpm
    beats = tuple(
        round(first_ms + k * beat)
        for k in range(int((duration_ms - first_ms) / beat) + 1)
        if first_ms + k * beat < duration_ms
    )
    return AudioAnalysis(
        duration_ms=duration_ms, tempo_bpm=tempo_bpm, beats_ms=beats, downbeats_ms=beats[1::4], onsets_ms=beats,
        energy=(0.5,), energy_hop_ms=100, sections_ms=(0,),
    )  # fmt: skip


def lane_cuts(draft: Draft) -> list[int]:
    return [sg.start_ms for sg in only(draft, TrackType.VIDEO).segments[1:]]


def test_recut_cuts_fall_on_beats_and_whole_frames() -> None:
    music = beats_analysis(117.0, 20_000)
    videos = [clip("a", 12_000, cuts=(3000, 7000)), clip("b", 9000, cuts=(4500,))]

    draft = recut_clips_to_beats(videos, song(20_000), music, beats_per_cut=2)

    lane = only(draft, TrackType.VIDEO)
    assert lane.segments[0].start_ms == 0 and lane.end_ms == draft.duration_ms == 20_000
    assert all(a.end_ms == b.start_ms for a, b in itertools.pairwise(lane.segments))
    for cut in lane_cuts(draft):
        assert min(abs(cut - b) for b in music.beats_ms) <= 1000 / 30 / 2 + 1
        assert abs(cut * 30 / 1000 - round(cut * 30 / 1000)) < 0.05, f"{cut} ms is not on a frame at 30 fps"
    assert draft.meta["bpm"] == 117.0 and draft.meta["fps"] == 30


def test_recut_windows_never_cross_a_cut_of_the_clip() -> None:
    videos = [clip("a", 10_000, cuts=(1200, 2600, 5100, 8000)), clip("b", 6000, cuts=(2000, 4100))]

    draft = recut_clips_to_beats(videos, song(16_000), beats_analysis(100.0, 16_000), beats_per_cut=2)

    cuts = {info.id: a.cut_points_ms for info, a in videos}
    for sg in only(draft, TrackType.VIDEO).segments:
        assert sg.in_ms is not None
        inside = [c for c in cuts[str(sg.src)] if sg.in_ms < c < sg.in_ms + sg.duration_ms]
        assert inside == [], f"{sg.src} from {sg.in_ms} ms for {sg.duration_ms} ms crosses its own cut {inside}"


def test_recut_takes_the_lively_part_of_a_clip() -> None:
    motion = tuple(0.9 if 30 <= i < 45 else 0.05 for i in range(60))  # busy from 6 s to 9 s of 12 s
    music = beats_analysis(100.0, 8000)  # shots of 4 beats (2.4 s) from the first downbeat, at 0.8 s

    draft = recut_clips_to_beats([clip("a", 12_000, motion=motion)], song(8000), music, beats_per_cut=4)

    windows = [(sg.in_ms or 0, (sg.in_ms or 0) + sg.duration_ms) for sg in only(draft, TrackType.VIDEO).segments]
    assert any(start >= 6000 and end <= 9000 for start, end in windows), windows
    assert [start for start, _ in windows] == sorted(start for start, _ in windows), "the story keeps its order"


def test_recut_mutes_clips_and_plays_the_music_full_unless_asked() -> None:
    videos = [clip("a", 10_000, speech=0.4)]
    music = beats_analysis(120.0, 8000)

    plain = recut_clips_to_beats(videos, song(8000), music)
    kept = recut_clips_to_beats(videos, song(8000), music, keep_clip_sound=True)

    assert (
        only(plain, TrackType.AUDIO).meta["role"] == Role.MUSIC and only(plain, TrackType.AUDIO).meta["volume"] == 1.0
    )
    assert all(sg.meta["volume"] == 0.0 for sg in only(plain, TrackType.VIDEO).segments)
    assert (
        only(kept, TrackType.AUDIO).meta["role"] == Role.BGM
        and only(kept, TrackType.AUDIO).meta["volume"] == BGM_UNDER_SPEECH_VOLUME
    )
    assert only(plain, TrackType.AUDIO).segments[-1].meta["fade_out_ms"] == 2000


def test_lively_footage_cuts_faster_than_calm_footage() -> None:
    music = beats_analysis(120.0, 16_000)
    info, analysis = clip("a", 20_000)

    slow = recut_clips_to_beats([(info, replace(analysis, pace=0.0))], song(16_000), music)
    fast = recut_clips_to_beats([(info, replace(analysis, pace=1.0))], song(16_000), music)

    assert len(lane_cuts(fast)) > len(lane_cuts(slow))


def test_recut_of_analysed_clips_keeps_every_cut_on_a_beat(tmp_path: Path) -> None:
    shots = montage((2.0, 1.5, 2.5, 2.0))
    path = write_clip(tmp_path / "trip.mp4", shots)
    analysis = analyze_video(path)
    assert len(analysis.cut_points_ms) == len(cut_times_ms(shots))
    info = MediaInfo(
        id="trip",
        name="trip.mp4",
        kind=MediaKind.VIDEO,
        format="mp4",
        size=path.stat().st_size,
        duration_ms=analysis.duration_ms,
    )
    music = beats_analysis(128.0, 6000)

    draft = recut_clips_to_beats([(info, analysis)], song(6000), music, beats_per_cut=2)

    for sg in only(draft, TrackType.VIDEO).segments:
        assert sg.in_ms is not None
        assert not [c for c in analysis.cut_points_ms if sg.in_ms < c < sg.in_ms + sg.duration_ms]


def test_the_spans_a_score_plays_under_speech_are_the_clips_levelled_as_speech() -> None:
    from nemo_notebook.engine.planning.score import speech_spans

    clips = [clip("talk", 4000, speech=0.5), clip("wind", 3000, speech=0.05), clip("talk2", 5000, speech=0.3)]
    assert speech_spans(clips) == ((0, 4000), (7000, 12_000))
    draft = plan_score(clips, song(12_000))
    spoken = [
        (sg.start_ms, sg.end_ms) for sg in only(draft, TrackType.VIDEO).segments if sg.meta.get("sound") == "speech"
    ]
    assert list(speech_spans(clips)) == spoken


def test_music_under_speech_rises_back_before_the_next_clip_and_nowhere_else() -> None:
    """Held-out 07's score stepped up 12 dB at the cut after the dialogue ("a 20 dB jump ... like an edit"): the
    quieter piece under speech rises to the next piece's level over its last second; the loud piece before a
    speaking clip, and the last piece, do not."""
    from nemo_notebook.engine.planning.score import RISE_UNDER_SPEECH_MS

    clips = [clip("talk", 4000, speech=0.5), clip("wind", 3000, speech=0.05), clip("talk2", 5000, speech=0.3)]
    pieces = only(plan_score(clips, song(12_000)), TrackType.AUDIO).segments
    assert [(sg.start_ms, sg.end_ms, sg.meta.get("volume")) for sg in pieces] == [
        (0, 4000, BGM_UNDER_SPEECH_VOLUME),
        (4000, 7000, 1.0),
        (7000, 12_000, BGM_UNDER_SPEECH_VOLUME),
    ]
    assert [(sg.meta.get("rise_to"), sg.meta.get("rise_ms")) for sg in pieces] == [
        (1.0, RISE_UNDER_SPEECH_MS),
        (None, None),
        (None, None),
    ]
