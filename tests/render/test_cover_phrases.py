"""A wide poster's long scene changes its layout phrase by phrase, the cover whole in every frame
(``cover_phrases``): held-out 04 (3:16, one cover, main 5fd40107) changed its layout at five scene starts only ("by
1:30 you've seen everything", a blind reviewer). Over 20 s of a middle section and a loudest one, its downbeats a
second apart (phrases of 5 s): the first scene shows the poster, the lift (5 s) the stage (the cover centred and
larger, the strip of the sound's shape behind it, the title and artist small beside it), the loudest scene's last
phrase (15 s) the poster turned; the cover's red border whole in every sampled frame."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.cover_layout import cover_layout, stage_layout
from nemo_notebook.protocol import Draft
from nemo_notebook.protocol.vocabulary import COVER_VISUALIZERS

from .drafts import draft, shot
from .test_cover_art import CREDIT, SIZES, _media, _rgb_frames
from .test_cover_turn import _cover_box, _letters

LENGTH_MS, LIFT_MS = 20_000, 5_000
FPS = 30


def _lifted(*, bars: bool = True) -> Draft:
    effect = {"effect": COVER_VISUALIZERS["poster"], "color": "auto", "position": "auto", "opacity": 0.9}
    text = {"s": 0, "d": LENGTH_MS, "m": {"text": "Choice — The Band", "role": "title", "layout": "cover"}}
    return draft(
        [shot("c", 0, LIFT_MS, motion="zoom_in"), shot("c", LIFT_MS, LENGTH_MS - LIFT_MS, motion="zoom_in")],
        LENGTH_MS,
        aspect="16:9",
        music="m",
        visualizer=effect if bars else None,
        texts=[text],
        cover_design="poster",
        bpm=240.0,
        downbeats_ms=list(range(0, LENGTH_MS, 1000)),
        sections=[
            {"start_ms": 0, "end_ms": LIFT_MS, "level": "middle"},
            {"start_ms": LIFT_MS, "end_ms": LENGTH_MS, "level": "loudest"},
        ],
    )


def test_a_long_scene_shows_the_stage_then_the_poster_turned_the_cover_whole_throughout(tmp_path: Path) -> None:
    width = SIZES["16:9"][0]
    frames = _rgb_frames(render_draft(_lifted(), _media(tmp_path), tmp_path / "p.mp4", size=SIZES["16:9"]).path)
    boxes = [_cover_box(frame) for frame in frames[:-10:3]]  # whole: each side of its border along its length
    assert len(boxes) > 150

    def centre_and_width(t_s: float) -> tuple[float, int]:
        left, _, right, _ = _cover_box(frames[round(t_s * FPS)])
        return (left + right) / 2 / width, right - left

    (poster, poster_w), (staged, staged_w), (turned, _) = (centre_and_width(t) for t in (3.0, 10.0, 18.0))
    assert poster < 0.4 and turned > 0.6, (poster, turned)  # main: the poster at 10 s too
    assert abs(staged - 0.5) < 0.04 and staged_w > 1.03 * poster_w, (staged, staged_w, poster_w)


def test_the_stage_strip_lies_behind_the_cover_and_its_type_beside_it(tmp_path: Path) -> None:
    width, height = SIZES["16:9"]
    media = _media(tmp_path)
    with_bars = _rgb_frames(render_draft(_lifted(), media, tmp_path / "a.mp4", size=SIZES["16:9"]).path)
    without = _rgb_frames(render_draft(_lifted(bars=False), media, tmp_path / "b.mp4", size=SIZES["16:9"]).path)
    stage = stage_layout(cover_layout("poster", width, height, (480, 480), CREDIT), width, height, (480, 480), CREDIT)
    assert stage is not None
    strip = stage.visualizer
    for t_s in (8.0, 11.0, 14.0):
        n = round(t_s * FPS)
        left, top, right, bottom = _cover_box(with_bars[n])
        inside = np.abs(with_bars[n] - without[n])[top + 4 : bottom - 4, left + 4 : right - 4]
        outside = np.abs(with_bars[n] - without[n])[strip.y : strip.bottom, strip.x : max(strip.x + 1, left - 8)]
        assert inside.mean() < 3.0, (t_s, inside.mean())  # nothing drawn over the painting
        assert (outside.max(axis=2) > 40).mean() > 0.01, t_s  # the strip drawn beside it
    title = cover_layout("poster", width, height, (480, 480), CREDIT).title
    type_rows = slice(stage.title.y, stage.artist.y + round(1.4 * stage.artist.size))
    for t_s, on_stage in ((3.0, False), (10.0, True)):
        frame = with_bars[round(t_s * FPS)]
        left, top, right, bottom = _cover_box(frame)
        letters = _letters(frame)
        letters[max(0, top - 3) : bottom + 3, max(0, left - 3) : right + 3] = False  # the cover's own white
        beside = int(letters[type_rows, stage.title.x : left].sum()) if on_stage else 0
        poster_type = int(letters[title.y : title.y + 3 * title.size, title.x :].sum())
        assert (beside > 10) == on_stage and (poster_type > 10) != on_stage, (t_s, beside, poster_type)
