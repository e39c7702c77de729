"""A song that falls into a quiet outro: the picture dims from the fall to about a third of its light and goes black
with the sound's end (issue 29; held-out 04's outro, 12 LU under its body for its last 8 s, was either faded out
whole over those 8 s or held lit to the last 2.5 s). Since s51-ending the dim is to 0.3 within 1.5 s of the fall (it
was to 0.5 over the whole outro: a blind reviewer did not notice it), and the visualizer dims with the frame and
draws this near-silent outro (-44 LUFS) unlifted, calmer than the body (it was lifted, at full light): the two
rules this file checked before that are changed here, on purpose.

The song: a 24 s click track whose last 6 s play 20 dB under its body, planned with one picture and the spectrum's
bars and rendered at 320x180; the same plan without the visualizer gives the picture alone (``_renders``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from nemo_notebook.engine.analysis import analyze_audio
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.render import render_draft

from .conftest import Assets
from .synth import audio_info, click_track, ffmpeg, gray_frames

SIZE = (320, 180)
SONG_MS, OUTRO_MS = 24_000, 6000
DRAWN = 12  # a pixel this much brighter than the picture alone is the visualizer's


@pytest.fixture(scope="module")
def renders(assets: Assets, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    """(picture alone, picture with its visualizer): gray frames of the two renders of one plan."""
    folder = tmp_path_factory.mktemp("outro")
    body = click_track(folder / "body.wav", 120, SONG_MS)
    song = folder / "song.wav"
    ffmpeg("-i", str(body), "-af", f"volume='if(lt(t,{(SONG_MS - OUTRO_MS) / 1000}),1,0.1)':eval=frame", str(song))
    info = audio_info("song", song, SONG_MS)
    pictures = [assets.media[k][1] for k in assets.picture_ids[-2:]]
    media = {"song": (song, info)} | {p.id: assets.media[p.id] for p in pictures}
    options = MusicVideoOptions(visualizer="spectrum")
    drafted = plan_music_video(info, analyze_audio(song), [(p, None) for p in pictures], options)
    viz = next(t for t in drafted.tracks if t.meta.get("role") == "visualizer")
    alone = drafted.with_tracks(tuple(t for t in drafted.tracks if t is not viz))
    plain = render_draft(alone, media, folder / "plain.mp4", size=SIZE, quality="low").path
    drawn = render_draft(drafted, media, folder / "drawn.mp4", size=SIZE, quality="low").path
    return gray_frames(plain).astype(float), gray_frames(drawn).astype(float)


def _at(frames: Any, ms: int) -> Any:
    return frames[min(len(frames) - 1, ms * len(frames) // SONG_MS)]


def test_the_picture_dims_from_the_fall_into_the_outro_and_goes_black_with_the_sound(renders: tuple[Any, Any]) -> None:
    plain, _ = renders
    drop = SONG_MS - OUTRO_MS
    lit = float(np.median([f.mean() for f in plain[: len(plain) * drop // SONG_MS]]))

    def share(ms: int) -> float:
        return float(_at(plain, ms).mean()) / lit

    assert share(drop - 500) > 0.95  # lit to the fall
    assert share(drop + 1500) < 0.9, share(drop + 1500)  # main bfb0758: 1.0, lit until the last 2.5 s
    assert 0.2 < share(SONG_MS - 1500) < 0.4, share(SONG_MS - 1500)  # about 0.3 (0.28; main 7f5562f: about half)
    assert share(SONG_MS - 700) > 0.15, share(SONG_MS - 700)  # still seen while the outro plays
    assert float(plain[-1].mean()) < 0.08 * lit, plain[-1].mean()  # black where the sound has gone


def test_the_visualizer_dims_with_the_picture_and_calms_with_the_near_silent_outro(renders: tuple[Any, Any]) -> None:
    plain, drawn = renders
    fps = len(plain) * 1000 // SONG_MS
    mask = drawn - plain > DRAWN  # the visualizer's pixels, frame by frame

    def part(start_ms: int, end_ms: int) -> tuple[float, float]:
        """How many of the box's pixels change from drawn to not frame to frame, and the light the visualizer adds
        at its brightest (99th percentile, over the picture alone)."""
        span = slice(start_ms * fps // 1000, end_ms * fps // 1000)
        changed = float(np.abs(np.diff(mask[span].astype(float), axis=0)).mean())
        return changed, float(np.percentile((drawn - plain)[span][mask[span]], 99))

    loud_motion, loud_light = part(8000, SONG_MS - OUTRO_MS)
    quiet_motion, quiet_light = part(SONG_MS - OUTRO_MS + 1500, SONG_MS - OUTRO_MS + 3500)
    assert 0 < quiet_motion < 0.5 * loud_motion, (loud_motion, quiet_motion)  # main 7f5562f: over 0.75 of it, lifted
    assert quiet_light < 0.5 * loud_light, (loud_light, quiet_light)  # main 7f5562f: at its full light
