"""An automatic visualizer keeps off a picture's figures as it keeps off heads (issue 29, a reviewer of a calm 16:9
video: the strip drawn across the legs of a painting's small girl, ``Autumn.jpg``): its place is chosen from the
crop the frame actually shows (the crop moved to hold the figure whole, ``figures.uncut``), and the figure's box
counts as a head does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.graph import Canvas
from nemo_notebook.engine.render.timeline import shots
from nemo_notebook.engine.render.visualizer_light import course
from nemo_notebook.engine.render.visualizer_steady import through_dissolves
from nemo_notebook.protocol import MediaInfo, MediaKind

from .drafts import draft, shot
from .scenes import FIGURE_RGB, HEIGHT, WIDTH, empty_sky, figure_beside_a_tree, save

SIZE = (320, 180)
MS = 4500


@pytest.fixture(scope="module")
def painting(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, MediaInfo]:
    path = save(figure_beside_a_tree(), tmp_path_factory.mktemp("viz-figures") / "painting.png")
    return path, MediaInfo("p", path.name, MediaKind.IMAGE, "png", 1, width=WIDTH, height=HEIGHT)


def _frames(path: Path) -> Any:
    import av

    with av.open(str(path)) as container:
        return np.stack([f.to_ndarray(format="rgb24").astype(np.float64) / 255 for f in container.decode(video=0)])


def _figure_box(frame: Any) -> tuple[int, int, int, int]:
    """The figure's box (rows and columns, [first, end)) in a frame without the strip: its violet pixels."""
    ys, xs = np.nonzero(np.abs(frame - np.array(FIGURE_RGB)).max(axis=2) < 0.1)
    assert len(ys) > 20, "the figure is not in the frame"
    return int(ys.min()), int(ys.max()) + 1, int(xs.min()), int(xs.max()) + 1


def test_the_strip_is_drawn_only_light_over_the_painted_figure(
    assets: Any, painting: tuple[Path, MediaInfo], tmp_path: Path
) -> None:
    """A calm 16:9 video of a sky for 3 s, then the painting (its tree's crown under the top place, the figure's legs
    under the bottom one): the strip draws at full strength over the sky, and over the figure's box only light
    (``visualizer_light.LIGHT_SHARE``: it vanished for 13 s over the painting in the held-out calm export, and sat on
    the girl at full strength in the energetic ones): its pixels change the figure's box by under 60 % of what they
    change over the sky, in every frame of the painting's shot."""
    sky_ms = 3000
    sky = save(empty_sky(), tmp_path / "sky.png")
    media = {
        **assets.media,
        "p": painting,
        "s": (sky, MediaInfo("s", sky.name, MediaKind.IMAGE, "png", 1, width=WIDTH, height=HEIGHT)),
    }
    lane = [shot("s", 0, sky_ms, motion="none"), shot("p", sky_ms, MS - sky_ms, motion="none")]
    viz = {"effect": "line", "position": "auto", "color": "auto", "design": "calm"}
    drawn = _frames(
        render_draft(draft(lane, MS, music="noise", visualizer=viz), media, tmp_path / "d.mp4", size=SIZE).path
    )
    plain = _frames(render_draft(draft(lane, MS, music="noise"), media, tmp_path / "p.mp4", size=SIZE).path)
    cut = sky_ms * 30 // 1000
    y0, y1, x0, x1 = _figure_box(plain[cut + 30])
    diff = np.abs(drawn - plain).max(axis=3)  # (frames, rows, columns)
    assert (diff[: cut - 10] > 0.12).mean(axis=(1, 2)).min() > 0.01, "the strip hardly draws over the sky"
    sky_strength = float(np.median(diff[10 : cut - 10].max(axis=(1, 2))))
    on_figure = diff[cut + 2 : -3, max(0, y0 - 2) : y1 + 2, max(0, x0 - 2) : x1 + 2].max(axis=(1, 2))
    assert on_figure.max() < 0.6 * sky_strength, (on_figure.max(), sky_strength)


def test_a_strip_drawn_light_over_a_shot_is_light_over_the_dissolves_into_and_out_of_it() -> None:
    """A calm video's dissolves (600 ms, centred on the cut): the painting shows through the whole of them, so the
    places over its subject hold from the first frame of the dissolve into it to the last of the one out of it (the
    held-out calm export drew the wave across the girl's knees, half seen in the dissolve), and the strip is light
    over all of them."""
    fade = {"transition_in": "dissolve", "transition_ms": 600}
    lane = [shot("s", 0, 2000, motion="none"), shot("p", 2000, 2000, motion="none", **fade)]
    lane.append(shot("s", 4000, 2000, motion="none", **fade))
    d = draft(lane, 6000, music=None)
    heads = [frozenset({"bottom", "top"}) if 60 <= i < 120 else frozenset() for i in range(180)]
    held = through_dissolves(heads, 0, shots(d), Canvas(320, 180, 30, 180, 6000))
    over = [i for i, here in enumerate(held) if here]
    assert over == list(range(51, 129)), over  # 9 frames (half of 18) before the cut and after the shot's end
    _, light, _ = course(held, [], [s.start_frame for s in shots(d)], ("bottom", "top"), [], 30)
    assert all(light[51:129]), light


def test_the_end_card_keeps_off_the_figure_of_the_last_shot(painting: tuple[Path, MediaInfo]) -> None:
    """The painting under the end card: of its places, the card takes one over no part of the girl (it was laid
    across her at the bottom, where the least of the saliency lies: the tree's)."""
    from nemo_notebook.engine.render.end_card import card_samples, card_top
    from nemo_notebook.engine.render.visualizer_auto import shot_sample
    from nemo_notebook.engine.render.visualizer_head import over

    d = draft([shot("p", 0, MS, motion="none")], MS, music=None)
    canvas = Canvas(640, 360, 30, 135, MS)
    x, h, w = block = (50, 80, 540)  # the card's left edge, height and width (pixels)
    people = shot_sample(shots(d)[0], {"p": painting}, canvas)
    assert people is not None and len(people.figures) == 1, people
    top = card_top(card_samples(d, canvas, {"p": painting}, 1000), canvas, block)
    assert not over((x / canvas.width, top / canvas.height, w / canvas.width, h / canvas.height), people.figures[0])
