"""Which clips a score is for, with several uploaded (issues 28/29): the words name none ("my travel video", "my
clips", "these videos") and all of them are scored as one video, in upload order; a clip the words name ("for
tree.avi", "the second clip") is scored alone. (Only the latest upload was scored, the others dropped unsaid.)"""

from __future__ import annotations

import pytest

from nemo_notebook.engine.agent import interpret
from nemo_notebook.engine.agent.operations import ComposeMusic
from nemo_notebook.protocol import MediaInfo, MediaKind

from .fakes import FakeContext

CLIPS = [
    MediaInfo("m_1", "Megamind.avi", MediaKind.VIDEO, "avi", 1000, duration_ms=8000),
    MediaInfo("m_2", "tree.avi", MediaKind.VIDEO, "avi", 1000, duration_ms=6000),
    MediaInfo("m_3", "vtest-30s.mp4", MediaKind.VIDEO, "mp4", 1000, duration_ms=30000),
]


def _op(text: str) -> ComposeMusic:
    ops = interpret(text, FakeContext(uploads=list(CLIPS))).args["ops"]
    op = next(o for o in ops if isinstance(o, ComposeMusic))
    return op


@pytest.mark.parametrize(
    "text",
    [
        "create an upbeat background track for my travel video",
        "add background music to my video",
        "add some background music to my clips",
        "compose a calm score for these videos",
        "add background music to my video and sync it to the cuts",
    ],
)
def test_several_clips_and_none_named_are_scored_as_one_video(text: str) -> None:
    assert _op(text).videos == ("m_1", "m_2", "m_3")


@pytest.mark.parametrize(
    ("text", "clip"),
    [("create an upbeat background track for tree.avi", "m_2"), ("add background music to the first clip", "m_1")],
)
def test_a_clip_the_words_name_is_scored_alone(text: str, clip: str) -> None:
    op = _op(text)
    assert op.video == clip and op.videos is None
