"""9:16 framing for where people watch (issue 29, a blind reviewer of a 9:16 export): a landscape clip fills the
frame by a crop that follows its subject rather than sitting as a band between blurred bars of itself, unless the
crop would enlarge it past what it bears or its subject is wider than the window; the visualizer's strip lies inside
what the apps leave clear (not under their caption at 68-78 % of the height)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.clip_follow import MAX_PAN, Follow, follow, subject_span, tall_enough_to_follow
from nemo_notebook.engine.render.fills import clip_scale
from nemo_notebook.engine.render.follow_course import Sight, course
from nemo_notebook.engine.render.framing import clear_subject
from nemo_notebook.engine.render.graph import Canvas
from nemo_notebook.engine.render.safe_zone import inside, safe_area
from nemo_notebook.engine.render.visualizer import placed
from nemo_notebook.protocol import MediaInfo, MediaKind

from .drafts import draft, shot
from .synth import ffmpeg

SIZE = (180, 320)
SKY = "0x3a6e9e"


def _clip(tmp_path: Path, name: str, boxes: str, size: tuple[int, int] = (1708, 960)) -> tuple[Path, MediaInfo]:
    """A 2 s clip of a blue ``size`` ground under a fine grid with red boxes overlaid (``boxes``: "w:h:x-expression:y" joined
    by ";"; x may move with ``t``)."""
    path = tmp_path / f"{name}.mp4"
    inputs = ["-f", "lavfi", "-i", f"color=c={SKY}:s={size[0]}x{size[1]}:r=30:d=2,drawgrid=w=48:h=48:t=4:c=white@0.4"]
    chain, last = [], "[0]"
    for i, box in enumerate(boxes.split(";")):
        w, h, x, y = box.split(":")
        inputs += ["-f", "lavfi", "-i", f"color=c=red:s={w}x{h}:r=30:d=2"]
        chain.append(f"{last}[{i + 1}]overlay=x='{x}':y={y}[o{i}]")
        last = f"[o{i}]"
    graph = ";".join(chain)
    ffmpeg(*inputs, "-filter_complex", graph, "-map", last, "-c:v", "libx264", "-preset", "ultrafast", str(path))
    info = MediaInfo(name, path.name, MediaKind.VIDEO, "mp4", 1, duration_ms=2000, width=size[0], height=size[1])
    return path, info


def _frames(path: Path) -> Any:
    import av

    with av.open(str(path)) as container:
        return np.stack([f.to_ndarray(format="rgb24").astype(np.float32) for f in container.decode(video=0)])


def _tall(tmp_path: Path, clip: tuple[Path, MediaInfo]) -> Any:
    path, info = clip
    d = draft([shot(info.id, 0, 1800, motion="none")], 1800, music=None, aspect="9:16")
    return _frames(render_draft(d, {info.id: (path, info)}, tmp_path / f"{info.id}-tall.mp4", size=SIZE).path)


def _grain(frame: Any) -> Any:
    """Each row's grain: the mean step between neighbouring pixels across it (the grid's lines; the fill is blurred:
    next to none)."""
    return np.abs(np.diff(frame.mean(axis=2), axis=1)).mean(axis=1)


def _red(frame: Any) -> Any:
    return (frame[..., 0] > 150) & (frame[..., 1] < 90) & (frame[..., 2] < 90)


def test_the_rule_is_a_landscape_clip_in_a_portrait_frame_enlarged_at_most_four_times_at_1080_lines() -> None:
    assert tall_enough_to_follow((1920, 1080), (1080, 1920))  # 1.78 times
    assert tall_enough_to_follow((1920, 1080), (360, 640))  # a preview frames as the final render does
    assert tall_enough_to_follow((1280, 720), (360, 640))  # 2.67 times at 1080 lines
    assert tall_enough_to_follow((768, 576), (1080, 1920))  # a PAL clip: 3.33 times (was its band on a fill)
    assert tall_enough_to_follow((854, 480), (1080, 1920))  # 480 lines: 4.0 times
    assert not tall_enough_to_follow((640, 360), (1080, 1920))  # 5.3 times: its band on a fill
    assert not tall_enough_to_follow((640, 272), (1080, 1920))  # a small film clip: 7 times
    assert not tall_enough_to_follow((1920, 1080), (1920, 1080))  # not a portrait frame


def test_the_window_holds_still_round_a_subject_that_stays_and_pans_slowly_after_one_that_moves() -> None:
    still = course([[Sight(t, subject=span) for t, span in zip((0.0, 1.0, 1.8), [(0.45, 0.55, 0.5),
                    (0.47, 0.57, 0.52), (0.44, 0.54, 0.49)], strict=True)]], 0.3, MAX_PAN * 0.3)  # fmt: skip
    assert still is not None and len({x for _, x in still[0]}) == 1
    walk = [(0.1 + 0.08 * t, 0.2 + 0.08 * t, 0.15 + 0.08 * t) for t in (0.0, 0.5, 1.0, 1.5, 2.0)]
    walking = course([[Sight(t, subject=span) for t, span in zip((0.0, 0.5, 1.0, 1.5, 2.0), walk, strict=True)]],
                     0.2, MAX_PAN * 0.2)  # fmt: skip
    assert walking is not None
    xs = [x for _, x in walking[0]]
    assert xs == sorted(xs) and xs[-1] - xs[0] > 0.05  # a pan after it, the same way
    assert all(x - 0.1 <= left and right <= x + 0.1 for x, (left, right, _) in zip(xs, walk, strict=True))
    assert "if(lt(t," in Follow(tuple(walking[0])).x_share()
    jump = 0.3 * MAX_PAN * 1.0 + 0.3  # a face further in a second than the window may pan
    assert course([[Sight(0.0, ((0.2, 0.3),)), Sight(1.0, ((0.2 + jump, 0.3 + jump),))]], 0.3, MAX_PAN * 0.3) is None
    # at the clip's own cut it jumps; a close-up's face wider than the window: no crop (the clip keeps its band)
    assert course([[Sight(0.0, ((0.2, 0.3),))], [Sight(1.0, ((0.2 + jump, 0.3 + jump),))]], 0.3, 0.15) is not None
    assert course([[Sight(0.0, ((0.3, 0.62),))]], 0.3, MAX_PAN * 0.3) is None
    # a face behind the one in front (under 0.6 of its width) is left out of the window whole, not cut
    front, behind = (0.3, 0.48), (0.52, 0.62)  # centred on the front face, the edge would cut the other
    xs = course([[Sight(t, (front, behind)) for t in (0.0, 0.5, 1.0)]], 0.3, MAX_PAN * 0.3)
    assert xs is not None and all(x + 0.15 <= behind[0] + 1e-6 for _, x in xs[0]), xs


def test_a_landscape_clip_with_a_central_subject_fills_a_tall_frame(tmp_path: Path) -> None:
    frames = _tall(tmp_path, _clip(tmp_path, "centre", "170:250:760:360"))
    for frame in (frames[2], frames[26], frames[50]):
        grain = _grain(frame)
        middle = float(np.median(grain[120:200]))
        # the rows above and below the middle are picture, as grainy as it: no blurred band of fill
        assert grain[:40].min() > 0.5 * middle and grain[-40:].min() > 0.5 * middle, (grain[:40].min(), middle)
        xs = np.nonzero(_red(frame))[1]
        assert len(xs) > 0.5 * 170 * 250 * (320 / 960) ** 2  # the subject, whole, near the middle
        assert 0.2 * SIZE[0] < xs.mean() < 0.8 * SIZE[0], xs.mean()


def test_a_pal_clip_fills_a_tall_frame_on_its_subject_instead_of_a_band(tmp_path: Path) -> None:
    """A 768x576 clip (vtest.avi's size) needs 3.3 times to fill 1080x1920: it fills the frame, cropped round its
    subject (it sat in a band half the frame high, two blurred bars of itself above and below)."""
    frames = _tall(tmp_path, _clip(tmp_path, "pal", "70:110:430:230", size=(768, 576)))
    for frame in (frames[2], frames[26], frames[50]):
        grain = _grain(frame)
        middle = float(np.median(grain[120:200]))
        edges = [float(np.percentile(rows, 20)) for rows in (grain[:40], grain[-40:])]  # a grid line: no grain
        assert min(edges) > 0.5 * middle, (edges, middle)  # picture at the top and bottom, no blurred fill
        xs = np.nonzero(_red(frame))[1]
        assert len(xs) > 0.5 * 70 * 110 * (320 / 576) ** 2 and xs.min() > 0 and xs.max() < SIZE[0] - 1


def test_the_crop_follows_a_subject_that_walks_across(tmp_path: Path) -> None:
    path, info = _clip(tmp_path, "walk", "170:250:560+220*t:360")
    frames = _tall(tmp_path, (path, info))
    for frame in (frames[2], frames[26], frames[50]):  # 440 px across the clip, kept in the frame throughout
        xs = np.nonzero(_red(frame))[1]
        assert len(xs) > 0.5 * 170 * 250 * (320 / 960) ** 2 and xs.min() > 0 and xs.max() < SIZE[0] - 1
    assert follow(path, 0, 1800, SIZE[0] / SIZE[1] * 960 / 1708) is not None


def test_a_wide_group_keeps_the_clip_whole_across_the_frame_on_its_fill(tmp_path: Path) -> None:
    frames = _tall(tmp_path, _clip(tmp_path, "group", "120:250:420:360;120:250:790:360;120:250:1160:360"))
    grain = _grain(frames[26])
    middle = float(np.median(grain[120:200]))
    assert grain[:40].max() < 0.25 * middle, (grain[:40].max(), middle)  # above the band: its blurred fill
    red = _red(frames[26])
    assert red[:, : SIZE[0] // 4].any() and red[:, -SIZE[0] // 4 :].any()  # the three, not one of them cropped


@pytest.mark.parametrize("picture", ["sky", "ground"])
def test_the_tall_strip_lies_inside_what_the_apps_leave_clear(tmp_path: Path, assets: Any, picture: str) -> None:
    """An automatic visualizer over a 9:16 picture: under the apps' top bar, or (a subject's head there) above their
    caption; never under either, nor under the buttons down the right edge. Its rows are found in the render."""
    path = tmp_path / f"{picture}.png"
    head = "drawbox=x=160:y=40:w=40:h=60:color=red:t=fill" if picture == "sky" else "null"
    ffmpeg("-f", "lavfi", "-i", f"color=c=0x202020:s=360x640,{head}", "-frames:v", "1", str(path))
    info = MediaInfo("p", path.name, MediaKind.IMAGE, "png", 1, width=360, height=640)
    media = {**assets.media, "p": (path, info)}
    viz = {"effect": "spectrum", "color": "#00ff00"}
    d = draft([shot("p", 0, 2000, motion="none")], 2000, music="noise", aspect="9:16", visualizer=viz)
    canvas = Canvas(*SIZE, 30, 60, 2000)
    box = placed(d, d.tracks[1].segments[0], media, canvas).box
    assert inside((box.x, box.y, box.width, box.height), canvas), (box, safe_area(canvas))
    frames = _frames(render_draft(d, media, tmp_path / f"{picture}.mp4", size=SIZE).path)
    green = (frames[20:][..., 1] > 120) & (frames[20:][..., 0] < 100)
    rows, cols = np.nonzero(green.any(axis=0))
    x, y, w, h = safe_area(canvas)
    assert len(rows) > 0 and y <= rows.min() and rows.max() < y + h, (rows.min(), rows.max(), (x, y, w, h))
    assert cols.max() < x + w, cols.max()  # clear of the buttons down the right edge
    assert (rows.max() < SIZE[1] / 2) == (picture == "ground"), rows.max()  # under the top bar unless a head is


def test_the_tall_end_card_lies_inside_the_safe_area_and_off_the_subject(tmp_path: Path) -> None:
    """A kite in the middle of a held 9:16 shot, where the card's middle place would put the title over it (a blind
    reviewer: "the end card's text over the kite"): the card goes above or below it, inside what the apps leave."""
    path = tmp_path / "kite.png"
    kite = (150, 230, 60, 80)  # x, y, width, height: 36-48 % of the height, the card's middle place
    ffmpeg("-f", "lavfi", "-i", f"color=c=0x203a60:s=360x640,drawbox={':'.join(map(str, kite))}:color=red:t=fill",
           "-frames:v", "1", str(path))  # fmt: skip
    media = {"k": (path, MediaInfo("k", path.name, MediaKind.IMAGE, "png", 1, width=360, height=640))}
    card = {"title": "Digital Pursuit", "artist": "Parapraxis"}
    d = draft([shot("k", 0, 6000, motion="none")], 6000, music=None, aspect="9:16", end_card=card)
    frame = _frames(render_draft(d, media, tmp_path / "card.mp4", size=SIZE).path)[round(4.6 * 30)]
    white = frame.min(axis=2) > 215  # the card's type: the picture, dimmed, is dark blue and red
    ys, xs = np.nonzero(white)
    x, y, w, h = safe_area(Canvas(*SIZE, 30, 180, 6000))
    assert len(ys) > 150 and inside(
        (xs.min(), ys.min(), xs.max() - xs.min() + 1, ys.max() - ys.min() + 1), Canvas(*SIZE, 30, 180, 6000)
    ), (xs.min(), ys.min(), xs.max(), ys.max(), (x, y, w, h))
    kite_rows = (kite[1] * SIZE[1] // 640, (kite[1] + kite[3]) * SIZE[1] // 640)
    assert ys.max() < kite_rows[0] or ys.min() > kite_rows[1], (ys.min(), ys.max(), kite_rows)  # off the kite


def test_a_subject_is_its_core_and_a_group_takes_in_those_as_salient_beside_it() -> None:
    """A sun low over a faint row of boats (one patch of the map's most salient tenth, 79 % of the width: too wide
    for a 9:16 slice by the patch's extent, so a sunset sat whole as a small card): the core holding 90 % of its
    saliency is the sun, which a slice holds. Three equal figures apart are a group, taken whole."""
    sunset = np.zeros((54, 96))
    sunset[30:40, 10:86] = 0.05  # the row of boats
    sunset[25:45, 40:56] = 1.0  # the sun and its reflection
    left, right, _ = subject_span(sunset) or (0.0, 1.0, 0.5)
    assert left >= 0.38 and right <= 0.62, (left, right)
    assert not clear_subject(sunset, 0.35)  # by the patch's extent: no subject a 9:16 slice of a 16:10 picture holds
    group = np.zeros((54, 96))
    for x in (10, 44, 78):
        group[20:34, x : x + 8] = 1.0
    left, right, _ = subject_span(group) or (0.0, 0.0, 0.5)
    assert left <= 0.12 and right >= 0.88, (left, right)


def test_a_low_resolution_clips_band_follows_its_subject(tmp_path: Path) -> None:
    """A 400x170 (2.35:1) clip needs 11x to fill a 1080x1920 frame: it keeps its band on a fill (four times its size
    at 1080 lines: 35 % of the height), cropped at the sides to 68 % of its width; a figure walking 120 px across it
    stays in the band (the crop was held where it began)."""
    path, info = _clip(tmp_path, "low", "30:60:60+67*t:60", size=(400, 170))
    frames = _tall(tmp_path, (path, info))
    scale = clip_scale(400, 170, *SIZE)
    for frame in (frames[2], frames[26], frames[50]):
        xs = np.nonzero(_red(frame))[1]
        assert len(xs) > 0.8 * 30 * 60 * scale**2, len(xs)  # the whole figure in the band
        assert xs.min() > 0 and xs.max() < SIZE[0] - 1, (xs.min(), xs.max())
