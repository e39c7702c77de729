"""The opening title is set off the subject of the picture under it (issue 29: a blind reviewer saw the title "over
the subject at 4-6 s", the ladybird of a photo under it in 16:9 and in 9:16). A photo of a red disc (and in 16:9 a
blue one beside it) where the title's first place, low in the frame, lies: the title's type, found on the rendered
frame, covers none of the red disc; on main it lay across it. A title the user placed stays where they asked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nemo_notebook.engine.render import render_draft
from nemo_notebook.protocol import MediaInfo, MediaKind

from .drafts import draft, shot, title
from .test_cover_art import _rgb_frames
from .test_cover_type import _relative_luminance
from .test_opening_title import _segment

GROUND, RED, BLUE = (0x4E, 0x6B, 0x3F), (215, 35, 30), (40, 70, 200)  # a leaf green, a ladybird's red, a flower
SHAPES = {
    # the frame's shape and size, the photo's size and its discs (centre and radius, in the photo's pixels)
    "9:16": ("9:16", (360, 640), (720, 1280), [((300, 760, 95), RED)]),  # under the title's low place
    "16:9": ("16:9", (640, 360), (1280, 720), [((330, 470, 110), RED), ((950, 470, 110), BLUE)]),  # both sides
    "middle": ("16:9", (640, 360), (1280, 720), [((640, 340, 100), RED)]),  # where an added title was centred
}
AT = 105  # 3.5 s: the title (from 0.8 s) fully in


def _photo(path: Path, size: tuple[int, int], discs: list[tuple[tuple[int, int, int], tuple[int, int, int]]]) -> Path:
    """A leaf-green photo with soft light across it (seeded) and the ``discs`` on it."""
    from PIL import Image, ImageDraw, ImageFilter

    w, h = size
    noise = np.random.default_rng(7).normal(0, 10, (h // 40, w // 40, 1))
    light = np.asarray(Image.fromarray(noise[..., 0].astype(np.float32)).resize((w, h), Image.Resampling.BICUBIC))
    ground = np.clip(np.array(GROUND, dtype=np.float32) + light[..., None], 0, 255).astype(np.uint8)
    picture = Image.fromarray(ground).filter(ImageFilter.GaussianBlur(4))
    for (x, y, r), colour in discs:
        ImageDraw.Draw(picture).ellipse((x - r, y - r, x + r, y + r), fill=colour)
    picture.save(path)
    return path


def _rendered(tmp_path: Path, shape: str, position: str, text: dict[str, Any] | None = None) -> tuple[Any, Any]:
    """The frame ``AT`` of the photo's video with the opening title at ``position`` (or ``text``), and without."""
    aspect, size, photo_size, discs = SHAPES[shape]
    photo = _photo(tmp_path / "photo.png", photo_size, discs)
    w, h = photo_size
    media = {"p": (photo, MediaInfo("p", photo.name, MediaKind.IMAGE, "png", 1, width=w, height=h))}
    segment = _segment()
    meta = dict(segment.meta) | {"style": {"size": 96, "color": "#ffffff", "position": position}}
    text = text or {"s": segment.start_ms, "d": segment.duration_ms, "m": meta}
    lane = [shot("p", 0, 8000, motion="none")]
    titled = render_draft(
        draft(lane, 8000, aspect=aspect, music=None, texts=[text]), media, tmp_path / "t.mp4", size=size
    )
    plain = render_draft(draft(lane, 8000, aspect=aspect, music=None), media, tmp_path / "p.mp4", size=size)
    return _rgb_frames(titled.path)[AT], _rgb_frames(plain.path)[AT]


def _red_under_type(frame: Any, plain: Any) -> tuple[float, tuple[int, int]]:
    """The share of the red disc's pixels (on the frame without a title) inside the box round the title's white
    type, and the type's top and bottom rows."""
    white = (_relative_luminance(frame) > 0.85) & (_relative_luminance(plain) < 0.85)
    assert white.sum() > 300, "no title"
    rows, cols = np.flatnonzero(white.any(axis=1)), np.flatnonzero(white.any(axis=0))
    r, g, b = plain[..., 0], plain[..., 1], plain[..., 2]
    red = (r > 150) & (g < 90) & (b < 90)
    assert red.sum() > 2000, "no red disc"
    under = red[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1].sum()
    return float(under / red.sum()), (int(rows[0]), int(rows[-1]))


@pytest.mark.parametrize("shape", ["9:16", "16:9"])
def test_the_opening_title_is_set_off_the_subject(tmp_path: Path, shape: str) -> None:
    """The title's place is left to the renderer ("auto", as planning sets it): its type's box covers none of the
    red disc (on main 74 % of it in 9:16, 55 % in 16:9: it stayed low, the side by the blue disc no calmer)."""
    frame, plain = _rendered(tmp_path, shape, "auto")
    covered, _ = _red_under_type(frame, plain)
    assert covered < 0.01, covered


def test_a_title_the_user_placed_low_stays_low(tmp_path: Path) -> None:
    """The same 9:16 photo, the title's place said ("move the title to the lower third"): it stays low, over the
    disc, where it was asked to be."""
    frame, plain = _rendered(tmp_path, "9:16", "lower_third")
    _, (top, bottom) = _red_under_type(frame, plain)
    assert top > 0.45 * 640 and bottom < 0.70 * 640, (top, bottom)


def test_an_added_title_is_set_off_the_subject(tmp_path: Path) -> None:
    """A title the user added without a place ("add the title 'Summer'": "auto"), the red disc in the middle of
    the frame, where such a title was centred: its type's box covers none of the disc (on main 29 % of it)."""
    added = title("Summer", 500, 6000, size=110, color="#ffffff", position="auto")
    frame, plain = _rendered(tmp_path, "middle", "auto", added | {"m": added["m"] | {"fade_in_ms": 400}})
    covered, _ = _red_under_type(frame, plain)
    assert covered < 0.01, covered
