"""The visualizer's automatic colour and place: a hue from the pictures' palette with contrast against what lies
beneath the strip, and a place off the subject; a colour or a position the user chose is kept."""

from __future__ import annotations

import colorsys
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nemo_notebook.engine.planning import MusicVideoOptions
from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.contrast import contrast, luminance, luminance_of, with_contrast
from nemo_notebook.engine.render.graph import Canvas, rgb
from nemo_notebook.engine.render.visualizer import box_for, placed
from nemo_notebook.engine.render.visualizer_auto import (
    Sample,
    auto_color,
    auto_position,
    palette_hue,
    palette_hues,
)

from .drafts import draft, shot
from .synth import ffmpeg, image_info

SIZE = (480, 270)
MS = 2000
CANVAS = Canvas(SIZE[0], SIZE[1], 30, MS * 30 // 1000, MS)
PALE_SKY = "0xd4e8f8"


def _scene(path: Path, ground: str, box: str | None = None) -> Path:
    """A 640x360 picture of ``ground`` with, if given, a ``box`` ("x:y:w:h:colour") drawn on it, enlarged to 1920x1080
    (a 640x360 picture would sit whole on its fill at 1080 lines, and so in every render: ``render.originals``)."""
    chain = f"color=c={ground}:s=640x360"
    if box:
        x, y, w, h, c = box.split(":")
        chain += f",drawbox=x={x}:y={y}:w={w}:h={h}:c={c}:t=fill"
    chain += ",scale=1920:1080:flags=neighbor"
    ffmpeg("-f", "lavfi", "-i", chain, "-frames:v", "1", "-q:v", "2", str(path))
    return path


def _draft(picture_id: str, viz: dict[str, Any]) -> Any:
    return draft([shot(picture_id, 0, MS, motion="none")], MS, music="noise", visualizer=viz)


def _media(assets: Any, tmp_path: Path, **scenes: Path) -> dict[str, Any]:
    sized = {k: (p, replace(image_info(k, p), width=1920, height=1080)) for k, p in scenes.items()}  # ``_scene``
    return {**assets.media, **sized}


def _rgb_frames(path: Path) -> Any:
    import av

    with av.open(str(path)) as container:
        return np.stack([f.to_ndarray(format="rgb24").astype(np.float64) / 255 for f in container.decode(video=0)])


def test_planned_music_videos_leave_colour_and_place_to_the_renderer() -> None:
    options = MusicVideoOptions()
    assert (options.visualizer_color, options.visualizer_position) == ("auto", "auto")
    MusicVideoOptions(visualizer_position="auto").check()


def test_red_pictures_give_a_red_visualizer() -> None:
    image = np.zeros((20, 40, 3))
    image[...] = (0.75, 0.12, 0.1)  # a red wall with a small blue patch
    image[:4, :4] = (0.1, 0.2, 0.8)
    found = [Sample(image, np.zeros(image.shape[:2]), 10.0)]
    hue = palette_hue(found)
    assert hue is not None and min(hue, 1 - hue) < 0.04
    color = auto_color(found, [(0, 0.7, 1, 0.3)])
    h, s, _ = colorsys.rgb_to_hsv(*rgb(color))
    assert min(h, 1 - h) < 0.04 and s > 0.2, f"{color} is not a red"  # lightened to stand out on the red wall
    assert contrast(luminance(rgb(color)), luminance((0.75, 0.12, 0.1))) >= 3.0


def test_a_pale_ground_takes_the_palette_hue_that_is_dark_already() -> None:
    image = np.zeros((20, 40, 3))
    image[:, :25] = (0.95, 0.85, 0.2)  # mostly yellow, some deep blue
    image[:, 25:] = (0.15, 0.25, 0.7)
    found = [Sample(image, np.zeros(image.shape[:2]), 1.0)]
    assert len(palette_hues(found)) == 2
    h, _, _ = colorsys.rgb_to_hsv(*rgb(auto_color(found, [(0, 0, 1, 1)])))  # over a median of yellow: blue
    assert 0.55 < h < 0.75
    t, moved = with_contrast((1.0, 1.0, 0.2), 0.9, 3.0)
    assert 0 < t <= 1 and contrast(luminance(moved), 0.9) >= 3.0


def test_grey_pictures_give_white_on_dark_and_dark_on_light() -> None:
    dark, light = [Sample(np.full((10, 10, 3), v), np.zeros((10, 10)), 1.0) for v in (0.1, 0.9)]
    assert palette_hue([dark]) is None
    assert auto_color([dark], [(0, 0.7, 1, 0.3)]) == "#ffffff"
    assert luminance(rgb(auto_color([light], [(0, 0.7, 1, 0.3)]))) < 0.3


def test_on_a_pale_sky_the_strip_contrasts_three_to_one(assets: Any, tmp_path: Path) -> None:
    media = _media(assets, tmp_path, sky=_scene(tmp_path / "sky.jpg", PALE_SKY))
    viz = {"effect": "spectrum", "color": "auto", "position": "bottom"}
    d = _draft("sky", viz)
    color = placed(d, d.tracks[1].segments[0], media, CANVAS).color
    under = luminance(rgb("#" + PALE_SKY[2:]))
    assert contrast(luminance(rgb(color)), under) >= 3.0, f"{color} on the pale sky"
    frames = _rgb_frames(render_draft(d, media, tmp_path / "v.mp4", size=SIZE).path)[15:]
    box = box_for("spectrum", "bottom", CANVAS)
    strip = frames[:, box.y : box.y + box.height, box.x : box.x + box.width].reshape(-1, 3)
    ground = np.median(luminance_of(frames[:, : box.y - 8].reshape(-1, 3)))
    lum = luminance_of(strip)
    # the bars, on the colour's side of the sky: neither the sky between them nor the light halo round them
    drawn = lum[(lum - ground) * (luminance(rgb(color)) - ground) > 0.1 * abs(luminance(rgb(color)) - ground)]
    assert drawn.size > 0.05 * lum.size, "the bars hardly show"
    assert contrast(float(np.median(drawn)), float(ground)) >= 3.0, "the drawn bars vanish on the pale sky"


def test_a_chosen_colour_and_position_are_kept(assets: Any, tmp_path: Path) -> None:
    media = _media(assets, tmp_path, sky=_scene(tmp_path / "sky.jpg", PALE_SKY))
    d = _draft("sky", {"effect": "circular", "color": "#ffffff", "position": "center"})
    p = placed(d, d.tracks[1].segments[0], media, CANVAS)
    assert (p.color, p.box, p.moves) == ("#ffffff", box_for("circular", "center", CANVAS), ())


@pytest.mark.parametrize(
    ("subject", "effect", "expected"),
    [
        ("260:250:120:100:red", "spectrum", "top"),  # subject low in the frame: the strip goes up
        ("260:10:120:100:red", "spectrum", "bottom"),
        ("260:130:120:100:red", "mirrored", "bottom"),  # a centred subject leaves the bottom as it was
        ("20:130:140:120:red", "circular", "bottom_right"),  # the ring goes to the corner away from the subject
        ("480:130:140:120:red", "circular", "bottom_left"),
    ],
)
def test_the_strip_keeps_off_the_subject(assets: Any, tmp_path: Path, subject: str, effect: str, expected: str) -> None:
    media = _media(assets, tmp_path, scene=_scene(tmp_path / "scene.jpg", "0x203048", subject))
    d = _draft("scene", {"effect": effect, "color": "auto", "position": "auto"})
    assert placed(d, d.tracks[1].segments[0], media, CANVAS).box == box_for(effect, expected, CANVAS)


def test_a_place_other_than_the_first_needs_clearly_less_saliency() -> None:
    saliency = np.zeros((20, 20))
    saliency[14:, :] = 1.0  # the bottom fifth and more
    found = [Sample(np.zeros((20, 20, 3)), saliency, 1.0)]
    places = {"bottom": (0.0, 0.75, 1.0, 0.25), "top": (0.0, 0.0, 1.0, 0.25)}
    assert auto_position(found, places) == "top"
    saliency[:6, :] = 0.9  # nearly as much at the top
    assert auto_position(found, places) == "bottom"
    assert auto_position(found, {"top": places["top"], "bottom": places["bottom"]}) == "top"


def test_an_automatic_ring_is_drawn_in_its_corner(assets: Any, tmp_path: Path) -> None:
    media = _media(assets, tmp_path, scene=_scene(tmp_path / "scene.jpg", "0x203048", "20:130:140:120:red"))
    d = _draft("scene", {"effect": "circular"})  # colour and position not said: automatic
    plain = _rgb_frames(
        render_draft(_draft("scene", {"effect": "circular", "opacity": 0.0}), media, tmp_path / "p.mp4", size=SIZE).path
    )
    frames = _rgb_frames(render_draft(d, media, tmp_path / "v.mp4", size=SIZE).path)
    changed = (np.abs(frames[15:] - plain[15:]).max(axis=3) > 0.1).any(axis=0)
    ys, xs = np.nonzero(changed)
    assert xs.size and xs.min() >= SIZE[0] / 2 and ys.min() >= SIZE[1] / 3, "the ring is not in the lower right"


def test_a_dark_colour_shows_on_a_dark_picture_by_its_light_halo(assets: Any, tmp_path: Path) -> None:
    """Navy bars on a near-black picture: without the halo the strip's brightest pixels stay under 0.03."""
    media = _media(assets, tmp_path, night=_scene(tmp_path / "night.jpg", "0x141414"))
    box = box_for("spectrum", "bottom", CANVAS)
    d = _draft("night", {"effect": "spectrum", "color": "#1a2a6c", "position": "bottom"})
    frames = _rgb_frames(render_draft(d, media, tmp_path / "v.mp4", size=SIZE).path)[15:]
    strip = luminance_of(frames[:, box.y : box.y + box.height].reshape(-1, 3))
    ground = luminance((0x14 / 255,) * 3)
    assert float(np.percentile(strip, 99)) > ground + 0.05, "a dark drawing vanishes on a dark picture"


def test_in_a_vertical_frame_the_strip_keeps_out_of_the_platforms_caption_zone(assets: Any, tmp_path: Path) -> None:
    tall = Canvas(360, 640, 30, MS * 30 // 1000, MS)
    media = _media(assets, tmp_path, scene=_scene(tmp_path / "scene.jpg", "0x203048", "260:10:120:100:red"))
    d = _draft("scene", {"effect": "spectrum", "color": "auto", "position": "auto"})
    box = placed(d, d.tracks[1].segments[0], media, tall).box
    assert box.y + box.height <= 0.83 * tall.height, box  # the bottom fifth is the caption's and the buttons'
