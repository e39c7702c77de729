"""A crop keeps what the subject is doing with (issue 29: held-out 02's 9:16 slice of messi5.jpg showed the player
and no ball; the saliency map weighs a figure's top, and the ball on the grass at his foot carried almost none of it).
A drawn player: a striped shirt under a head, on the grass in front of a dim crowd, a yellow ball at his foot right
of him. In a 9:16 render the slice holds his head and the whole ball."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy.ndimage import gaussian_filter

from nemo_notebook.engine.render import render_draft
from nemo_notebook.protocol import MediaInfo, MediaKind
from tests.render.scenes import save

from .drafts import draft, shot

WIDTH, HEIGHT = 1536, 960
BALL = (0.6, 0.86, 0.03)  # centre across and down (shares of the width and height), radius (of the width)
HEAD = (0.43, 0.22, 0.035)
SIZE = (180, 320)


def _player(seed: int) -> np.ndarray:
    """The drawn photo (h, w, 3), 0..1: crowd (blurred dim noise) over grass, the player, the ball."""
    rng = np.random.default_rng(seed)
    ys, xs = np.mgrid[0:HEIGHT, 0:WIDTH] / np.array([HEIGHT, WIDTH], dtype=np.float64)[:, None, None]
    crowd = gaussian_filter(rng.random((HEIGHT, WIDTH, 3)), (6, 6, 0))
    image = 0.15 + 0.9 * (crowd - 0.5) * np.array([1.0, 0.8, 0.8])
    grass = ys > 0.62
    image[grass] = np.array([0.2, 0.5, 0.15]) + 0.03 * rng.standard_normal((int(grass.sum()), 1))
    stripes = ((xs * WIDTH) // 40 % 2).astype(bool)
    shirt = (np.abs(xs - 0.43) < 0.06) & (ys > 0.3) & (ys < 0.62)
    image[shirt & stripes], image[shirt & ~stripes] = (0.7, 0.1, 0.2), (0.15, 0.2, 0.6)
    image[(np.abs(xs - 0.43) < 0.06) & (ys >= 0.62) & (ys < 0.7)] = (0.65, 0.1, 0.15)  # shorts
    for leg in (0.385, 0.475):  # astride, as in a kick (not an upright figure: ``figures``)
        image[(np.abs(xs - leg) < 0.012) & (ys >= 0.7) & (ys < 0.82)] = (0.2, 0.2, 0.6)
    for (x, y, r), colour in ((HEAD, (0.85, 0.6, 0.45)), (BALL, (0.95, 0.85, 0.1))):
        image[np.hypot((xs - x) * WIDTH, (ys - y) * HEIGHT) < r * WIDTH] = colour
    x, y, r = HEAD
    hair = (np.hypot((xs - x) * WIDTH, (ys - y) * HEIGHT) < r * WIDTH) & ((y - ys) * HEIGHT > 0.4 * r * WIDTH)
    image[hair] = (0.25, 0.15, 0.08)
    return np.clip(image, 0, 1)


@pytest.mark.parametrize("seed", range(2))
def test_a_tall_slice_holds_the_player_and_the_ball_at_his_foot(tmp_path: Path, seed: int) -> None:
    """Yellow pixels of the ball in the frame (its disc: 741): 34 and 36 on the code before (ca12819: the slice on
    the shirt, the ball at its edge), 865 and 869 now; the face's pixels 870-899 on both."""
    media = {}
    for name, image in (("player", _player(seed)), ("other", _player(seed + 10)[:, ::-1])):
        path = save(image, tmp_path / f"{name}.png")  # two pictures: one alone would sit whole on its fill
        media[name] = (path, MediaInfo(name, path.name, MediaKind.IMAGE, "png", 1, width=WIDTH, height=HEIGHT))
    shots = [shot("player", 0, 600, motion="none"), shot("other", 600, 600, motion="none")]
    made = render_draft(draft(shots, 1200, music=None, aspect="9:16"), media, tmp_path / "tall.mp4", size=SIZE)
    import av

    with av.open(str(made.path)) as container:
        frame = next(f for i, f in enumerate(container.decode(video=0)) if i == 8).to_ndarray(format="rgb24")
    r, g, b = (frame[..., c].astype(float) for c in range(3))
    yellow = (r > 180) & (g > 150) & (b < 90)
    skin = (r > 170) & (g > 110) & (g < 190) & (b > 70) & (b < 150)
    scale = SIZE[1] / HEIGHT  # the frame shows the picture at its height
    ball = np.pi * (BALL[2] * WIDTH * scale) ** 2
    head = np.pi * (HEAD[2] * WIDTH * scale) ** 2 * 0.7  # the face under the hair
    assert yellow.sum() >= 0.85 * ball, (yellow.sum(), ball)
    assert skin.sum() >= 0.85 * head, (skin.sum(), head)


def test_one_of_many_alike_spots_is_no_prop_and_a_lone_ball_is() -> None:
    """A lattice's holes (rubberwhale1.png: dark diamonds through pale wood) each stand out from a plain ground as a
    ball does; one of many alike is a pattern, not what a subject holds (that slice moved off the toy before the
    likeness test: centre 0.464 -> 0.354 of the width)."""
    from nemo_notebook.engine.render.props import props_in

    rng = np.random.default_rng(0)
    image = np.full((80, 128, 3), (0.8, 0.7, 0.5)) + 0.01 * rng.standard_normal((80, 128, 1))
    for x in range(10, 60, 12):
        image[20:28, x : x + 8] = (0.15, 0.15, 0.35)  # the holes
    ys, xs = np.mgrid[0:80, 0:128]
    image[np.hypot(xs - 100, ys - 60) < 5] = (0.95, 0.85, 0.1)  # the ball
    found = props_in(np.clip(image, 0, 1))
    assert len(found) == 1 and found[0][0] > 0.7 and found[0][1] > 0.6, found
