"""How the export looks: visualizers that fill their strip on real music over light and dark pictures, and titles in
scripts DejaVu lacks drawn as glyphs rather than boxes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.fonts import FALLBACK_FONT_NAME, FONT_NAME, font_for, font_path
from nemo_notebook.engine.render.graph import Canvas
from nemo_notebook.engine.render.visualizer import box_for
from nemo_notebook.protocol import Draft

from ..conftest import shared_media
from .drafts import draft, shot, title
from .synth import audio_info, gray_frames, image_info, picture

SIZE = (640, 360)
SIZES = {"16:9": SIZE, "9:16": (360, 640), "1:1": (480, 480)}
CLIP_MS = 2000
SONG_IN_MS = 40000  # into vibe-ace's verse: ordinary, mastered music
# the smallest share of its strip (or square) each style changes in a frame, on average; measured at 16:9 on vibe-ace
# before these looks: waves 0.32, spectrum 0.06, cqt 0.08, vectorscope 0.17-0.19; after: 0.45-0.50, 0.21-0.29,
# 0.32-0.38, 0.57-0.59
MIN_COVER = {"waves": 0.38, "spectrum": 0.17, "cqt": 0.24, "vectorscope": 0.4}


@pytest.fixture(scope="module")
def song_media(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("look")
    song, poster = shared_media("vibe-ace.mp3"), shared_media("big-buck-bunny-poster.jpg")
    dark = picture(folder / "dark.jpg", "0x101820")
    return {
        "song": (song, audio_info("song", song, 60000)),
        "light": (poster, image_info("light", poster)),
        "dark": (dark, image_info("dark", dark)),
    }


def _song_draft(picture_id: str, visualizer: dict[str, Any] | None, aspect: str = "16:9") -> Draft:
    wire = draft(
        [shot(picture_id, 0, CLIP_MS, motion="none")], CLIP_MS, aspect=aspect, music="song", visualizer=visualizer
    ).to_wire()
    for track in wire["t"]:
        for segment in track["sg"]:
            if segment.get("src") == "song":
                segment["in"] = SONG_IN_MS
    return Draft.from_wire(wire)


def changed_in_box(with_viz: Any, without: Any, box: Any) -> Any:
    """Per frame after the first half second, the box's pixels the visualizer changed by more than 12 luma levels."""
    area = (slice(15, None), slice(box.y, box.y + box.height), slice(box.x, box.x + box.width))
    return np.abs(with_viz[area] - without[area]) > 12


def strip_cover(changed: Any) -> float:
    """The mean share of the box's pixels the visualizer changes in a frame."""
    return float(changed.mean())


@pytest.fixture(scope="module")
def plain_frames(song_media: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Any]:
    """Each picture and aspect rendered with the music and no visualizer: what the visualizer's changes are from."""
    folder, out = tmp_path_factory.mktemp("plain"), {}
    for key in [("light", "16:9"), ("dark", "16:9"), ("dark", "9:16"), ("dark", "1:1")]:
        path = folder / f"{key[0]}-{key[1].replace(':', 'x')}.mp4"
        out[key] = gray_frames(
            render_draft(_song_draft(key[0], None, key[1]), song_media, path, size=SIZES[key[1]]).path
        )
    return out


@pytest.mark.parametrize(
    ("picture_id", "aspect"), [("light", "16:9"), ("dark", "16:9"), ("dark", "9:16"), ("dark", "1:1")]
)
@pytest.mark.parametrize("effect", ["waves", "spectrum", "cqt", "vectorscope"])
def test_visualizer_fills_its_strip_on_real_music(
    song_media: dict[str, Any],
    plain_frames: dict[tuple[str, str], Any],
    tmp_path: Path,
    effect: str,
    picture_id: str,
    aspect: str,
) -> None:
    position = "center" if effect == "vectorscope" else "bottom"
    viz = {"effect": effect, "color": "#ffffff", "position": position}
    plain = plain_frames[picture_id, aspect]
    size = SIZES[aspect]
    drawn = gray_frames(
        render_draft(_song_draft(picture_id, viz, aspect), song_media, tmp_path / "v.mp4", size=size).path
    )
    box = box_for(effect, position, Canvas(size[0], size[1], 30, CLIP_MS * 30 // 1000, CLIP_MS))
    cover = strip_cover(changed_in_box(drawn, plain, box))
    assert cover >= MIN_COVER[effect], f"{effect} on {picture_id} at {aspect} covers {cover:.2f} of its strip"
    if position == "bottom":
        outside = np.abs(drawn[15:, : box.y - 8] - plain[15:, : box.y - 8]) > 12
        assert outside.mean() < 0.01, "the visualizer or its shadow spilled out of the strip"


def test_white_visualizer_on_white_casts_a_dark_shadow(song_media: dict[str, Any], tmp_path: Path) -> None:
    """On a white picture a white drawing alone changes nothing: what shows is its shadow, darker than the picture."""
    white = picture(tmp_path / "white.jpg", "white")
    media = {**song_media, "white": (white, image_info("white", white))}
    viz = {"effect": "spectrum", "color": "#ffffff", "position": "bottom"}
    frames = gray_frames(render_draft(_song_draft("white", viz), media, tmp_path / "w.mp4", size=SIZE).path)
    box = box_for("spectrum", "bottom", Canvas(SIZE[0], SIZE[1], 30, CLIP_MS * 30 // 1000, CLIP_MS))
    strip = frames[15:, box.y : box.y + box.height, box.x : box.x + box.width]
    assert (strip < 150).mean() > 0.02, "no visible shadow under a white visualizer on a white picture"


def test_cjk_text_is_drawn_in_the_fallback_font() -> None:
    assert font_for("添加标题《夏日旅行》").name == FALLBACK_FONT_NAME
    assert font_for("夏の旅 カタカナ").name == FALLBACK_FONT_NAME
    assert font_for("Summer trip — Ünïcode").name == FONT_NAME
    assert font_path(FALLBACK_FONT_NAME).stat().st_size > 1_000_000
    assert (font_path().parent / "LICENSE-DroidSansFallback.txt").read_text(encoding="utf-8").count("Apache") >= 2


def _title_region(path: Path) -> Any:
    frames = gray_frames(path)
    return frames[30, 120:240, :]


def _edges(region: Any) -> int:
    """Strong luma steps across and down: a glyph's many strokes give many, a row of hollow boxes few."""
    return int((np.abs(np.diff(region, axis=1)) > 60).sum() + (np.abs(np.diff(region, axis=0)) > 60).sum())


def test_chinese_title_shows_glyphs_not_boxes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    black = picture(tmp_path / "black.jpg", "black")
    media = {"black": (black, image_info("black", black))}
    text = "添加标题《夏日旅行》"
    d = draft([shot("black", 0, 2000, motion="none")], 2000, music=None, texts=[title(text, 0, 2000)])
    glyphs = _title_region(render_draft(d, media, tmp_path / "zh.mp4", size=SIZE).path)
    import nemo_notebook.engine.render.text as text_module

    monkeypatch.setattr(text_module, "font_for", lambda _text, **_how: font_path())  # what was drawn before: DejaVu
    boxes = _title_region(render_draft(d, media, tmp_path / "boxes.mp4", size=SIZE).path)
    assert (glyphs > 128).sum() > 1.4 * (boxes > 128).sum(), "the title has about as much ink as hollow boxes"  # 1.8x
    assert _edges(glyphs) > 1.6 * _edges(boxes), (_edges(glyphs), _edges(boxes))  # measured 4375 against 2092
