"""A song alone's scenes differ visibly in colour, the louder in an aurora's greens (a blind reviewer of a 4-minute rock
ballad in the aurora: "4 minutes of near-identical purple. Each scene changes the hue only a little, so it feels like
one 4-minute shot"; its six scenes' mean hues lay at 301, 314, 288, 325, 275 and 300 degrees).

The song: four sections of 5 s, all loud as most of a rock ballad is, their energies close (0.82, 0.9, 0.78, 0.86:
the ballad's lay between 0.77 and 0.90), in the "dusk" palette over the aurora. Measured on the rendered frames, a
second clear of each scene's ends (the dips between scenes): each scene's chroma-weighted mean hue."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.render import render_draft

from .synth import audio_info, click_analysis
from .test_track_alone_composition import _song
from .test_track_alone_look import mean_hue_deg, rgb_frames

SIZE = (192, 108)
SECTION_MS, ENERGY = 5_000, (0.82, 0.9, 0.78, 0.86)
LENGTH_MS = SECTION_MS * len(ENERGY)


def _apart(a: float, b: float) -> float:
    """``a`` less ``b`` round the colour wheel, in (-180, 180]."""
    return -((b - a + 180) % 360 - 180)


def test_a_song_alones_scenes_differ_in_hue_and_the_loudest_is_an_aurora_green(tmp_path: Path) -> None:
    song = _song(tmp_path / "song.wav")
    energy = (*(e for e in ENERGY for _ in range(SECTION_MS // 100)), ENERGY[-1])
    analysis = click_analysis(120, LENGTH_MS, energy=energy, sections_ms=tuple(range(0, LENGTH_MS, SECTION_MS)))
    info = audio_info("song", song, LENGTH_MS)
    made = plan_music_video(info, analysis, [], MusicVideoOptions(backdrop="aurora", palette="dusk"))
    scenes = next(t for t in made.tracks if t.meta.get("role") == "visuals").segments
    assert len(scenes) == len(ENERGY), [(sg.start_ms, sg.meta.get("variant")) for sg in scenes]
    frames = rgb_frames(render_draft(made, {"song": (song, info)}, tmp_path / "a.mp4", size=SIZE).path, SIZE)
    fps = len(frames) / (LENGTH_MS / 1000)
    spans = [(n * SECTION_MS / 1000 + 1, (n + 1) * SECTION_MS / 1000 - 1) for n in range(len(ENERGY))]
    hues = [mean_hue_deg(frames[round(a * fps) : round(b * fps)])[0] for a, b in spans]
    steps = [abs(_apart(a, b)) for a, b in zip(hues[1:], hues, strict=False)]
    # each scene a new colour: 30 degrees round the wheel from the one before it or more
    assert min(steps) >= 30, (np.round(hues).tolist(), np.round(steps).tolist())
    # dusk is plum and rose: cooler is towards blue (its hue falling); the aurora's louder scenes, which turned warmer
    # (towards red) till stop 65, take its greens and cyans (``planning.aurora_hues``: "parts 2 and 4 in
    # greens/cyans", held-out 05's blind reviewer; 302, 164, 253, 137 here, main's loudest at 342)
    loudest, softest = int(np.argmax(ENERGY)), int(np.argmin(ENERGY))
    assert 120 <= hues[loudest] <= 200, np.round(hues).tolist()
    assert abs(_apart(hues[loudest], hues[softest])) >= 45, np.round(hues).tolist()
