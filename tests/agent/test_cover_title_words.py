"""A title named in words in a cover video is set by the design's layout (the credit's title, for the whole video,
the artist kept), not an ordinary 3 s title over the cover; one given a time or a place stays an ordinary title."""

from __future__ import annotations

from nemo_notebook.engine.agent.describe import describe
from nemo_notebook.engine.agent.edits import apply
from nemo_notebook.engine.agent.operations import AddText, SetText
from nemo_notebook.protocol import Draft, Segment, Track, TrackType

from .test_cover_design_words import _cover_draft


def _with_credit(draft: Draft, text: str = "Stairs — blkrbt") -> Draft:
    credit = Segment(0, draft.duration_ms, meta={"text": text, "role": "title", "layout": "cover"})
    return draft.with_tracks((*draft.tracks, Track(TrackType.TEXT, (credit,), {"role": "title"})))


def _texts(draft: Draft) -> list[Segment]:
    return [sg for track in draft.tracks_of(TrackType.TEXT) for sg in track.segments]


def test_a_named_title_replaces_the_credits_title_in_the_layout_and_keeps_its_artist() -> None:
    after = apply(AddText("Night Drive"), _with_credit(_cover_draft()))
    (credit,) = _texts(after)
    assert credit.meta["text"] == "Night Drive — blkrbt" and credit.meta["layout"] == "cover"
    assert (credit.start_ms, credit.end_ms) == (0, 10_000)  # the whole video, not 3 s
    assert "in the cover's layout (0-10s)" in describe(
        AddText("Night Drive"), _with_credit(_cover_draft()), after, "en"
    )
    renamed = apply(SetText(text="Other Night"), after)
    assert [sg.meta["text"] for sg in _texts(renamed)] == ["Other Night — blkrbt"]
    both = apply(AddText("Night Drive — The Band"), _with_credit(_cover_draft()))
    assert [sg.meta["text"] for sg in _texts(both)] == ["Night Drive — The Band"]


def test_a_named_title_without_a_credit_becomes_the_layouts_credit() -> None:
    (credit,) = _texts(apply(AddText("Night Drive"), _cover_draft()))
    assert credit.meta["text"] == "Night Drive" and credit.meta["layout"] == "cover" and credit.end_ms == 10_000


def test_a_title_with_a_time_stays_an_ordinary_title_beside_the_credit() -> None:
    after = apply(AddText("Intro", duration_ms=2000), _with_credit(_cover_draft()))
    texts = sorted((sg.meta["text"], sg.meta.get("layout"), sg.end_ms) for sg in _texts(after))
    assert texts == [("Intro", None, 2000), ("Stairs — blkrbt", "cover", 10_000)]


def test_a_title_in_a_video_of_several_pictures_is_an_ordinary_title() -> None:
    plain = _cover_draft()
    plain = Draft(tracks=plain.tracks, duration_ms=plain.duration_ms, meta={"aspect": "16:9", "fps": 30})
    (title,) = _texts(apply(AddText("Night Drive"), plain))
    assert title.meta.get("layout") is None and title.end_ms == 3000
