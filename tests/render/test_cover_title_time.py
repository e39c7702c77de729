"""A cover video's title is on in its first seconds and at each new scene, not for the whole song
(``cover_stage.title_shown``): a blind reviewer of held-out 04 (3:16, one cover) saw "the 'DIGITAL PURSUIT /
Parapraxis' block stays on screen for all 196 s". Over a 12 s scene of a cover in a red border whose credit's text runs
the whole 12 s: the title's letters in the first seconds, none after ``TITLE_FIRST_S`` and its fade; the artist's line
throughout, and the title set small over it once the big one has gone (``cover_layout.small_title``: held-out 04
showed only its artist for 160 of 196 s, "a viewer arriving mid-video sees only the artist", a blind reviewer), not
while the big one is on. (From s63-cover's test_cover_detail, without its close views.)"""

from __future__ import annotations

from pathlib import Path

from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.cover_layout import cover_layout, small_title, title_lines
from nemo_notebook.engine.render.cover_stage import TITLE_FADE_S, TITLE_FIRST_S
from nemo_notebook.engine.render.cover_title_move import TOP_EM, line_moves
from nemo_notebook.protocol import Draft
from nemo_notebook.protocol.vocabulary import COVER_VISUALIZERS

from .drafts import draft, shot
from .test_cover_art import CREDIT, SIZES, _media, _rgb_frames
from .test_cover_turn import _letters

LENGTH_MS = 12_000
FPS = 30


def _scene() -> Draft:
    effect = {"effect": COVER_VISUALIZERS["poster"], "color": "auto", "position": "auto", "opacity": 0.9}
    text = {"s": 0, "d": LENGTH_MS, "m": {"text": "Choice — The Band", "role": "title", "layout": "cover"}}
    return draft(
        [shot("c", 0, LENGTH_MS, motion="zoom_in")],
        LENGTH_MS,
        aspect="16:9",
        music="m",
        visualizer=effect,
        texts=[text],
        cover_design="poster",
        bpm=120.0,
        downbeats_ms=list(range(0, LENGTH_MS, 1000)),
        sections=[{"start_ms": 0, "end_ms": LENGTH_MS, "level": "loudest"}],
    )


def test_the_title_is_drawn_at_the_start_and_gone_after_it_the_artist_stays(tmp_path: Path) -> None:
    made = render_draft(_scene(), _media(tmp_path), tmp_path / "title.mp4", size=SIZES["16:9"])
    frames = _rgb_frames(made.path)
    width, height = SIZES["16:9"]
    layout = cover_layout("poster", width, height, (480, 480), CREDIT)
    title, artist = layout.title, layout.artist
    columns = slice(title.x, title.x + title.max_width)

    def letters(t_s: float, top: int, bottom: int) -> int:
        return int(_letters(frames[round(t_s * FPS)])[top:bottom, columns].sum())

    small = small_title(layout, CREDIT[0])[1]
    lines, size = title_lines(CREDIT[0], title, wrap=True)  # the small title keeps the big one's lines (s67-cover4)
    top = min(m.small[1] for m in line_moves(lines, size, title, small.size, small)) - round(TOP_EM * small.size)
    title_rows, artist_rows = (title.y, top - 1), (artist.y, artist.y + round(1.4 * artist.size))
    small_rows = (small.y, artist.y - 1)
    later = TITLE_FIRST_S + TITLE_FADE_S + 1.5
    shown, gone = letters(3.0, *title_rows), letters(later, *title_rows)
    assert shown > 40 and gone <= 2, (shown, gone)  # main: the title's letters drawn at both times
    assert letters(later, *artist_rows) > 10 and letters(3.0, *artist_rows) > 10
    assert letters(later, *small_rows) > 10, letters(later, *small_rows)  # main: 0, the artist alone
