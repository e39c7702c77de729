"""The reply of a score for joined clips says where a section starts because a still clip's picture wakes up (the
hand reaching into held-out 07's still tree shot), as it says a section starting at a clip's cut."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nemo_notebook.engine.agent.composing import compose_music
from nemo_notebook.engine.agent.operations import ComposeMusic
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind
from tests.agent.test_joined_score import ComposingContext, run_saying
from tests.planning.test_score_joined_clips import STILL, STREET, TALK, WORDS

CLIPS = {"m_1": ("talk.mp4", TALK), "m_2": ("tree.mp4", STILL), "m_3": ("street.mp4", STREET)}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_reply_says_where_the_still_clip_starts_to_move(tmp_path: Path, language: str) -> None:
    uploads = [MediaInfo(i, n, MediaKind.VIDEO, "mp4", 1000, duration_ms=a.duration_ms) for i, (n, a) in CLIPS.items()]
    ctx = ComposingContext(uploads=uploads, video={i: a for i, (_, a) in CLIPS.items()}, home=tmp_path,
                           language=language)  # fmt: skip
    _, said = run_saying(compose_music(ComposeMusic(video="m_3", videos=tuple(CLIPS), words=WORDS), Draft.empty(), ctx))
    if language == "zh":
        assert re.search(r"3[45](\.\d)?秒起[^；]*“tree.mp4”的画面在这里动起来", said), said
        return
    assert re.search(r'from 3[45](\.\d)?s, where "tree.mp4" starts to move', said), said
    assert "Found 5 cuts" in said, said
