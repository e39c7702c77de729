"""A 9:16 crop of a landscape clip follows the face in it and never cuts it (issue 29: a blind reviewer saw a static
crop of ``Megamind.avi`` halve a face while the character moved, and at the clip's own cut). The face is
scikit-image's astronaut (a NASA portrait, public domain), moving across a textured ground; where it lies in the
rendered frames is found by scikit-image's own face detector, another implementation than the engine's
(``render.faces``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nemo_notebook.engine.render import render_draft
from nemo_notebook.protocol import MediaInfo, MediaKind

from .drafts import draft, shot
from .synth import ffmpeg

SIZE = (360, 640)
CLIP = (1280, 720)
HEAD = (20, 230, 125, 335)  # rows and columns of the astronaut (512x512) round her head
HEAD_PX = 320  # the head's side in the clip
CLOSE = (60, 176, 119, 325)  # rows and columns of a 16:9 close-up of her face (80 % of its height)
NEAR = (40, 196, 85, 362)  # and of a looser one (the engine's face 0.43 of its width, as Megamind.avi's man's 0.45)
HIGH = (15, 171, 85, 362)  # the looser one higher in the clip: her hair 3 % under its top
SECONDS = 6


@pytest.fixture(scope="module")
def parts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The head, and a ground of soft seeded blotches (not plain: the saliency map has something to weigh)."""
    data = pytest.importorskip("skimage.data")
    from PIL import Image
    from scipy.ndimage import gaussian_filter

    folder = tmp_path_factory.mktemp("tall-faces")
    r0, r1, c0, c1 = HEAD
    head = Image.fromarray(data.astronaut()[r0:r1, c0:c1]).resize((HEAD_PX, HEAD_PX), Image.Resampling.LANCZOS)
    head.save(folder / "head.png")
    rng = np.random.default_rng(29)
    for name, tint in (("ground", (0.0, 0.05, 0.1)), ("other", (0.2, 0.1, -0.1))):  # the scene after a cut: other
        ground = np.stack([gaussian_filter(rng.standard_normal(CLIP[::-1]), 40) for _ in range(3)], axis=2)
        ground = np.clip(0.35 + 0.15 * ground / np.abs(ground).max() + np.array(tint), 0, 1)
        Image.fromarray((ground * 255).astype(np.uint8)).save(folder / f"{name}.png")
    for name, (r0, r1, c0, c1) in (("close", CLOSE), ("near", NEAR), ("high", HIGH)):
        close = Image.fromarray(data.astronaut()[r0:r1, c0:c1]).resize(CLIP, Image.Resampling.LANCZOS)
        close.save(folder / f"{name}.png")
    return folder


def _clip(
    parts: Path,
    tmp_path: Path,
    name: str,
    x: str,
    cut_s: float = SECONDS,
    close_s: float = SECONDS,
    close: str = "close",
) -> tuple[Path, MediaInfo]:
    """A ``SECONDS`` long 1280x720 clip of the head over the ground, its left edge at ``x`` (an expression of ``t``);
    from ``cut_s`` over the other ground (a cut to another shot), from ``close_s`` a close-up of the face (``close``:
    "close", the looser "near", or "high": "near" higher in the clip)."""
    path = tmp_path / f"{name}.mp4"
    graph = (f"[0][1]overlay=enable='gte(t,{cut_s})':shortest=1[g];"
             f"[g][2]overlay=x='{x}':y={(CLIP[1] - HEAD_PX) // 2}:shortest=1,format=yuv420p")  # fmt: skip
    if close_s < SECONDS:  # from ``close_s`` a close-up of the face fills the clip
        graph = graph.replace(",format=yuv420p", f"[h];[h][3]overlay=enable='gte(t,{close_s})',format=yuv420p")
    loop = ("-loop", "1", "-framerate", "30", "-t", str(SECONDS), "-i")
    ffmpeg(*loop, str(parts / "ground.png"), *loop, str(parts / "other.png"), *loop, str(parts / "head.png"),
           *loop, str(parts / f"{close}.png"), "-filter_complex", graph,
           "-c:v", "libx264", "-preset", "ultrafast", "-crf", "18", str(path))  # fmt: skip
    info = MediaInfo(name, path.name, MediaKind.VIDEO, "mp4", 1, duration_ms=SECONDS * 1000, width=CLIP[0],
                     height=CLIP[1])  # fmt: skip
    return path, info


def _tall_frames(tmp_path: Path, clip: tuple[Path, MediaInfo]) -> Any:
    import av

    path, info = clip
    d = draft([shot(info.id, 0, SECONDS * 1000, motion="none")], SECONDS * 1000, music=None, aspect="9:16")
    made = render_draft(d, {info.id: (path, info)}, tmp_path / f"{info.id}-tall.mp4", size=SIZE)
    with av.open(str(made.path)) as container:
        return np.stack([f.to_ndarray(format="rgb24") for f in container.decode(video=0)])


