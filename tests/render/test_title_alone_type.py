"""A title without an artist reads as set, not as a placeholder: held-out 01's "Pop Rock Spunky Race", the file's
name with no artist, was one line of 93 px white type low in a 1080-line frame (a cap height of 6.3 % of it), and a
blind reviewer wrote "the small white type with no artist looks like a placeholder". The title alone takes the
artist's room: larger (on main 0ea4ea9 the same 96 px as over an artist), in one or two lines with nothing invented
under it; a title over its artist (held-out 03, which a reviewer liked) is set as before."""

from __future__ import annotations

import pytest

from nemo_notebook.engine.render.graph import Canvas
from nemo_notebook.engine.render.opening_title import opening_layout
from nemo_notebook.engine.render.title_type import CAP_EM

from .test_opening_title import _segment

SIZES = {"16:9": (1920, 1080), "1:1": (1080, 1080), "9:16": (1080, 1920)}


def _canvas(aspect: str) -> Canvas:
    w, h = SIZES[aspect]
    return Canvas(width=w, height=h, fps=30, frames=300, duration_ms=10_000, bpm=120.0, first_beat_ms=0)


@pytest.mark.parametrize("aspect", list(SIZES))
def test_a_title_without_an_artist_is_set_larger_than_one_over_an_artist(aspect: str) -> None:
    canvas = _canvas(aspect)
    alone = opening_layout(_segment("Pop Rock Spunky Race"), canvas)
    credited = opening_layout(_segment("Pop Rock Spunky Race — The Kites"), canvas)
    assert [line.bold for line in alone.lines] == [True] * len(alone.lines)  # no artist line, none made up
    assert alone.lines[0].size >= 1.25 * credited.lines[0].size, (alone.lines, credited.lines)  # main: the same


def test_a_title_alone_in_16_9_has_a_cap_height_of_8_percent_of_the_frame() -> None:
    layout = opening_layout(_segment("Pop Rock Spunky Race"), _canvas("16:9"))
    assert all(line.size * CAP_EM >= 0.08 * 1080 for line in layout.lines), layout  # main: one line of 93 px, 6.3 %
    x, _, width, height = layout.box()
    assert x + width <= 0.93 * 1920 and height <= 0.3 * 1080, layout.box()  # two lines at most, in the frame
    title, artist = opening_layout(_segment("Night Drive — The Kites"), _canvas("16:9")).lines
    assert (title.size, artist.size) == (96, 61)  # over an artist, as before
