"""An aurora's warm scenes take an aurora's greens and cyans: held-out 05 (a ballad alone, "dusk" over the aurora)
turned its second and fourth parts +40 degrees, crimson and gold curtains, orange at the climax; its blind reviewer
asked for "parts 2 and 4 in greens/cyans instead ... no orange, no khaki" (``planning.aurora_hues``)."""

from __future__ import annotations

import dataclasses

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.planning.palettes import hue_deg, muddy, turned
from tests.render.synth import click_analysis

from .test_music_video import SONG
from .test_scene_hue_turns import BALLAD

STARTS = (0, 43_603, 90_969, 138_655, 171_172, 188_866, 240_000)


def _scenes(backdrop: str) -> list[dict[str, object]]:
    energy = [v for v, a, b in zip(BALLAD, STARTS, STARTS[1:], strict=False) for _ in range(a // 100, b // 100)]
    analysis = click_analysis(
        72, 240_000, drive=0.2, flatness=0.003, mode=0.2, energy=(*energy, BALLAD[-1]), sections_ms=STARTS[:-1]
    )
    options = MusicVideoOptions(backdrop=backdrop)
    made = plan_music_video(dataclasses.replace(SONG, duration_ms=240_000), analysis, [], options)
    return [dict(sg.meta) for sg in next(t for t in made.tracks if t.meta.get("role") == "visuals").segments]


def _field_hue(meta: dict[str, object]) -> float:
    colors, turn = meta["colors"], meta.get("hue_deg", 0)
    assert isinstance(colors, list) and isinstance(turn, int)
    return hue_deg(turned(colors[1], turn))


def test_a_ballad_s_louder_aurora_parts_are_green_and_cyan_not_crimson_and_gold() -> None:
    scenes = _scenes("aurora")
    hues = [round(_field_hue(m)) for m in scenes]
    # main: 302, 342, 262, 0, 232 (the second and fourth crimson and gold-red)
    assert len(scenes) >= 5 and scenes[3]["variant"] == "drop", [(m.get("variant"), m.get("hue_deg")) for m in scenes]
    for n in (1, 3):
        assert 120 <= hues[n] <= 190, hues
    assert abs(hues[1] - hues[3]) >= 20, hues  # the two apart from each other
    assert not any(h < 90 or h > 330 for h in hues[1:]), hues  # no later scene red, orange or gold
    for m in scenes:
        colors = m["colors"]
        assert isinstance(colors, list)
        assert not any(muddy(turned(c, int(m.get("hue_deg", 0)))) for c in colors), m  # nor khaki


def test_the_other_designs_keep_their_warm_turns() -> None:
    assert [m.get("hue_deg", 0) for m in _scenes("bokeh")][1] == 40
