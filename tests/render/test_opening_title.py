"""The opening title of a video of pictures and clips reads on a phone: the song's title over its artist, large
(an x-height of 2.5 % of 1080 lines or more), for seconds, on a dark halo that makes it stand out from a light
picture, and in 9:16 out of what the platform's app lays over the video (its top bar, its caption, its buttons)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.graph import Canvas
from nemo_notebook.engine.render.opening_title import opening_layout
from nemo_notebook.engine.render.title_type import CAP_EM, untracked
from nemo_notebook.protocol import MediaInfo, MediaKind, Segment

from .drafts import draft, shot
from .synth import ffmpeg
from .test_cover_art import _rgb_frames
from .test_cover_type import _relative_luminance

X_HEIGHT_EM = 0.55  # DejaVu Sans' x-height (1120 of 2048 units)
CREDIT = "Night Drive — The Kites"
SIZES = {"16:9": (1920, 1080), "9:16": (1080, 1920), "1:1": (1080, 1080)}


def _segment(text: str = CREDIT) -> Segment:
    meta = {"text": text, "role": "title", "layout": "opening", "fade_in_ms": 600, "fade_out_ms": 900}
    return Segment(800, 5500, meta=meta | {"style": {"size": 96, "color": "#ffffff", "position": "lower_third"}})


def _canvas(aspect: str) -> Canvas:
    w, h = SIZES[aspect]
    return Canvas(width=w, height=h, fps=30, frames=300, duration_ms=10_000, bpm=120.0, first_beat_ms=0)


@pytest.mark.parametrize("aspect", list(SIZES))
def test_the_title_and_artist_are_two_lines_large_enough_to_read_on_a_phone(aspect: str) -> None:
    layout = opening_layout(_segment(), _canvas(aspect))
    (title, artist) = layout.lines
    assert (title.text, title.bold, untracked(artist.text), artist.bold) == ("Night Drive", True, "THE KITES", False)
    assert artist.y > title.y and artist.size < title.size  # the artist under the title, secondary
    assert artist.size * CAP_EM >= 0.025 * 1080  # was one 72 px line "Night Drive — The Kites", the artist 0
    assert title.size * X_HEIGHT_EM >= 0.045 * 1080


@pytest.mark.parametrize("title", ["Night Drive", "A Much Longer Title Than Fits On One Line Of A Phone"])
def test_in_9_16_the_title_keeps_out_of_the_apps_bands(title: str) -> None:
    w, h = SIZES["9:16"]
    x, y, width, height = opening_layout(_segment(f"{title} — The Kites"), _canvas("9:16")).box()
    assert y >= 0.12 * h and y + height <= 0.80 * h  # the top bar; the caption and the bottom buttons
    assert x + width <= 0.85 * w and x >= 0.05 * w  # the buttons down the right edge
    # (was "Digital Pursuit — Parapraxis" at 8 % of the height: under the app's top bar)


def test_a_title_without_an_artist_is_the_title_alone() -> None:
    assert [line.text for line in opening_layout(_segment("Night Drive"), _canvas("16:9")).lines] == ["Night Drive"]


def test_the_rendered_title_shows_for_seconds_and_stands_out_from_a_light_picture(tmp_path: Path) -> None:
    pale = tmp_path / "pale.png"
    ffmpeg("-f", "lavfi", "-i", "color=c=0xe8dcc4:s=640x360", "-frames:v", "1", str(pale))
    media = {"p": (pale, MediaInfo("p", "pale.png", MediaKind.IMAGE, "png", 1, width=640, height=360))}
    segment = _segment()
    text = {"s": segment.start_ms, "d": segment.duration_ms, "m": dict(segment.meta)}
    d = draft([shot("p", 0, 8000)], 8000, music=None, texts=[text])
    frames = _rgb_frames(render_draft(d, media, tmp_path / "t.mp4", size=(640, 360)).path)
    canvas = Canvas(width=640, height=360, fps=d.fps, frames=len(frames), duration_ms=8000, bpm=120.0, first_beat_ms=0)
    x, y, w, h = opening_layout(segment, canvas).box()
    lum = _relative_luminance(frames)
    white = lum > 0.85  # the type (the picture's own luminance is 0.71)
    shown = [i for i in range(len(frames)) if white[i, y : y + h, x : x + w].sum() > 50]
    seconds = len(shown) / d.fps
    assert 4.0 <= seconds <= 6.0 and shown[0] / d.fps >= 0.7  # after the first frames, about 4 s at full white
    inside = white[shown][:, y : y + h, x : x + w].sum()
    assert white[shown].sum() - inside <= 0.01 * inside  # the type is where the layout says
    held = frames[round(3.5 * d.fps)]
    glyphs = white[round(3.5 * d.fps), y : y + h, x : x + w]
    around = _relative_luminance(held[y : y + h, x : x + w])[~glyphs]
    halo = np.percentile(around, 20)  # the darkest fifth of what lies round the letters: the halo
    assert (1.0 + 0.05) / (halo + 0.05) >= 3.0  # white over it; over the bare picture it was 1.3


def test_the_end_card_reads_over_a_light_last_shot(tmp_path: Path) -> None:
    pale = tmp_path / "pale.png"
    ffmpeg("-f", "lavfi", "-i", "color=c=0xe8dcc4:s=640x360", "-frames:v", "1", str(pale))
    media = {"p": (pale, MediaInfo("p", "pale.png", MediaKind.IMAGE, "png", 1, width=640, height=360))}
    card = {"title": "Night Drive", "artist": "The Kites"}
    d = draft([shot("p", 0, 6000, fade_out_ms=2500)], 6000, music=None, end_card=card)
    frames = _rgb_frames(render_draft(d, media, tmp_path / "t.mp4", size=(640, 360)).path)
    lum = _relative_luminance(frames[round(4.6 * d.fps)])
    white = lum > 0.75  # the card's type (the artist's thin capitals anti-aliased): the picture, dimmed, is under 0.6
    rows = np.flatnonzero(white.any(axis=1))
    assert white.sum() > 400 and rows[0] > 0.3 * 360 and rows[-1] < 0.7 * 360  # title and artist, centred
    lines = np.split(rows, np.flatnonzero(np.diff(rows) > 3) + 1)
    assert len(lines) == 2 and 0.25 <= len(lines[1]) / len(lines[0]) <= 0.9  # the artist a second, smaller line
    from scipy.ndimage import binary_dilation

    ring = binary_dilation(white, iterations=3) & ~binary_dilation(white, iterations=1)  # 2-3 px round the letters
    halo = np.percentile(lum[ring], 90)  # the lightest tenth of it (the darkest fifth of the whole row band rewarded
    assert (1.0 + 0.05) / (halo + 0.05) >= 3.0  # a wide halo); the picture dimmed by 8 % alone: 1.5; s56: 6.0


def test_the_title_goes_to_the_side_the_picture_leaves_calm(tmp_path: Path) -> None:
    busy_left = tmp_path / "busy.png"
    ffmpeg("-f", "lavfi", "-i", "color=c=0x6a7f94:s=640x360", "-f", "lavfi", "-i", "testsrc2=s=260x150",
           "-filter_complex", "[1]lutyuv=y=val*0.7[b];[0][b]overlay=30:190", "-frames:v", "1", str(busy_left))  # fmt: skip
    mirrored = tmp_path / "mirrored.png"
    ffmpeg("-i", str(busy_left), "-vf", "hflip", str(mirrored))
    segment = _segment()
    text = {"s": segment.start_ms, "d": segment.duration_ms, "m": dict(segment.meta)}
    for name, path, right in (("busy", busy_left, True), ("mirrored", mirrored, False)):
        media = {"p": (path, MediaInfo("p", path.name, MediaKind.IMAGE, "png", 1, width=640, height=360))}
        d = draft([shot("p", 0, 8000)], 8000, music=None, texts=[text])
        frame = _rgb_frames(render_draft(d, media, tmp_path / f"{name}.mp4", size=(640, 360)).path)[105]
        white = (_relative_luminance(frame) > 0.9)[150:300]
        halves = white[:, :320].sum(), white[:, 320:].sum()
        assert (halves[1] > 5 * halves[0]) if right else (halves[0] > 5 * halves[1]), (name, halves)


@pytest.mark.parametrize(("aspect", "strip"), [("16:9", "bottom"), ("1:1", "bottom"), ("9:16", "lower_band")])
def test_the_visualizers_lower_strip_stays_where_it_is_under_the_title(aspect: str, strip: str) -> None:
    from nemo_notebook.engine.render.text import text_box
    from nemo_notebook.engine.render.visualizer import box_for
    from nemo_notebook.engine.render.visualizer_clear import crosses
    from nemo_notebook.engine.render.visualizer_draw import Box

    canvas = _canvas(aspect)
    box = text_box(_segment(), canvas)
    assert box == opening_layout(_segment(), canvas).box()  # where it is drawn, which the visualizer keeps clear of
    lower = box_for("spectrum", strip, canvas)
    assert not crosses(lower, Box(*box), canvas)  # was: the strip moved to the top for the title's seconds
