"""An automatic visualizer strip is never drawn across a face (issue 29: in a close-up whose face filled the frame
both places crossed it, and the strip lay at full strength across the chin while the report card said it covered
the subject 0.0 % of the time). The close-up is scikit-image's astronaut (a NASA portrait, public domain), cropped
round her face; where the face lies in the rendered frame is found by scikit-image's own face detector, another
implementation than the engine's (``render.faces``)."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.graph import Canvas
from nemo_notebook.engine.render.visualizer_light import course
from nemo_notebook.engine.report.cover import visualizer_cover_share
from nemo_notebook.protocol import MediaInfo, MediaKind

from ..conftest import shared_media
from .drafts import draft, shot
from .scenes import HEIGHT, WIDTH, empty_sky, save
from .synth import audio_info

SIZE = (640, 360)
CUT_MS, OUT_MS, END_MS = 3000, 6000, 8000  # the sky, the close-up from the first cut to the second, the sky again
CROP = (60, 176, 119, 325)  # rows and columns of the astronaut (512x512) round her face: 16:9, the face 80 % high


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, MediaInfo]]:
    data = pytest.importorskip("skimage.data")
    from PIL import Image

    folder = tmp_path_factory.mktemp("strip-faces")
    r0, r1, c0, c1 = CROP
    close = Image.fromarray(data.astronaut()[r0:r1, c0:c1]).resize((1920, 1080), Image.Resampling.LANCZOS)
    close.save(folder / "closeup.png")
    sky = save(empty_sky(), folder / "sky.png")
    song = shared_media("vibe-ace.mp3")
    return {
        "face": (
            folder / "closeup.png",
            MediaInfo("face", "closeup.png", MediaKind.IMAGE, "png", 1, width=1920, height=1080),
        ),
        "sky": (sky, MediaInfo("sky", sky.name, MediaKind.IMAGE, "png", 1, width=WIDTH, height=HEIGHT)),
        "song": (song, audio_info("song", song, END_MS)),
    }


def _lane() -> list[dict[str, Any]]:
    return [
        shot("sky", 0, CUT_MS, motion="none"),
        shot("face", CUT_MS, OUT_MS - CUT_MS, motion="none"),
        shot("sky", OUT_MS, END_MS - OUT_MS, motion="none"),
    ]


def _frames(path: Path) -> Any:
    import av

    with av.open(str(path)) as container:
        return np.stack([f.to_ndarray(format="rgb24") for f in container.decode(video=0)])


def _face_box(frame: Any) -> tuple[int, int, int, int]:
    """The face's box (rows, columns; [first, end)) in a frame without the strip, by scikit-image's detector: the
    box round the windows it found (two, overlapping, on the close-up as rendered)."""
    from skimage import data
    from skimage.feature import Cascade

    found = Cascade(data.lbp_frontal_face_cascade_filename()).detect_multi_scale(
        img=frame, scale_factor=1.1, step_ratio=1, min_size=(100, 100), max_size=(360, 360)
    )
    assert 1 <= len(found) <= 2, found
    rows = [(int(f["r"]), int(f["r"]) + int(f["height"])) for f in found]
    cols = [(int(f["c"]), int(f["c"]) + int(f["width"])) for f in found]
    return min(r[0] for r in rows), max(r[1] for r in rows), min(c[0] for c in cols), max(c[1] for c in cols)


def test_the_strip_is_not_drawn_across_a_face_that_fills_the_frame(
    media: dict[str, tuple[Path, MediaInfo]], tmp_path: Path
) -> None:
    """3 s of sky, 3 s of the close-up (the face from 7 % to 87 % of the frame's height: across the strip's top and
    bottom places), 2 s of sky: the strip draws over the sky, and in no frame of the close-up does it change a
    pixel of the face's box by more than the encoder does (under 25 levels of 255: 0 measured; the strip over it on
    main: 227 and more). It fades out over the sky's last 6 frames before the cut and in over the 6 after the
    close-up (``visualizer_timing.HIDE_FADE_MS``), not blinking off and on: 3 of each 6 frames drawn at 0.1-0.9 of its
    strength over the sky at least."""
    viz = {"effect": "spectrum", "position": "auto", "color": "auto"}
    lane = _lane()
    drawn = _frames(
        render_draft(draft(lane, END_MS, music="song", visualizer=viz), media, tmp_path / "d.mp4", size=SIZE).path
    )
    plain = _frames(render_draft(draft(lane, END_MS, music="song"), media, tmp_path / "p.mp4", size=SIZE).path)
    cut, out = CUT_MS * 30 // 1000, OUT_MS * 30 // 1000
    y0, y1, x0, x1 = _face_box(plain[(cut + out) // 2])
    assert y0 < 76 and y1 > 270, (y0, y1)  # across both places (rows 22-76 and 270-324)
    diff = np.stack([np.abs(d.astype(np.int16) - p).max(axis=2) for d, p in zip(drawn, plain, strict=True)])
    assert (diff[10 : cut - 10] > 30).mean(axis=(1, 2)).min() > 0.01, "the strip hardly draws over the sky"
    on_face = diff[cut:out, y0:y1, x0:x1].max(axis=(1, 2))  # levels of 255
    assert on_face.max() < 25, on_face
    strength = diff.max(axis=(1, 2)) / np.median(diff[10 : cut - 10].max(axis=(1, 2)))  # of its strength over the sky
    fading = [((strength[a : a + 6] > 0.1) & (strength[a : a + 6] < 0.9)).sum() for a in (cut - 6, out)]
    assert min(fading) >= 3, (strength[cut - 6 : cut].round(2), strength[out : out + 6].round(2))  # 5 and 5 measured


def test_the_report_card_counts_a_strip_across_a_face(media: dict[str, tuple[Path, MediaInfo]]) -> None:
    """A strip the user put at the bottom lies across the close-up's mouth for its 3 s of the 8: the report card
    counts those frames as covering the subject (it said 0.0: the saliency map's subject was her hair). The
    automatic strip, not drawn over her, covers nothing."""
    canvas = Canvas(*SIZE, 30, END_MS * 30 // 1000, END_MS)
    viz = {"effect": "spectrum", "position": "bottom", "color": "#ffffff"}
    share = visualizer_cover_share(draft(_lane(), END_MS, music="song", visualizer=viz), media, canvas)
    assert share is not None and share >= (OUT_MS - CUT_MS) / END_MS - 0.01, share
    viz = {"effect": "spectrum", "position": "auto", "color": "auto"}
    assert visualizer_cover_share(draft(_lane(), END_MS, music="song", visualizer=viz), media, canvas) == 0.0


def _shots(seed: int) -> tuple[list[frozenset[str]], list[frozenset[str]], list[int]]:
    """60 s of shots 0.5-4 s long (30 fps), each with its subject under neither place, one or both (0.4, 0.25,
    0.25, 0.1), half of them a face: each frame's places over a subject, over a face, and the cuts."""
    rng = np.random.default_rng(seed)
    kinds = [frozenset(), frozenset({"bottom"}), frozenset({"top"}), frozenset({"bottom", "top"})]
    heads: list[frozenset[str]] = []
    faces: list[frozenset[str]] = []
    cuts: list[int] = []
    while len(heads) < 1800:
        frames, here = int(rng.uniform(0.5, 4.0) * 30), kinds[rng.choice(4, p=[0.4, 0.25, 0.25, 0.1])]
        cuts.append(len(heads))
        heads += [here] * frames
        faces += [here if rng.random() < 0.5 else frozenset()] * frames
    return heads, faces, cuts


@pytest.mark.parametrize("seed", range(20))
def test_the_strip_moves_at_most_once_in_four_seconds_and_is_never_drawn_over_a_face(seed: int) -> None:
    """Where it comes back from hiding over a close-up it may come back at its other place, and it did within 1.7 s
    of its last move (17 of 60 such minutes before ``visualizer_light.GAP_S``): between two moves of the shown strip
    (sections every 8 s) 4 s at least, and no frame drawn full or light at a place over a face."""
    heads, faces, cuts = _shots(seed)
    places, _, hidden = course(heads, [], cuts, ("bottom", "top"), list(range(0, 1800, 240)), 30, None, faces)
    shown = [(i, place) for i, (place, out) in enumerate(zip(places, hidden, strict=True)) if not out]
    moves = [i for (_, a), (i, b) in itertools.pairwise(shown) if a != b]
    assert all(b - a >= 120 for a, b in itertools.pairwise(moves)), moves
    assert not any(place in face for (_, place), face in ((s, faces[s[0]]) for s in shown)), seed


@pytest.mark.parametrize(("between_s", "shown"), [(1.5, False), (3.0, True)])
def test_between_two_close_ups_the_strip_stays_hidden_over_a_short_shot(between_s: float, shown: bool) -> None:
    """Two 2 s close-ups (a face under both places) with a clear shot between them: 1.5 s between them, the strip stays
    hidden rather than blink on and off (each fade costs as much as ``visualizer_light.LIGHT_S``, 2 s, drawn light);
    3 s between them, it shows over that shot."""
    gap = round(between_s * 30)
    both, none = frozenset({"bottom", "top"}), frozenset()
    faces = [both] * 60 + [none] * gap + [both] * 60
    _, _, hidden = course(faces, [], [0, 60, 60 + gap], ("bottom", "top"), [], 30, None, faces)
    assert all(hidden[:60]) and all(hidden[60 + gap :])
    assert (not any(hidden[60 : 60 + gap])) if shown else all(hidden[60 : 60 + gap]), hidden
