"""Screen words rewritten for a notebook, also while they stream; changes of a draft in words."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from nemo_notebook.client import describe_changes, rewrite_screen_words
from nemo_notebook.client._words import StreamingRewriter
from nemo_notebook.protocol import Draft, Segment, Track, TrackType


def test_screen_words_become_calls_and_magics() -> None:
    assert (
        rewrite_screen_words("Click Export to download.") == "Run `session.export()` (or `%nemo export`) to download."
    )
    assert "`session.timeline()`" in rewrite_screen_words("You can preview in the timeline.")
    assert "`session.state()`" in rewrite_screen_words("Open the media panel.")
    assert rewrite_screen_words("Drag the clip to 3s") == "Ask me in a chat message to move the clip to 3s"
    assert rewrite_screen_words('Press the "Generate" button.') == 'Say "Generate" in the chat.'
    assert rewrite_screen_words("点击导出按钮即可") == "运行 `%nemo export`（或 `session.export()`）即可"
    assert "拖拽" not in rewrite_screen_words("拖拽片段") and "打开" not in rewrite_screen_words("打开素材面板")


def test_plain_words_are_left_alone() -> None:
    for text in ("I will export the video now.", "The clicks are on the beat.", "Opening shot: a city."):
        assert rewrite_screen_words(text) == text


def test_words_naming_no_button_are_given_out_as_they_come() -> None:
    rewriter = StreamingRewriter()
    steps = ['Analysing "vibe-ace.mp3"… ', "still analysing the music (5 s)… ", "130 BPM, 4/4, three sections. "]
    assert [rewriter.feed(step) for step in steps] == steps
    assert rewriter.feed("Now cli") == ""  # perhaps "click Export": held until it is known
    assert rewriter.feed("p the video. ") == "Now clip the video. "


SENTENCES = ["Click Export now. ", "点击导出按钮。", "Drag it. ", "preview in the timeline ", "plain words ", "好的。"]


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(st.lists(st.sampled_from(SENTENCES), max_size=6), st.lists(st.integers(0, 200), max_size=12))
def test_streamed_pieces_add_up_to_the_rewritten_whole(sentences: list[str], cuts: list[int]) -> None:
    text = "".join(sentences)
    points = sorted({0, len(text), *(c % (len(text) + 1) for c in cuts)})
    rewriter = StreamingRewriter()
    pieces = [rewriter.feed(text[a:b]) for a, b in itertools.pairwise(points)]
    assert "".join(pieces) + rewriter.flush() == rewrite_screen_words(text)


def _audio(volume: float, segments: int = 1) -> Track:
    step = 10_000 // segments
    parts = tuple(Segment(i * step, step, src="m1") for i in range(segments))
    return Track(TrackType.AUDIO, parts, meta={"name": "Lo-fi", "role": "bgm", "volume": volume})


def test_changes_are_told_in_the_timelines_words() -> None:
    title = Track(TrackType.TEXT, (Segment(0, 3000, meta={"text": "Hi", "role": "title"}),))
    before = Draft((_audio(0.35),), 10_000, {"aspect": "16:9"})
    after = Draft((_audio(0.5), title), 10_000, {"aspect": "9:16"})
    assert describe_changes(before, after) == (
        "changed Background music: Lo-fi (0-10s, 35%) → Background music: Lo-fi (0-10s, 50%)",
        'added Title: "Hi" (0-3s)',
        "aspect ratio 16:9 → 9:16",
    )
    assert describe_changes(after, before)[1] == 'removed Title: "Hi" (0-3s)'
    recut = Draft((_audio(0.35, segments=4),), 10_000, {"aspect": "16:9"})
    assert describe_changes(before, recut) == ("re-cut Background music: Lo-fi (0-10s, 35%) (1 → 4 pieces)",)
    assert describe_changes(before, before) == ()
