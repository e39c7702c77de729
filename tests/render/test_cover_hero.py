"""The stage's cover is the lift's hero (``cover_hero``): 85 % of the frame's height or more, centred, pushing in
slowly over its stage and whole in every frame. Held-out 04's stage (main fa00e8a4) measured 822 px at 1080p
against the poster's 778, "barely larger" to a blind reviewer, who asked for 85-90 % of the height; at 0.85 the
downbeat's push then crowded the frame (s69-cover6): at rest it is 0.79 now, 854 px at 1080p, pushing in to 897 and
on a downbeat to 977 at most."""

from __future__ import annotations

from pathlib import Path

from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.cover_hero import hero_box, largest
from nemo_notebook.engine.render.cover_layout import (
    STAGE_COVER,
    STAGE_EDGE,
    STAGE_SHADOW,
    cover_layout,
    stage_layout,
    title_lines,
)

from .test_cover_art import SIZES, _media, _rgb_frames
from .test_cover_phrases import FPS, _lifted
from .test_cover_turn import _cover_box


def test_the_stage_cover_at_its_largest_stays_inside_the_frame_clear_of_its_type() -> None:
    for width, height in ((1920, 1080), (1280, 720), (384, 216)):
        for size in ((600, 600), (1000, 800)):
            poster = cover_layout("poster", width, height, size, ("Digital Pursuit", "Parapraxis"))
            stage = stage_layout(poster, width, height, size, ("Digital Pursuit", "Parapraxis"))
            assert stage is not None
            box = stage.cover
            if size[0] == size[1]:  # a landscape one is as wide as the poster's (``LANDSCAPE_COVER``)
                assert box.height >= (STAGE_COVER - 0.01) * height and box.height > 1.08 * poster.cover.height
            assert box.height >= poster.cover.height, (width, size, box, poster.cover)
            grown_w, grown_h = largest(box.width), largest(box.height)
            cx, cy = box.x + box.width / 2, box.y + box.height / 2
            assert cy - grown_h / 2 >= 0 and cy + grown_h / 2 <= height, (width, size)
            for spot in (stage.title, stage.artist):  # the type clear of it, left of it
                assert spot.x + spot.max_width / (2 if spot.centred else 1) <= cx - grown_w / 2, (width, size)


def test_the_stage_title_and_artist_are_one_block_left_of_the_cover_at_its_largest() -> None:
    """The artist under the title in one column (main: alone in the right margin, level with the title's feet, "a
    stray caption, not song - artist" to a blind reviewer of held-out 04), its feet level with the cover's."""
    credit = ("Digital Pursuit", "Parapraxis")
    for width, height in ((1920, 1080), (1280, 720), (384, 216)):
        for size in ((600, 600), (1000, 800)):
            stage = stage_layout(cover_layout("poster", width, height, size, credit), width, height, size, credit)
            assert stage is not None
            title, artist = stage.title, stage.artist
            lines, title_size = title_lines(credit[0], title, wrap=True)
            title_feet = title.y + len(lines) * title_size * 1.2
            assert (title.x, title.max_width, title.centred) == (artist.x, artist.max_width, artist.centred)
            assert title_feet <= artist.y <= title_feet + 0.5 * artist.size, (width, size, title, artist)
            assert artist.y + 1.2 * artist.size <= stage.cover.bottom + 1, (width, size)
            cx = stage.cover.x + stage.cover.width / 2
            assert title.x + title.max_width / 2 <= cx - largest(stage.cover.width) / 2, (width, size)


def test_the_pushin_grows_the_cover_about_its_middle() -> None:
    stage = stage_layout(cover_layout("poster", 1920, 1080, (600, 600)), 1920, 1080, (600, 600), ("A", "B"))
    assert stage is not None
    sizes = [hero_box(stage.cover, t, 300, 600, 30) for t in (10.0, 12.0, 15.0, 18.0, 20.0)]
    assert [round(w) for _, _, w, _ in sizes] == sorted(round(w) for _, _, w, _ in sizes)
    assert sizes[-1][2] > 1.04 * sizes[0][2]
    assert all(abs(x + w / 2 - (stage.cover.x + stage.cover.width / 2)) < 1 for x, _, w, _ in sizes)


def test_on_the_stage_the_cover_is_the_hero_pushing_in_whole_in_every_frame(tmp_path: Path) -> None:
    width, height = SIZES["16:9"]
    frames = _rgb_frames(render_draft(_lifted(), _media(tmp_path), tmp_path / "h.mp4", size=SIZES["16:9"]).path)
    for n in range(round(5.2 * FPS), round(14.8 * FPS), 4):  # the stage: 5-15 s
        _cover_box(frames[n])  # whole: each side of its border along its length
    poster = _cover_box(frames[round(3 * FPS)])
    early, late = (_cover_box(frames[round(t * FPS)]) for t in (5.6, 14.4))
    early_h, late_h = early[3] - early[1], late[3] - late[1]
    assert early_h >= (STAGE_COVER - 0.02) * height and early_h > 1.1 * (poster[3] - poster[1]), (early_h, poster)
    assert late_h >= 1.03 * early_h, (early_h, late_h)  # the push-in (main: one size throughout)
    assert abs((late[0] + late[2]) / 2 - width / 2) < 0.02 * width


def test_at_a_downbeats_peak_the_stage_cover_and_its_shadow_keep_a_margin_from_both_edges(tmp_path: Path) -> None:
    """A blind reviewer of held-out 04 (s68-cover5, the stage 0.85 of the height): at a downbeat's peak "the cover
    runs from row 12 to row 701 of 720 and its shadow runs off the bottom edge ... cramped rather than punchy". Over
    the stage (5-15 s, a loud section, a downbeat a second) the cover's top keeps ``STAGE_EDGE`` of the height from
    the top edge and its shadow (``STAGE_SHADOW`` of its side under it) as much from the bottom one (main: top 6 px
    of 216, bottom 212), while a downbeat still grows it 5 % or more (``WIDE_PULSE`` kept)."""
    height = SIZES["16:9"][1]
    frames = _rgb_frames(render_draft(_lifted(), _media(tmp_path), tmp_path / "e.mp4", size=SIZES["16:9"]).path)
    boxes = [_cover_box(frames[n], whole=False) for n in range(round(5.2 * FPS), round(14.8 * FPS))]
    top = min(box[1] for box in boxes)
    low = max(box[3] + STAGE_SHADOW * (box[3] - box[1]) for box in boxes)
    assert top >= STAGE_EDGE * height and low <= (1 - STAGE_EDGE) * height, (top, low)
    grown = []
    for second in range(6, 15):  # each downbeat's peak over the frame before its rise
        at = round((second - 5.2) * FPS)
        grown.append(max(b[3] - b[1] for b in boxes[at : at + 3]) / (boxes[at - 2][3] - boxes[at - 2][1]))
    assert max(grown) >= 1.05, [round(g, 3) for g in grown]
