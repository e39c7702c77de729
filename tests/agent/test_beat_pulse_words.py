"""The reply says what a long photo shot draws on the beat (``planning.beat_pulses``), and only where it does:
held-out 01 of stop 56 said "longer shots that move with the beat" over "a constant-speed pan with no beat pulse I
could see" (a blind reviewer)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind
from tests.agent.fakes import FakeContext, run
from tests.render.synth import click_analysis, ffmpeg

SONG = MediaInfo("m_song", "song.mp3", MediaKind.AUDIO, "mp3", 1000, duration_ms=12_000)
PICTURES = [MediaInfo(f"m_pic{i}", f"p{i}.jpg", MediaKind.IMAGE, "jpg", 100 + i, width=640, height=360) for i in (1, 2)]
SAID = "push in a little on beats 1 and 3 of each bar and ease back"


def _made(tmp_path: Path, drive: float) -> tuple[Draft, str]:
    paths = {}
    for info in PICTURES:
        paths[info.id] = tmp_path / info.name
        ffmpeg("-f", "lavfi", "-i", "testsrc2=s=640x360", "-frames:v", "1", str(paths[info.id]))
    analysis = click_analysis(120, 12_000, energy=(0.6,) * 121, drive=drive)
    ctx = FakeContext(uploads=[SONG, *PICTURES], audio={"m_song": analysis}, history=[Draft.empty()], paths=paths)
    _, words = run(ctx, "create a video from this music with beat-synced cuts")
    return ctx.draft(), words


def test_driving_music_says_its_long_photo_shots_push_in_on_the_beat(tmp_path: Path) -> None:
    draft, words = _made(tmp_path, drive=1.0)
    pulsing = [sg for t in draft.tracks for sg in t.segments if sg.meta.get("pulse_ms")]
    assert pulsing, "the long photo shots pulse"
    assert f"the longer photo shots ({len(pulsing)}) {SAID}" in words, words


@pytest.mark.parametrize("drive", [0.1, 0.5])
def test_calm_and_flowing_music_say_no_pulse(tmp_path: Path, drive: float) -> None:
    draft, words = _made(tmp_path, drive=drive)
    assert not any(sg.meta.get("pulse_ms") for t in draft.tracks for sg in t.segments)
    assert SAID not in words, words


def test_a_cover_video_keeps_its_own_pulse_alone() -> None:
    """One picture is a cover video, whose cover grows on each downbeat itself (``render.cover_motion``): the
    lane's pulse on top would push the whole frame, cover and backdrop, in on the beat as well."""
    analysis = click_analysis(120, 12_000, energy=(0.6,) * 121, drive=1.0)
    draft = plan_music_video(SONG, analysis, [(PICTURES[0], None)], MusicVideoOptions(visualizer=None))
    assert not any(sg.meta.get("pulse_ms") for t in draft.tracks for sg in t.segments)
