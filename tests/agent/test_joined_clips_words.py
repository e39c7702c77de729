"""Which clips a score is for, with several uploaded (issues 28/29): the words name none ("my travel video", "my
clips", "these videos") and all of them are scored as one video, in upload order; a clip the words name ("for
tree.avi", "the second clip") is scored alone. (Only the latest upload was scored, the others dropped unsaid.)"""

from __future__ import annotations

import pytest

from nemo_notebook.engine.agent import interpret
from nemo_notebook.engine.agent.operations import ComposeMusic
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind, Segment, Track, TrackType

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


def _scored_draft() -> Draft:
    """The three clips back to back under a score, as ``plan_score`` lays them."""
    lane, start = [], 0
    for clip in CLIPS:
        length = clip.duration_ms or 0
        lane.append(Segment(start, length, src=clip.id, in_ms=0, meta={"name": clip.name}))
        start += length
    visuals = Track(TrackType.VIDEO, tuple(lane), {"role": "visuals", "name": "Clips"})
    score = Track(TrackType.AUDIO, (Segment(0, start, src="g_score", in_ms=0),), {"role": "bgm", "name": "Score"})
    return Draft(tracks=(visuals, score), duration_ms=start)


def test_sync_it_to_the_cuts_after_a_joined_score_scores_the_clips_again_together() -> None:
    ops = interpret("sync it to the cuts", FakeContext(uploads=list(CLIPS), history=[_scored_draft()])).args["ops"]
    op = next(o for o in ops if isinstance(o, ComposeMusic))
    assert op.videos == ("m_1", "m_2", "m_3") and op.sync_to_cuts


def test_a_clip_named_after_a_joined_score_is_scored_alone() -> None:
    text = "create an upbeat background track for tree.avi"
    ops = interpret(text, FakeContext(uploads=list(CLIPS), history=[_scored_draft()])).args["ops"]
    op = next(o for o in ops if isinstance(o, ComposeMusic))
    assert (op.mode, op.video, op.videos) == ("new", "m_2", None)  # not the joined video's music replaced


@pytest.mark.parametrize(
    "text",
    ["create an upbeat background track for my street video", "add background music to my megamindful clips"],
)
def test_a_clip_name_inside_another_word_names_no_clip(text: str) -> None:
    """ "tree" in "street" picked tree.avi alone (the two other clips dropped); a name is a word of its own."""
    assert _op(text).videos == ("m_1", "m_2", "m_3")
