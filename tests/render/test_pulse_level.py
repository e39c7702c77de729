"""A loud pulse scene's beat surges as loud as the music there (``render.pulse_level``), its field dimmed by its
level, and the flight carried on from beat to beat without a jump."""

from __future__ import annotations

from nemo_notebook.engine.render.pulse_level import SURGE_FLOOR, dimmed, level_at, surges

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
