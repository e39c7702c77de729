"""A cover video's new scene draws its visualizer a new way, but only at its new place: a blind reviewer of held-out
04 (s51): "at each change the new visualizer style pops into the old position for 1-3 frames before the slide
(0:28.07, 0:56.03, 1:36.23, 2:16.03, 2:46.03)". The poster's first scene stands its bars on their line (lit pixels
low in the box), its second grows them both ways from a centre line (as many above the line as under it); over a
steady sound (``_steady_song`` as loud throughout), every frame that draws at the old place from the turn on draws the bars standing on their line
(the turn a cut since s56: ``cover_stage.cut_steps``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.cover_art import cover_video
from nemo_notebook.engine.render.cover_layout import Rect
from nemo_notebook.engine.render.graph import Canvas
from nemo_notebook.protocol import MediaInfo, MediaKind

from .test_cover_art import SIZES, _media, _rgb_frames
from .test_cover_turn import FPS, SECTION_MS, _two_scenes
from .test_cover_turn_drawn import CHANGED, PLAIN_COVER, _steady_song

STANDING = 0.2  # bars standing on their line light at most this share of their pixels in the box's top half
# (measured over this steady sound: 0.03-0.12 before the turn; the mirrored bars after it 0.50)
SEEN = 200  # a frame with this many pixels drawn in the box draws there


def _top_share(drawn: np.ndarray) -> float:
    """The share of a box's drawn pixels that lie in its top half."""
    return float(drawn[: drawn.shape[0] // 2].sum() / max(int(drawn.sum()), 1))


def test_the_new_scenes_drawing_never_shows_at_the_old_place(tmp_path: Path) -> None:
    """On main 56c8551 the turn's first three frames (120-122 at 30 fps) drew the second scene's mirrored bars at
    the old place (0.28, 0.50 and 0.44 of the box's drawn pixels in its top half), as they faded out while the cover
    set off; now the first scene's bars stand there until they are gone, and the mirrored ones show at the new place
    only."""
    media, size = _media(tmp_path, PLAIN_COVER), SIZES["16:9"]
    media["m"] = (_steady_song(tmp_path, "1"), MediaInfo("m", "song.wav", MediaKind.AUDIO, "wav", 1, duration_ms=8000))
    drafts = {"all": _two_scenes("poster", "16:9"), "no_bars": _two_scenes("poster", "16:9", bars=False)}
    frames = {
        name: _rgb_frames(render_draft(d, media, tmp_path / f"{name}.mp4", size=size).path)
        for name, d in drafts.items()
    }
    drawn = np.abs(frames["all"] - frames["no_bars"]).max(axis=3) >= CHANGED
    cover = cover_video(drafts["all"], media, Canvas(size[0], size[1], FPS, FPS, 1000))
    assert cover is not None and len(cover.changes) == 1
    old, new = cover.layout.visualizer, cover.changes[0][1].visualizer
    assert old.x != new.x

    def in_box(n: int, r: Rect) -> np.ndarray:
        box: np.ndarray = drawn[n, r.y : r.y + r.height, r.x : r.x + r.width]
        return box

    turn = round(SECTION_MS / 1000 * FPS)
    before = [_top_share(in_box(n, old)) for n in range(FPS, turn)]
    after = [_top_share(in_box(n, new)) for n in range(turn + FPS, 2 * turn - FPS // 2)]
    assert max(before) <= STANDING < min(after), (max(before), min(after))  # the two drawings told apart
    end = turn + FPS // 2
    at_old = [(n, round(_top_share(in_box(n, old)), 2)) for n in range(turn - 3, end) if in_box(n, old).sum() >= SEEN]
    assert all(share <= STANDING for _, share in at_old), at_old


def test_a_drawing_hidden_to_its_end_stays_faded_out() -> None:
    """A fade enabled only over its own while let a drawing frame a little off the video's frames come back at full
    strength between the fade's end and the hidden frames: held-out 04 at 15 fps drew the scene's bars, gone at
    56.00 s, again at 56.07 s (frame 841) before the turn (its bars kept into a slide, s55). A drawing hidden to its end (or from
    its start) keeps its fade on for good: on main 56c8551 both fades were windowed."""
    from nemo_notebook.engine.render.visualizer_draw import Box
    from nemo_notebook.engine.render.visualizer_placement import Placement
    from nemo_notebook.engine.render.visualizer_timing import hide_fades
    from nemo_notebook.protocol import Segment

    segment = Segment(start_ms=0, duration_ms=4000)
    to_end = Placement(Box(0, 0, 10, 10), "white", hidden=((100, 121),), hide_fade_ms=80)
    from_start = Placement(Box(0, 0, 10, 10), "white", hidden=((0, 20),), hide_fade_ms=80)
    assert hide_fades(to_end, segment, 30).startswith("fade=t=out:") and "enable" not in hide_fades(to_end, segment, 30)
    assert "enable" not in hide_fades(from_start, segment, 30)
