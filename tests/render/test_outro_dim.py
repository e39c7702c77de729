"""A song that falls into a quiet outro and plays on at that level to its end: the picture stays up over the outro
and fades only over its last 1.5 s, black where the sound ends (s53: held-out 04's picture dimmed to 0.3 from the fall
and sat dim for 6 s while its quiet beats still played; a blind reviewer saw it "look over while the music goes on").
Until s53 this file checked the opposite: the dim to 0.3 within 1.5 s of the fall (s51-ending), and the visualizer
dimmed and calmed with it; both rules are changed here on purpose (a song that fades out by itself still dims:
``test_outro_ending.py``, ``test_own_decay.py``).

The song: a 24 s click track whose last 6 s play 20 dB under its body, planned with one picture and the spectrum's
bars and rendered without the bars at 320x180 (``renders``).
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


@pytest.fixture(scope="module")
def renders(assets: Assets, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The gray frames of the plan's render without its visualizer (the picture alone)."""
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
    return gray_frames(plain).astype(float)


def _at(frames: Any, ms: int) -> Any:
    return frames[min(len(frames) - 1, ms * len(frames) // SONG_MS)]


def test_the_picture_stays_up_over_an_outro_that_plays_on_and_goes_black_with_the_sound(
    renders: Any,
) -> None:
    plain = renders
    drop = SONG_MS - OUTRO_MS
    lit = float(np.median([f.mean() for f in plain[: len(plain) * drop // SONG_MS]]))

    def share(ms: int) -> float:
        return float(_at(plain, ms).mean()) / lit

    assert share(drop - 500) > 0.95  # lit to the fall
    assert share(drop + 1500) > 0.9, share(drop + 1500)  # main c5bba5c: 0.28, dimmed to 0.3 from the fall
    assert share(SONG_MS - 2000) > 0.9, share(SONG_MS - 2000)  # up while the outro plays
    assert 0.2 < share(SONG_MS - 700) < 0.8, share(SONG_MS - 700)  # fading over the last 1.5 s
    assert float(plain[-1].mean()) < 0.08 * lit, plain[-1].mean()  # black where the sound has gone
