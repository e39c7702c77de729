"""The automatic strip over fast cuts: never at full strength over the subject of a shot under it, however short the
shot, and without blinking from cut to cut (issue 29: energetic showings last about a second, and the strip sat on the
boats, the leaf and a painted girl in every one of them)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from nemo_notebook.engine.render import canvas_for, render_draft
from nemo_notebook.engine.render.graph import Canvas
from nemo_notebook.engine.render.visualizer import box_for, placed
from nemo_notebook.engine.render.visualizer_clear import region_of
from nemo_notebook.engine.render.visualizer_head import over

from .drafts import draft, shot
from .synth import image_info
from .test_visualizer_figures import _frames
from .test_visualizer_fit import _scene

SIZE = (480, 270)
GROUND = "0x1c3a28"
LOW, HIGH, NONE = "200:262:240:98:0xf0c040", "200:10:240:110:0xf0c040", "0:0:1:1:0x1c3a28"  # 640x360 pictures
LOW_BOX = (200 / 640, 262 / 360, 240 / 640, 98 / 360)  # the low subject, as shares of the frame


def _media(assets: Any, tmp_path: Path) -> dict[str, Any]:
    scenes = {
        name: _scene(tmp_path / f"{name}.jpg", GROUND, box)
        for name, box in (("low", LOW), ("high", HIGH), ("none", NONE))
    }
    return {**assets.media, **{k: (p, image_info(k, p)) for k, p in scenes.items()}}


def _at(place: Any, frame: int) -> tuple[Any, bool, bool]:
    """The strip's box at ``frame``, and whether it is hidden and whether light there."""
    box = next((b for f, b in reversed(place.moves) if f <= frame), place.box)
    return (
        box,
        any(a <= f_ < b for a, b in place.hidden for f_ in (frame,)),
        any(a <= frame < b for a, b in place.light),
    )


def test_a_half_second_shot_whose_subject_lies_under_the_strip_is_not_covered_at_full_strength(
    assets: Any, tmp_path: Path
) -> None:
    """Subjects high in the frame for 2 s, a 0.5 s shot with its subject low, subjects high for 2 s: the strip at
    the bottom (clear of every other shot) is drawn light over the short shot, or lies where
    its subject is not, in every frame of it (a shot under 1.5 s kept the strip at full strength over its subject)."""
    media = _media(assets, tmp_path)
    lane = [shot("high", 0, 2000, motion="none"), shot("low", 2000, 500, motion="none")]
    lane.append(shot("high", 2500, 2000, motion="none"))
    d = draft(lane, 4500, music="noise", visualizer={"effect": "spectrum"})
    canvas = canvas_for(d, SIZE)
    place = placed(d, d.tracks[1].segments[0], media, canvas)
    for frame in range(60, 75):
        box, hidden, light = _at(place, frame)
        assert not hidden, (frame, place)
        assert light or not over(region_of(box, canvas), LOW_BOX), (frame, place)
    assert place.box == box_for("spectrum", "bottom", canvas), place


def test_fast_cuts_between_subjects_low_and_high_never_cover_one_and_barely_blink(assets: Any, tmp_path: Path) -> None:
    """Twelve seconds of 0.6 s shots, the subject low in some and high in others in an uneven order: in no frame is
    the strip at full strength over the subject of the shot under it, it is never hidden, and it changes (light to
    full and back, a move) at most 12 times a minute (a viewer sees flicker where it turns at every cut)."""
    media = _media(assets, tmp_path)
    order = "lhllhhlhlllhhlhhllhl"  # 20 shots
    lane = [shot("low" if c == "l" else "high", i * 600, 600, motion="none") for i, c in enumerate(order)]
    d = draft(lane, 12_000, music="noise", visualizer={"effect": "spectrum"})
    canvas = canvas_for(d, SIZE)
    place = placed(d, d.tracks[1].segments[0], media, canvas)
    high_box = (200 / 640, 10 / 360, 240 / 640, 110 / 360)
    for frame in range(canvas.frames):
        box, hidden, light = _at(place, frame)
        subject = LOW_BOX if order[min(frame // 18, 19)] == "l" else high_box
        assert not hidden, (frame, place)
        assert light or not over(region_of(box, canvas), subject), (frame, place)
    changes = 2 * len(place.light) + len(place.moves)
    assert changes <= 12 * 12 / 60, place


def test_a_strip_drawn_light_is_light_in_the_rendered_frames(assets: Any, tmp_path: Path) -> None:
    """The 0.5 s shot with its subject under the strip, rendered: the strip changes the picture there by under 60 %
    of what it changes over the shots whose subject is high, its glow too (a dark outline at full strength round light bars was the
    heavy look)."""
    media = _media(assets, tmp_path)
    lane = [shot("high", 0, 2000, motion="none"), shot("low", 2000, 500, motion="none")]
    lane.append(shot("high", 2500, 2000, motion="none"))
    viz = {"effect": "spectrum", "color": "#ffffff"}
    d, plain = (draft(lane, 4500, music="noise", visualizer=v) for v in (viz, None))
    box = box_for("spectrum", "bottom", Canvas(SIZE[0], SIZE[1], 30, 135, 4500))
    frames = [_frames(render_draft(x, media, tmp_path / f"{i}.mp4", size=SIZE).path) for i, x in enumerate((d, plain))]
    strength = np.abs(frames[0] - frames[1]).max(axis=3)[:, box.y : box.y + box.height].max(axis=(1, 2))
    full = float(np.median(strength[10:55]))
    assert full > 0.3 and strength[62:73].max() < 0.6 * full, (full, strength[55:80])


def test_a_song_cut_in_two_keeps_the_strip_where_the_first_part_left_it(assets: Any, tmp_path: Path) -> None:
    """A video made shorter cuts the song, and the visualizer, in two back to back: the first part's subject low
    (the strip at the top), the second's high. The second part begins where the first ended (drawn light over the
    subject there) rather than jump to the bottom at the join, unfaded (the held-out 16:9 export: top, then
    bottom from 8 s)."""
    from nemo_notebook.engine.render import build_graph
    from nemo_notebook.protocol import Draft

    media = _media(assets, tmp_path)
    lane = [shot("low", 0, 2000, motion="none"), shot("high", 2000, 2000, motion="none")]
    wire = draft(lane, 4000, music="noise", visualizer={"effect": "spectrum"}).to_wire()
    parts = [{"s": 0, "d": 2000, "src": "noise", "in": 0, "m": {"effect": "spectrum"}}]
    parts.append({"s": 2000, "d": 2000, "src": "noise", "in": 2000, "m": {"effect": "spectrum"}})
    wire["t"][1]["sg"] = parts
    d = Draft.from_wire(wire)
    canvas = canvas_for(d, SIZE)
    top, bottom = (box_for("spectrum", name, canvas) for name in ("top", "bottom"))
    first, second = (placed(d, d.tracks[1].segments[i], media, canvas) for i in (0, 1))
    assert (first.box, first.moves, second.box, second.moves) == (top, (), bottom, ()), (first, second)
    after = placed(d, d.tracks[1].segments[1], media, canvas, after=top)
    assert (after.box, after.moves, after.light) == (top, (), ((60, 120),)), after
    script = build_graph(d, media, canvas).script()
    assert f"overlay=x={top.x}:y={top.y}:" in script and f"y={bottom.y}:" not in script, script
