from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nemo_notebook.protocol import Draft, DraftFormatError, Segment, Track, TrackType, summarize

json_scalars = st.one_of(st.none(), st.booleans(), st.integers(-(10**6), 10**6), st.text(max_size=8))
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=6,
)
meta = st.dictionaries(st.text(max_size=8), json_values, max_size=3)
ms = st.integers(0, 10**7)


def unknown_keys(known: set[str]) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(st.text(min_size=1, max_size=6).filter(lambda k: k not in known), json_values, max_size=2)


@st.composite
def wire_segments(draw: st.DrawFn) -> dict[str, Any]:
    seg: dict[str, Any] = {"s": draw(ms), "d": draw(ms)}
    if draw(st.booleans()):
        seg["src"] = draw(st.text(min_size=1, max_size=10))
    if draw(st.booleans()):
        seg["in"] = draw(ms)
    seg["m"] = draw(meta)
    seg.update(draw(unknown_keys({"s", "d", "src", "in", "m"})))
    return seg


@st.composite
def wire_drafts(draw: st.DrawFn) -> dict[str, Any]:
    tracks = []
    for _ in range(draw(st.integers(0, 4))):
        track: dict[str, Any] = {
            "tt": draw(st.sampled_from([0, 1, 7])),
            "sg": draw(st.lists(wire_segments(), max_size=4)),
            "m": draw(meta),
        }
        track.update(draw(unknown_keys({"tt", "sg", "m"})))
        tracks.append(track)
    draft: dict[str, Any] = {"t": tracks, "d": draw(ms), "m": draw(meta)}
    draft.update(draw(unknown_keys({"t", "d", "m"})))
    return draft


@given(wire_drafts())
def test_wire_draft_round_trips_exactly(wire: dict[str, Any]) -> None:
    assert Draft.from_wire(wire).to_wire() == wire


@given(wire_drafts())
def test_typed_draft_round_trips_through_wire(wire: dict[str, Any]) -> None:
    draft = Draft.from_wire(wire)
    assert Draft.from_wire(draft.to_wire()) == draft


@pytest.mark.parametrize(
    ("wire", "field"),
    [
        ({"t": "nope"}, "t"),
        ({"t": [{"tt": 3, "sg": []}]}, "t[0].tt"),
        ({"t": [{"tt": 0, "sg": [{"s": -5, "d": 10}]}]}, "t[0].sg[0].s"),
        ({"t": [{"tt": 0, "sg": [{"s": 0, "d": "long"}]}]}, "t[0].sg[0].d"),
        ({"t": [{"tt": 1, "sg": [{"s": 0, "d": 5, "src": 7}]}]}, "t[0].sg[0].src"),
        ({"t": [], "m": []}, "m"),
        ({"t": [], "d": float("nan")}, "d"),
    ],
)
def test_malformed_draft_names_the_field(wire: dict[str, Any], field: str) -> None:
    with pytest.raises(DraftFormatError) as info:
        Draft.from_wire(wire)
    assert info.value.field == field
    assert field in str(info.value)


def test_summary_reads_as_one_line() -> None:
    draft = Draft(
        tracks=(
            Track(TrackType.VIDEO, (Segment(0, 10_000, "m1", 0, {"name": "city timelapse"}),)),
            Track(TrackType.AUDIO, (Segment(0, 10_000, "m2", 0),), {"name": "Lo-fi", "role": "bgm", "volume": 0.35}),
            Track(TrackType.TEXT, (Segment(0, 3_000, meta={"text": "Urban Dreams", "role": "title"}),)),
        ),
        duration_ms=10_000,
    )
    assert summarize(draft) == (
        "Timeline (3 tracks): 1. Video: city timelapse (0-10s) 2. Background music: Lo-fi (0-10s, 35%) "
        '3. Title: "Urban Dreams" (0-3s)'
    )


def test_empty_draft_summary_says_empty() -> None:
    assert summarize(Draft.empty()) == "Timeline (0 tracks): empty"
