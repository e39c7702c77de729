"""The opening title and the end card are never set over a face (issue 29): a photo with a face low on the left and a
red disc on the right, the disc what the saliency map looks at, kept the title flush left over the face; and the end
card, centred in the middle of the frame, lay across a face there. The face is scikit-image's astronaut (a NASA
portrait, public domain); where it lies in the frame is found by scikit-image's own face detector, another
implementation than the engine's (``render.faces``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nemo_notebook.engine.render import render_draft
from nemo_notebook.protocol import MediaInfo, MediaKind

from .drafts import draft, shot
from .test_cover_art import _rgb_frames
from .test_cover_type import _relative_luminance
from .test_opening_title import _segment

SIZE = (640, 360)


WALL, SLATE = (198, 189, 186), (0x6A, 0x7F, 0x94)  # the wall behind her; a blue-grey


def _photo(path: Path, face_at: tuple[int, int], disc_at: tuple[int, int], ground: tuple[int, int, int]) -> Path:
    """A 1280x720 photo: the astronaut's head and shoulders 400 pixels high with its top left at ``face_at``, a red
    disc 110 pixels round centred at ``disc_at``, on a ``ground`` colour."""
    data = pytest.importorskip("skimage.data")
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (1280, 720), ground)
    head = Image.fromarray(data.astronaut()[0:300, 100:360]).resize((347, 400), Image.Resampling.LANCZOS)
    picture.paste(head, face_at)
    x, y = disc_at
    ImageDraw.Draw(picture).ellipse((x - 110, y - 110, x + 110, y + 110), fill=(220, 30, 40))
    picture.save(path)
    return path


def _face_box(frame: Any) -> tuple[int, int, int, int]:
    """The face's box (rows, columns; [first, end)) by scikit-image's detector, round the windows it found."""
    from skimage import data
    from skimage.feature import Cascade

    found = Cascade(data.lbp_frontal_face_cascade_filename()).detect_multi_scale(
        img=frame, scale_factor=1.1, step_ratio=1, min_size=(40, 40), max_size=(200, 200)
    )
    assert found, "no face found"
    rows = [(int(f["r"]), int(f["r"]) + int(f["height"])) for f in found]
    cols = [(int(f["c"]), int(f["c"]) + int(f["width"])) for f in found]
    return min(r[0] for r in rows), max(r[1] for r in rows), min(c[0] for c in cols), max(c[1] for c in cols)


def _type_on_face(frames: Any, plain: Any, at: int) -> float:
    """The share of the face's box (found on the plain frame ``at``) that the white type covers in frame ``at``."""
    y0, y1, x0, x1 = _face_box(plain[at])
    white = (_relative_luminance(frames[at]) > 0.85) & (_relative_luminance(plain[at]) < 0.85)
    return float(white[y0:y1, x0:x1].mean())


def test_the_opening_title_is_not_set_over_a_face(tmp_path: Path) -> None:
    """The face under the title's place (flush left, low), on the colour of the wall behind her, the red disc on
    the right: the title's white type covers none of the face's box (on main 14 %: the left side was kept, the
    disc drew the saliency)."""
    photo = _photo(tmp_path / "face.png", (60, 300), (1000, 450), WALL)
    media = {"p": (photo, MediaInfo("p", photo.name, MediaKind.IMAGE, "png", 1, width=1280, height=720))}
    segment = _segment()
    text = {"s": segment.start_ms, "d": segment.duration_ms, "m": dict(segment.meta)}
    lane = [shot("p", 0, 8000, motion="none")]
    frames = _rgb_frames(
        render_draft(draft(lane, 8000, music=None, texts=[text]), media, tmp_path / "t.mp4", size=SIZE).path
    )
    plain = _rgb_frames(render_draft(draft(lane, 8000, music=None), media, tmp_path / "p.mp4", size=SIZE).path)
    assert (_relative_luminance(frames[105]) > 0.85).sum() > 400, "no title"
    assert _type_on_face(frames, plain, 105) < 0.002


def test_the_end_card_is_not_set_over_a_face(tmp_path: Path) -> None:
    """The face in the middle of the last shot, where the card goes first, the red disc at the top: the card's white
    type covers none of the face's box (on main 11 %: it lay across her eyes)."""
    photo = _photo(tmp_path / "face.png", (467, 180), (640, 120), SLATE)
    media = {"p": (photo, MediaInfo("p", photo.name, MediaKind.IMAGE, "png", 1, width=1280, height=720))}
    card = {"title": "Night Drive", "artist": "The Kites"}
    lane = [shot("p", 0, 6000, motion="none")]
    frames = _rgb_frames(
        render_draft(draft(lane, 6000, music=None, end_card=card), media, tmp_path / "t.mp4", size=SIZE).path
    )
    plain = _rgb_frames(render_draft(draft(lane, 6000, music=None), media, tmp_path / "p.mp4", size=SIZE).path)
    at = round(4.6 * 30)
    assert (_relative_luminance(frames[at]) > 0.85).sum() > 400, "no card"
    assert _type_on_face(frames, plain, at) < 0.002
