"""Weak material is shown less (issue 29; a blind reviewer: "weak sources are used as much as good ones", a static
street camera three times): a picture out of focus, a fixed camera where little changes, get fewer and shorter
showings than good ones, every upload still appears, and the reply says which were shown less and why."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from nemo_notebook.engine.analysis.picture import sharpness
from nemo_notebook.engine.analysis.types import VideoAnalysis
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.planning.quality import SOFT_PICTURE, weaknesses
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind, Segment
from nemo_notebook.protocol.showings import times_shown
from tests.agent.fakes import FakeContext, run
from tests.render.synth import click_analysis, ffmpeg

SONG = MediaInfo("m_song", "song.mp3", MediaKind.AUDIO, "mp3", 1000, duration_ms=60_000)
LOUD = (0.95,) * 601
SHARP = "testsrc2=s=1920x1080"


def _photo(path: Path, source: str) -> Path:
    ffmpeg("-f", "lavfi", "-i", source, "-frames:v", "1", "-q:v", "3", str(path))
    return path


@pytest.fixture(scope="module")
def photos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Three sharp photos (different test patterns) and a blurred copy of the first."""
    folder = tmp_path_factory.mktemp("weak")
    return {
        "sharp": _photo(folder / "sharp.jpg", SHARP),
        "blurred": _photo(folder / "blurred.jpg", f"{SHARP},gblur=sigma=3"),
        "bars": _photo(folder / "bars.jpg", "smptehdbars=s=1920x1080"),
        "other": _photo(folder / "other.jpg", "testsrc=s=1920x1080"),
    }


def _info(name: str, path: Path) -> MediaInfo:
    return MediaInfo(f"m_{name}", path.name, MediaKind.IMAGE, "jpg", path.stat().st_size, width=1920, height=1080)


def _lane(draft: Draft) -> list[Segment]:
    lane = next(t for t in draft.tracks if t.meta.get("role") == "visuals")
    return sorted(lane.segments, key=lambda s: s.start_ms)


def _screen_ms(lane: list[Segment]) -> dict[str, int]:
    out: dict[str, int] = {}
    for sg in lane:
        out[str(sg.src)] = out.get(str(sg.src), 0) + sg.duration_ms
    return out


def test_a_blurred_picture_measures_out_of_focus_and_its_sharp_original_does_not(photos: dict[str, Path]) -> None:
    sharp, blurred = sharpness(photos["sharp"]), sharpness(photos["blurred"])
    assert sharp is not None and blurred is not None
    assert blurred < SOFT_PICTURE <= sharp, (sharp, blurred)
    assert sharpness(photos["sharp"].with_suffix(".missing")) is None


def test_a_sharp_picture_gets_more_screen_time_than_a_blurred_copy_of_itself(photos: dict[str, Path]) -> None:
    infos = [_info(name, path) for name, path in photos.items()]
    scores = tuple((info.id, sharpness(path) or 0.0) for info, path in zip(infos, photos.values(), strict=True))
    analysis = click_analysis(120, 60_000, energy=LOUD, drive=0.9)
    for seed in range(3):
        options = MusicVideoOptions(seed=seed, picture_sharpness=scores)
        draft = plan_music_video(SONG, analysis, [(info, None) for info in infos], options)
        lane = _lane(draft)
        shown, screen = times_shown(lane), _screen_ms(lane)
        assert shown["m_blurred"] >= 1, shown  # every upload still appears
        assert shown["m_blurred"] < min(shown[k] for k in ("m_sharp", "m_bars", "m_other")), (seed, shown)
        assert screen["m_blurred"] < 0.75 * screen["m_sharp"], (seed, screen)
        assert draft.meta["little_used"] == {"m_blurred": "out_of_focus"}
        assert lane[0].src != "m_blurred" and lane[-1].src != "m_blurred"


def _clip(media_id: str, looks: tuple[int, ...]) -> tuple[MediaInfo, VideoAnalysis]:
    """A 40 s clip of 1280×720 with a cut every 5 s and the given looks every 200 ms."""
    duration_ms, n = 40_000, 200
    info = MediaInfo(media_id, f"{media_id}.mp4", MediaKind.VIDEO, "mp4", 10, duration_ms, 1280, 720, 25.0, True)
    cuts = tuple(range(5000, duration_ms, 5000))
    video = VideoAnalysis(
        duration_ms, 1280, 720, 25.0, 0, cuts, (0.8,) * len(cuts), (0.5,) * n, (0.5,) * n, (0.5,) * n, 200, 7.5,
        0.5, 0.5, 0.5, True, looks=looks,
    )  # fmt: skip
    return info, video


