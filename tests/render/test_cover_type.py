"""A cover video's type reads: the title and artist stand out from what lies under them by a measured luminance
contrast, even on a light cover in the loudest section, and a title the user names is set in the layout's title
place (not a 3 s title over the cover)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.agent.edits import apply
from nemo_notebook.engine.agent.operations import AddText
from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.cover_layout import cover_layout
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind

from .synth import ffmpeg
from .test_cover_art import _cover_draft, _media, _rgb_frames

MIN_CONTRAST = 4.5  # WCAG's for ordinary text; the artist's line is small
SIZES = {"16:9": (640, 360), "9:16": (360, 640)}


def _relative_luminance(rgb: np.ndarray) -> np.ndarray:
    v = rgb / 255.0
    linear = np.where(v <= 0.04045, v / 12.92, ((v + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def _light_cover(tmp_path: Path) -> dict[str, tuple[Path, MediaInfo]]:
    """A pale cover (a light pastel, as many are), which the background is made from."""
    media = _media(tmp_path)
    pale = tmp_path / "pale.png"
    ffmpeg("-f", "lavfi", "-i", "color=c=0xf2e6d0:s=480x480,drawbox=x=0:y=300:w=480:h=180:c=0xd8e8f4:t=fill",
           "-frames:v", "1", str(pale))  # fmt: skip
    media["c"] = (pale, MediaInfo("c", "pale.png", MediaKind.IMAGE, "png", 1, width=480, height=480))
    return media


def _frames(d: Draft, media: dict[str, tuple[Path, MediaInfo]], out: Path, size: tuple[int, int]) -> np.ndarray:
    return _rgb_frames(render_draft(d, media, out, size=size).path)


def _without_text(d: Draft) -> Draft:
    return d.with_tracks([t for t in d.tracks if t.type.name != "TEXT"])


@pytest.mark.parametrize(("design", "aspect"), [("ring", "16:9"), ("wave", "9:16"), ("poster", "16:9")])
def test_the_title_and_artist_contrast_with_what_lies_under_them_on_a_light_cover(
    design: str, aspect: str, tmp_path: Path
) -> None:
    media, size = _light_cover(tmp_path), SIZES[aspect]
    d = _cover_draft(design, aspect, visualizer=False)
    typed = _frames(d, media, tmp_path / "typed.mp4", size)[34]  # the loudest section, its background lit
    bare = _frames(_without_text(d), media, tmp_path / "bare.mp4", size)[34]
    layout = cover_layout(design, *size, (480, 480), ("Choice", "The Band"))
    glyphs = np.abs(typed - bare).max(axis=2) > 60
    for name, spot, bottom in (
        ("title", layout.title, layout.artist.y),
        ("artist", layout.artist, layout.artist.y + round(1.3 * layout.artist.size)),
    ):
        rows = slice(spot.y, bottom)
        lit = glyphs[rows]
        assert lit.sum() > 30, (design, name)
        text = np.percentile(_relative_luminance(typed[rows][lit]), 80)
        xs = np.nonzero(lit.any(axis=0))[0]
        under = np.percentile(_relative_luminance(bare[rows, xs.min() : xs.max() + 1]), 95)
        contrast = (text + 0.05) / (under + 0.05)
        assert contrast >= MIN_CONTRAST, (design, aspect, name, round(contrast, 2))


def test_a_title_named_in_words_is_set_in_the_layouts_title_place(tmp_path: Path) -> None:
    media, size = _media(tmp_path), SIZES["16:9"]
    before = _cover_draft("ring", "16:9", visualizer=False)
    after = apply(AddText("Night Drive"), before)
    old = _frames(before, media, tmp_path / "before.mp4", size)[20]
    new = _frames(after, media, tmp_path / "after.mp4", size)[20]
    layout = cover_layout("ring", *size, (480, 480), ("Night Drive", "The Band"))
    ys, xs = np.nonzero(np.abs(new - old).max(axis=2) > 60)
    assert len(ys) > 100  # the title changed
    title, artist = layout.title, layout.artist
    was = cover_layout("ring", *size, (480, 480), ("Choice", "The Band")).title  # the old title, gone, changed too
    assert xs.min() >= title.x - 3 and ys.min() >= min(title.y, was.y) - 3, (xs.min(), ys.min(), title)
    assert ys.max() <= artist.y + 1.3 * artist.size, (ys.max(), artist)  # the type's block, nothing over the cover
    top = new[title.y : artist.y, title.x :].min(axis=2) > 200
    assert top.sum() > 100  # white type where the layout sets the title
