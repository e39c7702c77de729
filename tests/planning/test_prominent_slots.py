"""Weak material stays out of a video's prominent shots (issue 29; a blind reviewer of held-out 01 and 03: "the
CCTV street camera as the second shot, under the title: a weak hook", "Wood.jpg, a flat beige texture, is the second
shot and comes back for 10.6 s, 17 s in total"): a flat texture and a fixed-camera clip, measured so by the engine's
own analysis, are in none of the shots under the title (``prominence.OPENING_SHOTS_MS``, and the first cut) nor the
longest holds, and come back no more often than the stronger pictures, where stronger material exists."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from nemo_notebook.engine.analysis.picture import coarseness, sharpness
from nemo_notebook.engine.analysis.types import VideoAnalysis
from nemo_notebook.engine.analysis.video import analyze_video
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.planning.prominence import OPENING_SHOTS_MS
from nemo_notebook.protocol import MediaInfo, MediaKind, Segment
from nemo_notebook.protocol.showings import showings
from tests.render.synth import click_analysis, ffmpeg

from .test_coarse_pictures import DETAILED, GRAIN, SPECKLE
from .test_weak_sources import _lane

CALM = click_analysis(70, 95_000, energy=(0.3,) * 951, drive=0.1)  # held-out 03: a calm film of five photos
DRIVING = click_analysis(156, 60_000, energy=(0.95,) * 601, drive=0.9)  # held-out 01: pop rock, fast cuts
Material = tuple[list[tuple[MediaInfo, Path]], Path]
SUBJECTS = ("drawbox=x=700:y=300:w=400:h=300:c=0xd04020:t=fill", "hue=h=120", "hue=h=240", "negate")


@pytest.fixture(scope="module")
def material(tmp_path_factory: pytest.TempPathFactory) -> Material:
    """Four detailed pictures, a flat speckled texture (``picture.coarseness``: nothing stands out of it) and a
    24 s clip of a fixed camera on a still scene where one small box moves (``analyze_video``: one look)."""
    folder = tmp_path_factory.mktemp("prominent")
    pictures = []
    for name, look in [*((f"detail{i}", f"{DETAILED},{s}") for i, s in enumerate(SUBJECTS)), ("texture", SPECKLE)]:
        path = folder / f"{name}.jpg"
        ffmpeg("-f", "lavfi", "-i", look, "-frames:v", "1", "-q:v", "2", str(path))
        size = path.stat().st_size
        pictures.append(
            (MediaInfo(f"m_{name}", path.name, MediaKind.IMAGE, "jpg", size, width=1920, height=1080), path)
        )
    street = folder / "street.mp4"
    scene = f"color=c=0x707880:s=640x360:r=10:d=24,{GRAIN},drawbox=x='20+t*20':y=200:w=30:h=40:c=0x303030:t=fill"
    ffmpeg("-f", "lavfi", "-i", scene, "-c:v", "libx264", "-pix_fmt", "yuv420p", str(street))
    return pictures, street


def _visuals(
    material: Material, *, clip: bool
) -> tuple[list[tuple[MediaInfo, VideoAnalysis | None]], MusicVideoOptions]:
    pictures, street = material
    visuals: list[tuple[MediaInfo, VideoAnalysis | None]] = [(info, None) for info, _ in pictures]
    if clip:
        video = analyze_video(street)
        info = MediaInfo("m_street", street.name, MediaKind.VIDEO, "mp4", street.stat().st_size, video.duration_ms,
                         video.width, video.height, video.fps, False)  # fmt: skip
        visuals.append((info, video))
    sharp = tuple((info.id, sharpness(path) or 0.0) for info, path in pictures)
    coarse = tuple(info.id for info, path in pictures if (coarseness(path) or 0.0) >= 1.0)
    assert coarse == ("m_texture",), coarse  # the engine's own measure finds the texture plain
    return visuals, MusicVideoOptions(picture_sharpness=sharp, picture_coarse=coarse, opening="m_detail0")


def _runs(lane: list[Segment]) -> list[tuple[str, int, int]]:
    """Each showing's source, start and length (ms)."""
    return [(str(run[0].src), run[0].start_ms, sum(s.duration_ms for s in run)) for run in showings(lane)]


def _check(runs: list[tuple[str, int, int]], weak: set[str], seed: int) -> None:
    opening = [r for n, r in enumerate(runs) if r[1] < OPENING_SHOTS_MS or n < 2]
    assert not any(src in weak for src, _, _ in opening), (seed, opening)
    held = sorted((ms for src, _, ms in runs if src not in weak), reverse=True)[:3]  # the strong's longest holds
    assert all(ms <= held[-1] for src, _, ms in runs if src in weak), (seed, held, runs)  # none outlasts them
    count = {src: sum(1 for r in runs if r[0] == src) for src, _, _ in runs}
    strong = min(n for src, n in count.items() if src not in weak)
    assert all(count[src] <= strong for src in weak if src in count), (seed, count)


def test_a_flat_texture_is_not_under_the_title_nor_held_longest_in_a_calm_film(material: Material) -> None:
    """Held-out 03's case: five photos, one a plain texture, under a calm 95 s song (main: the texture was the second
    shot in seeds 0-3 and came back twice as often as the others, as Wood.jpg did)."""
    visuals, options = _visuals(material, clip=False)
    for seed in range(4):
        song = MediaInfo("m_song", "song.mp3", MediaKind.AUDIO, "mp3", 1000, duration_ms=CALM.duration_ms)
        draft = plan_music_video(song, CALM, visuals, dataclasses.replace(options, seed=seed))
        runs = _runs(_lane(draft))
        assert {src for src, _, _ in runs} >= {info.id for info, _ in visuals}, runs  # every upload still appears
        _check(runs, {"m_texture"}, seed)


def test_a_fixed_camera_and_a_texture_are_not_under_the_title_nor_held_longest_in_a_driving_song(
    material: Material,
) -> None:
    """Held-out 01's case: photos and a fixed street camera under a fast pop-rock minute."""
    visuals, options = _visuals(material, clip=True)
    for seed in range(4):
        song = MediaInfo("m_song", "song.mp3", MediaKind.AUDIO, "mp3", 1000, duration_ms=DRIVING.duration_ms)
        draft = plan_music_video(song, DRIVING, visuals, dataclasses.replace(options, seed=seed))
        assert draft.meta["little_used"] == {"m_texture": "coarse", "m_street": "fixed_camera"}
        _check(_runs(_lane(draft)), {"m_texture", "m_street"}, seed)
