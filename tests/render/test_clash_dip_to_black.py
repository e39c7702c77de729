"""A dip between two pictures whose dissolve would go muddy goes out to black and back in, slowly enough to read
at a calm song's pace (issue 29, held-out 03's blind review: the "through the dark" joins "are about 0.5 s of
dimming to roughly 40 % brightness, a hard cut, then about 0.5 s back up. The picture never reaches black, so next
to the 2 s dissolves they look like a blink or a mistake"). Measured in the rendered frames of a calm video of an
orange photo and a green one: each join's darkest frame is near black, and the brightness falls to it, and rises
from it, frame by frame without a jump, over most of a second each way. And it lasts long enough to read next to the
dissolves (the same review, of the dips to black: "each dip lasts only about 1.2 s with about 0.3 s of black, while the
ordinary dissolves take 2-3 s. The dips feel like blinks"): dark for most of its 2 s, and black for a while."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from nemo_notebook.engine.analysis.picture import colour
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.render import render_draft
from nemo_notebook.protocol import Segment

from .synth import audio_info, click_analysis, click_track, image_info, picture
from .test_track_alone_look import rgb_frames

SIZE = (192, 108)
SONG_MS = 12_000
PHOTOS = {"flower": "0xE0701C", "meadow": "0x48A030"}  # held-out 03's FreshFlower (46°) and GreenMeadow (128°)
NEAR_BLACK = 0.04  # of the pictures' brightness: the darkest frame of a dip
FALL_S = 0.6  # the dip takes at least this long from 90 % of the picture's brightness down to its darkest frame
STEP = 0.2  # of a picture's brightness: no frame of the dip is darker or brighter than the one before by more
NOISE = 0.03  # of a picture's brightness: the encoder's flicker, where the dip falls or rises
DARK_S = 1.0  # a calm song's dip is below half the pictures' brightness for at least this long
BLACK_S = 0.4  # and at most NEAR_BLACK of it for at least this long
BLACK_AT_MOST_S = 0.55  # but no longer: s53's blind reviewer read 0.67 s of black as "the video stopped" (merge53)


Rendered = tuple[list[Segment], np.ndarray, float]  # the joins, each frame's mean brightness, frames a second


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """A calm video of an orange photo and a green one, every join a dip: its joins and its frames' brightness."""
    tmp_path = tmp_path_factory.mktemp("dips")
    media = {}
    for name, rgb in PHOTOS.items():
        path = picture(tmp_path / f"{name}.png", rgb)
        media[f"m_{name}"] = (path, image_info(f"m_{name}", path))
    colours = tuple((media_id, *(colour(path) or (0.0, 0.0))) for media_id, (path, _) in media.items())
    song = click_track(tmp_path / "calm.wav", 60, SONG_MS)
    # calm: a dissolve at every cut, a dip where the music dips (``colour_joins.dark_cuts``): a lull round the one cut,
    # 8 s, 8 dB under the rest
    analysis = click_analysis(60, SONG_MS, energy=LULL, drive=0.1, sections_ms=(0, 8000))
    options = MusicVideoOptions(picture_colours=colours, opening="m_flower", visualizer=None, title=None)
    shown = [(info, None) for _, info in media.values()]
    draft = plan_music_video(audio_info("song", song, SONG_MS), analysis, shown, options)
    lane = next(t for t in draft.tracks if t.meta.get("role") == "visuals").segments
    joins = [sg for before, sg in itertools.pairwise(lane) if before.src != sg.src]
    assert joins and all(sg.meta.get("transition_in") == "dip" for sg in joins), [sg.meta for sg in lane]
    out = render_draft(
        draft, {**media, "song": (song, audio_info("song", song, SONG_MS))}, tmp_path / "o.mp4", size=SIZE
    )
    frames = rgb_frames(out.path, SIZE)
    return joins, frames.mean(axis=(1, 2, 3)), len(frames) / (SONG_MS / 1000)


LULL = tuple(0.1 if 6500 <= i * 100 < 9500 else 0.3 for i in range(121))  # the music's level, 100 ms apart


def test_a_dip_between_clashing_pictures_goes_smoothly_to_black_and_back(rendered: Rendered) -> None:
    joins, light, fps = rendered
    for sg in joins:
        at = round(sg.start_ms / 1000 * fps)
        before, after = light[at - round(1.5 * fps)], light[at + round(1.5 * fps)]  # the two pictures, undimmed
        window = light[at - round(1.2 * fps) : at + round(1.2 * fps)]
        darkest = int(np.argmin(window))
        falling, rising = window[: darkest + 1] / before, window[darkest:] / after
        # main: 0.46 (a 0.5-deep dip: the picture dims halfway, then the cut)
        assert window[darkest] / min(before, after) <= NEAR_BLACK, (sg.start_ms, window[darkest] / min(before, after))
        steps = np.concatenate([np.diff(falling), -np.diff(rising)])  # each frame darker, then each one brighter
        assert steps.max() <= NOISE and -steps.min() <= STEP, (falling.round(2), rising.round(2))
        fall_s = (darkest - int(np.flatnonzero(falling >= 0.9)[-1])) / fps
        rise_s = int(np.flatnonzero(rising >= 0.9)[0]) / fps
        assert min(fall_s, rise_s) >= FALL_S, (fall_s, rise_s)  # main: 0.4 s (a 1 s dip)


def test_a_calm_songs_dip_stays_dark_and_holds_black_long_enough_to_read(rendered: Rendered) -> None:
    joins, light, fps = rendered
    for sg in joins:
        at = round(sg.start_ms / 1000 * fps)
        picture = min(light[at - round(1.5 * fps)], light[at + round(1.5 * fps)])
        window = light[at - round(1.5 * fps) : at + round(1.5 * fps)] / picture
        dark_s, black_s = (window <= 0.5).sum() / fps, (window <= NEAR_BLACK).sum() / fps
        # start: 1.0 s dark, 0.33 s black (a half cosine from the cut out to the ends); s52 1.2 s and 0.67 s; now 1.1 and 0.5
        assert dark_s >= DARK_S and BLACK_S <= black_s <= BLACK_AT_MOST_S, (sg.start_ms, dark_s, black_s)
