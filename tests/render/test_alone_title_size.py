"""A track alone's opening title with no artist under it is set large: its one line takes the room an artist's line
would (a blind reviewer of a 4-minute ballad alone, its title from the file's name: "the title (2-6 s) is small and
sits at the very top"; its letters spanned 8.6 % of the frame's height, "Rock Ballad Feelings" at 640x360).

Measured on the rendered frames: the rows where the video with the title differs from the one without it (by a
quarter of full light or more, in 3 pixels of a row at least), in the middle of the title's time."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.render import render_draft
from nemo_notebook.protocol import TrackType

from .synth import audio_info, click_analysis, click_track
from .test_track_alone_look import rgb_frames

SIZE = (320, 180)
SONG_MS, SHOWN_MS = 60_000, 5_000  # the first 5 s of a minute's song: no ending's fade


def test_a_track_alones_title_without_an_artist_spans_a_tenth_of_the_height(tmp_path: Path) -> None:
    song = click_track(tmp_path / "click.wav", 72, SHOWN_MS)
    info = audio_info("song", song, SONG_MS)
    analysis = click_analysis(72, SONG_MS, drive=0.2, flatness=0.003, mode=0.2, energy=(0.7,) * 601)
    planned = plan_music_video(info, analysis, [], MusicVideoOptions(title="Rock Ballad Feelings", credit_line=True))
    (title,) = [sg for t in planned.tracks if t.type == TrackType.TEXT for sg in t.segments]
    made = dataclasses.replace(planned, duration_ms=SHOWN_MS)
    bare = dataclasses.replace(made, tracks=tuple(t for t in made.tracks if t.type != TrackType.TEXT))
    frames = {}
    for name, draft in (("title", made), ("bare", bare)):
        out = tmp_path / f"{name}.mp4"
        render_draft(draft, {"song": (song, info)}, out, quality="low", size=SIZE)
        frames[name] = rgb_frames(out, SIZE)
    fps = len(frames["title"]) / (SHOWN_MS / 1000)
    n = round((title.start_ms + 2500) / 1000 * fps)  # well inside its fade in and out
    differs = (np.abs(frames["title"][n] - frames["bare"][n]).max(axis=-1) > 0.25).sum(axis=1) >= 3
    rows = np.nonzero(differs)[0]
    assert len(rows), "no title"
    span = (rows.max() - rows.min() + 1) / SIZE[1]
    assert span >= 0.1, (span, rows.min() / SIZE[1], rows.max() / SIZE[1])
    assert rows.max() / SIZE[1] <= 0.3, rows.max() / SIZE[1]  # still in the sky's top band, over its scrim
