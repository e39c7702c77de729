"""A cover video's background and its cover as a viewer sees them frame by frame: the background in the cover's
own hues, darker and never more saturated than the cover (a mandrill's cover had a background 2.2 times as
saturated as itself, "garish" to a blind reviewer), a section change a change of light and scale and not of colour
(the same cover's background jumped from a dark teal to red and blue at a section change), and the cover floating:
between two frames a second apart it has moved (on a contact sheet of a frame a second it was "static")."""

from __future__ import annotations

import colorsys
import itertools
from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.cover_layout import Rect, cover_layout
from nemo_notebook.protocol import Draft

from .test_cover_art import SIZES, _cover_draft, _media, _red, _rgb_frames

THREE_SECTIONS = [
    {"start_ms": 0, "end_ms": 1000, "level": "calm"},
    {"start_ms": 1000, "end_ms": 2000, "level": "middle"},
    {"start_ms": 2000, "end_ms": 3000, "level": "loudest"},
]


def _saturation(pixels: np.ndarray) -> float:
    """The mean HSV saturation of the pixels (0..255 RGB, any shape ending in 3), taken in runs of 16 (as a viewer
    sees a texture's colour: a noisy dark blue's pixels clipped at black read as more saturated than their colour)."""
    rgb = pixels.reshape(-1, 3)
    rgb = rgb[: len(rgb) // 16 * 16].reshape(-1, 16, 3).mean(axis=1)
    top, bottom = rgb.max(axis=1), rgb.min(axis=1)
    return float(np.mean((top - bottom) / np.maximum(top, 1.0)))


def _three_sections(design: str, picture: str, tmp_path: Path) -> tuple[np.ndarray, Rect, np.ndarray]:
    """A 3 s cover video of ``picture`` (a lavfi source) in a calm, a middle and a loudest section, one shot each
    (as planning cuts a cover video): its frames, the cover's box, and where the background shows (off the cover,
    its shadow and float, the visualizer and the type)."""
    d = _cover_draft(design, "16:9", visualizer=False, length_ms=3000)
    lane = [
        {"s": start, "d": 1000, "src": "c", "in": 0, "m": {"motion": motion}}
        for start, motion in ((0, "zoom_out"), (1000, "pan_left"), (2000, "pan_right"))
    ]
    wire = d.to_wire()
    wire["t"][0]["sg"] = lane
    wire["m"]["sections"] = THREE_SECTIONS
    media = _media(tmp_path, picture)
    made = render_draft(Draft.from_wire(wire), media, tmp_path / f"{design}.mp4", size=SIZES["16:9"])
    frames = _rgb_frames(made.path)
    layout = cover_layout(design, *SIZES["16:9"], (480, 480), ("Choice", "The Band"))
    box = layout.cover
    off = np.ones(frames.shape[1:3], bool)
    off[max(0, box.y - 20) : box.bottom + 20, max(0, box.x - 20) : box.x + box.width + 20] = False
    off[max(0, min(layout.visualizer.y, layout.title.y) - 4) :] = False
    return frames, box, off


@pytest.mark.parametrize("design", ["poster", "wave"])
def test_the_background_keeps_the_covers_hue_darker_and_never_more_saturated(design: str, tmp_path: Path) -> None:
    frames, box, off = _three_sections(design, "color=c=0x2a55d8:s=480x480,noise=alls=20:allf=t", tmp_path)
    cover = frames[12][box.y + 8 : box.bottom - 8, box.x + 8 : box.x + box.width - 8]
    cover_hue = colorsys.rgb_to_hsv(*(cover.reshape(-1, 3).mean(axis=0) / 255))[0] * 360
    for n in (12, 45, 75):  # the calm, the middle and the loudest section
        background = frames[n][off]
        hue = colorsys.rgb_to_hsv(*(background.mean(axis=0) / 255))[0] * 360
        share = _saturation(background) / _saturation(cover)
        assert abs(hue - cover_hue) < 12, (design, n, hue, cover_hue)
        # 0.6 or more: the cover's blue, not a grey or an olive; 1 or less: never more vivid than the cover
        assert 0.6 <= share <= 1.0, (design, n, share)
        assert background.mean() < 0.75 * cover.mean(), (design, n)  # darker: the white type reads over it


def test_a_section_change_is_a_change_of_light_and_scale_not_of_colour(tmp_path: Path) -> None:
    """A cover of two vivid halves, red and blue (as a mandrill's red nose and blue cheeks): the background's
    hue (of its mean colour, on the U-V plane) turns by less than 20 degrees from section to section, and it is as
    saturated as the cover or less; its light changes. Before: sections came 1.25-1.6 times closer to one of five points of the
    cover, every other one mirrored, 1.25 times as saturated: the background swung to the red or the blue half."""
    halves = "color=c=0xd02020:s=240x480[a];color=c=0x2050d0:s=240x480[b];[a][b]hstack,noise=alls=30:allf=t"
    frames, box, off = _three_sections("wave", halves, tmp_path)
    cover = frames[12][box.y + 8 : box.bottom - 8, box.x + 8 : box.x + box.width - 8]
    tones = []
    for n in (15, 45, 75):
        background = frames[n][off]
        assert _saturation(background) <= _saturation(cover), n
        r, g, b = background.mean(axis=0)
        luma = 0.299 * r + 0.587 * g + 0.114 * b
        tones.append((luma, (b - luma) / max(luma, 1.0), (r - luma) / max(luma, 1.0)))
    for (_, blue_a, red_a), (_, blue_b, red_b) in itertools.pairwise(tones):  # the same hue, its light aside
        turn = abs(np.degrees(np.arctan2(red_a, blue_a) - np.arctan2(red_b, blue_b)) + 180) % 360 - 180
        assert abs(turn) < 20, tones
    assert tones[2][0] > 1.1 * tones[0][0], tones  # the loudest section is lighter than the calm one


def _centre(frame: np.ndarray, box: Rect) -> tuple[float, float]:
    """The middle of the cover's red border as drawn in ``frame`` (near its box)."""
    near = np.zeros(frame.shape[:2], bool)
    near[max(0, box.y - 20) : box.bottom + 20, max(0, box.x - 20) : box.x + box.width + 20] = True
    ys, xs = np.nonzero(_red(frame) & near)
    return (xs.min() + xs.max()) / 2, (ys.min() + ys.max()) / 2


@pytest.mark.parametrize("design", ["poster", "wave"])
def test_the_cover_floats_between_frames_a_second_apart(design: str, tmp_path: Path) -> None:
    """Away from any downbeat (the draft has none), frames a second apart show the cover moved (before: the same
    place in every frame but a downbeat's)."""
    d = _cover_draft(design, "16:9", visualizer=False, length_ms=3000).with_meta(downbeats_ms=[])
    size = (640, 360)
    frames = _rgb_frames(render_draft(d, _media(tmp_path), tmp_path / "float.mp4", size=size).path)
    box = cover_layout(design, *size, (480, 480), ("Choice", "The Band")).cover
    moves = []
    for n in (5, 20, 35, 50, 59):  # pairs a second apart, every half second
        a, b = _centre(frames[n], box), _centre(frames[n + 30], box)
        moves.append(float(np.hypot(b[0] - a[0], b[1] - a[1])) * 1080 / size[1])
    # a cover against the top band floats mostly across, and slows where it turns: the median 8 px or more, every
    # pair more than a pixel at 360 lines
    assert float(np.median(moves)) >= 8 and min(moves) > 3, (design, moves)
