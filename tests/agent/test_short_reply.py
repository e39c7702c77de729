"""A short's reply says which part of the song it plays, in a creator's words, and its sound in one short clause
(held-out 02's blind reviewer: "What it lacks is *where* in the song the clip starts (1:16) and that it ends on the
song's real ending. A TikTok creator wants to know which part they're posting"; "Too much LUFS talk for a TikTok
user"). The real agent and planner, on a real sound file for the sound."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import soundfile as sf

from nemo_notebook.engine.agent.replies import clock
from nemo_notebook.protocol import Draft, TrackType
from tests.planning.test_energetic_pace import PHOTOS, SONG
from tests.render.synth import click_analysis

from .fakes import FakeContext, run
from .test_loudness_in_plain_words import jargon_outside_numbers, sound_line

SONG_S = 90
LOUD = tuple(0.9 if 450 <= i < 600 else 0.5 for i in range(SONG_S * 10 + 1))  # the chorus at 45-60 s


def _agent(song_path: Path | None = None) -> FakeContext:
    song = dataclasses.replace(SONG, duration_ms=SONG_S * 1000)
    audio = {SONG.id: click_analysis(120, SONG_S * 1000, energy=LOUD, sections_ms=(0, 45_000, 60_000))}
    paths = {SONG.id: song_path} if song_path else {}
    return FakeContext(uploads=[song, *PHOTOS[:4]], audio=audio, history=[Draft.empty()], paths=paths)


def _hot_chord(path: Path) -> Path:
    """A chord whose loudest moments pass full scale (+2.3 dB, as a loud MP3 decodes), ``SONG_S`` long."""
    t = np.arange(SONG_S * 24_000) / 24_000
    chord = sum(a * np.sin(2 * np.pi * f * t) for a, f in ((0.5, 220.0), (0.3, 277.0), (0.2, 330.0)))
    swell = 0.8 + 0.2 * np.sin(2 * np.pi * 0.25 * t)
    sf.write(path, np.stack([chord, chord], axis=1).astype("float32") * swell[:, None] * 1.3, 24_000, subtype="FLOAT")
    return path


def test_a_shorts_reply_names_the_part_of_the_song_it_plays() -> None:
    """Before: "0:30 of the song from its chorus", not where in the song."""
    ctx = _agent()
    said = run(ctx, "make a music video for TikTok")[1]
    parts = ctx.draft().tracks_of(TrackType.AUDIO)[0].segments
    first_in = parts[0].in_ms or 0
    assert first_in > 0 and f"0:30 of the song from its chorus, {clock(first_in)} to " in said, said


def test_a_shorts_sound_is_one_short_clause_without_figures(tmp_path: Path) -> None:
    """Before: two sentences and "(in numbers: your file -8.4 LUFS, the video -10.4 LUFS, other posts about -14;
    your file's loudest moment reaches +0.8 dB)"."""
    said = run(_agent(_hot_chord(tmp_path / "hot.wav")), "make a music video for TikTok")[1]
    line = sound_line(said)
    assert line.startswith("Sound: about ") and "'keep my loudness'" in line, said
    assert "in numbers" not in line and line.count(".") == 1 and len(line) <= 90, line
    assert jargon_outside_numbers(said) == [], said


def test_make_it_30_seconds_shows_the_videos_title_from_the_first_frame() -> None:
    """The title the whole video opened on, carried into the shorter version: before, in at the first downbeat
    after 0.4 s, faded in; a short's title is whole from the first frame (``planning.shorts``)."""
    ctx = _agent()
    ctx.uploads[0] = dataclasses.replace(ctx.uploads[0], name="Night Drive.mp3")
    run(ctx, "make a music video with my photos")
    whole = ctx.draft().tracks_of(TrackType.TEXT)[0].segments[0]
    run(ctx, "make it 30 seconds")
    title = ctx.draft().tracks_of(TrackType.TEXT)[0].segments[0]
    assert whole.start_ms > 0 and ctx.draft().duration_ms <= 31_000
    assert (title.start_ms, title.meta.get("fade_in_ms"), title.meta.get("text")) == (0, 0, whole.meta["text"])
