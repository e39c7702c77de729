"""A reply's changes one to a line: "Done: <the first>." and each further change on a line of its own. Held-out 01's
reply was one sentence of 640 characters: the build, then its notes on repeats, pictures shown less and pictures
left out, joined by "; "."""

from __future__ import annotations

from nemo_notebook.engine.agent.actions import done_words
from nemo_notebook.protocol import Draft
from tests.agent.fakes import FakeContext, run
from tests.planning.test_energetic_pace import PHOTOS, SONG
from tests.render.synth import click_analysis


def test_a_build_with_notes_says_each_on_a_line_of_its_own() -> None:
    """On main 7f5562f: "Done: built a music video from "song.ogg" (…); 3 pictures (…) are on screen up to … times
    each …; 3 pictures for 60s of music: …" on one line."""
    ctx = FakeContext(
        uploads=[SONG, *PHOTOS[:3]], audio={SONG.id: click_analysis(120, 60_000)}, history=[Draft.empty()]
    )
    _, words = run(ctx, "create a video from this music with beat-synced cuts")
    done = words[words.index("Done: ") :].splitlines()
    assert done[0].startswith('Done: a 1:00 widescreen music video of "song.ogg"') and done[0].endswith(")."), done
    notes = [line for line in done[1:] if line.startswith("• ")]
    assert notes and all(line.endswith(".") and "; " not in line for line in notes), done
    # the repeat note is one of them, not joined to the build, and one line (s57: ``repetition``)
    assert sum("times" in line for line in notes) == 1, notes


def test_one_change_is_one_line_and_chinese_ends_each_with_its_full_stop() -> None:
    assert done_words(["the title is blue"], "en") == "Done: the title is blue."
    assert done_words(["标题是蓝色", "音乐音量50%"], "zh") == "已完成：标题是蓝色。\n• 音乐音量50%。"