def _face(frame: Any) -> tuple[int, int, int, int] | None:
    """The face's box (left, top, right, bottom, pixels) by scikit-image's detector: round the windows it found at
    least half as large as the largest; None where it finds none."""
    from skimage import data
    from skimage.feature import Cascade

    found = Cascade(data.lbp_frontal_face_cascade_filename()).detect_multi_scale(
        img=frame, scale_factor=1.1, step_ratio=1, min_size=(48, 48), max_size=(300, 300)
    )
    if not found:
        return None
    side = max(int(f["width"]) for f in found)
    faces = [f for f in found if int(f["width"]) >= side / 2]  # not a small false find in the ground (55 px of 137)
    return (min(int(f["c"]) for f in faces), min(int(f["r"]) for f in faces),
            max(int(f["c"] + f["width"]) for f in faces), max(int(f["r"] + f["height"]) for f in faces))  # fmt: skip


def _grain(frame: Any) -> Any:
    """Each row's grain: the mean step between neighbouring pixels across it (the blurred fill has next to none)."""
    return np.abs(np.diff(frame.astype(np.float64).mean(axis=2), axis=1)).mean(axis=1)


def _whole_in_every_look(frames: Any) -> list[tuple[float, tuple[int, int, int, int] | None]]:
    looks = [(n / 30, _face(frames[n])) for n in range(0, len(frames), 6)]
    for t, box in looks:
        assert box is not None, (t, looks)  # cut by the crop's edge, the face is not found at all
        assert box[0] > 2 and box[2] < SIZE[0] - 2, (t, box)
    return looks


def test_the_crop_follows_a_face_that_leans_across_and_back(parts: Path, tmp_path: Path) -> None:
    """The head leans 0.2 of the clip's width right over 1.5 s and back by 3 s, then stays: three looks (0, 3 and
    5.4 s) saw it in one place, and the still crop there cut the face from 0.8 to 2.2 s (main: no face found at 1.0
    to 2.0 s). Every fifth of a second now shows the whole face, on a frame the clip fills (no blurred band)."""
    lean = "150+256*if(lt(t,1.5),t/1.5,if(lt(t,3),(3-t)/1.5,0))"
    frames = _tall_frames(tmp_path, _clip(parts, tmp_path, "lean", lean))
    _whole_in_every_look(frames)
    for frame in frames[::30]:
        grain = _grain(frame)
        assert grain[:60].min() > 0.3 * float(np.median(grain)), grain[:60].min()  # picture at the top: no fill


def test_the_crop_jumps_at_the_clips_own_cut_to_the_face_after_it(parts: Path, tmp_path: Path) -> None:
    """The clip cuts at 2.5 s from the face on the left to the face on the right, as ``Megamind.avi`` cuts between
    its two characters: a pan between the looks either side of the cut would be too fast (main: the clip sat as a
    band on its blurred fill); the crop jumps at the cut and the face is whole on a filled frame throughout."""
    frames = _tall_frames(tmp_path, _clip(parts, tmp_path, "cut", "if(lt(t,2.5),100,860)", 2.5))
    looks = _whole_in_every_look(frames)
    for frame in frames[::30]:
        grain = _grain(frame)
        assert grain[:60].min() > 0.3 * float(np.median(grain)), grain[:60].min()  # picture at the top: no fill
    assert {box[0] for _, box in looks if box} != set()


def _fill_rows(frame: Any) -> int:
    """The most rows in a run whose grain is that of the blurred fill (under 0.3 of the frame's median row's)."""
    low = _grain(frame) < 0.3 * float(np.median(_grain(frame)))
    run = most = 0
    for row in low:
        run = run + 1 if row else 0
        most = max(most, run)
    return most


@pytest.mark.parametrize(("close_s", "close"), [(2.5, "near"), (0.0, "high")])
def test_a_close_up_fills_the_frames_height_with_the_head_inside_it(
    parts: Path, tmp_path: Path, close_s: float, close: str
) -> None:
    """The clip cuts at 2.5 s to a close-up whose face is wider than a 9:16 window (as ``Megamind.avi``'s man's), or
    is that close-up throughout with her hair 3 % under the clip's top ("high"). On main (0e4861e) the close-up was
    a band 0.8 of the frame high laid at its top, the rows under it a blurred smear ("the worst framing fault in the
    set", a blind reviewer on held-out 02): runs of 188 rows as smooth as the fill, of 640 (high: 122-126). Here
    every fifth of a second is picture from top to bottom (the longest such run: 20, her black jumper at the foot;
    high: 0-1), the face's middle, where scikit-image finds the face its sides cut, within a tenth of the frame's
    width of its centre, and the high close-up's top rows the pale ground above her hair (the head's top inside)."""
    frames = _tall_frames(tmp_path, _clip(parts, tmp_path, close + str(close_s), "100", close_s=close_s, close=close))
    runs = [_fill_rows(frames[n]) for n in range(0, len(frames), 6)]
    assert max(runs) <= 0.05 * SIZE[1], runs
    for n in range(round(close_s * 30) + 15, len(frames), 15):
        box = _face(frames[n])
        if box is not None and box[2] - box[0] > 100:  # her face (about 195 px), not a small false find in her hair
            assert abs((box[0] + box[2]) / 2 - SIZE[0] / 2) < SIZE[0] / 10, (n / 30, box)
    if close == "high":
        top = frames[::30, :4, SIZE[0] // 3 : 2 * SIZE[0] // 3].astype(np.float64).mean(axis=(1, 2, 3))
        assert top.min() > 170, top  # the pale ground above her hair (the hair: under 150)
