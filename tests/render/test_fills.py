"""Sources of another shape than the frame: a cover sits whole (never cropped into) on a blurred fill of itself, a
landscape clip in 9:16 is never a thin band, and the fill is smooth, not a blocky enlargement."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.render import fills, render_draft
from nemo_notebook.engine.render.fills import (
    FEATHER,
    MAX_CLIP_UPSCALE,
    MIN_BAND,
    MIN_CLIP_BAND,
    clip_scale,
    crop_keeps,
    shows_whole,
)
from nemo_notebook.protocol import MediaInfo, MediaKind

from .drafts import draft, shot
from .synth import ffmpeg


def _rgb_frames(path: Path) -> np.ndarray:
    import av

    with av.open(str(path)) as container:
        return np.stack([f.to_ndarray(format="rgb24").astype(np.float32) for f in container.decode(video=0)])


def _cover(tmp_path: Path) -> tuple[Path, MediaInfo]:
    """A 480×480 'cover': a busy picture inside a 6-pixel pure red border, so that the border shows where it ends."""
    path = tmp_path / "cover.png"
    ffmpeg("-f", "lavfi", "-i", "testsrc2=s=468x468,pad=480:480:6:6:color=red", "-frames:v", "1", str(path))
    return path, MediaInfo("c", "cover.png", MediaKind.IMAGE, "png", 1, width=480, height=480)


def _red_box(frame: np.ndarray) -> tuple[int, int, int, int]:
    red = (frame[..., 0] > 180) & (frame[..., 1] < 80) & (frame[..., 2] < 80)
    ys, xs = np.nonzero(red)
    return int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())


def test_the_shape_rule() -> None:
    assert crop_keeps(480, 480, 1920, 1080) < 0.6 and shows_whole(480, 480, 1920, 1080, alone=False)
    assert not shows_whole(1440, 1080, 1920, 1080, alone=False)  # a 4:3 photo: a crop keeps 75 %
    assert shows_whole(1440, 1080, 1920, 1080, alone=True)  # ... unless it is the one cover
    assert shows_whole(1920, 1080, 1080, 1920, alone=False)  # a landscape clip in 9:16


def test_a_cover_alone_is_whole_in_every_frame_while_it_moves(tmp_path: Path) -> None:
    path, info = _cover(tmp_path)
    for aspect, size in (("16:9", (320, 180)), ("9:16", (180, 320)), ("1:1", (240, 240))):
        d = draft([shot("c", 0, 2000, motion="zoom_in")], 2000, music=None, aspect=aspect)
        frames = _rgb_frames(render_draft(d, {"c": (path, info)}, tmp_path / f"{size[0]}.mp4", size=size).path)
        for frame in frames[::6]:
            left, top, right, bottom = _red_box(frame)
            assert left >= 1 and top >= 1 and right <= size[0] - 2 and bottom <= size[1] - 2, (aspect, left, top)
            assert 0.93 < (right - left) / (bottom - top) < 1.07, aspect  # square: nothing cut off
            assert (bottom - top) > 0.5 * min(size), aspect  # and big enough to read


def test_a_landscape_clip_in_9_16_is_not_a_thin_band_and_its_fill_is_smooth(tmp_path: Path) -> None:
    def tall_frame(source: str, name: str) -> np.ndarray:
        clip = tmp_path / f"{name}.mp4"
        ffmpeg("-f", "lavfi", "-i", f"{source}:s=640x360:d=1", "-c:v", "libx264", "-pix_fmt", "yuv420p", str(clip))
        info = MediaInfo(name, clip.name, MediaKind.VIDEO, "mp4", 1, duration_ms=1000, width=640, height=360, fps=30.0)
        d = draft([shot(name, 0, 900, motion="none")], 900, music=None, aspect="9:16")
        return _rgb_frames(render_draft(d, {name: (clip, info)}, tmp_path / f"{name}-tall.mp4", size=(360, 640)).path)[
            10
        ]

    green = tall_frame("color=c=0x00ff00:r=30", "green")
    pure = (green[..., 1] > 200) & (green[..., 0] < 70) & (green[..., 2] < 70)
    rows = np.flatnonzero(pure.mean(axis=1) > 0.9)  # the sharp clip, across the whole width
    assert len(rows) >= 0.25 * 640, len(rows)
    busy = tall_frame("testsrc2=r=30", "busy").mean(axis=2)
    fill = busy[:150]  # above the clip: its blurred copy
    assert np.abs(np.diff(fill, axis=0)).max() < 8 and np.abs(np.diff(fill, axis=1)).max() < 8  # no blocks, no edges


def test_a_small_4_3_clip_in_9_16_spans_the_frames_width(tmp_path: Path) -> None:
    """A 320x240 clip (``tree.avi``'s size) needs 8 times to fill 1080x1920: it keeps its band on a fill, across the
    whole width at 3.4 times (a blind reviewer saw it at 3 times as an inset with blurred bars at its sides too)."""
    clip = tmp_path / "small.mp4"
    ffmpeg("-f", "lavfi", "-i", "testsrc2=s=320x240:r=30:d=1,noise=alls=24:allf=t+u", "-c:v", "libx264", str(clip))
    info = MediaInfo("s", clip.name, MediaKind.VIDEO, "mp4", 1, duration_ms=1000, width=320, height=240, fps=30.0)
    d = draft([shot("s", 0, 900, motion="none")], 900, music=None, aspect="9:16")
    grey = _rgb_frames(render_draft(d, {"s": (clip, info)}, tmp_path / "small-tall.mp4", size=(360, 640)).path)[10]
    grain = np.abs(np.diff(grey.mean(axis=2), axis=0))  # each column's steps down it: the fill has next to none
    rows = np.flatnonzero(grain.mean(axis=1) > 0.5 * float(grain.mean(axis=1).max()))  # the band
    band = grain[rows.min() : rows.max()]
    edges = band[:, :8].mean(), band[:, -8:].mean()
    assert min(edges) > 0.3 * float(band.mean()), (edges, float(band.mean()))  # picture to the edges (main: fill)
    assert 0.25 * 640 <= rows.max() - rows.min() <= 0.5 * 640, (rows.min(), rows.max())  # whole: 270 of 640 rows


def test_a_small_4_3_clip_in_16_9_is_no_small_inset(tmp_path: Path) -> None:
    """The same clip in 16:9 (6 times to fill) was an inset at 3 times, 720 of 1080 rows (a blind reviewer: "a small
    inset on blur for 29.6 s"): it is enlarged 4 times, sharpened first, 960 of 1080 rows (320 of 360 here)."""
    clip = tmp_path / "small.mp4"
    ffmpeg("-f", "lavfi", "-i", "testsrc2=s=320x240:r=30:d=1,noise=alls=24:allf=t+u", "-c:v", "libx264", str(clip))
    info = MediaInfo("s", clip.name, MediaKind.VIDEO, "mp4", 1, duration_ms=1000, width=320, height=240, fps=30.0)
    d = draft([shot("s", 0, 900, motion="none")], 900, music=None, aspect="16:9")
    grey = _rgb_frames(render_draft(d, {"s": (clip, info)}, tmp_path / "small-wide.mp4", size=(640, 360)).path)[10]
    grain = np.abs(np.diff(grey.mean(axis=2), axis=1)).mean(axis=1)  # each row's steps across it: none in the fill
    rows = np.flatnonzero(grain > 0.3 * float(np.median(grain[150:210])))  # the middle rows: the clip
    assert rows.max() - rows.min() + 1 >= 0.85 * 360, (rows.min(), rows.max())  # main: 240 of 360


def test_landscape_photos_among_others_are_reframed_to_fill_a_vertical_frame(tmp_path: Path) -> None:
    from nemo_notebook.engine.render.fills import picture_shows_whole

    assert not picture_shows_whole(2560, 1600, 1080, 1920, alone=False)  # reframed, not a card
    assert picture_shows_whole(2560, 1600, 1080, 1920, alone=True)  # a cover alone stays whole
    media = {}
    for name, source in (("a", "testsrc2=s=2560x1600"), ("b", "mandelbrot=s=2560x1600")):
        path = tmp_path / f"{name}.png"
        ffmpeg("-f", "lavfi", "-i", source, "-frames:v", "1", str(path))
        media[name] = (path, MediaInfo(name, path.name, MediaKind.IMAGE, "png", 1, width=2560, height=1600))
    shots = [shot("a", 0, 600, motion="none"), shot("b", 600, 600, motion="none")]
    made = render_draft(draft(shots, 1200, music=None, aspect="9:16"), media, tmp_path / "tall.mp4", size=(180, 320))
    first = _rgb_frames(made.path)[3].mean(axis=2)
    detail = [float(np.abs(np.diff(first[rows], axis=1)).mean()) for rows in (slice(0, 60), slice(130, 190))]
    assert detail[0] > 0.5 * detail[1], detail  # the top is picture, as sharp as the middle: no blurred band


def test_the_clip_rule() -> None:
    """A clip fills the frame at up to three times its size at 1080 lines (four was "soft grey mush" to a reviewer);
    one far wider than the frame is cropped to a band half the frame's height, within the same enlargement, never
    under a quarter of it; one far taller sits whole. A preview frames as the final render does."""
    assert clip_scale(854, 480, 1920, 1080) == pytest.approx(2.25)  # fills 1080p (it sat on a fill at 2.0)
    assert clip_scale(640, 272, 1920, 1080) == pytest.approx(3.0)  # a film clip full-width in 16:9, 816 rows
    assert clip_scale(640, 272, 1080, 1920) == MAX_CLIP_UPSCALE == 3.0  # 816 of 1920 rows, 43 %
    assert clip_scale(640, 272, 360, 640) == pytest.approx(clip_scale(640, 272, 1080, 1920) / 3)  # the preview's
    assert clip_scale(960, 408, 1080, 1920) == pytest.approx(MIN_CLIP_BAND * 1920 / 408)  # 960 of 1920 rows
    assert clip_scale(400, 170, 1080, 1920) == MAX_CLIP_UPSCALE  # 510 of 1920 rows
    assert clip_scale(1920, 1080, 1080, 1920) * 1080 == pytest.approx(MIN_CLIP_BAND * 1920)  # 63 % of its width
    assert clip_scale(1080, 1920, 1920, 1080) == pytest.approx(1080 / 1920)  # a phone clip in 16:9: whole
    assert clip_scale(160, 68, 1080, 1920) * 68 == pytest.approx(MIN_BAND * 1920)  # a tiny clip: a quarter (was 204)
    assert clip_scale(320, 240, 1080, 1920) * 320 == pytest.approx(1080)  # tree.avi: the whole width (was 960)
    assert clip_scale(240, 180, 1080, 1920) * 240 == pytest.approx(1080)  # 4.5 times spans it (960 at 4, 720 at 3)
    assert clip_scale(320, 240, 1920, 1080) * 240 == pytest.approx(1080)  # tree.avi in 16:9: the height (was 960)


def test_a_wide_low_resolution_clip_in_9_16_is_cropped_to_its_subject_as_far_as_it_bears(tmp_path: Path) -> None:
    """A 160×68 (2.35:1) green clip with a red subject near its right edge, in a 360×640 frame: a band a quarter of
    the frame high (160 rows; four times its size at 1080 lines would be 14 %), cropped at the sides around the
    subject, its top and bottom edges faded into its fill (128 of its rows full green)."""
    clip = tmp_path / "wide.mp4"
    source = "color=c=0x00ff00:s=160x68:r=30:d=1,drawbox=x=138:y=24:w=16:h=20:color=red:t=fill"
    ffmpeg("-f", "lavfi", "-i", source, "-c:v", "libx264", "-pix_fmt", "yuv420p", str(clip))
    info = MediaInfo("w", clip.name, MediaKind.VIDEO, "mp4", 1, duration_ms=1000, width=160, height=68, fps=30.0)
    d = draft([shot("w", 0, 900, motion="none")], 900, music=None, aspect="9:16")
    frame = _rgb_frames(render_draft(d, {"w": (clip, info)}, tmp_path / "tall.mp4", size=(360, 640)).path)[10]
    green = (frame[..., 1] > 235) & (frame[..., 0] < 70) & (frame[..., 2] < 70)  # the fill is darker: 213
    red = (frame[..., 0] > 180) & (frame[..., 1] < 80) & (frame[..., 2] < 80)
    band = np.flatnonzero((green | red).mean(axis=1) > 0.9)  # the sharp clip across the width (edges blend)
    span = int(band.max() - band.min()) + 1  # rows where the subject's edges blend into green fall short of 0.9
    fade = min(round(FEATHER * 640), 640 // 4 // 8)  # the band's edges fade into its fill over this many rows
    assert 640 // 4 - 2 * fade <= span <= 640 // 4 + 6 and len(band) >= 0.9 * span, (span, len(band))
    k = 160 / 68
    assert red[band].sum() > 0.5 * (16 * k) * (20 * k)  # the subject is in the crop, not cut off at the edge


def _fine_detail(grey: np.ndarray) -> float:
    """What a viewer reads as detail, or its absence as mush: the mean difference of the luma from its Gaussian blur
    of one pixel."""
    from scipy.ndimage import gaussian_filter

    return float(np.abs(grey - gaussian_filter(grey, 1.0)).mean())


def test_a_low_resolution_clip_is_enlarged_three_times_at_most_and_sharpened_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 640×272 film clip (2.35:1) in a 640×360 preview, which frames as 1080 lines do: three times its size there
    (816 of 1080 rows: 272 of 360) across the whole width on its fill, not four (it filled the frame, "soft grey
    mush"); and sharpened before it is enlarged: its band holds more fine detail than the same render unsharpened."""
    clip = tmp_path / "film.mp4"
    source = "testsrc2=s=640x272:r=30:d=1,noise=alls=16:allf=t+u"  # bars, text and a photo's grain
    ffmpeg("-f", "lavfi", "-i", source, "-c:v", "libx264", "-crf", "12", str(clip))
    info = MediaInfo("f", clip.name, MediaKind.VIDEO, "mp4", 1, duration_ms=1000, width=640, height=272, fps=30.0)
    d = draft([shot("f", 0, 900, motion="none")], 900, music=None)

    def frame(name: str) -> np.ndarray:
        grey = _rgb_frames(render_draft(d, {"f": (clip, info)}, tmp_path / name, size=(640, 360)).path)[10]
        return np.asarray(grey.mean(axis=2) / 255)

    sharpened = frame("sharpened.mp4")
    rows = np.flatnonzero(np.abs(np.diff(sharpened, axis=1)).mean(axis=1) > 0.006)  # the sharp band, not its fill
    assert abs(len(rows) - 272) <= 6 and rows.max() - rows.min() + 1 <= 278, (len(rows), rows.min(), rows.max())
    monkeypatch.setattr(fills, "SHARPEN", "null")
    plain = frame("plain.mp4")
    inside = slice(rows.min() + 4, rows.max() - 3)  # the band, clear of its edges
    found = _fine_detail(sharpened[inside]), _fine_detail(plain[inside])
    assert found[0] > 1.15 * found[1], found
