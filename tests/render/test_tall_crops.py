"""9:16 crops of landscape photos keep the subject (issue 29: a blind reviewer saw the kite of a sky photo cropped
away, seven frames of plain blue): a small sharp kite wins over big soft clouds and wisps of cirrus, and a picture
with no clear subject (an empty sky) is panned across at the frame's height rather than shown as a slice of nothing
(or, too small for that, sits whole on a blurred fill of itself)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.fills import crop_keeps, picture_shows_whole
from nemo_notebook.engine.render.framing import focus, has_clear_subject, saliency_of
from nemo_notebook.engine.render.visualizer_auto import on_canvas
from nemo_notebook.protocol import MediaInfo, MediaKind
from tests.render.scenes import HEIGHT, KITE_BOX, WIDTH, empty_sky, kite_sky, save, twice

from .drafts import draft, shot

TALL = 9 / 16


def _photo(tmp_path: Path, name: str, seed: int = 0) -> tuple[Path, MediaInfo]:
    path = save((kite_sky if name == "kite" else empty_sky)(seed), tmp_path / f"{name}{seed}.png")
    return path, MediaInfo(f"{name}{seed}", path.name, MediaKind.IMAGE, "png", 1, width=WIDTH, height=HEIGHT)


def test_a_tall_crop_keeps_a_small_kite_among_bright_clouds(tmp_path: Path) -> None:
    for seed in range(3):
        path, _ = _photo(tmp_path, "kite", seed)
        saliency = saliency_of(path)
        assert saliency is not None
        _, cols = on_canvas(saliency.shape, focus(path), TALL)
        width = saliency.shape[1]
        kept = ((cols.start or 0) / width, (cols.stop or width) / width)
        # the whole kite inside the slice (before: the slice at x 0.21-0.56, on the clouds)
        assert kept[0] <= KITE_BOX[0] and KITE_BOX[2] <= kept[1], (seed, kept, focus(path))
        assert has_clear_subject(path, crop_keeps(WIDTH, HEIGHT, 1080, 1920))


def test_an_empty_sky_has_no_clear_subject_and_sits_whole(tmp_path: Path) -> None:
    path, _ = _photo(tmp_path, "empty")
    keeps = crop_keeps(WIDTH, HEIGHT, 1080, 1920)
    assert keeps < 0.4 and not has_clear_subject(path, keeps)
    assert picture_shows_whole(WIDTH, HEIGHT, 1080, 1920, alone=False, clear_subject=False)
    assert not picture_shows_whole(WIDTH, HEIGHT, 1080, 1920, alone=False, clear_subject=True)
    # a panorama whole would be a band under a quarter of the frame: it is reframed however plain
    assert not picture_shows_whole(3000, 1000, 1080, 1920, alone=False, clear_subject=False)


def _frames(path: Path) -> np.ndarray:
    import av

    with av.open(str(path)) as container:
        return np.stack([f.to_ndarray(format="rgb24").astype(np.float32) for f in container.decode(video=0)])


def test_in_a_tall_video_the_kite_is_in_frame_and_the_empty_sky_panned_across(tmp_path: Path) -> None:
    """The empty sky (no clear subject) sat whole as a band across the middle of the 9:16 frame, blurred fill above
    and below (held-out 02's Storm.jpg: a band 0.31 of the frame high, "a small inset" to a blind reviewer); it is
    panned across at the frame's height instead, as a panorama is (``panorama.swept_band``)."""
    media = {}
    for path, info in (_photo(tmp_path, "kite"), _photo(tmp_path, "empty")):  # large enough to slice at 1080 lines
        media[info.id] = (twice(path), replace(info, width=2 * WIDTH, height=2 * HEIGHT))
    shots = [shot("kite0", 0, 600, motion="none"), shot("empty0", 600, 600, motion="none")]
    made = render_draft(draft(shots, 1200, music=None, aspect="9:16"), media, tmp_path / "tall.mp4", size=(180, 320))
    frames = _frames(made.path)
    kite, sky = frames[5], frames[-5]
    red = (kite[..., 0] > 150) & (kite[..., 1] < 90) & (kite[..., 2] < 110)
    yellow = (kite[..., 0] > 170) & (kite[..., 1] > 140) & (kite[..., 2] < 90)
    assert red.sum() >= 2 and yellow.sum() >= 2, (red.sum(), yellow.sum())  # the kite's colours are on screen
    # the empty sky fills the frame: its clouds' detail from near the top to near the bottom (before: rows 0.2-0.8)
    sharp = _sharp_rows(sky)
    assert sharp.min() < 320 * 0.15 and sharp.max() > 320 * 0.85, (sharp.min(), sharp.max())
    # and the view travels across it: a later frame is an earlier one moved sideways, by a few pixels or more
    assert _moved(frames[-16], frames[-2]) >= 4, _moved(frames[-16], frames[-2])


def _moved(first: np.ndarray, later: np.ndarray) -> int:
    """How many pixels sideways ``later`` is ``first`` moved (the shift that matches them best, either way)."""
    a, b = first.mean(axis=2), later.mean(axis=2)
    errors = {d: np.abs(a[:, max(d, 0) : a.shape[1] + min(d, 0)] - b[:, max(-d, 0) : b.shape[1] - max(d, 0)]).mean()
              for d in range(-40, 41)}  # fmt: skip
    best: int = min(errors, key=lambda d: float(errors[d]))
    return abs(best)


def _sharp_rows(frame: np.ndarray) -> np.ndarray:
    grey = frame.mean(axis=2)
    detail = np.abs(np.diff(grey, axis=1)).mean(axis=1)
    return np.flatnonzero(detail > 0.25 * detail.max())


def test_a_picture_that_sits_whole_keeps_its_layout_through_its_reframes(tmp_path: Path) -> None:
    """Planning's reframes cut a landscape picture in 9:16 between framings of itself: a slice of another part
    ("detail" at zoom 1), a close view ("close" at 1.5); a picture that sits whole (no clear subject) showed as an
    inset, then full-bleed in those parts (a blind reviewer: "one photo is shown once as an inset and once as a
    full-bleed slice"). Now each part is the inset, the close view nearer inside it."""
    path, info = _photo(tmp_path, "empty")
    media = {info.id: (path, info)}
    shots = [
        shot("empty0", 0, 600, motion="none"),
        shot("empty0", 600, 600, motion="none", framing="detail", zoom=1.0, reframe=1),
        shot("empty0", 1200, 600, motion="none", framing="close", zoom=1.5, reframe=2),
    ]
    made = render_draft(draft(shots, 1800, music=None, aspect="9:16"), media, tmp_path / "slice.mp4", size=(180, 320))
    frames = _frames(made.path)
    bands = []
    for frame in (frames[8], frames[26], frames[44]):  # each part: a sharp band across the middle, fill around it
        sharp = _sharp_rows(frame)
        assert sharp.min() > 320 * 0.2 and sharp.max() < 320 * 0.8, (sharp.min(), sharp.max())
        bands.append(sharp.max() - sharp.min())
    assert max(bands) - min(bands) <= 0.05 * 320, bands  # the same inset, as high in every part
    assert np.abs(frames[44] - frames[8]).mean() > 2.0  # the close view shows the picture nearer, not the same
