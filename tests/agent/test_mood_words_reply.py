"""The reply says when a mood word wins over the footage (issue 28; held-out export 07: "create an upbeat background
track for my travel video" over clips that read calm): the score plays the word's style, major, at 110 BPM or more,
and the reply says the word won; a request without a mood word leaves the footage in charge and says nothing of it.

The clip's analysis is given (as the agent's other tests give them); the composer and the planner run for real."""

from __future__ import annotations

import re
from pathlib import Path

from nemo_notebook.engine.agent.composing import compose_music
from nemo_notebook.engine.agent.operations import ComposeMusic
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind

from .test_joined_score import ComposingContext, _clip, run_saying

STILL_GREY = _clip(12, 0.05, 0.3, 0.1)  # a still, grey clip: its own mood is calm and dark


def _said(tmp_path: Path, words: str) -> str:
    upload = MediaInfo("m_1", "lake.mp4", MediaKind.VIDEO, "mp4", 1000, duration_ms=STILL_GREY.duration_ms)
    ctx = ComposingContext(uploads=[upload], video={"m_1": STILL_GREY}, home=tmp_path)
    return run_saying(compose_music(ComposeMusic(video="m_1", words=words), Draft.empty(), ctx))[1]


def test_upbeat_words_win_over_a_still_grey_clip_and_the_reply_says_so(tmp_path: Path) -> None:
    said = _said(tmp_path, "create an upbeat background track for my travel video")
    assert "the mood reads calm, dark" in said, said
    assert "You asked for upbeat: the music plays upbeat over the footage's mood" in said, said  # silent on main
    named = re.search(r"(\d+) BPM", said)
    assert named and int(named.group(1)) >= 110, said  # upbeat's own range, 112-128


def test_words_without_a_mood_leave_the_reply_on_the_footage(tmp_path: Path) -> None:
    said = _said(tmp_path, "add background music to my video")
    assert "the mood reads calm, dark" in said and "You asked for" not in said, said
