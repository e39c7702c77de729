"""A song that falls into a quiet outro and plays on at that level to its end: the picture's light follows the
outro's level continuously (``render.outro_level``: full at the body's level, dark 30 dB under it, black with the last
sound), and the visualizer fades out where it would draw a flat line (``outro_dim.bars_fade``).

History: s51 dimmed the frame to 0.3 within 1.5 s of the fall (held-out 04: "looks over while the music goes on",
s52); s53-cover held it at full light to the last 1.5 s (s53's blind reviewer: the bars "collapsed to a flat line
under the title" on a bright frame over near silence, "abrupt"). Both rules are replaced here on purpose (s53-cover2).

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
from nemo_notebook.engine.render.outro_dim import bars_fade

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
    return gray_frames(plain).astype(float), drafted, media, viz


def _at(frames: Any, ms: int) -> Any:
    return frames[min(len(frames) - 1, ms * len(frames) // SONG_MS)]


def test_the_picture_follows_the_outros_level_down_gradually_and_goes_black_with_the_sound(renders: Any) -> None:
    plain = renders[0]
    drop = SONG_MS - OUTRO_MS
    lit = float(np.median([f.mean() for f in plain[: len(plain) * drop // SONG_MS]]))

    def share(ms: int) -> float:
        return (float(_at(plain, ms).mean()) - 16) / (lit - 16)  # of the light above the video's black

    assert share(drop - 500) > 0.95  # lit to the fall
    # 20 dB under the body: a third of its light (1 - 20/30), reached over 3 s or more, not a drop to 0.3 in one
    assert share(drop + 1000) > 0.7, share(drop + 1000)
    assert 0.2 < share(drop + 4000) < 0.5, share(drop + 4000)  # merge53: 1.0 (full light over the outro)
    assert float(plain[-1].mean()) < 16 + 0.05 * (lit - 16), plain[-1].mean()  # black where the sound has gone


def test_the_visualizer_fades_out_where_the_outro_would_draw_a_flat_line(renders: Any) -> None:
    _, drafted, media, viz = renders
    last = max(viz.segments, key=lambda sg: sg.end_ms)
    fade = bars_fade(drafted, media, last)  # merge53: no such fade (its bars a flat line at full light)
    assert fade.startswith("fade=t=out:st="), fade
    start = last.start_ms + 1000 * float(fade.split("st=")[1].split(":")[0])
    assert SONG_MS - OUTRO_MS - 500 <= start <= SONG_MS - OUTRO_MS + 2500, start  # as the fall is heard
