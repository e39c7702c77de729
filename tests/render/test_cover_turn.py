"""A cover video's new scene turns its layout (issue 29, ``cover_stage``): a blind reviewer of held-out 04 (3:16 of
one cover, main 0e4861e) saw "the cover at left, the title in big type at right, and a visualizer under the title"
for all 196 s, "nothing else changes for 3+ minutes". Over two sections of a song, rendered: the cover stands
elsewhere in the second scene (measured by its red border), it cuts there on the turn's frame (s56), it is
whole in every sampled frame, and the title and artist lie inside the part of the frame no player or app covers
and off the cover."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.cover_layout import cover_layout
from nemo_notebook.engine.render.cover_stage import LEVEL_SIZES, layouts_of, turned, type_end
from nemo_notebook.engine.render.graph import Canvas
from nemo_notebook.engine.render.safe_zone import TALL, WIDE, safe_area
from nemo_notebook.engine.render.timeline import frame_at
from nemo_notebook.protocol import Draft
from nemo_notebook.protocol.vocabulary import COVER_VISUALIZERS

from .drafts import draft, shot
from .test_cover_art import SIZES, _media, _red, _rgb_frames

SECTION_MS = 4000  # a scene's least (``SCENE_LEAST_MS``)
FPS = 30


def _two_scenes(
    design: str,
    aspect: str,
    *,
    credit: bool = True,
    bars: bool = True,
    text: str = "Choice — The Band",
    section_ms: int = SECTION_MS,
) -> Draft:
    """A middle section and a loudest one, a shot each, as planning cuts a cover video, its downbeats every 2 s
    (without its credit or its visualizer where ``credit`` or ``bars`` is false; its credit ``text``, each section
    ``section_ms`` long)."""
    effect = {"effect": COVER_VISUALIZERS[design], "color": "auto", "position": "auto", "opacity": 0.9}
    credit_text = {"s": 0, "d": 2 * section_ms, "m": {"text": text, "role": "title", "layout": "cover"}}
    return draft(
        [shot("c", 0, section_ms, motion="zoom_in"), shot("c", section_ms, section_ms, motion="zoom_in")],
        2 * section_ms,
        aspect=aspect,
        music="m",
        visualizer=effect if bars else None,
        texts=[credit_text] if credit else [],
        cover_design=design,
        bpm=120.0,
        downbeats_ms=list(range(0, 2 * section_ms, 2000)),
        sections=[
            {"start_ms": 0, "end_ms": section_ms, "level": "middle"},
            {"start_ms": section_ms, "end_ms": 2 * section_ms, "level": "loudest"},
        ],
    )


def _cover_box(frame: np.ndarray, whole: bool = True) -> tuple[int, int, int, int]:
    """The cover's box as drawn (left, top, right, bottom): the rows and columns its red border runs along (a
    quarter of the frame's short side or more of red), checked ``whole``: each side of the border there along its
    length (nothing cut off, nothing over it; in a turn the type fades over its coming edge: not checked there)."""
    red = _red(frame)
    least = min(frame.shape[:2]) // 4
    cols, rows = np.nonzero(red.sum(axis=0) >= least)[0], np.nonzero(red.sum(axis=1) >= least)[0]
    assert len(cols) and len(rows), "no cover border found"
    left, right, top, bottom = cols.min(), cols.max() + 1, rows.min(), rows.max() + 1
    inset = 3  # the border is 5 % of the cover, softened by scaling and the encoder
    edges = {
        "top": red[top : top + inset + 1, left + 4 : right - 4].any(axis=0),
        "bottom": red[bottom - inset - 1 : bottom, left + 4 : right - 4].any(axis=0),
        "left": red[top + 4 : bottom - 4, left : left + inset + 1].any(axis=1),
        "right": red[top + 4 : bottom - 4, right - inset - 1 : right].any(axis=1),
    }
    for edge, along in edges.items():
        assert not whole or along.mean() > 0.95, (edge, along.mean())
    return int(left), int(top), int(right), int(bottom)


def _letters(frame: np.ndarray, least: float = 200) -> np.ndarray:
    """The type's pixels: white, each channel over ``least``, and sharp, 50 levels or more off a pixel two away
    (the blurred background's light is soft; the cover's own white is left out by the caller)."""
    luma = frame.mean(axis=2)
    sharp = np.zeros(luma.shape, bool)
    across, down = np.abs(luma[:, 2:] - luma[:, :-2]) > 50, np.abs(luma[2:] - luma[:-2]) > 50
    sharp[:, 2:] |= across
    sharp[:, :-2] |= across
    sharp[2:] |= down
    sharp[:-2] |= down
    letters: np.ndarray = (frame.min(axis=2) > least) & (np.ptp(frame, axis=2) < 40) & sharp
    return letters


def _centre(box: tuple[int, int, int, int]) -> np.ndarray:
    return np.array([(box[0] + box[2]) / 2, (box[1] + box[3]) / 2])


@pytest.mark.parametrize(("design", "aspect"), [("poster", "16:9"), ("wave", "9:16"), ("ring", "1:1")])
def test_a_new_scene_moves_the_cover_whole_with_its_type_in_the_safe_zone(
    design: str, aspect: str, tmp_path: Path
) -> None:
    """On main 0e4861e the cover's middle moved 0-8 px (its float) between the scenes' frames; now 0.15 of its short side or more,
    cut there on the turn's frame (s56; a 1000 ms slide till then)."""
    width, height = SIZES[aspect]
    media = _media(tmp_path)
    size = SIZES[aspect]
    shown = _rgb_frames(render_draft(_two_scenes(design, aspect), media, tmp_path / "a.mp4", size=size).path)
    first, second = [round(s * FPS) for s in (1.0, 2.5, 3.5)], [round(s * FPS) for s in (5.0, 6.5, 7.5)]
    before = [_cover_box(shown[n]) for n in first]
    after = [_cover_box(shown[n]) for n in second]
    moved = np.linalg.norm(_centre(after[0]) - _centre(before[-1]))
    assert moved > 0.15 * min(width, height), (design, aspect, before, after)
    # the same size through each scene (within the pulse and the breath), larger in the loudest (``LEVEL_SIZES``;
    # the ring's as it is, framed by its bars)
    grown = 1.0 if design == "ring" else LEVEL_SIZES["loudest"] / LEVEL_SIZES["middle"]
    for box in before + after:
        wide = (before[0][2] - before[0][0]) * (grown if box in after else 1.0)
        assert abs((box[2] - box[0]) - wide) <= 0.08 * wide, (design, aspect, box, before[0])
    lift = frame_at(SECTION_MS, FPS)  # a cut: at its old place to the frame before, its new from it
    for n, near in ((lift - 1, 0.0), (lift, 1.0)):
        there = _cover_box(shown[n], whole=False)
        share = np.dot(_centre(there) - _centre(before[-1]), _centre(after[0]) - _centre(before[-1])) / moved**2
        assert abs(share - near) < 0.2, (design, aspect, n, share)
    x, y, w, h = safe_area(Canvas(width, height, FPS, FPS, 1000))
    for n in [*first, *second]:  # the type: white letters, off the cover, where it is fully faded in
        left, top, right, bottom = _cover_box(shown[n])
        letters = _letters(shown[n])
        letters[max(0, top - 3) : bottom + 3, max(0, left - 3) : right + 3] = False  # the cover's own white
        ys, xs = np.nonzero(letters)
        assert len(xs) > 0.002 * width * height, (design, aspect, n, len(xs))
        assert xs.min() >= x - 1 and xs.max() <= x + w and ys.min() >= y - 1 and ys.max() <= y + h, (n, xs, ys)
        apart = xs.max() < left or xs.min() >= right or ys.max() < top or ys.min() >= bottom
        assert apart, (design, aspect, n, (left, top, right, bottom))  # the type's block off the cover


