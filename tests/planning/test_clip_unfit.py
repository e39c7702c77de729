"""Shots never show a clip's title card, credits, black or white frames, fades, letterboxes or frozen pictures.

A clip is generated with each of those (a title card of "text" bars on a plain ground, a fade from black, a
letterboxed stretch, a frozen picture) between lively footage; analysis marks them and the music video's windows
keep out of them. The bunny clip's opening "presents" card (shared media, Big Buck Bunny, CC BY 3.0, (c) 2008
Blender Foundation, www.bigbuckbunny.org) never appears either.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nemo_notebook.engine.analysis.types import AudioAnalysis, VideoAnalysis
from nemo_notebook.engine.analysis.video import analyze_video
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.protocol import MediaInfo, MediaKind
from tests.analysis.video_synth import Shot, write_clip
from tests.conftest import shared_media
from tests.render.synth import click_analysis

TITLE = (
    "color=c=0x14243a:size={size}:rate={fps},"
    "drawbox=x=90:y=70:w=140:h=10:color=white:t=fill,drawbox=x=110:y=92:w=100:h=7:color=white:t=fill"
)
# (what, where in the clip in ms): the parts a shot must never show
UNFIT_MS = {"title card": (0, 2000), "fade from black": (2000, 3000), "letterbox": (9000, 12000)}


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, VideoAnalysis]:
    path = tmp_path_factory.mktemp("unfit") / "clip.mp4"
    shots = [
        Shot(TITLE, 2.0),
        Shot("testsrc2=size={size}:rate={fps},fade=in:st=0:d=1", 7.0),
        Shot("mandelbrot=size={size}:rate={fps},scale=320:120,pad=320:180:0:30:black", 3.0),
        Shot("rgbtestsrc=size={size}:rate={fps},scroll=v=0.01", 6.0),
        Shot("smptehdbars=size={size}:rate={fps},trim=end_frame=1,loop=loop=-1:size=1", 2.0),
    ]
    write_clip(path, shots, fps=25)
    return path, analyze_video(path)


def _unfit_ms(analysis: VideoAnalysis) -> list[int]:
    return [i * analysis.hop_ms for i, v in enumerate(analysis.unfit) if v > 0.1]


def test_analysis_marks_the_title_card_the_fade_the_letterbox_and_the_frozen_end(
    clip: tuple[Path, VideoAnalysis],
) -> None:
    _, analysis = clip
    marked = set(_unfit_ms(analysis))
    for what, (a, b) in UNFIT_MS.items():
        inside = [t for t in range(a, b - 200, analysis.hop_ms)]
        assert sum(t in marked for t in inside) >= 0.7 * len(inside), what
    frozen = [t for t in range(18_400, 19_800, analysis.hop_ms)]
    assert all(t in marked for t in frozen), "frozen picture"
    lively = [t for t in range(3400, 8800, analysis.hop_ms)] + [t for t in range(12_400, 17_800, analysis.hop_ms)]
    assert sum(t in marked for t in lively) <= 0.1 * len(lively)


def _windows(info: MediaInfo, analysis: VideoAnalysis, music: AudioAnalysis) -> list[tuple[int, int]]:
    song = MediaInfo("song", "song.mp3", MediaKind.AUDIO, "mp3", 1, duration_ms=music.duration_ms)
    draft = plan_music_video(song, music, [(info, analysis)], MusicVideoOptions(visualizer=None))
    lane = next(t for t in draft.tracks if t.meta.get("role") == "visuals")
    return [(sg.in_ms or 0, (sg.in_ms or 0) + sg.duration_ms) for sg in lane.segments if sg.src == info.id]


def test_shots_keep_out_of_every_unfit_stretch(clip: tuple[Path, VideoAnalysis]) -> None:
    path, analysis = clip
    info = MediaInfo("clip", path.name, MediaKind.VIDEO, "mp4", 1, analysis.duration_ms, 320, 180, 25.0, False)
    windows = _windows(info, analysis, click_analysis(120, 8000))
    assert windows
    bad = [(a, b) for a, b in (*UNFIT_MS.values(), (18_000, 20_000))]
    assert not [w for w in windows for a, b in bad if w[0] < b and a < w[1]]


def test_the_bunny_clip_presents_card_never_appears() -> None:
    """The bunny clip opens with a fade from black and shows "The Peach Open Movie Project presents" on a still
    branch from about 21.0 s to its cut at 23.04 s (the text first shows over the bird flying off, at 20.4 s)."""
    path = shared_media("big-buck-bunny-30s.mp4")
    analysis = analyze_video(path)
    info = MediaInfo("bunny", path.name, MediaKind.VIDEO, "mp4", 1, analysis.duration_ms, 854, 480, 24.0, True)
    marked = set(_unfit_ms(analysis))
    assert {0, 200, 400} <= marked  # the fade from black
    assert all(t in marked for t in range(21_000, 23_000, analysis.hop_ms))  # the card
    for seconds in (12, 24, 40):
        windows = _windows(info, analysis, click_analysis(120, seconds * 1000))
        assert not [w for w in windows if w[0] < 23_000 and w[1] > 21_000], seconds
        assert not [w for w in windows if w[0] < 1_000], seconds
