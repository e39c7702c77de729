"""Where a long photo shot pushes in on the beat (``planning.beat_pulses``): on the downbeats inside pictures' shots of
a bar and a half or more, in driving music where it is loud; never in a calm section, a quiet break, a clip, a short
shot, a shot that punches in, a cover video, or music that flows. Held-out 01 (156 BPM pop-rock, 8 photos and 2 clips)
asked for the rhythm in the picture; a first try pulsed every other beat, about 60 times in 107 s, "a camera bump
rather than a groove" (a blind reviewer)."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest

from nemo_notebook.engine.analysis.types import AudioAnalysis
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.planning.beat_pulses import PULSE_GAP_MS, beat_pulses
from nemo_notebook.protocol import MediaInfo, MediaKind, Segment
from tests.render.synth import click_analysis

BAR_MS = 2000  # 120 BPM, four beats a bar
# loud (16 s), calm (16 s), loud (16 s)
ENERGY = tuple(0.9 if not 160 <= i < 320 else 0.15 for i in range(481))
SECTIONS = (0, 16_000, 32_000)
SONG = MediaInfo("song", "song.mp3", MediaKind.AUDIO, "mp3", 1000, duration_ms=48_000)
PICTURES = [MediaInfo(f"img{i}", f"p{i}.jpg", MediaKind.IMAGE, "jpg", 10, width=1600, height=900) for i in range(3)]


def _song(**changes: Any) -> AudioAnalysis:
    values: dict[str, Any] = {"energy": ENERGY, "sections_ms": SECTIONS, "drive": 1.0} | changes
    return click_analysis(120, 48_000, **values)


def _picture(start: int, duration: int, src: str = "a", **meta: Any) -> Segment:
    return Segment(start, duration, src, None, {"motion": "pan_left", **meta})


def _pulses(lane: list[Segment], analysis: AudioAnalysis) -> list[list[int] | None]:
    return [sg.meta.get("pulse_ms") for sg in beat_pulses(lane, analysis, analysis.duration_ms)]


def test_long_photo_shots_pulse_on_the_loud_downbeats_inside_them() -> None:
    lane = [
        _picture(0, 6000),  # three bars: its two inner downbeats
        _picture(6000, 2000, "b"),  # one bar: its downbeat is its cut
        Segment(8000, 4000, "clip", 1000, {}),  # a clip keeps its own motion
        _picture(12_000, 8000, "b"),  # into the calm section: the loud downbeat only
        _picture(20_000, 8000),  # calm
        _picture(32_000, 4000, "b", punch_ms=[500]),  # punches in on the kicks already
        _picture(36_000, 3000),  # a bar and a half: the downbeat a bar in
        _picture(39_000, 9000, "b"),
    ]
    assert _pulses(lane, _song()) == [
        [2000, 4000],
        None,
        None,
        [2000],
        None,
        None,
        [2000],
        [1000, 3000, 5000, 7000],
    ]


def test_no_pulse_in_a_quiet_break_of_a_loud_section() -> None:
    """A stretch 6 dB under the song's body for 4 s inside a loud section (``quiet_breaks``): held still."""
    energy = tuple(0.85 - 0.12 * (4000 <= i * 100 < 8000) + 0.01 * (i // 20 % 3) for i in range(481))
    pulses = _pulses([_picture(0, 12_000), _picture(12_000, 4000, "b")], _song(energy=energy, sections_ms=(0,)))
    assert pulses[0] is not None and all(not 4000 <= ms < 8000 for ms in pulses[0]), pulses
    assert pulses[0] == [2000, 10_000], pulses  # the break found reaches to 8.5 s


RISING = tuple(0.6 + 0.35 * i / 480 for i in range(481))  # one section growing louder all through its 48 s


def test_the_loudest_bars_pulse_on_their_third_beats_too_and_in_shots_of_a_bar() -> None:
    """A song growing louder: quiet at first (none), then its long shots pulse on the downbeats alone and its shot of
    a bar not at all; at its loudest (a third of the bars that pulse) the third beats pulse too, and a shot of a bar
    on its third beat; never two pulses closer than ``PULSE_GAP_MS``."""
    song = _song(energy=RISING, sections_ms=(0,))
    lane = [_picture(0, 8000), _picture(24_000, 8000, "b"), _picture(32_000, 2000), _picture(36_000, 8000, "b")]
    lane += [_picture(44_000, 2000)]
    pulses = _pulses(lane, song)
    assert pulses == [None, [2000, 4000, 6000], None, [2000, 4000, 5000, 6000, 7000], [1000]], pulses
    times = sorted(sg.start_ms + ms for sg, ms_list in zip(lane, pulses, strict=True) for ms in ms_list or [])
    assert min(b - a for a, b in pairwise(times)) >= PULSE_GAP_MS
    whole = [_picture(0, 24_000), _picture(24_000, 24_000, "b")]
    every = [sg.start_ms + ms for sg, ms_list in zip(whole, _pulses(whole, song), strict=True) for ms in ms_list or []]
    thirds = [ms for ms in every if ms % BAR_MS]
    assert 0 < len(thirds) <= len(every) / 3 and min(thirds) > 24_000, every  # the loudest third, late in the song


def test_no_pulse_on_a_beat_where_no_sound_starts() -> None:
    """At the loudest, the downbeat at 40 s and the third beat at 43 s without an onset (a held chord, a stop)."""
    beats = tuple(range(0, 48_000, 500))
    song = _song(energy=RISING, sections_ms=(0,), onsets_ms=tuple(t for t in beats if t not in (40_000, 43_000)))
    pulses = _pulses([_picture(30_000, 8000), _picture(38_000, 8000, "b")], song)
    assert pulses[1] == [1000, 4000, 6000, 7000], pulses


@pytest.mark.parametrize("drive", [0.1, 0.5])
def test_calm_and_flowing_music_keep_their_smooth_moves(drive: float) -> None:
    assert _pulses([_picture(0, 8000), _picture(8000, 8000, "b")], _song(drive=drive)) == [None, None]


def test_a_cover_video_keeps_its_own_pulse_alone() -> None:
    assert _pulses([_picture(0, 8000), _picture(8000, 8000)], _song()) == [None, None]


def test_a_planned_video_pulses_only_on_downbeats_inside_picture_shots() -> None:
    """Through the planner: three pictures under a 48 s song give long shots, some pulsing, every pulse on a
    downbeat of a loud section, a beat or more from its shot's cut."""
    analysis = _song()
    draft = plan_music_video(SONG, analysis, [(p, None) for p in PICTURES], MusicVideoOptions(visualizer=None))
    lane = next(t for t in draft.tracks if t.meta.get("role") == "visuals").segments
    pulses = [(sg, sg.start_ms + ms) for sg in lane for ms in sg.meta.get("pulse_ms") or []]
    assert pulses, [(sg.start_ms, sg.duration_ms, dict(sg.meta)) for sg in lane]
    for sg, at in pulses:
        assert at in analysis.downbeats_ms and not 16_000 <= at < 32_000, at
        assert sg.start_ms + 500 <= at <= sg.end_ms - 400, (sg.start_ms, sg.duration_ms, at)
