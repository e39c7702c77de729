"""The pulse design's loud scenes take a tunnel and a floor in turn: a floor that comes back comes back in another
colour (held-out 06: its floors at 0:42 and 1:44 both turned -40 degrees, "the teal floor-and-ceiling grid runs
42-77 s and 104-141 s and looks the same both times", a blind reviewer of stop 62); so does a tunnel."""

from __future__ import annotations

import itertools

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.planning.scene_hues import PULSE_LOOK_DEG, SAME_LOOK_DEG
from nemo_notebook.protocol import MediaInfo, MediaKind
from tests.render.synth import click_analysis

TEMPO = 120.0  # a downbeat every 2 s
# held-out 06's shape: a quiet intro, four loud sections, a break, two loud ones, the drop
SECTIONS = ((0, 0.2), (16_000, 0.8), (44_000, 0.82), (78_000, 0.8), (104_000, 0.82), (142_000, 0.3),
            (154_000, 0.8), (182_000, 0.82), (214_000, 0.98))  # fmt: skip
LENGTH_MS = 240_000


def _energy() -> tuple[float, ...]:
    out: list[float] = []
    for (start, level), stop in zip(SECTIONS, [*(s for s, _ in SECTIONS[1:]), LENGTH_MS], strict=True):
        out += [level] * ((stop - start) // 100)
    return (*out, out[-1])


def test_a_pulse_scene_of_one_character_comes_back_in_another_colour() -> None:
    analysis = click_analysis(TEMPO, LENGTH_MS, energy=_energy(), sections_ms=tuple(s for s, _ in SECTIONS))
    song = MediaInfo("song", "song.wav", MediaKind.AUDIO, "wav", 1, duration_ms=LENGTH_MS)
    made = plan_music_video(song, analysis, [], MusicVideoOptions(backdrop="pulse", visualizer=None))
    scenes = [sg for sg in made.tracks[0].segments if sg.meta.get("design") == "pulse"]
    variants = [str(sg.meta.get("variant")) for sg in scenes]
    # the loud scenes' tunnel and floor in turn (``render.alone_scenes.character_of``)
    looks = [f"loud{variants[:n].count('loud') % 2}" if v == "loud" else v for n, v in enumerate(variants)]
    turns = [int(sg.meta.get("hue_deg", 0)) for sg in scenes]
    by_look: dict[str, list[int]] = {}
    for look, turn in zip(looks, turns, strict=True):
        by_look.setdefault(look, []).append(turn)
    floors = by_look.get("loud1", [])
    assert len(floors) >= 3, (looks, turns)
    # main: the tunnels turned -40, -40, 17 and the floors 0, -5, -40; now -40, -85, 17 and 0, -45, -65 (this
    # palette leaves turns from 20 to 75 muddy: a third floor 45 from both others has no room)
    assert abs(floors[0] - floors[1]) >= PULSE_LOOK_DEG, (looks, turns)
    for same in (by_look.get("loud0", []), floors):
        assert all(abs(a - b) >= SAME_LOOK_DEG for a, b in itertools.combinations(same, 2)), (looks, turns)
