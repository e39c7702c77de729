"""The visualizer's automatic place, section by section: a section whose own pictures have a head where the
strip would be has it at the other place, from the section's first frame on; sections alike keep one place; a
place the user chose never moves; a draft without sections is placed and drawn as before."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from nemo_notebook.engine.render import build_graph, canvas_for, render_draft
from nemo_notebook.engine.render.graph import Canvas
from nemo_notebook.engine.render.visualizer import box_for, placed

from .drafts import draft, shot
from .synth import ffmpeg, image_info

SIZE = (320, 180)
MS, CUT_MS = 3000, 1400  # the second section (and its picture) begins at 1.4 s: frame 42 at 30 fps
FIRST_FRAME = 42
LOW, HIGH = "240:250:160:100:red", "240:10:160:100:red"  # a subject at the bottom, at the top of 640x360
SECTIONS = [
    {"start_ms": 0, "end_ms": CUT_MS, "level": "middle"},
    {"start_ms": CUT_MS, "end_ms": MS, "level": "middle"},
]


def _scene(path: Path, box: str) -> Path:
    x, y, w, h, c = box.split(":")
    chain = f"color=c=0x203048:s=640x360,drawbox=x={x}:y={y}:w={w}:h={h}:c={c}:t=fill"
    ffmpeg("-f", "lavfi", "-i", chain, "-frames:v", "1", "-q:v", "2", str(path))
    return path


def _media(assets: Any, tmp_path: Path) -> dict[str, Any]:
    scenes = {"low": _scene(tmp_path / "low.jpg", LOW), "high": _scene(tmp_path / "high.jpg", HIGH)}
    return {**assets.media, **{k: (p, image_info(k, p)) for k, p in scenes.items()}}


def _draft(first: str, second: str, viz: dict[str, Any] | None, sections: list[dict[str, Any]]) -> Any:
    lane = [shot(first, 0, CUT_MS, motion="none"), shot(second, CUT_MS, MS - CUT_MS, motion="none")]
    return draft(lane, MS, music="noise", visualizer=viz, sections=sections)


def _placement(d: Any, media: dict[str, Any]) -> Any:
    return placed(d, d.tracks[1].segments[0], media, canvas_for(d, SIZE))


def _frames(path: Path) -> Any:
    import av

    with av.open(str(path)) as container:
        return np.stack([f.to_ndarray(format="rgb24").astype(np.float64) / 255 for f in container.decode(video=0)])


def test_the_strip_keeps_its_place_over_a_sections_subject_below_its_head(assets: Any, tmp_path: Path) -> None:
    """A subject at the bottom for a section, then one at the top: the strip stays at the top, at full strength
    over the second's body (its head, the top of the picture, lies above the strip once the picture is laid on the
    frame 1.12 times larger), rather than move at the section's first frame (on main it moved: the subject's box
    counted as much as its head, and the strip jumped between places from shot to shot)."""
    media = _media(assets, tmp_path)
    viz = {"effect": "spectrum", "color": "#ffffff", "position": "auto"}
    d = _draft("low", "high", viz, SECTIONS)
    canvas = canvas_for(d, SIZE)
    top, bottom = box_for("spectrum", "top", canvas), box_for("spectrum", "bottom", canvas)
    placement = _placement(d, media)
    assert (placement.box, placement.moves, placement.light) == (top, (), ()), placement
    drawn = _frames(render_draft(d, media, tmp_path / "drawn.mp4", size=SIZE).path)
    plain = _frames(render_draft(_draft("low", "high", None, SECTIONS), media, tmp_path / "plain.mp4", size=SIZE).path)
    changed = np.abs(drawn - plain).max(axis=3) > 0.15  # (frames, rows, columns)
    in_top = changed[:, top.y : top.y + top.height].mean(axis=(1, 2))
    in_bottom = changed[:, bottom.y : bottom.y + bottom.height].mean(axis=(1, 2))
    seen = np.nonzero(np.maximum(in_top, in_bottom) > 0.02)[0]
    before, after = seen[seen < FIRST_FRAME], seen[seen >= FIRST_FRAME]
    assert len(before) > 20 and len(after) > 20, "the strip hardly draws"
    assert (in_top[seen] > 5 * in_bottom[seen]).all(), "the strip is not at the top in both sections"


def test_sections_with_the_same_subject_keep_one_place(assets: Any, tmp_path: Path) -> None:
    media = _media(assets, tmp_path)
    d = _draft("low", "low", {"effect": "mirrored", "position": "auto"}, SECTIONS)
    placement = _placement(d, media)
    assert placement.moves == () and placement.box == box_for("mirrored", "top", canvas_for(d, SIZE))
    assert "if(gte(t" not in build_graph(d, media, canvas_for(d, SIZE)).script()


def test_a_position_the_user_chose_never_moves(assets: Any, tmp_path: Path) -> None:
    media = _media(assets, tmp_path)
    for color in ("auto", "#ffffff"):
        d = _draft("low", "high", {"effect": "spectrum", "color": color, "position": "bottom"}, SECTIONS)
        placement = _placement(d, media)
        assert placement.moves == () and placement.box == box_for("spectrum", "bottom", canvas_for(d, SIZE))
        assert "if(gte(t" not in build_graph(d, media, canvas_for(d, SIZE)).script()


def test_a_draft_without_sections_is_placed_and_drawn_as_before(assets: Any, tmp_path: Path) -> None:
    """One place for the whole video, and the overlay at a fixed corner: the top, drawn light over the second
    picture's subject, rather than the bottom, light over the first's head (the top of its subject; the bottom was
    kept, by 1.5 frames of 114, before a frame light over a head cost more, ``visualizer_light.HEAD_LIGHT``)."""
    media = _media(assets, tmp_path)
    d = _draft("low", "high", {"effect": "spectrum", "color": "#ffffff", "position": "auto"}, [])
    canvas: Canvas = canvas_for(d, SIZE)
    placement = _placement(d, media)
    box = box_for("spectrum", "top", canvas)
    assert placement.moves == () and placement.box == box
    script = build_graph(d, media, canvas).script()
    assert f"overlay=x={box.x}:y={box.y}:eof_action=pass:enable='between(t,0,2.983)'" in script
    assert "if(gte(t" not in script


def test_a_strip_over_a_shots_body_stays_at_full_strength(assets: Any, tmp_path: Path) -> None:
    """A subject at the top for 2 s, one at the bottom for 1.5 s, then the first for 2.5 s: the strip keeps the top,
    never hidden nor drawn light: over the first and last shots it lies over the subject's body, its head above
    the strip (on main it was drawn light over the second shot, 60 to 105, at the bottom: a subject's box counted
    as a head, and ``make demo``'s strip was light over the whole video)."""
    media = _media(assets, tmp_path)
    lane = [shot("high", 0, 2000, motion="none"), shot("low", 2000, 1500, motion="none"), shot("high", 3500, 2500)]
    viz = {"effect": "spectrum", "color": "#ffffff", "position": "auto"}
    d, plain = (draft(lane, 6000, music="noise", visualizer=v) for v in (viz, None))
    top = box_for("spectrum", "top", canvas_for(d, SIZE))
    placement = _placement(d, media)
    assert (placement.box, placement.hidden, placement.light) == (top, (), ()), placement
    strength = (
        np.abs(
            _frames(render_draft(d, media, tmp_path / "d.mp4", size=SIZE).path)
            - _frames(render_draft(plain, media, tmp_path / "p.mp4", size=SIZE).path)
        )
        .max(axis=3)[:, top.y : top.y + top.height]
        .max(axis=(1, 2))
    )
    full = float(np.median(strength[10:55]))
    assert full > 0.3, full
    assert float(np.median(strength[62:103])) > 0.8 * full, strength[58:108]
    assert float(np.median(strength[108:170])) > 0.8 * full, strength[104:178]
