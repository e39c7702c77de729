"""An automatic visualizer strip never crosses a head (issue 29): in ``make demo`` the strip lay across the cartoon
bird's eyes (15-16, 24-25 and 39-40 s) and the bunny's ears and brow (a picture pushed in on: the sample the strip's
place was chosen on showed his head under the strip's top place, the frame shows it 12 % larger and more). A
cartoon animal's head is no face the cascade finds: its head is the top of the saliency map's subject
(``visualizer_head.head_of``), wherever the picture's camera move takes it (``shot_views``). A place over a head is
barred while the other is clear of heads (the strip moves there, or is hidden), and where both cross one the strip
is drawn light (over a face, not at all)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.graph import Canvas
from nemo_notebook.engine.render.shot_views import on_frame, views
from nemo_notebook.engine.render.timeline import Shot
from nemo_notebook.engine.render.visualizer_light import course
from nemo_notebook.protocol import MediaInfo, MediaKind, Segment

from ..conftest import shared_media
from .drafts import draft, shot
from .synth import audio_info

SIZE = (640, 360)
END_MS = 8000
# heads hand-marked on the plain render's frames (rows, columns; [first, end)), over the frames of their shots:
# the bunny's ears and head at the end of the push in (0-4 s), the bird's head as it hops (4-6 s)
HEADS = {"bunny": ((0, 120), (66, 165, 185, 310)), "bird": ((120, 180), (20, 120, 200, 420))}


@pytest.fixture(scope="module")
def media() -> dict[str, tuple[Path, MediaInfo]]:
    poster, clip, song = (
        shared_media(n) for n in ("big-buck-bunny-poster.jpg", "big-buck-bunny-30s.mp4", "vibe-ace.mp3")
    )
    return {
        "poster": (poster, MediaInfo("poster", poster.name, MediaKind.IMAGE, "jpg", 1, width=1920, height=1080)),
        "clip": (
            clip,
            MediaInfo("clip", clip.name, MediaKind.VIDEO, "mp4", 1, width=1920, height=1080, duration_ms=30000),
        ),
        "song": (song, audio_info("song", song, END_MS)),
    }


def _frames(path: Path) -> Any:
    import av

    with av.open(str(path)) as container:
        return np.stack([f.to_ndarray(format="rgb24") for f in container.decode(video=0)])


def test_the_strip_crosses_neither_the_bunny_nor_the_bird(
    media: dict[str, tuple[Path, MediaInfo]], tmp_path: Path
) -> None:
    """The demo's picture pushed in on for 4 s, its clip's bird for 2 s, the picture panned for 2 s: in no frame
    does the strip change more than 0.2 % of a hand-marked head's pixels by over 40 levels of 255 (the encoder's
    own changes: under 0.01 % measured, 0.06 % on a control patch of the trees; on main the strip changed 1.8 % of
    the bunny's head, across his ear tips, and 1.3 % of the bird's, drawn light across its eyes), and it is drawn
    (over the bunny's belly and the branch)."""
    lane = [
        shot("poster", 0, 4000, motion="zoom_in"),
        shot("clip", 4000, 2000, in_ms=16375),
        shot("poster", 6000, 2000, motion="pan_left"),
    ]
    viz = {"effect": "spectrum", "position": "auto", "color": "auto"}
    drawn = _frames(
        render_draft(draft(lane, END_MS, music="song", visualizer=viz), media, tmp_path / "d.mp4", size=SIZE).path
    )
    plain = _frames(render_draft(draft(lane, END_MS, music="song"), media, tmp_path / "p.mp4", size=SIZE).path)
    diff = np.stack([np.abs(d.astype(np.int16) - p).max(axis=2) for d, p in zip(drawn, plain, strict=True)])
    for name, ((a, b), (y0, y1, x0, x1)) in HEADS.items():
        on_head = (diff[a:b, y0:y1, x0:x1] > 40).mean(axis=(1, 2))
        assert on_head.max() < 0.002, (name, on_head.max())
    assert (diff[10:, 180:] > 30).mean(axis=(1, 2)).min() > 0.002, "the strip is not drawn"


def test_a_picture_lands_larger_on_the_frame_than_on_its_sample() -> None:
    """A region of the sample lands on the frame scaled by the motion box (1.12 about the middle): the bunny's ear
    tips at 22 % of the sample's height are at 18.6 % of the frame in a still shot, under the top strip (6-21 %);
    pushed in on for 4 s, from 22 % in the first frame to 18.6 % in the last (the whole box, then 1.12 times)."""
    still = Shot(Segment(0, 4000, src="p", meta={"motion": "none"}), 0, 120)
    frame = Canvas(1920, 1080, 30, 120, 4000)
    x, y, _, h = on_frame((0.4, 0.22, 0.1, 0.2), views("none", still, frame))
    assert y == pytest.approx(0.5 - 0.28 * 1.12, abs=1e-3) and x == pytest.approx(0.5 - 0.1 * 1.12, abs=1e-3)
    assert h == pytest.approx(0.2 * 1.12, abs=1e-3)
    _, pushed, _, tall = on_frame((0.4, 0.22, 0.1, 0.2), views("zoom_in", still, frame))
    assert pushed == pytest.approx(y, abs=1e-3) and pushed + tall == pytest.approx(0.22 + 0.2, abs=1e-3)


def test_the_strip_takes_its_other_place_off_a_head() -> None:
    """5 s with a head under the top place only, between 5 s clear shots: the strip is never drawn at the top over it
    (on main it stayed there, drawn light: a head was a subject like any other); a 1 s head there: at the bottom
    from the first frame, or light over it, never hidden nor at full strength over it; where both places cross a
    head: light over them, not hidden (no face among them)."""
    top, both, none = frozenset({"top"}), frozenset({"bottom", "top"}), frozenset()
    names, cuts = ("top", "bottom"), [0, 150, 300]
    heads = [none] * 150 + [top] * 150 + [none] * 150
    places, _, hidden = course(heads, [], cuts, names, [], 30, None, (), heads)
    assert "top" not in places[150:300] and not any(hidden), places[150:300]
    for over in (top, both):
        heads = [none] * 150 + [over] * 30 + [none] * 150
        places, light, hidden = course(heads, [], [0, 150, 180], names, [], 30, None, (), heads)
        full = [p in over and not lit for p, lit in zip(places[150:180], light[150:180], strict=True)]
        assert not any(full) and not any(hidden), (places[150:180], light[150:180], hidden[150:180])