@pytest.mark.parametrize("aspect", [(1920, 1080), (1080, 1920), (1080, 1080)])
@pytest.mark.parametrize("design", ["poster", "ring", "wave"])
@pytest.mark.parametrize("cover_size", [(1000, 1000), (1500, 1000), (1000, 1500)])
def test_every_turned_layout_moves_the_cover_and_keeps_it_whole_clear_of_the_type(
    design: str, aspect: tuple[int, int], cover_size: tuple[int, int]
) -> None:
    """Every design in 16:9, 9:16 and 1:1 at 1080 lines: the turned layout's cover moves by a fifth of its side or
    more (the least: 0.22, a 3:2 cover's wide wave), lies whole in the frame, its type's block off it and under the band the
    apps' tabs or a player's title cover (a 9:16 stack begins above it, where only the cover lay: the turned
    cover is smaller by what the type moves down: 0.87 of its width at the least)."""
    width, height = aspect
    base = cover_layout(design, width, height, cover_size, ("Digital Pursuit", "Parapraxis"))
    layout = turned(base, width, height)
    cover, title = layout.cover, layout.title
    moved = np.hypot(
        cover.x + cover.width / 2 - base.cover.x - base.cover.width / 2,
        cover.bottom - cover.height / 2 - base.cover.bottom + base.cover.height / 2,
    )
    assert moved >= 0.2 * max(base.cover.width, base.cover.height), (design, aspect, base.cover, cover)
    assert cover.x >= 0 and cover.y >= 0 and cover.x + cover.width <= width and cover.bottom <= height
    assert cover.width >= 0.8 * base.cover.width, (design, aspect, cover)
    left = title.x - title.max_width / 2 if title.centred else title.x
    apart = (
        type_end(layout) <= cover.y
        or title.y >= cover.bottom
        or left + title.max_width <= cover.x
        or left >= cover.x + cover.width
    )
    assert apart, (design, aspect, layout)
    top = (TALL.top if height > width else WIDE.top) * height
    assert title.y >= top - 1 and layout.visualizer.y >= top - 1, (design, aspect, layout)


def test_a_calm_song_keeps_its_layout_where_a_driving_one_turns() -> None:
    """Three scenes, all calm: the layout stays; calm, loud, calm: it turns twice."""
    layout = cover_layout("poster", 1920, 1080, (1000, 1000), ("Go", "Band"))
    for levels, turns in ((("calm", "calm", "calm"), 0), (("calm", "loudest", "calm"), 2)):
        wire = _two_scenes("poster", "16:9").to_wire()
        wire["d"] = 3 * SECTION_MS
        wire["m"]["sections"] = [
            {"start_ms": n * SECTION_MS, "end_ms": (n + 1) * SECTION_MS, "level": level}
            for n, level in enumerate(levels)
        ]
        assert len(layouts_of(Draft.from_wire(wire), layout, 1920, 1080)) == turns, levels
