"""The first reply to "make a music video" leads with what was made (s57): stop 56's two blind reviewers found the
replies true but long, "the same loudness paragraph with LUFS and dB figures before the summary every time", and
the bullets for pictures shown more often than the material allows, one per file, "read as a scolding". Now, after
the work as it happens ("Analysing …… Planned 9 shots on the beats."), the answer's first sentence says what the
video is (its length, shape, pictures or design, how it cuts); what to say next follows it; then the song's level
in one line, "Sound: …"; then one line for all the pictures that come back."""

from __future__ import annotations

from pathlib import Path

from nemo_notebook.engine.agent.context import Say
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind
from tests.agent.fakes import FakeContext, run
from tests.agent.test_loudness_in_plain_words import _chord, _session
from tests.planning.test_energetic_pace import PHOTOS, SONG
from tests.render.synth import click_analysis


def _answer(ctx: FakeContext, words: str) -> tuple[str, str]:
    """The work said while it went on (the first message) and the answer (the last), for ``words``."""
    steps, _ = run(ctx, words)
    said = [s.text for s in steps if isinstance(s, Say)]
    done = next(i for i, text in enumerate(said) if text.startswith("Done: "))
    return "".join(said[:done]), "".join(said[done:])


def test_the_answer_starts_with_the_videos_length_shape_and_pictures() -> None:
    """On main 701a37e: 'Done: built a music video from "song.ogg" (9 shots, 120 BPM).', no length, shape or
    pictures."""
    ctx = FakeContext(
        uploads=[SONG, *PHOTOS[:3]], audio={SONG.id: click_analysis(120, 60_000)}, history=[Draft.empty()]
    )
    _, answer = _answer(ctx, "create a video from this music with beat-synced cuts")
    first = answer.split("\n")[0]
    assert first.startswith('Done: a 1:00 widescreen music video of "song.ogg" from 3 photos ('), answer
    assert "shots, 120 BPM" in first, answer


def test_a_track_alone_is_said_by_its_length_and_design() -> None:
    """On main: 'Done: built a music video from "song.ogg" (… scenes; the … design: …)', its length unsaid."""
    ctx = FakeContext(uploads=[SONG], audio={SONG.id: click_analysis(120, 60_000)}, history=[Draft.empty()])
    _, answer = _answer(ctx, "make a video for this song")
    first = answer.split("\n")[0]
    assert first.startswith('Done: a 1:00 widescreen music video of "song.ogg" ('), answer
    assert "design" in first or "visualizer" in first, answer


def test_the_loudness_is_one_line_after_what_was_made_and_what_to_say_next(tmp_path: Path) -> None:
    """On main: the first message ran 'Planned … shots. \\n\\nYour song will play about 2 dB quieter than your file,
    because a few of its loudest moments would otherwise distort when played back. Say …, its loudest moments then
    held down a little (in numbers: …; your file's loudest moment reaches +2.3 dB, where a video plays cleanly up
    to -1 dB).', the end card's line after it, and only then 'Done: built a music video …'."""
    work, answer = _answer(_session(_chord(tmp_path / "hot.wav", 1.3)), "make a music video")
    assert "LUFS" not in work and "quieter" not in work and "end card" not in work, work
    lines = answer.split("\n")
    sound = [i for i, line in enumerate(lines) if "LUFS" in line or "quieter" in line]
    assert len(sound) == 1 and lines[sound[0]].startswith("Sound: your song will play about "), answer
    assert sound[0] >= 1 and len(lines[sound[0]]) <= 300, answer  # 400 characters on main
    card = [i for i, line in enumerate(lines) if "no end card" in line]
    assert all(i < sound[0] for i in card), answer  # what to say next before the figures


def test_pictures_that_come_back_are_one_line() -> None:
    """On main: '• 3 pictures ("p0.jpg", "p1.jpg", …) are on screen up to 7 times each in 60s, more often than a
    picture should: more pictures or clips would let each come back less.' and '• I had 3 pictures for 17 shots, so
    each is on screen 5 to 7 times …': two lines for one fact."""
    song = MediaInfo("m_song", "song.ogg", MediaKind.AUDIO, "ogg", 1000, duration_ms=107_000)
    ctx = FakeContext(
        uploads=[song, *PHOTOS[:4]], audio={song.id: click_analysis(156, 107_000)}, history=[Draft.empty()]
    )
    _, answer = _answer(ctx, "create a video from this music with beat-synced cuts")
    told = [line for line in answer.split("\n") if " times" in line or "twice" in line or "come back" in line]
    assert len(told) == 1, answer
    assert told[0].startswith("• 4 pictures for 1:47, so each is on screen "), answer
    assert told[0].endswith(": more pictures or clips would let each come back less."), answer
