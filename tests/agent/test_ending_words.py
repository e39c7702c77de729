"""The reply says how the video ends, in one plain clause, where the picture follows the song's own quiet outro
(``agent.ending_words``, issue 29): a blind reviewer of held-out 04 (an outro 20 dB under its body) did not notice
its ending, and the reply had not said there was one. A song loud to its end, or one that stops dead on a hit, gets
no such clause. On main 7f5562f the first test fails: the reply says nothing of the ending."""

from __future__ import annotations

from pathlib import Path

from nemo_notebook.protocol import Draft, MediaInfo, MediaKind
from tests.agent.fakes import FakeContext, run
from tests.render.synth import click_analysis, ffmpeg

SONG = MediaInfo("m_song", "song.mp3", MediaKind.AUDIO, "mp3", 1000, duration_ms=30_000)
PICTURES = [
    MediaInfo(f"m_pic{i}", f"p{i}.jpg", MediaKind.IMAGE, "jpg", 100 + i, width=640, height=360) for i in range(3)
]
LOUD = (0.95,) * 301
CLAUSE = "the picture dims with the song's fade from"


def _words(tmp_path: Path, energy: tuple[float, ...]) -> str:
    paths = {}
    for info in PICTURES:
        paths[info.id] = tmp_path / info.name
        ffmpeg("-f", "lavfi", "-i", "testsrc2=s=640x360", "-frames:v", "1", str(paths[info.id]))
    ctx = FakeContext(
        uploads=[SONG, *PICTURES],
        audio={"m_song": click_analysis(120, 30_000, energy=energy, drive=0.9)},
        history=[Draft.empty()],
        paths=paths,
    )
    _, words = run(ctx, "create a video from this music with beat-synced cuts")
    return words


def test_a_fading_outro_is_said_to_dim_the_picture_and_end_on_black(tmp_path: Path) -> None:
    # the last 6 s fall from 20 dB under the body to silence (an outro that plays on at its level keeps the picture
    # up to a short fade at its end, s53: nothing is said of that)
    words = _words(tmp_path, LOUD[:240] + tuple(round(0.45 * (1 - i / 61), 3) for i in range(61)))
    assert f"{CLAUSE} 0:24 and ends on black" in words, words


def test_no_ending_is_said_of_a_song_loud_to_its_end_or_stopping_on_a_hit(tmp_path: Path) -> None:
    assert CLAUSE not in _words(tmp_path, LOUD)
    assert CLAUSE not in _words(tmp_path, LOUD[:285] + (0.0,) * 16)  # stops dead 1.5 s before the file ends
