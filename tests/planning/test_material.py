"""Few pictures, long shots (issue 29): a song does not show the same few photos over and over because its loud
stretch asks for fast cuts; enough pictures or footage leave the music's own pace alone."""

from __future__ import annotations

import dataclasses

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.planning.material import most_shows
from nemo_notebook.protocol import MediaInfo, MediaKind
from nemo_notebook.protocol.showings import times_shown

from .test_music_video import MANY, PICTURES, SONG, click_analysis

LOUD_SECOND_HALF = tuple([0.3] * 600 + [0.95] * 601)  # two minutes: a calm minute, then a loud one


def _lane(visuals: list[MediaInfo], **options: object) -> list:  # type: ignore[type-arg]
    song = dataclasses.replace(SONG, duration_ms=120_000)
    analysis = click_analysis(120, 120_000, energy=LOUD_SECOND_HALF)
    draft = plan_music_video(song, analysis, [(v, None) for v in visuals], MusicVideoOptions(**options))  # type: ignore[arg-type]
    return list(next(t for t in draft.tracks if t.meta.get("role") == "visuals").segments)


def test_five_photos_under_two_minutes_are_each_shown_a_few_times_not_ten() -> None:
    lane = _lane(PICTURES)
    shown = times_shown(lane)
    assert max(shown.values()) <= 5, shown  # was 10-15 each (64 shots) before the material set the pace
    assert sum(sg.duration_ms for sg in lane) / len(lane) >= 5000


def test_forty_photos_keep_the_music_s_pace() -> None:
    lane = _lane(MANY)
    loud = [sg.duration_ms for sg in lane if sg.start_ms >= 61_000]
    assert len(loud) >= 40 and max(times_shown(lane).values()) <= 3


def test_a_pace_the_user_asks_for_is_kept_with_few_photos() -> None:
    lane = _lane(PICTURES, beats_per_cut=2)
    assert len(lane) >= 100  # every second beat, as asked


def test_a_clip_counts_a_shot_for_every_second_and_a_half_of_it_once_a_minute_and_a_picture_two() -> None:
    clip = MediaInfo("v", "v.mp4", MediaKind.VIDEO, "mp4", 10, 60_000, 640, 360, 25.0, True)
    # each moment of the clip once a minute (issue 29: a 10 s clip's moments twice, its first frame three times)
    assert most_shows([(clip, None)], 60_000, [1.0]) == [40]
    assert most_shows([(clip, None)], 120_000, [1.0]) == [80]
    assert most_shows([(PICTURES[0], None), (clip, None)], 60_000, [1.0, 1.0]) == [2, 40]
    assert most_shows([(PICTURES[0], None)], 180_000, [1.0]) == [4]  # 1.5 a minute, at least 2
    # "use the clip more" leaves the picture fewer shots, "less" more; "more of the photo" raises its own
    assert most_shows([(PICTURES[0], None), (clip, None)], 60_000, [1.0, 2.0]) == [1, 80]
    assert most_shows([(PICTURES[0], None), (clip, None)], 60_000, [1.0, 0.5]) == [4, 40]
    assert most_shows([(PICTURES[0], None), (clip, None)], 60_000, [2.0, 1.0]) == [4, 40]


def test_with_eleven_pictures_none_comes_back_within_eight_seconds() -> None:
    eleven = [MediaInfo(f"p{i}", f"p{i}.jpg", MediaKind.IMAGE, "jpg", 10, width=800, height=600) for i in range(11)]
    song = dataclasses.replace(SONG, duration_ms=52_000)
    energy = tuple([0.95] * 110 + [0.4] * 120 + [0.95] * 291)  # loud, a calmer stretch, loud: fast cutting
    analysis = click_analysis(140, 52_000, energy=energy, sections_ms=(0, 11_000, 23_000))
    for seed in range(5):
        draft = plan_music_video(song, analysis, [(p, None) for p in eleven], MusicVideoOptions(seed=seed))
        lane = next(t for t in draft.tracks if t.meta.get("role") == "visuals").segments
        last_end: dict[str, int] = {}
        for sg in lane:
            assert sg.src is not None
            back_after = sg.start_ms - last_end.get(sg.src, -(10**9))
            assert back_after >= 8000, (seed, sg.src, sg.start_ms)  # was a photo three times in 15 s
            last_end[sg.src] = sg.start_ms + sg.duration_ms
