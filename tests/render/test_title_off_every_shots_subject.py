"""The opening title keeps off the subject of every shot under it, not only of most of them: held-out 01's title sat
lower-left over grass for 3 s and then crossed the ladybird of the next photo at 4.0-5.0 s ("crosses the ladybird"),
because the place was judged by the saliency it covered on average over the title's seconds, the ladybird's one
second weighing little. Here two calm pictures and then one whose subject, a bright disc, sits lower-left: the
title's box, as the renderer draws it (``title_place.placed_opening``), must not overlap the disc. Where each corner
has a subject in one shot or another, the title is centred low."""

from __future__ import annotations

from pathlib import Path

from nemo_notebook.engine.render.graph import Canvas
from nemo_notebook.engine.render.title_place import placed_opening
from nemo_notebook.engine.render.visualizer_head import over
from nemo_notebook.protocol import Segment

from .drafts import draft, shot
from .synth import ffmpeg, image_info

W, H = 640, 360
DISC = (60, 220, 70)  # the subject's centre x, y and radius, in pixels of the 640x360 frame: lower-left


def _calm(path: Path, colour: str) -> Path:
    ffmpeg("-f", "lavfi", "-i", f"color=c={colour}:s={W}x{H}", "-vf", "noise=alls=6:allf=u:all_seed=3",
           "-frames:v", "1", str(path))  # fmt: skip
    return path


def _subject_at(path: Path, disc: tuple[int, int, int] = DISC) -> Path:
    x, y, r = disc
    red = f"geq=r='if(lte(hypot(X-{x},Y-{y}),{r}),235,70)':g='if(lte(hypot(X-{x},Y-{y}),{r}),40,110)':b='70'"
    ffmpeg("-f", "lavfi", "-i", f"color=c=black:s={W}x{H}", "-vf", f"format=rgb24,{red}", "-frames:v", "1", str(path))
    return path


def _title(text: str = "Pop Rock Spunky Race") -> Segment:
    meta = {"text": text, "role": "title", "layout": "opening", "fade_in_ms": 600, "fade_out_ms": 900}
    return Segment(800, 5500, meta=meta | {"style": {"size": 96, "color": "#ffffff", "position": "auto"}})


def test_the_title_keeps_off_a_subject_at_in_one_of_its_shots(tmp_path: Path) -> None:
    paths = {
        "a": _calm(tmp_path / "a.png", "0x6a7f94"),
        "b": _calm(tmp_path / "b.png", "0x7a8a60"),
        "s": _subject_at(tmp_path / "s.png"),
    }
    media = {key: (path, image_info(key, path)) for key, path in paths.items()}
    shots = [
        shot("a", 0, 2500, motion="none"),
        shot("b", 2500, 2000, motion="none"),
        shot("s", 4500, 3500, motion="none"),
    ]
    plan = draft(shots, 8000, music=None)
    canvas = Canvas(width=W, height=H, fps=30, frames=240, duration_ms=8000, bpm=120.0, first_beat_ms=0)
    _, layout = placed_opening(plan, _title(), canvas, media)
    x, y, w, h = layout.box()
    cx, cy, r = DISC
    subject = ((cx - r) / W, (cy - r) / H, 2 * r / W, 2 * r / H)
    assert not over((x / W, y / H, w / W, h / H), subject), (layout.box(), subject)  # main: lower-left, over it


def test_where_a_subject_stands_in_each_corner_of_one_shot_or_another_the_title_is_centred_low(tmp_path: Path) -> None:
    """Four shots under the title, the subject of each in a corner of its own: each corner's place lies over one,
    and the middle's over the lower two; the title goes centred low, between them (on main, which has no such
    place, it lies over a disc)."""
    discs = {"ll": (90, 250, 45), "lr": (550, 250, 45), "ul": (90, 60, 45), "ur": (550, 60, 45)}
    media = {}
    for key, disc in discs.items():
        path = _subject_at(tmp_path / f"{key}.png", disc)
        media[key] = (path, image_info(key, path))
    starts = {"ll": 0, "lr": 2000, "ul": 3500, "ur": 5000}
    ends = {"ll": 2000, "lr": 3500, "ul": 5000, "ur": 8000}
    plan = draft([shot(k, starts[k], ends[k] - starts[k], motion="none") for k in discs], 8000, music=None)
    canvas = Canvas(width=W, height=H, fps=30, frames=240, duration_ms=8000, bpm=120.0, first_beat_ms=0)
    _, layout = placed_opening(plan, _title("Night Drive — The Kites"), canvas, media)
    x, y, w, h = layout.box()
    boxes = [((cx - r) / W, (cy - r) / H, 2 * r / W, 2 * r / H) for cx, cy, r in discs.values()]
    assert not any(over((x / W, y / H, w / W, h / H), disc) for disc in boxes), layout.box()
    assert layout.anchor == "centre" and y > H / 2, layout