def test_a_fixed_camera_gets_less_screen_time_than_a_moving_one() -> None:
    moving = _clip("m_moving", tuple(i // 10 for i in range(200)))  # a new look every 2 s
    fixed = _clip("m_fixed", (0,) * 200)  # one look: a street camera
    pictures = [
        MediaInfo(f"m_p{i}", f"p{i}.jpg", MediaKind.IMAGE, "jpg", 10 + i, width=1920, height=1080) for i in range(3)
    ]
    analysis = click_analysis(120, 60_000, energy=LOUD, drive=0.9)
    for seed in range(3):
        visuals = [*[(p, None) for p in pictures], fixed, moving]
        draft = plan_music_video(SONG, analysis, visuals, MusicVideoOptions(seed=seed))
        lane = _lane(draft)
        shown, screen = times_shown(lane), _screen_ms(lane)
        assert shown["m_fixed"] == 1, shown  # was as often as the moving clip, 3-4 times
        assert screen["m_fixed"] < 0.5 * screen["m_moving"], (seed, screen)
        assert draft.meta["little_used"] == {"m_fixed": "fixed_camera"}


def test_the_reply_names_the_picture_shown_less_and_why(photos: dict[str, Path]) -> None:
    infos = [_info(name, path) for name, path in photos.items()]
    song = dataclasses.replace(SONG, duration_ms=60_000)
    audio = {"m_song": click_analysis(120, 60_000, energy=LOUD, drive=0.9)}
    paths = {info.id: path for info, path in zip(infos, photos.values(), strict=True)}
    ctx = FakeContext(uploads=[song, *infos], audio=audio, paths=paths, history=[Draft.empty()])
    _, words = run(ctx, "create a video from this music with beat-synced cuts")
    assert 'shown less than the others: "blurred.jpg" once (out of focus)' in words, words
    _, again = run(ctx, "make it 50 seconds")
    assert "shown less" not in again, again  # said once, not at every edit


def test_the_video_closes_on_the_picture_it_opens_on() -> None:
    """The opening picture (the strongest: ``agent.making``) comes back for the last shot where it is shown twice
    (the review export closed on its weakest-scored photo, a kite fading into a plain sky)."""
    pictures = [
        MediaInfo(f"m_p{i}", f"p{i}.jpg", MediaKind.IMAGE, "jpg", 10 + i, width=1920, height=1080) for i in range(5)
    ]
    analysis = click_analysis(120, 60_000, energy=LOUD, drive=0.9)
    twice = 0
    for seed in range(8):
        options = MusicVideoOptions(seed=seed, opening="m_p3")
        lane = _lane(plan_music_video(SONG, analysis, [(p, None) for p in pictures], options))
        showings = [sg.src for sg in lane if not sg.meta.get("reframe")]
        assert showings[0] == "m_p3", showings
        if showings.count("m_p3") == 2:  # moved to the end, not added
            twice += 1
            assert showings[-1] == "m_p3", (seed, showings)
    assert twice >= 2, twice


def test_a_tiny_picture_is_weak_but_only_against_better_ones() -> None:
    tiny = MediaInfo("m_tiny", "tiny.jpg", MediaKind.IMAGE, "jpg", 1, width=480, height=270)  # 4x to fill 1080p
    fine = MediaInfo("m_fine", "fine.jpg", MediaKind.IMAGE, "jpg", 1, width=640, height=360)  # 3x: kept
    found = weaknesses([(tiny, None), (fine, None)], {}, "16:9")
    assert found[0] is not None and found[0].why == "small" and found[1] is None
    # all equally weak: none is shown less than another
    assert weaknesses([(tiny, None), (dataclasses.replace(tiny, id="m_tiny2"), None)], {}, "16:9") == [None, None]


def test_a_tiny_clip_gets_less_screen_time_than_a_large_one() -> None:
    """A 320x240 clip (tree.avi: enlarged 6 times to fill a 1080p frame, a small soft box on its blurred fill) was
    shown in 8 shots of a chorus of the blind review's export, as often as a good clip would be."""
    looks = tuple(i // 10 for i in range(200))  # a new look every 2 s: both clips have as much to show
    large = _clip("m_large", looks)
    info, video = _clip("m_tiny", looks)
    tiny = (dataclasses.replace(info, width=320, height=240), dataclasses.replace(video, width=320, height=240))
    pictures = [
        MediaInfo(f"m_p{i}", f"p{i}.jpg", MediaKind.IMAGE, "jpg", 10 + i, width=1920, height=1080) for i in range(3)
    ]
    analysis = click_analysis(120, 60_000, energy=LOUD, drive=0.9)
    for seed in range(3):
        draft = plan_music_video(
            SONG, analysis, [*[(p, None) for p in pictures], tiny, large], MusicVideoOptions(seed=seed)
        )
        lane = _lane(draft)
        shown, screen = times_shown(lane), _screen_ms(lane)
        assert 1 <= shown["m_tiny"] < shown["m_large"], (seed, shown)  # before: 13 and 11 (seed 0)
        assert screen["m_tiny"] < 0.75 * screen["m_large"], (seed, screen)
        assert draft.meta["little_used"] == {"m_tiny": "small"}


def test_a_weak_clip_with_many_moments_gets_the_short_shots_where_the_material_runs_short() -> None:
    """Where the ceilings add up to fewer shots than the video has, the visuals share the shots by their ceilings;
    a weak clip's (5, its many moments) outweighed seven photos' (2 each), and it took the long shots too (the
    review's 01 after the clip was held to its share: tree.avi in two 3 s shots, 10.8 s on screen, 6.1 s now)."""
    from random import Random

    from nemo_notebook.engine.planning.shot_order import shot_order

    shots = [3000] * 8 + [1500] * 20
    for seed in range(6):
        order = shot_order(8, shots, Random(seed), weights=[1.0] * 7 + [0.6], caps=[2] * 7 + [5], weak=[7])
        long_ones = sum(1 for k, ms in zip(order, shots, strict=True) if k == 7 and ms == 3000)
        assert long_ones <= 1, (seed, order)  # before: 2-3 of the 8 long shots


def test_a_picture_measured_with_no_sharpness_at_all_is_out_of_focus() -> None:
    """0.0 is a measure (``analysis.picture.sharpness``: hardly an edge), not its absence: the check read it as
    "not measured" and such a picture was never marked soft."""
    plain, good = (MediaInfo(f"m_{n}", f"{n}.jpg", MediaKind.IMAGE, "jpg", 1, width=1920, height=1080) for n in "ab")
    found = weaknesses([(plain, None), (good, None)], {plain.id: 0.0, good.id: 0.9}, "16:9")
    assert found[0] is not None and found[0].why == "out_of_focus"
    assert found[1] is None
    assert weaknesses([(plain, None), (good, None)], {good.id: 0.9}, "16:9") == [None, None]  # not measured
