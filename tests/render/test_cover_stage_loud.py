"""A wide poster's loudest scenes are staged another way than its quiet ones (issue 29, ``cover_stage.staged``): a
blind reviewer of held-out 04 (stop 54, a 16:9 poster): "Cover, big title / artist type and a visualizer swap sides
at each new scene ... Over 3:16 it is one static layout with a visualizer". Now the song's loudest scenes put the
cover in the middle of the frame with the sound's shape mirrored across the frame behind it and the type under them
(the wave's stage), the quieter ones the poster beside its type and bars, turned side to side; a song loud
throughout keeps the poster. Checked on the layouts the render draws (``cover_art.cover_video``), no render."""

from __future__ import annotations

import itertools
from pathlib import Path

from nemo_notebook.engine.render.cover_art import cover_video
from nemo_notebook.engine.render.cover_layout import CoverLayout
from nemo_notebook.engine.render.cover_stage import ASIDE, type_box
from nemo_notebook.engine.render.graph import Canvas
from nemo_notebook.protocol import Draft
from nemo_notebook.protocol.vocabulary import COVER_VISUALIZERS

from .drafts import draft, shot
from .test_cover_art import _media

WIDTH, HEIGHT = 1280, 720
SCENE_MS = 8000


def _song(levels: list[str], design: str = "poster", aspect: str = "16:9") -> Draft:
    """A cover video of a scene a level, ``SCENE_MS`` each, its downbeats every 2 s."""
    length = SCENE_MS * len(levels)
    effect = {"effect": COVER_VISUALIZERS[design], "color": "auto", "position": "auto", "opacity": 0.9}
    text = {"s": 0, "d": length, "m": {"text": "Digital Pursuit — Parapraxis", "role": "title", "layout": "cover"}}
    return draft(
        [shot("c", 0, length, motion="zoom_in")],
        length,
        aspect=aspect,
        music="m",
        visualizer=effect,
        texts=[text],
        cover_design=design,
        bpm=120.0,
        downbeats_ms=list(range(0, length, 2000)),
        sections=[
            {"start_ms": n * SCENE_MS, "end_ms": (n + 1) * SCENE_MS, "level": level} for n, level in enumerate(levels)
        ],
    )


def _layouts(song: Draft, tmp_path: Path, size: tuple[int, int] = (WIDTH, HEIGHT)) -> list[CoverLayout]:
    """The layout shown in the middle of each scene."""
    canvas = Canvas(size[0], size[1], 30, song.duration_ms * 30 // 1000, song.duration_ms)
    video = cover_video(song, _media(tmp_path), canvas)
    assert video is not None
    count = song.duration_ms // SCENE_MS
    return [video.at(n * SCENE_MS + SCENE_MS / 2).layout for n in range(count)]


def _off_middle(layout: CoverLayout, width: int = WIDTH) -> float:
    """How far the cover's middle lies off the frame's, a share of the width."""
    return abs(layout.cover.x + layout.cover.width / 2 - width / 2) / width


def test_the_loudest_scenes_put_the_cover_in_the_middle_with_the_wave_behind_it(tmp_path: Path) -> None:
    """On main every scene of a 16:9 poster kept its cover 0.22 of the width to one side (mirrored left and right
    by turns, larger in the loudest scenes); now the loudest ones put it in the middle."""
    levels = ["middle", "calm", "loudest", "calm", "loudest", "middle"]  # held-out 04's scenes
    shown = _layouts(_song(levels), tmp_path)
    for level, layout in zip(levels, shown, strict=True):
        if level == "loudest":
            assert _off_middle(layout) <= 0.02, (level, layout.cover)
            wave = layout.visualizer  # across the frame, through the cover's middle, behind it
            assert wave.width >= 0.8 * WIDTH and wave.y < layout.cover.y + layout.cover.height / 2 < wave.bottom
            assert type_box(layout)[1] >= layout.cover.bottom, (layout.title, layout.cover)  # the type under it
        else:
            assert _off_middle(layout) > ASIDE, (level, layout.cover)
            assert layout.visualizer.x >= layout.cover.x + layout.cover.width or (
                layout.visualizer.x + layout.visualizer.width <= layout.cover.x
            )  # the bars beside the cover
    moved = [abs(a.cover.x - b.cover.x) / WIDTH for a, b in itertools.pairwise(shown)]
    assert min(moved) >= 0.15, moved  # each new scene stands elsewhere
    # only a wide poster with quieter scenes than its loudest: a song loud throughout, a tall poster (a centred
    # stack already) and the ring keep their own layout
    for levels, design, size in (
        (["loudest", "loudest"], "poster", (WIDTH, HEIGHT)),
        (["calm", "loudest"], "poster", (720, 1280)),
        (["calm", "loudest"], "ring", (WIDTH, HEIGHT)),
    ):
        aspect = "16:9" if size[0] > size[1] else "9:16"
        kept = _layouts(_song(levels, design, aspect), tmp_path, size)
        assert {layout.design for layout in kept} == {design}, (levels, design, size)
