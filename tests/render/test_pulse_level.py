"""A loud pulse scene's beat surges as loud as the music there (``render.pulse_level``), its field dimmed by its
level, and the flight carried on from beat to beat without a jump."""

from __future__ import annotations

import math

from nemo_notebook.engine.render.pulse_level import SURGE_FLOOR, beat_time, dimmed, held_steps, level_at, surges

META = {"level": [1.0, 0.0, 0.0, 1.0], "level_from_ms": 10000, "level_hop_ms": 1000}


def test_the_level_is_read_between_its_values_and_is_full_without_one() -> None:
    assert level_at(META, 10500) == 0.5 and level_at(META, 12000) == 0.0 and level_at(META, 99000) == 1.0
    assert level_at({}, 12000) == 1.0


def test_each_beat_surges_as_loud_as_the_music_where_it_falls() -> None:
    # a scene from 10 s, beats every 0.5 s from its start (offset 0): 10.0, 10.5, 11.0 ... 13.0
    got = surges(META, 10.0, 0.5, 0.0, 3.0)
    assert got[0] == 1.0 and got[2] == SURGE_FLOOR and got[4] == SURGE_FLOOR and got[-1] == 1.0, got
    assert surges({}, 10.0, 0.5, 0.0, 3.0) == []


def test_the_field_is_dimmed_only_where_the_scene_carries_a_level() -> None:
    assert dimmed({}, 10.0) == ""
    assert dimmed({"level": [1.0, 1.0], "level_from_ms": 0, "level_hop_ms": 500}, 0.0) == ""
    assert dimmed(META, 10.0).startswith(",eq=eval=frame:contrast=")


def _light(filter_: str, t: float) -> float:
    """The dimming's contrast (the field's light over its black) at the scene's time ``t``, read from the filter."""
    gain = filter_.split("contrast='")[1].split("'")[0]
    return float(eval(gain, {"floor": math.floor, "max": max, "abs": abs, "t": t}))  # our own filter, read back


def test_a_loud_scene_s_light_steps_only_on_its_beats() -> None:
    # read at the video's time, the light changed every few frames between the beats of a thinning band, and every
    # such frame cost the encoder a frame coded anew (ffmpeg's CPU of 30 s of pulse at 1080p)
    per_frame, on_beats = dimmed(META, 10.0), dimmed(META, 10.0, beat_time(0.5, 0.0))
    frames = [n / 30 for n in range(15, 30)]  # the beat from 0.5 s to 1.0 s, as the level falls from 0.5 to 0
    assert len({_light(per_frame, t) for t in frames}) > 3
    assert {_light(on_beats, t) for t in frames} == {_light(per_frame, 0.5)}
    assert _light(on_beats, 1.0) < _light(on_beats, 0.5)


def test_a_level_wavering_round_a_light_step_does_not_blink_the_light() -> None:
    # held-out 05's aurora: levels every 0.5 s round a step's edge (0.525 between the steps 0.5 and 0.55) dimmed the
    # sky a step down and up again at 0.5 s intervals ("a mechanical twitch", a blind reviewer)
    wavering = {"level": [0.51, 0.54, 0.51, 0.54, 0.51], "level_from_ms": 0, "level_hop_ms": 500}
    steady = {"level": [0.5] * 5, "level_from_ms": 0, "level_hop_ms": 500}
    assert dimmed(wavering, 0.0) == dimmed(steady, 0.0)
    # a level that moves on is followed, each step once
    assert held_steps([0.5, 0.56, 0.62, 0.6, 0.62, 0.7]) == [0.5, 0.55, 0.6, 0.6, 0.6, 0.7]
