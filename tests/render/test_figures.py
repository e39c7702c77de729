"""A crop never cuts a figure (issue 29, a blind reviewer: a painting's small figure "cut at the head/neck" in a
calm video; its slice in 9:16 and its close views in 16:9 were "a blocky brown texture" of the tree beside her): a
small upright figure is found (``render.figures``), every view holds it whole or leaves it out, and a close view, a
detail and a 9:16 slice are of the figure."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.figures import Figure, figures_in, figures_of, uncut
from nemo_notebook.protocol import MediaInfo, MediaKind

from .drafts import draft, shot
from .scenes import FIGURE_BOX, FIGURE_RGB, HEIGHT, WIDTH, empty_sky, figure_beside_a_tree, kite_sky, save, twice


@pytest.fixture(scope="module")
def painting(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, MediaInfo]:
    path = save(figure_beside_a_tree(), tmp_path_factory.mktemp("figures") / "painting.png")
    return path, MediaInfo("p", path.name, MediaKind.IMAGE, "png", 1, width=WIDTH, height=HEIGHT)


@pytest.fixture(scope="module")
def large_painting(painting: tuple[Path, MediaInfo]) -> tuple[Path, MediaInfo]:
    """The painting at twice its size: large enough to be shown nearer, or sliced, in a 1080-line frame."""
    path = twice(painting[0])
    return path, MediaInfo("p", path.name, MediaKind.IMAGE, "png", 1, width=2 * WIDTH, height=2 * HEIGHT)


def _frame(tmp_path: Path, painting: tuple[Path, MediaInfo], aspect: str, size: tuple[int, int], **meta: Any) -> Any:
    """The first and the last frame of a 4 s shot of the painting (a push in ends nearest, a pan at the far end of
    its move), before a shot of a sky."""
    import av

    other = save(empty_sky(), tmp_path / "sky.png")  # among others: a landscape picture in 9:16 is sliced
    sky = MediaInfo("s", other.name, MediaKind.IMAGE, "png", 1, width=WIDTH, height=HEIGHT)
    shots = [shot("p", 0, 4000, **meta), shot("s", 4000, 300, motion="none")]
    d = draft(shots, 4300, music=None, aspect=aspect)
    made = render_draft(d, {"p": painting, "s": (other, sky)}, tmp_path / f"{aspect[0]}.mp4", size=size)
    with av.open(str(made.path)) as container:
        frames = [f.to_ndarray(format="rgb24").astype(np.float64) / 255 for f in container.decode(video=0)]
    return frames[1], frames[118]


def _figure(frame: Any) -> Any:
    """The figure's pixels in a frame (its violet, within a margin for the encoder)."""
    return np.abs(frame - np.array(FIGURE_RGB)).max(axis=2) < 0.1


def test_the_figure_is_found_and_nothing_in_a_sky_or_beside_a_kite() -> None:
    found = figures_in(figure_beside_a_tree()[::10, ::10])  # 128 pixels wide, as the engine reads it
    assert len(found) == 1
    x0, y0, x1, y1 = FIGURE_BOX
    f = found[0]
    assert abs(f.left - x0) < 0.02 and abs(f.right - x1) < 0.02 and abs(f.top - y0) < 0.03 and abs(f.bottom - y1) < 0.03
    assert figures_in(kite_sky()[::10, ::10]) == () and figures_in(empty_sky()[::10, ::10]) == ()


def test_a_view_moves_as_little_as_it_takes_to_hold_the_figure_whole() -> None:
    girl = Figure(0.29, 0.76, 0.33, 0.91)
    cx, cy = uncut((0.7, 0.3), (0.8, 0.8), (girl,), (0.9, 0.9))  # a crop round the tree cut her at the chest
    assert abs(cy - (0.91 + 0.15 * 0.15 / 3 - 0.4)) < 1e-3 and abs(cx - 0.55) < 1e-6  # no further than it takes
    far = uncut((0.85, 0.3), (0.25, 0.4), (girl, Figure(0.6, 0.1, 0.64, 0.3)), (0.3, 0.45))
    assert far[0] - 0.15 >= 0.33 or far[0] + 0.15 <= 0.29  # one figure held, the other left wholly out
    low = uncut((0.5, 0.3), (0.7, 0.7), (Figure(0.4, 0.8, 0.45, 0.99),), (0.9, 0.9))
    assert abs(low[1] - 0.55) < 1e-3  # where none can hold her, as much of her as can be
    assert uncut((0.5, 0.5), (1.0, 1.0), ()) == (0.5, 0.5)


@pytest.mark.parametrize(
    ("aspect", "size", "meta"),
    [
        ("16:9", (320, 180), {"motion": "zoom_in"}),
        ("16:9", (320, 180), {"motion": "pan_down"}),
        ("16:9", (320, 180), {"motion": "none", "framing": "close", "zoom": 1.5}),
        ("9:16", (180, 320), {"motion": "none"}),
    ],
    ids=["wide", "pan", "close", "tall-slice"],
)
def test_every_view_of_the_painting_holds_the_figure_whole(
    tmp_path: Path, large_painting: tuple[Path, MediaInfo], aspect: str, size: tuple[int, int], meta: dict[str, Any]
) -> None:
    """The figure's pixels in the frame at the end of the shot (a push in ends nearest): all of it (its area at the
    view's scale), clear of the frame's top and bottom, and for a close view or a 9:16 slice, near the middle (the
    view is of the figure, not the tree)."""
    for frame in _frame(tmp_path, large_painting, aspect, size, **meta):
        figure = _figure(frame)
        ys, xs = np.nonzero(figure)
        assert len(ys) > 0, "the figure is not in the frame"
        x0, y0, x1, y1 = FIGURE_BOX
        # the area the whole figure takes at this view's scale (head and body: about 0.55 of its box)
        scale = max(size[0] / WIDTH, size[1] / HEIGHT) * 1.12 * meta.get("zoom", 1.0)
        whole = 0.55 * (x1 - x0) * WIDTH * (y1 - y0) * HEIGHT * scale**2
        assert len(ys) > 0.6 * whole, (len(ys), whole)
        assert ys.min() > 1 and ys.max() < size[1] - 1, (ys.min(), ys.max())  # clear of the frame's top and bottom
        if "framing" in meta or aspect == "9:16":
            assert 0.2 * size[0] < xs.mean() < 0.8 * size[0], xs.mean()


def test_the_figure_is_read_from_the_picture_file(painting: tuple[Path, MediaInfo]) -> None:
    assert len(figures_of(painting[0])) == 1
