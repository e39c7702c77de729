"""A video of one cover and a track, in each of its designs and aspects: the cover whole in every frame, the
visualizer around or under it (not in a corner), the title and artist set, the designs different."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.cover_layout import PULSE, cover_layout
from nemo_notebook.engine.render.cover_motion import DRIFT_SHARE
from nemo_notebook.engine.render.visualizer_spread import spread_quarter
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind
from nemo_notebook.protocol.vocabulary import COVER_DESIGNS, COVER_VISUALIZERS
from tests.conftest import shared_media

from .drafts import draft, shot
from .synth import ffmpeg, thumping_song

SIZES = {"16:9": (384, 216), "9:16": (216, 384), "1:1": (288, 288)}
LENGTH_MS = 1500
CREDIT = ("Choice", "The Band")  # the drafts' credit, which the layout makes room for


def _rgb_frames(path: Path) -> np.ndarray:
    import av

    with av.open(str(path)) as container:
        return np.stack([f.to_ndarray(format="rgb24").astype(np.float32) for f in container.decode(video=0)])


def _media(
    tmp_path: Path, picture: str = "testsrc2=s=432x432,pad=480:480:24:24:color=red"
) -> dict[str, tuple[Path, MediaInfo]]:
    """A 480×480 cover (by default inside a 24-pixel pure red border, so the border shows where it ends; else
    ``picture``, a lavfi source) and a drum track."""
    cover = tmp_path / "cover.png"
    ffmpeg("-f", "lavfi", "-i", picture, "-frames:v", "1", str(cover))
    song = shared_media("choice-drum-bass.ogg")
    return {
        "c": (cover, MediaInfo("c", "cover.png", MediaKind.IMAGE, "png", 1, width=480, height=480)),
        "m": (song, MediaInfo("m", song.name, MediaKind.AUDIO, "ogg", 1, duration_ms=20_000)),
    }


def _cover_draft(
    design: str, aspect: str, *, visualizer: bool = True, length_ms: int = LENGTH_MS, **meta: Any
) -> Draft:
    effect = {"effect": COVER_VISUALIZERS[design], "color": "auto", "position": "auto", "opacity": 0.9}
    credit = {"s": 0, "d": length_ms, "m": {"text": "Choice — The Band", "role": "title", "layout": "cover"}}
    return draft(
        [shot("c", 0, 800, motion="pan_left", punch_ms=[400]), shot("c", 800, length_ms - 800, motion="zoom_in")],
        length_ms,
        aspect=aspect,
        music="m",
        visualizer=effect if visualizer else None,
        texts=[credit],
        cover_design=design,
        bpm=120.0,
        downbeats_ms=[1000],
        sections=[
            {"start_ms": 0, "end_ms": 800, "level": "calm"},
            {"start_ms": 800, "end_ms": length_ms, "level": "loudest"},
        ],
        **meta,
    )


def _render(
    design: str,
    aspect: str,
    tmp_path: Path,
    *,
    visualizer: bool = True,
    size: tuple[int, int] | None = None,
    loud: bool = False,
) -> np.ndarray:
    out = tmp_path / f"{design}-{aspect.replace(':', 'x')}-{visualizer}.mp4"
    draft = _cover_draft(design, aspect, visualizer=visualizer)
    media = _media(tmp_path)
    if loud:  # the pulse is as strong as the music is loud on the downbeat (the shared drum track is quiet)
        song = thumping_song(tmp_path, 0.8)
        media["m"] = (song, MediaInfo("m", song.name, MediaKind.AUDIO, "wav", 1, duration_ms=3000))
    made = render_draft(draft, media, out, size=size or SIZES[aspect])
    return _rgb_frames(made.path)


def _red(frame: np.ndarray) -> np.ndarray:
    return (frame[..., 0] > 170) & (frame[..., 1] < 90) & (frame[..., 2] < 90)


@pytest.mark.parametrize("aspect", list(SIZES))
@pytest.mark.parametrize("design", COVER_DESIGNS)
def test_the_cover_is_whole_in_every_frame_and_the_visualizer_lies_around_or_under_it(
    design: str, aspect: str, tmp_path: Path
) -> None:
    width, height = SIZES[aspect]
    box = cover_layout(design, width, height, (480, 480), CREDIT).cover
    with_it, without = _render(design, aspect, tmp_path), _render(design, aspect, tmp_path, visualizer=False)
    grow = PULSE * box.width / 2 + 2  # in place, growing at most by the pulse about its centre,
    across, down = (0, 0) if design == "ring" else (round(s * min(width, height)) for s in DRIFT_SHARE)  # and floating
    near = np.zeros((height, width), bool)  # round the cover: the visualizer may take the cover's red, further out
    reach = round(grow) + max(across, down) + 6
    near[max(0, box.y - reach) : box.bottom + reach, max(0, box.x - reach) : box.x + box.width + reach] = True
    if design == "ring":  # inside the ring's inner edge
        layout = cover_layout(design, width, height, (480, 480), CREDIT)
        rows, cols = np.mgrid[:height, :width]
        centre = (box.x + box.width / 2, box.y + box.height / 2)
        near &= np.hypot(cols - centre[0], rows - centre[1]) < layout.ring[0] * layout.visualizer.width / 2 - 2
    for frame in with_it[:-10:3]:  # (the last frames fade to black with the song's ending)
        red = _red(frame) & near
        ys, xs = np.nonzero(red)
        assert xs.min() >= box.x - grow - across and xs.max() <= box.x + box.width + grow + across, (design, aspect)
        assert ys.min() >= box.y - grow - down and ys.max() <= box.y + box.height + grow + down, (design, aspect)
        assert abs((xs.min() + xs.max()) / 2 - (box.x + box.width / 2)) <= 2 + across, (design, aspect)
        left, top, right, bottom = xs.min(), ys.min(), xs.max() + 1, ys.max() + 1  # the cover as drawn this frame
        inset = 3  # the border is 5 % of the cover, about 5 pixels here, softened by scaling and the encoder
        edges = {
            "top": red[top : top + inset + 1, left + 4 : right - 4],
            "bottom": red[bottom - inset - 1 : bottom, left + 4 : right - 4],
            "left": red[top + 4 : bottom - 4, left : left + inset + 1],
            "right": red[top + 4 : bottom - 4, right - inset - 1 : right],
        }
        for edge, pixels in edges.items():  # every side of the border is there: nothing cut off, nothing over it
            assert pixels.any(axis=0 if edge in ("top", "bottom") else 1).mean() > 0.95, (design, aspect, edge)
    drawn = np.abs(with_it - without).max(axis=3)[:-10:3] > 40  # the visualizer's pixels
    ys, xs = np.nonzero(drawn.any(axis=0))
    assert len(xs) > 0.01 * width * height, (design, aspect, len(xs))
    cx, cy = box.x + box.width / 2, box.y + box.height / 2
    if design == "ring":  # round the cover: at about the same distance from its centre all round
        distance = np.hypot(xs - cx, ys - cy)
        assert np.percentile(distance, 5) > 0.7 * box.width, (aspect, np.percentile(distance, 5))
        assert abs(xs.mean() - cx) < 0.1 * box.width and abs(ys.mean() - cy) < 0.1 * box.height, aspect
    elif design == "wave" and aspect == "16:9":  # behind it, out on both sides at its height, across the frame: 8.5 %
        # of the frame lit at some time (under the cover, in a box 3.75 % of the frame: "a tiny gold wave")
        assert ((xs < box.x) | (xs >= box.x + box.width)).mean() > 0.95, aspect
        assert ((ys >= box.y) & (ys < box.bottom)).mean() > 0.95, aspect
        assert (xs.max() - xs.min()) / width > 0.8 and len(xs) > 0.05 * width * height, (xs.min(), xs.max(), len(xs))
    else:  # under the cover (or beside it, in a wide poster), and over its width
        beside = design == "poster" and aspect == "16:9"
        assert (xs > box.x + box.width).mean() > 0.95 if beside else (ys > box.y + box.height).mean() > 0.95
        across = (xs.max() - xs.min()) / (box.width if not beside else width - box.x - box.width)
        assert across > 0.6, (design, aspect, across)
    if aspect == "9:16":
        assert (ys < 0.8 * height).all(), design  # out of the bottom fifth: the platforms' caption and buttons


@pytest.mark.parametrize("design", COVER_DESIGNS)
def test_the_cover_grows_on_a_downbeat_and_settles_and_the_loud_section_lights_the_background(
    design: str, tmp_path: Path
) -> None:
    frames = _render(design, "16:9", tmp_path, visualizer=False, loud=True)
    layout = cover_layout(design, *SIZES["16:9"], (480, 480), ("Choice", "The Band"))
    box = layout.cover

    def width(frame: np.ndarray) -> int:
        xs = np.nonzero(_red(frame)[box.y + box.height // 2 - 10 : box.y + box.height // 2 + 10].any(axis=0))[0]
        return int(xs.max() - xs.min() + 1)

    resting, beat, after = (width(frames[n]) for n in (12, 30, 44))  # 0.4 s, the downbeat at 1.0 s, 1.47 s
    assert abs(resting - box.width) <= 2 and abs(after - box.width) <= 2, (design, resting, after, box.width)
    assert beat >= box.width * (1 + 0.6 * PULSE), (design, beat, box.width)  # was the same size in every frame
    off = np.ones(frames.shape[1:3], bool)  # the background: off the cover, its shadow, the type
    off[max(0, box.y - 12) : box.bottom + 12, max(0, box.x - 12) : box.x + box.width + 12] = False
    off[max(0, layout.title.y - 4) : layout.artist.y + 2 * layout.artist.size] = False
    calm, loud = frames[12][off].mean(), frames[34][off].mean()
    assert loud > calm * 1.15, (design, calm, loud)  # the loudest section's background is lit


def test_the_wave_is_the_sounds_shape_mirrored_about_its_line_and_its_middle_at_720p(tmp_path: Path) -> None:
    with_it = _render("wave", "16:9", tmp_path, size=(1280, 720))
    without = _render("wave", "16:9", tmp_path, visualizer=False, size=(1280, 720))
    layout = cover_layout("wave", 1280, 720, (480, 480))
    box, cover = layout.visualizer, layout.cover
    beside = slice(box.width // 5, cover.x - box.x - 80)  # left of the cover (its ends fade out; it floats)
    tallest = 0.0
    # (at 40, the loudest section's rays light one side of the background behind the wave more than the other)
    for n in (20, 25, 30):
        drawn = np.abs(with_it[n] - without[n]).max(axis=2)[box.y : box.bottom, box.x : box.x + box.width] > 60
        drawn[:, cover.x - box.x - 80 : cover.x + cover.width - box.x + 80] = False  # the floating cover and its shadow
        middle = drawn[:, beside]
        assert middle[box.height // 2 - 2 : box.height // 2 + 2].any(axis=0).mean() > 0.97, n  # unbroken line
        for way, flipped in (("up", drawn[::-1]), ("across", drawn[:, ::-1])):  # up and down, left and right alike
            overlap = (drawn & flipped).sum() / max((drawn | flipped).sum(), 1)
            # 0.91-0.99; a waveform line: 0.07-0.42 (up on one side, down on the other)
            assert overlap > 0.8, (n, way, overlap)
        tallest = max(tallest, float(middle.sum(axis=0).max() / box.height))
    assert tallest > 0.4, tallest  # the notes rise well off the line


@pytest.mark.parametrize("design", ["ring", "wave"])
def test_an_end_card_replaces_the_cover_over_the_last_seconds(design: str, tmp_path: Path) -> None:
    card = {"title": "Choice", "artist": "The Band", "line": "Out now"}
    d = _cover_draft(design, "16:9", length_ms=5500, end_card=card)  # the card over the last 4 s
    frames = _rgb_frames(render_draft(d, _media(tmp_path), tmp_path / "card.mp4", size=SIZES["16:9"]).path)
    box = cover_layout(design, *SIZES["16:9"], (480, 480)).cover

    def border(frame: np.ndarray) -> float:  # the share of the cover's top edge that shows its red border
        return float(_red(frame)[box.y : box.y + 3, box.x + 4 : box.x + box.width - 4].any(axis=0).mean())

    assert border(frames[20]) > 0.95, design  # the cover, before the card (at 1.5 s)
    for frame in frames[110:138:3]:  # from 3.7 s: the cover gone (by 2.2 s), the end not yet fading (4.7 s)
        assert border(frame) < 0.2, design
        inside = frame[box.y : box.bottom, box.x : box.x + box.width].mean()
        around = frame[box.y : box.bottom, max(0, box.x - 40) : box.x].mean()  # the background beside it
        assert inside > 0.5 * around, (design, inside, around)  # no black square left where the cover was (the
        # light behind it rises from its edge outward: 0.58 of the light beside it in the loudest section)
        ys, xs = np.nonzero(frame.min(axis=2) > 200)  # white type: the card's title, centred, in the middle
        assert len(xs) > 80 and abs(xs.mean() - 192) < 20 and 0.25 * 216 < ys.mean() < 0.6 * 216, design


def test_the_designs_look_different_and_set_the_title_and_artist(tmp_path: Path) -> None:
    frames = {design: _render(design, "16:9", tmp_path, visualizer=False)[20] for design in COVER_DESIGNS}
    for a, b in (("ring", "poster"), ("poster", "wave"), ("ring", "wave")):
        assert np.abs(frames[a] - frames[b]).mean() > 8, (a, b)
    for design, frame in frames.items():
        spot = cover_layout(design, *SIZES["16:9"], (480, 480)).title
        row = frame[spot.y : spot.y + spot.size, :].min(axis=2)  # white type: bright in all three channels
        assert (row > 200).sum() > 20, design


@pytest.mark.parametrize("cover_size", [(1000, 1000), (1600, 900), (800, 1200)])
@pytest.mark.parametrize("credit", [("Song", "Band"), ("A Very Long Title Of A Song Indeed", "The Artist"), ("X", "")])
def test_every_layout_keeps_the_cover_whole_clear_of_its_visualizer_and_the_bottom_fifth_free(
    cover_size: tuple[int, int], credit: tuple[str, str]
) -> None:
    for design in COVER_DESIGNS:
        for width, height in ((1920, 1080), (1080, 1920), (1080, 1080)):
            layout = cover_layout(design, width, height, cover_size, credit)
            cover, viz = layout.cover, layout.visualizer
            assert cover.x >= 0 and cover.x + cover.width <= width and cover.y >= 0 and cover.bottom <= height
            assert abs(cover.width / cover.height - cover_size[0] / cover_size[1]) < 0.02  # its own shape: uncropped
            if design == "ring":  # the ring's inner edge clear of the cover's corners
                inner = layout.ring[0] * viz.width / 2
                assert np.hypot(cover.width / 2, cover.height / 2) * (1 + PULSE) < inner, (width, height, cover_size)
            elif design == "wave" and width > height:  # behind it, out on both sides, its line through its middle;
                # the cover's top well under the frame's (6 %: "the cover sits 5 % from the top", a blind reviewer)
                assert cover.y >= 0.08 * height or cover.height >= 0.6 * height, (cover, cover_size, credit)
                assert viz.x < cover.x and viz.x + viz.width > cover.x + cover.width, (width, height, cover_size)
                assert abs(viz.y + viz.height / 2 - (cover.y + cover.height / 2)) <= 2, (width, height, cover_size)
            else:  # the bars or the line under the cover, or beside it
                assert viz.y >= cover.bottom or viz.x >= cover.x + cover.width, (design, width, height)
            assert viz.height >= 0.05 * height, (design, width, height, credit)
            lowest = max(viz.bottom, layout.artist.y + layout.artist.size)
            if height > width:
                assert lowest <= 0.8 * height, (design, credit)  # the platforms' caption and buttons
            assert lowest <= height


def test_the_report_card_never_counts_a_cover_videos_ring_as_over_its_subject(tmp_path: Path) -> None:
    from nemo_notebook.engine.render import canvas_for
    from nemo_notebook.engine.report.cover import visualizer_cover_share

    d = _cover_draft("ring", "16:9")
    canvas = canvas_for(d, SIZES["16:9"])
    assert visualizer_cover_share(d, _media(tmp_path), canvas) == 0.0  # the ring's box holds the cover, off it
    assert visualizer_cover_share(_cover_draft("ring", "16:9", visualizer=False), _media(tmp_path), canvas) is None


def test_a_previews_wave_across_the_frame_is_drawn_fine_enough_not_to_show_steps() -> None:
    """A 360-line preview's wave across the frame (576 px) was drawn at 72 columns a half and enlarged: steps of 4 px
    that a viewer saw on the contact sheets. Now at least ``SPREAD_MIN_PX`` columns; a 1080p one as before."""
    preview = cover_layout("wave", 640, 360, (480, 480)).visualizer
    assert spread_quarter(preview.width, preview.height)[0] >= 160, spread_quarter(preview.width, preview.height)
    full = cover_layout("wave", 1920, 1080, (480, 480)).visualizer
    assert spread_quarter(full.width, full.height)[0] == full.width // 2 // 4


def test_the_cover_floats_visibly_between_frames_a_second_apart(tmp_path: Path) -> None:
    """The wave's cover drifts across and back a phrase (8 s here): between frames a second apart its middle moves
    at least 9 px at 360 lines (at most 6.4 when it drifted 2.5 % of the short side: "the video reads as static")."""
    made = _cover_draft("wave", "16:9", visualizer=False, length_ms=4000)
    frames = _rgb_frames(render_draft(made, _media(tmp_path), tmp_path / "float.mp4", size=(640, 360)).path)
    fps = round(len(frames) / 4)
    middles = []
    for frame in frames[:: fps // 2][:8]:
        xs = np.nonzero(_red(frame).any(axis=0))[0]
        middles.append((xs.min() + xs.max()) / 2)
    shifts = [abs(b - a) for a, b in zip(middles, middles[2:], strict=False)]  # a second apart
    assert max(shifts) >= 9, shifts
