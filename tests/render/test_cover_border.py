"""A cover with a dark frame along its edges (a scan's, an export's) is shown inside it: no black strip along the
cover's top edge (a blind reviewer, of opencv's starry night cut square: 8 black rows along its top); a black
cover's margins, a cover without a frame, are left whole."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.cover_border import inside_frame
from nemo_notebook.engine.render.cover_layout import cover_layout

from .synth import ffmpeg
from .test_cover_art import SIZES, _cover_draft, _media, _rgb_frames

FRAMED = "color=c=0xd8d8d8:s=480x456,pad=480:480:0:12:color=black"  # light grey, 12 black rows top and bottom


def _picture(tmp_path: Path, name: str, source: str) -> Path:
    path = tmp_path / name
    ffmpeg("-f", "lavfi", "-i", source, "-frames:v", "1", str(path))
    return path


def test_a_covers_dark_frame_is_found_and_a_black_covers_margins_are_its_design(tmp_path: Path) -> None:
    assert inside_frame(_picture(tmp_path, "framed.png", FRAMED)) == (480, 456, 0, 12)
    side = "color=c=0xd8d8d8:s=460x480,pad=480:480:10:0:color=black"  # 10 columns each side, as a JPEG's
    assert inside_frame(_picture(tmp_path, "sides.jpg", side)) == (460, 480, 10, 0)  # (its edges blur a line)
    assert inside_frame(_picture(tmp_path, "plain.png", "testsrc2=s=480x480")) is None
    # a dark cover with a small light mark: black margins that are the design, not a frame
    logo = "color=c=black:s=480x480,drawbox=x=200:y=200:w=80:h=80:color=white:t=fill"
    assert inside_frame(_picture(tmp_path, "logo.png", logo)) is None
    # a frame wider than a twentieth of the side is the picture's own
    wide = "color=c=0xd8d8d8:s=480x400,pad=480:480:0:40:color=black"
    assert inside_frame(_picture(tmp_path, "wide.png", wide)) is None


def test_no_black_strip_runs_along_the_covers_top_or_bottom_edge(tmp_path: Path) -> None:
    """The rows just above and below the light cover as drawn are the background (under the cover's soft shadow):
    never the frame's black (on main, rows of luma 0-3 along both edges at 384x216; here 29 at least, under the shadow)."""
    media = _media(tmp_path, FRAMED)
    width, height = SIZES["16:9"]
    made = render_draft(
        _cover_draft("poster", "16:9", visualizer=False), media, tmp_path / "framed.mp4", size=SIZES["16:9"]
    )
    frames = _rgb_frames(made.path)
    layout = cover_layout("poster", width, height, (480, 456), ("Choice", "The Band"))
    luma = frames[:-10:3, :, : layout.title.x - 4] @ np.array([0.299, 0.587, 0.114], np.float32)
    for n, frame in enumerate(luma):
        rows = np.nonzero((frame > 150).mean(axis=1) > 0.2)[0]  # the cover's rows (light grey)
        cols = np.nonzero((frame[rows] > 150).mean(axis=0) > 0.5)[0]
        top, bottom, span = rows.min(), rows.max(), frame[:, cols.min() + 4 : cols.max() - 4]
        above, below = span[max(0, top - 4) : top].mean(axis=1), span[bottom + 1 : bottom + 5].mean(axis=1)
        assert above.min() > 15 and below.min() > 15, (n, above.round(), below.round())
        assert abs((bottom - top + 1) / len(cols) - 456 / 480) < 0.05, (n, bottom - top + 1, len(cols))


def test_a_cover_replaced_under_its_name_is_read_again(tmp_path: Path) -> None:
    """The frame found is kept for the file's content, not its path: a framed cover replaced by a plain one under
    the same name was still cropped as framed."""
    assert inside_frame(_picture(tmp_path, "cover.png", FRAMED)) == (480, 456, 0, 12)
    assert inside_frame(_picture(tmp_path, "cover.png", "testsrc2=s=480x480")) is None
