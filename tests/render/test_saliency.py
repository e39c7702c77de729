"""Saliency against a small hand-labelled set: does the map find the subject a viewer looks at, does the
visualizer's strip (top or bottom, chosen by ``auto_position``) keep off the subject's head, and does a 9:16 crop
(``on_canvas`` around ``centre_of``) keep it? The former map (frequency-tuned RGB contrast plus blurred gradient,
kept below as ``frequency_tuned``, with the former crop centre ``former_centre``) is measured beside the new one.

``python -m tests.render.test_saliency`` prints the table, old against new, and the cost of each map.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from scipy.ndimage import gaussian_filter

from nemo_notebook.engine.render.framing import centre_of, thumbnail
from nemo_notebook.engine.render.saliency import saliency_map
from nemo_notebook.engine.render.visualizer_auto import Sample, auto_position, on_canvas
from tests.conftest import REPO_MEDIA, SHARED_MEDIA

Image = npt.NDArray[np.float64]
Box = tuple[float, float, float, float]  # x0, y0, x1, y1 as shares of the width and height
# the mirrored strip on a 9:16 canvas (``visualizer.box_for``: 22 % of the height, 4 % from the top or 74 %)
STRIPS = {"bottom": (0.0, 0.74, 1.0, 0.22), "top": (0.0, 0.04, 1.0, 0.22)}

# Frames of big-buck-bunny-30s.mp4 (854x480) and the poster (853x480): each box drawn by eye on the full-size frame
# under a grid of tenths (ffmpeg drawgrid), read off to about 0.01. ``subject``: the whole figure (the bird with its
# wings and feet, the bunny from ears to feet, the caption's two lines, the pine tree, the mound with its hole);
# ``key``: the part that must stay clear and in frame: the bird's or the bunny's head (the top of the head to the
# beak's tip or the chin), the tree's crown; the subject itself where it has no face.
FRAMES: list[tuple[str, str, int, Box, Box]] = [
    ("bird 16 s", "big-buck-bunny-30s.mp4", 16000, (0.34, 0.19, 0.56, 0.85), (0.37, 0.20, 0.55, 0.45)),
    ("bird 17 s", "big-buck-bunny-30s.mp4", 17000, (0.35, 0.06, 0.64, 0.85), (0.44, 0.07, 0.62, 0.31)),
    ("bird 18 s", "big-buck-bunny-30s.mp4", 18000, (0.24, 0.13, 0.79, 0.85), (0.46, 0.14, 0.60, 0.40)),
    ("bird 19 s", "big-buck-bunny-30s.mp4", 19000, (0.33, 0.22, 0.55, 0.86), (0.36, 0.23, 0.54, 0.48)),
    ("bird 20 s", "big-buck-bunny-30s.mp4", 20000, (0.18, 0.15, 0.70, 0.85), (0.40, 0.16, 0.53, 0.42)),
    ("caption 21 s", "big-buck-bunny-30s.mp4", 21000, (0.23, 0.42, 0.76, 0.58), (0.23, 0.42, 0.76, 0.58)),
    ("pine 6 s", "big-buck-bunny-30s.mp4", 5917, (0.57, 0.31, 0.72, 1.00), (0.57, 0.31, 0.72, 0.60)),
    ("pine 9 s", "big-buck-bunny-30s.mp4", 9000, (0.57, 0.07, 0.76, 0.78), (0.57, 0.07, 0.76, 0.40)),
    ("mound 24 s", "big-buck-bunny-30s.mp4", 24000, (0.27, 0.42, 0.74, 0.80), (0.27, 0.42, 0.74, 0.80)),
    ("poster", "big-buck-bunny-poster.jpg", 0, (0.24, 0.22, 0.48, 0.91), (0.32, 0.22, 0.48, 0.50)),
]


@dataclass(frozen=True)
class Case:
    name: str
    image: Image
    subject: Box
    key: Box


@dataclass(frozen=True)
class Score:
    mass: float  # share of the map inside the subject's box
    strip: str  # where auto_position puts the strip on the 9:16 crop
    clear: bool  # the strip covers no more of the key box's height than the other place would
    kept: float  # share of the key box's width inside the 9:16 crop
    whole: float  # share of the subject box's width inside it (of the crop's width, for a subject wider than it)


def frequency_tuned(image: Image) -> Image:
    """The former ``framing.saliency_map``: each blurred pixel's RGB distance from the mean colour plus half the
    blurred gradient magnitude, each scaled to its maximum."""
    soft = gaussian_filter(image, (1.0, 1.0, 0.0))
    contrast = ((soft - image.mean(axis=(0, 1))) ** 2).sum(axis=2)
    gy, gx = np.gradient(soft.mean(axis=2))
    detail = gaussian_filter(np.hypot(gx, gy), max(1.0, image.shape[1] / 32))
    return np.asarray(contrast / max(float(contrast.max()), 1e-9) + 0.5 * detail / max(float(detail.max()), 1e-9))


def former_centre(saliency: Image) -> tuple[float, float]:
    """The former ``framing.centre_of``: the centroid of the whole most salient tenth, pulled a tenth back."""
    top = saliency >= np.percentile(saliency, 90)
    ys, xs = np.nonzero(top)
    if len(xs) == 0 or float(saliency.max()) <= 1e-9:
        return 0.5, 0.5
    fx = float(np.average(xs, weights=saliency[ys, xs]) + 0.5) / saliency.shape[1]
    fy = float(np.average(ys, weights=saliency[ys, xs]) + 0.5) / saliency.shape[0]
    return 0.5 + (fx - 0.5) * 0.9, 0.5 + (fy - 0.5) * 0.9


def synthetic() -> list[Case]:
    """Three 96x54 scenes, boxes exact: a large smooth purple figure standing on a dark branch over noisy grass
    (the bird's case; key: its upper half), a white square off centre on grey, a red ball in the sky over grass."""
    rng = np.random.default_rng(1)
    h, w = 54, 96
    yy, xx = np.mgrid[0:h, 0:w] / np.array([h, w], dtype=np.float64)[:, None, None]
    sky = np.stack([0.55 + 0.1 * yy, 0.6 + 0.1 * yy, 0.9 + 0 * yy], axis=2)
    figure = sky.copy()
    figure[((xx - 0.5) / 0.14) ** 2 + ((yy - 0.45) / 0.32) ** 2 < 1] = [0.45, 0.4, 0.55]
    figure[(yy > 0.74) & (yy < 0.8)] = [0.3, 0.22, 0.15]
    grass = yy > 0.86
    figure[grass] = np.array([0.3, 0.6, 0.2]) + 0.25 * rng.standard_normal((int(grass.sum()), 1))
    square = np.full((h, w, 3), 0.3)
    square[20:34, 70:84] = 1.0
    ball = np.full((h, w, 3), [0.6, 0.75, 0.95])
    ball[((xx - 0.3) / 0.08) ** 2 + ((yy - 0.25) / 0.14) ** 2 < 1] = [0.85, 0.2, 0.15]
    lawn = yy > 0.45
    ball[lawn] = np.array([0.35, 0.65, 0.25]) + 0.3 * rng.standard_normal((int(lawn.sum()), 3)) * [1, 1, 0.5]
    return [
        Case("figure on branch", np.clip(figure, 0, 1), (0.36, 0.13, 0.64, 0.77), (0.36, 0.13, 0.64, 0.45)),
        Case("square", square, (70 / 96, 20 / 54, 84 / 96, 34 / 54), (70 / 96, 20 / 54, 84 / 96, 34 / 54)),
        Case("ball over grass", np.clip(ball, 0, 1), (0.22, 0.11, 0.38, 0.39), (0.22, 0.11, 0.38, 0.39)),
    ]


def labelled() -> list[Case]:
    """The frames (skipped when the shared media are missing) and the synthetic scenes."""
    cases = []
    for name, file, at_ms, subject, key in FRAMES:
        path = next((f / file for f in (SHARED_MEDIA, REPO_MEDIA) if (f / file).exists()), None)
        if path is None:
            pytest.skip(f"{file} is in neither {SHARED_MEDIA} nor {REPO_MEDIA}")
        image = thumbnail(Path(path), at_ms)
        assert image is not None
        cases.append(Case(name, image, subject, key))
    return cases + synthetic()


def score(case: Case, saliency: Callable[[Image], Image], centre: Callable[[Image], tuple[float, float]]) -> Score:
    """How the map (and the crop centre taken from it) does on one labelled case."""
    found = saliency(case.image)
    h, w = found.shape
    x0, y0, x1, y1 = case.subject
    inside = found[round(y0 * h) : round(y1 * h), round(x0 * w) : round(x1 * w)].sum()
    rows, cols = on_canvas(case.image.shape[:2], centre(found), 9 / 16)
    strip = auto_position([Sample(case.image[rows, cols], found[rows, cols], 1.0)], STRIPS)
    covers = {name: _overlap(case.key, region) for name, region in STRIPS.items()}
    kx0, kx1 = case.key[0], case.key[2]
    c0, c1 = (cols.start or 0) / w, (cols.stop or w) / w
    kept = max(0.0, min(kx1, c1) - max(kx0, c0)) / (kx1 - kx0)
    whole = max(0.0, min(x1, c1) - max(x0, c0)) / min(x1 - x0, c1 - c0)
    mass = float(inside / max(float(found.sum()), 1e-9))
    return Score(mass, strip, covers[strip] <= min(covers.values()), kept, whole)


def _overlap(key: Box, strip: tuple[float, float, float, float]) -> float:
    """The share of the key box's height under a strip."""
    top, bottom = strip[1], strip[1] + strip[3]
    return max(0.0, min(key[3], bottom) - max(key[1], top)) / (key[3] - key[1])


@pytest.fixture(scope="module")
def scores() -> dict[str, list[Score]]:
    cases = labelled()
    return {
        "old": [score(c, frequency_tuned, former_centre) for c in cases],
        "new": [score(c, saliency_map, centre_of) for c in cases],
    }


def test_the_subject_holds_most_of_the_saliency(scores: dict[str, list[Score]]) -> None:
    """Old: a quarter of the map in the subject's box on average (the branch, grass and sky edges take the rest)."""
    old, new = scores["old"], scores["new"]
    assert (
        np.mean([s.mass for s in new]) > 0.6 and np.mean([s.mass for s in new]) > np.mean([s.mass for s in old]) + 0.25
    )
    assert sum(n.mass > o.mass for n, o in zip(new, old, strict=True)) >= len(new) - 1
    assert min(s.mass for s in new[:5]) > 0.5  # the bird frames: more than half of the map on the bird


def test_the_strip_keeps_off_the_subjects_head_more_often(scores: dict[str, list[Score]]) -> None:
    old, new = (sum(s.clear for s in scores[k]) for k in ("old", "new"))
    assert new >= 8 and new > old


def test_a_tall_crop_keeps_the_subject(scores: dict[str, list[Score]]) -> None:
    """The 9:16 crop keeps the head of the bird and of the bunny (most of its width), and the bunny whole; the
    caption and the mound are wider than a 9:16 crop and are left out of the bound."""
    names = [c[0] for c in FRAMES] + [c.name for c in synthetic()]
    for name, s in zip(names, scores["new"], strict=True):
        if name.startswith(("bird", "poster", "pine", "figure", "square", "ball")):
            assert s.kept >= 0.75 and s.whole >= 0.75, (name, s)


def test_a_plain_picture_has_no_subject() -> None:
    assert float(saliency_map(np.full((54, 96, 3), 0.4)).max()) == 0.0
    assert centre_of(saliency_map(np.full((54, 96, 3), 0.4))) == (0.5, 0.5)


def _report() -> None:
    cases = labelled()
    print(f"{'':18} {'mass in box':>14} {'strip (head clear?)':>26} {'key in 9:16 crop':>18} {'subject in it':>16}")
    print(f"{'':18} {'old':>6} {'new':>7} {'old':>12} {'new':>13} {'old':>8} {'new':>8} {'old':>8} {'new':>7}")
    totals: dict[str, list[Score]] = {"old": [], "new": []}
    for case in cases:
        o, n = score(case, frequency_tuned, former_centre), score(case, saliency_map, centre_of)
        totals["old"].append(o)
        totals["new"].append(n)
        mark = {True: "ok", False: "NO"}
        print(
            f"{case.name:18} {o.mass:6.2f} {n.mass:7.2f} {o.strip:>7} {mark[o.clear]:>4} {n.strip:>8} "
            f"{mark[n.clear]:>4} {o.kept:8.2f} {n.kept:8.2f} {o.whole:8.2f} {n.whole:7.2f}"
        )
    for key, found in totals.items():
        print(
            f"{key}: mean mass {np.mean([s.mass for s in found]):.3f}, head clear {sum(s.clear for s in found)}/"
            f"{len(found)}, key in crop {np.mean([s.kept for s in found]):.2f}, subject in crop "
            f"{np.mean([s.whole for s in found]):.2f}"
        )
    for name, fn in (("old", frequency_tuned), ("new", saliency_map)):
        best = []
        for _ in range(5):
            start = time.perf_counter()
            for case in cases:
                fn(case.image)
            best.append((time.perf_counter() - start) / len(cases) * 1000)
        print(f"{name}: {min(best):.2f} ms a thumbnail (best of 5 rounds)")


if __name__ == "__main__":
    _report()


def _fallen_leaves(path: Path, width: int = 1536, height: int = 960) -> None:
    """A photo with a shallow depth of field, as FallenLeaf.jpg: a red leaf blurred behind, upper left, and a sharp
    orange leaf with dark veins right of centre, on blurred brown ground."""
    import av

    rng = np.random.default_rng(7)
    ground = gaussian_filter(rng.random((height, width)), 40)
    ground = (ground - ground.min()) / (ground.max() - ground.min())
    image = np.stack([0.45 + 0.25 * ground, 0.35 + 0.2 * ground, 0.15 + 0.1 * ground], axis=2)
    ys, xs = np.mgrid[0:height, 0:width]
    red = ((xs - 0.3 * width) / (0.1 * width)) ** 2 + ((ys - 0.3 * height) / (0.12 * height)) ** 2 < 1
    blurred = gaussian_filter(red.astype(float), 25)[..., None]
    image = image * (1 - blurred) + np.array([0.85, 0.1, 0.08]) * blurred
    leaf = ((xs - 0.68 * width) / (0.13 * width)) ** 2 + ((ys - 0.58 * height) / (0.2 * height)) ** 2 < 1
    veins = (np.sin(xs / 5.0) * np.sin(ys / 7.0) > 0.3) | (np.abs(xs - 0.68 * width) < 3)
    image = np.where(leaf[..., None], np.where(veins[..., None], [0.45, 0.22, 0.05], [0.8, 0.45, 0.15]), image)
    frame = av.VideoFrame.from_ndarray((np.clip(image, 0, 1) * 255).astype(np.uint8), format="rgb24")
    with av.open(str(path), "w") as container:
        stream = container.add_stream("png")
        stream.width, stream.height, stream.pix_fmt = width, height, "rgb24"
        for packet in [*stream.encode(frame), *stream.encode()]:
            container.mux(packet)


def test_in_a_shallow_photo_the_sharp_leaf_is_the_subject_not_the_blurred_red_one(tmp_path: Path) -> None:
    """The blurred red leaf's colour stands out most; the 9:16 crop went there. What is in focus is the subject
    (``framing.fine_detail``, measured four times larger than the thumbnail, where the blur shows)."""
    from nemo_notebook.engine.render.framing import focus

    path = tmp_path / "leaves.png"
    _fallen_leaves(path)
    x, y = focus(path)
    assert 0.55 < x < 0.8 and 0.35 < y < 0.8, (x, y)  # the sharp leaf spans 0.55-0.81 x 0.38-0.78; the red 0.2-0.4
