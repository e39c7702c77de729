"""The figures and faces of a frame cost less (issue 27: a clip video's decisions cost more CPU than its encode),
and decide as before: a frame with the same pixels is measured once (``same_pixels``), and the face cascade's first
stages read every window of the grid at once (``faces._grid_codes``), giving each window the code it had."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.render import faces
from nemo_notebook.engine.render.frames import small_frame
from nemo_notebook.engine.render.same_pixels import by_pixels

from ..conftest import shared_media

GREY = (0.299 * 255, 0.587 * 255, 0.114 * 255)


def _frames(width: int) -> list[np.ndarray]:
    """Real frames: Big Buck Bunny every 2.5 s, and scikit-image's astronaut (a face turned to the camera)."""
    clip = shared_media("big-buck-bunny-30s.mp4")
    frames = [small_frame(clip, at_ms, width) for at_ms in range(0, 30_000, 2_500)]
    data = pytest.importorskip("skimage.data")
    portrait = data.astronaut()[60:176, 119:325].astype(np.float64) / 255  # 16:9 round her face (test_strip_faces)
    rows = np.linspace(0, portrait.shape[0] - 1, width * 9 // 16).round().astype(int)
    cols = np.linspace(0, portrait.shape[1] - 1, width).round().astype(int)
    return [f for f in frames if f is not None] + [portrait[rows][:, cols]]


def _integral(grey: np.ndarray) -> np.ndarray:
    """The integral image the cascade reads (a row and a column of 0 before the sums)."""
    ii = np.zeros((grey.shape[0] + 1, grey.shape[1] + 1))
    ii[1:, 1:] = grey.cumsum(axis=0).cumsum(axis=1)
    return ii


def test_the_grid_gives_each_window_the_code_it_had() -> None:
    rng = np.random.default_rng(27)
    grey = rng.uniform(0, 255, (90, 130)).cumsum(axis=1) % 255  # stripes and noise: codes of every kind
    ii = _integral(grey)
    cascade = faces._cascade()
    for step in (1, 2):
        rows = np.arange(0, grey.shape[0] - cascade.size[1] + 1, step)
        cols = np.arange(0, grey.shape[1] - cascade.size[0] + 1, step)
        ys, xs = (a.ravel() for a in np.meshgrid(rows, cols, indexing="ij"))
        for rect in cascade.rects:
            grid = faces._grid_codes(ii, (len(rows), len(cols)), step, rect)
            assert np.array_equal(grid.ravel(), faces._code(ii, ys, xs, rect))


def test_faces_found_in_real_frames_are_those_the_windows_alone_find(monkeypatch: pytest.MonkeyPatch) -> None:
    greys = [frame @ GREY for frame in _frames(faces._WIDTH)]
    found = [faces.faces_in.__wrapped__(grey) for grey in greys]  # type: ignore[attr-defined]
    monkeypatch.setattr(faces, "_DENSE", 0)  # never the grid: each window read on its own, as before
    assert [faces.faces_in.__wrapped__(grey) for grey in greys] == found  # type: ignore[attr-defined]
    assert found[-1], "the astronaut's face is found"


def test_a_frame_with_the_same_pixels_is_measured_once() -> None:
    seen: list[float] = []

    @by_pixels(maxsize=2)
    def brightness(image: np.ndarray) -> float:
        seen.append(float(image.mean()))
        return float(image.mean())

    frame = np.linspace(0, 1, 48).reshape(4, 4, 3)
    assert brightness(frame) == brightness(frame.copy()) == brightness(np.ascontiguousarray(frame[:, :, :]))
    assert len(seen) == 1
    brightness(frame[::-1])  # other pixels
    brightness(frame[:2])  # fewer of them
    assert len(seen) == 3
    brightness(frame)  # pushed out by the two after it (``maxsize``)
    assert len(seen) == 4


def test_a_clip_video_measures_each_distinct_frame_once(tmp_path: Path) -> None:
    """The same moment of a clip read for two shots is one frame of its measuring copy: its figures and faces are
    looked for once."""
    clip = shared_media("big-buck-bunny-30s.mp4")
    a, b = small_frame(clip, 4_000, 128), small_frame(clip, 4_010, 128)
    assert a is not None and b is not None and np.array_equal(a, b)
    calls: list[int] = []

    @by_pixels(maxsize=8)
    def measure(image: np.ndarray) -> int:
        calls.append(1)
        return image.size

    measure(a), measure(b)
    assert len(calls) == 1


def test_a_stage_reads_its_features_together_with_the_codes_each_had_alone() -> None:
    rng = np.random.default_rng(41)
    grey = rng.uniform(0, 255, (70, 110)).cumsum(axis=1) % 255
    ii = _integral(grey)
    cascade = faces._cascade()
    ys, xs = (a.ravel() for a in np.meshgrid(np.arange(0, 46, 3), np.arange(0, 86, 5), indexing="ij"))
    for stage in cascade.stages:
        together = faces._code(ii, ys, xs, cascade.rects[stage.features])
        alone = [faces._code(ii, ys, xs, cascade.rects[feature]) for feature in stage.features]
        assert np.array_equal(together, np.stack(alone, axis=1))


def _exact_contrast(near: np.ndarray, colours: np.ndarray, size: int) -> np.ndarray:
    """The figure finder's contrast as it was: the exact median of every pixel's square."""
    from scipy.ndimage import median_filter

    around = np.stack([median_filter(colours[..., c], size=size, mode="nearest") for c in range(3)], axis=2)
    return np.sqrt(((near - around) ** 2).sum(axis=2))


def test_figures_contrast_is_exact_wherever_it_can_make_a_figure(monkeypatch: pytest.MonkeyPatch) -> None:
    """The median of a pixel's surroundings is taken exactly only where its colour may stand out from it (the
    least and greatest medians of the square's rows and columns bound it): the same contrast there, the same
    figures, and most of a film's pixels spared."""
    from scipy.ndimage import gaussian_filter

    from nemo_notebook.engine.render import figures
    from nemo_notebook.engine.render.saliency import lab

    images = _frames(figures._WIDTH)
    spared = []
    for image in images:
        colours = lab(image)
        near = np.stack([gaussian_filter(colours[..., c], 0.7) for c in range(3)], axis=2)
        size = 2 * round(figures._SURROUND * image.shape[1]) + 1
        exact, quick = _exact_contrast(near, colours, size), figures.local_contrast(near, colours, size)
        may = quick > 0
        assert np.array_equal(quick[may], exact[may])
        assert (exact[~may] < figures._CONTRAST).all()
        spared.append(1 - may.mean())
    assert np.mean(spared) > 0.5
    found = [figures.figures_in.__wrapped__(image) for image in images]  # type: ignore[attr-defined]
    monkeypatch.setattr(figures, "local_contrast", _exact_contrast)
    assert [figures.figures_in.__wrapped__(image) for image in images] == found  # type: ignore[attr-defined]


def _window_code(ii: np.ndarray, y: int, x: int, rect: np.ndarray) -> int:
    """A window's code as OpenCV reads it, one block at a time in Python's own floats: each block's sum from its four
    corners of the integral image, a bit where a block of the ring is at least the centre."""
    fx, fy, bw, bh = (int(v) for v in rect)

    def block(r: int, c: int) -> float:
        top, left = y + fy + r * bh, x + fx + c * bw
        return float(ii[top + bh, left + bw] - ii[top, left + bw] - ii[top + bh, left] + ii[top, left])

    centre = block(1, 1)
    return sum(1 << (7 - bit) for bit, (r, c) in enumerate(faces._RING) if block(r, c) >= centre)


def _window_passes(ii: np.ndarray, y: int, x: int) -> bool:
    """Whether a window passes every stage, read as the cascade's file says: each weak classifier's first leaf where
    the code's bit is set in its subset, else its second, added in order."""
    cascade = faces._cascade()
    for stage in cascade.stages:
        total = 0.0
        for feature, subset, (first, second) in zip(stage.features, stage.subsets, stage.leaves, strict=True):
            code = _window_code(ii, y, x, cascade.rects[feature])
            total += first if (int(subset[code >> 5]) >> (code & 31)) & 1 else second
        if total < stage.threshold:
            return False
    return True


def test_windows_pass_where_the_cascade_read_window_by_window_passes_them() -> None:
    """The codes read as (n, k) runs and the leaves looked up in a table (``_Stage.values``) pass the very windows
    that the cascade read one window, one block and one bit at a time passes, on real frames: the astronaut's face
    at three of ``faces_in``'s scales (a window of 24 pixels round her face) and a frame of Big Buck Bunny."""
    from scipy.ndimage import zoom

    frames = _frames(faces._WIDTH)
    cascade = faces._cascade()
    face, film = frames[-1] @ GREY, frames[2] @ GREY
    scaled = [zoom(face, faces._SCALE**-k, order=1, grid_mode=True, mode="nearest") for k in (5, 8, 12)]
    found = []
    for grey, step in [(film, 2), *((s, 1) for s in scaled)]:
        ii = _integral(grey)
        passing = set(faces._passing(cascade, grey, step))
        rows = range(0, grey.shape[0] - cascade.size[1] + 1, step)
        cols = range(0, grey.shape[1] - cascade.size[0] + 1, step)
        looked = {(y, x) for i, (y, x) in enumerate((y, x) for y in rows for x in cols) if i % 5 == 0} | passing
        assert {(y, x) for y, x in looked if _window_passes(ii, y, x)} == passing
        found.append(len(passing))
    assert sum(found[1:]) >= 3, "windows pass round the astronaut's face"


def test_codes_are_those_of_the_window_read_block_by_block() -> None:
    rng = np.random.default_rng(42)
    grey = rng.uniform(0, 255, (60, 90)).cumsum(axis=1) % 255
    ii = _integral(grey)
    cascade = faces._cascade()
    ys, xs = rng.integers(0, 36, 40), rng.integers(0, 66, 40)
    codes = faces._code(ii, ys, xs, cascade.rects)
    assert [
        [_window_code(ii, y, x, rect) for rect in cascade.rects] for y, x in zip(ys, xs, strict=True)
    ] == codes.tolist()
    for stage in cascade.stages:
        taken = [[(int(s[c >> 5]) >> (c & 31)) & 1 for c in range(256)] for s in stage.subsets]
        assert stage.values.tolist() == [
            [a if t else b for t in row] for row, (a, b) in zip(taken, stage.leaves.tolist(), strict=True)
        ]
