"""A musician's whole song, through the public client against the embedded engine: a recording of 4:30 gets a video
of 4:30, and where the recording is cut off mid-phrase (still at full level where the file stops: held-out exports
05 and 06, songs whose files stop at 4:00) the video fades it out over its last phrase, as a record fades out, and
the reply says so. Main's code (2321478) faded it over the last 2.5 s in straight steps of amplitude and said
nothing: its last five bars 0.0, 0.0, 0.0, -0.1 and -4.4 dB against the song's level, now 0.0, -1.3, -6.6, -14.3
and -27.4 (the video was 4:30 long on main too: no length was ever cut)."""

from __future__ import annotations

import itertools
import statistics
from pathlib import Path

import av
import numpy as np
import pytest

from nemo_notebook.client import Client
from nemo_notebook.engine.analysis.decode import decode_audio

from .media import PICTURE_COLORS, click_track, picture

pytestmark = pytest.mark.slow

SONG_S = 270  # 4:30 of a beat at full level to its last click: a recording cut off mid-phrase
BAR_S = 2  # 120 BPM in 4/4


@pytest.fixture(scope="module")
def export(client: Client, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """The reply to "make a music video with my photos" and the preview it exports."""
    folder = tmp_path_factory.mktemp("cut-off")
    session = client.sessions.create(language="en")
    session.upload(click_track(folder / "my-song.wav", 120.0, SONG_S))
    session.upload([picture(folder / f"photo-{i + 1}.jpg", color) for i, color in enumerate(PICTURE_COLORS)])
    reply = session.send("make a music video with my photos").text
    return reply, session.export(quality="preview").wait(timeout=590).download(folder / "video.mp4")


def _bar_levels_db(path: Path) -> list[float]:
    """The sound's level (RMS, dB) over each bar of the export, from its start."""
    samples = decode_audio(path, sample_rate_hz=48000, channels=1).samples
    bar = 48000 * BAR_S
    bars = [samples[k : k + bar] for k in range(0, len(samples) - bar + 1, bar)]
    return [float(20 * np.log10(np.sqrt(np.mean(np.square(b))) + 1e-9)) for b in bars]


def test_a_recording_of_4_30_gets_a_video_of_4_30(export: tuple[str, Path]) -> None:
    _, video = export
    with av.open(str(video)) as container:
        picture_s = float(container.streams.video[0].frames / container.streams.video[0].average_rate)
    sound_s = len(decode_audio(video, sample_rate_hz=48000, channels=1).samples) / 48000
    assert picture_s == pytest.approx(SONG_S, abs=0.2)
    assert sound_s == pytest.approx(SONG_S, abs=0.2)


def test_the_reply_says_where_the_recording_stops_and_how_the_video_ends(export: tuple[str, Path]) -> None:
    reply, _ = export
    assert "your recording stops at 4:30 while the music still plays" in reply, reply
    assert "fades it out over its last 8s (from 4:22)" in reply, reply


def test_the_sound_fades_out_over_the_last_phrase_not_its_last_seconds(export: tuple[str, Path]) -> None:
    levels = _bar_levels_db(export[1])
    assert len(levels) == SONG_S // BAR_S
    song = statistics.median(levels[100:130])  # the song's own level, 3:20-4:20
    last = [round(level - song, 1) for level in levels[-5:]]  # the last five bars, from 4:20, against it
    assert abs(last[0]) <= 1.0, last  # at the song's own level until the fade starts, on the downbeat at 4:22
    assert last[2] <= -3.0, last  # 4:24-4:26, 4 to 6 s before the end, well down already (main: 0.0 dB)
    assert all(b <= a - 2.0 for a, b in itertools.pairwise(last[1:])), last  # falls bar after bar
