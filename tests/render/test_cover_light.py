"""A band of light sweeps across a cover video's background, left to right, where a new scene of the song begins,
and brighter into the loudest section than into a calm one (a poster, no visualizer, 384x216)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.cover_layout import Rect
from nemo_notebook.engine.render.cover_light import FLASH_MS, SWEEP_S
from nemo_notebook.engine.render.timeline import frame_at
from nemo_notebook.protocol import Draft

from .drafts import draft, shot
from .test_cover_art import _media
from .test_cover_drift import SIZE, _near
from .test_cover_flash_lift import lifting_song

LENGTH_MS, CHANGE_MS, FPS = 8000, 4000, 30
FLASH_LEAST = 20  # levels of 255 the flash lifts the background by on the new scene's first frame, more than once it
# has faded (main 7d8cd68: 16.8 on that frame, the loudest scene's brighter light, rising with the sweep after it)
FLASH_MOST = 60  # and at most this on that frame: at merge56's 80.3 (``FLASH_ALPHA`` 0.4 into the loudest scenes) the
# bars' contrast against the lit background of held-out 04 at 720p fell from 4.0-5.2 to 1.5-1.8 on the cut's frame,
# the title's from 8.3-11.2 to 3.4-3.6 (WCAG contrast ratios)


def _draft(level: str) -> Draft:
    """A middle section and one of ``level`` from ``CHANGE_MS``, a poster without type or visualizer."""
    sections = [{"start_ms": 0, "end_ms": CHANGE_MS, "level": "middle"}]
    sections.append({"start_ms": CHANGE_MS, "end_ms": LENGTH_MS, "level": level})
    return draft(
        [shot("c", 0, CHANGE_MS, motion="pan_left"), shot("c", CHANGE_MS, LENGTH_MS - CHANGE_MS, motion="pan_up")],
        LENGTH_MS,
        aspect="16:9",
        music="m",
        cover_design="poster",
        bpm=120.0,
        sections=sections,
    )


def _lift(level: str, tmp_path: Path) -> list[tuple[int, float]]:
    """Where the background is lit most (its column) and by how much (levels of 255, the column's mean over the
    background against the same column 2 s after the change) at 0.3 and 0.42 of the sweep (its middle crossing the
    frame left of the cover, which crosses to the right at the new scene, ``cover_stage``: off where it is on its
    way) into a section of ``level``."""
    d = _draft(level)
    import av

    span_s = SWEEP_S[level]
    at = [round((CHANGE_MS / 1000 + share * span_s) * FPS) for share in (0.3, 0.42)]
    after = round((CHANGE_MS / 1000 + 2.0) * FPS)
    path = render_draft(d, _media(tmp_path), tmp_path / f"{level}.mp4", size=SIZE).path
    with av.open(str(path)) as container:
        grey = {n: f.to_ndarray(format="gray").astype(np.float32) for n, f in enumerate(container.decode(video=0))}
    old, reach = _near()
    new_x = SIZE[0] - old.x - old.width  # the new scene's: mirrored, the cover cut there
    out = []
    for n in at:
        way = 1.0 if n >= frame_at(CHANGE_MS, FPS) else 0.0  # a cut: there from the change's frame
        off = np.ones(grey[0].shape, bool)
        for x in (round(old.x + (new_x - old.x) * way), new_x):  # at the frame, and where it lies 2 s on
            box = Rect(x, old.y, old.width, old.height)
            off[max(0, box.y - reach) : box.bottom + reach, max(0, box.x - reach) : box.x + box.width + reach] = False
        counted = np.maximum(off.sum(axis=0), 1)
        lift = ((grey[n] - grey[after]) * off).sum(axis=0) / counted
        lift[off.sum(axis=0) < 20] = 0  # columns mostly under the cover
        out.append((int(lift.argmax()), float(lift.max())))
    return out


def test_a_band_of_light_sweeps_left_to_right_at_a_new_scene_brighter_into_the_loudest(tmp_path: Path) -> None:
    (early_x, early), (late_x, late) = _lift("loudest", tmp_path)
    assert min(early, late) >= 15, (early, late)
    assert late_x - early_x >= 0.2 * SIZE[0], (early_x, late_x)  # it moves right
    (_, calm_early), (_, calm_late) = _lift("calm", tmp_path)
    assert max(calm_early, calm_late) < max(early, late), (calm_early, calm_late, early, late)


def test_a_flash_of_light_lifts_the_background_on_the_new_scenes_first_frame_and_fades(tmp_path: Path) -> None:
    """The cut to a new scene's layout (``cover_stage``) lands under a flash (``cover_light.FLASH_MS``): the band of
    background above the cover (its top tenth: no type, no visualizer here) is lit on the new scene's first frame
    against the frame before it by ``FLASH_MOST`` levels at the most, and by ``FLASH_LEAST`` more than once the flash
    has faded (the loudest scene's background stays brighter). On main 7d8cd68 it rose 16.8 levels on that frame,
    and went on rising to 23.6 as the sweep came in; on merge56 576235b it rose 80.3 (then 29.3 after
    ``FLASH_MS``): the bars hard to see on it; now 48.5, then 25.2. The song lifts 12 dB there: the flash is as
    strong as the lift (``cover_light.flash_share``, ``test_cover_flash_lift``)."""
    import av

    media = {**_media(tmp_path), "m": lifting_song(tmp_path, CHANGE_MS, LENGTH_MS)}  # the flash is on a lift only
    path = render_draft(_draft("loudest"), media, tmp_path / "flash.mp4", size=SIZE).path
    with av.open(str(path)) as container:
        grey = [f.to_ndarray(format="gray").astype(np.float32) for f in container.decode(video=0)]
    top = slice(0, SIZE[1] // 10)
    cut = frame_at(CHANGE_MS, FPS)
    light = [float(frame[top].mean()) for frame in grey]
    rise = light[cut] - light[cut - 1]
    after = light[cut + round(FLASH_MS * FPS / 1000)] - light[cut - 1]
    assert rise - after >= FLASH_LEAST, (rise, after, light[cut - 3 : cut + 15])
    assert rise <= FLASH_MOST, (rise, light[cut - 3 : cut + 15])
