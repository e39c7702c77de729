"""``protocol.Draft.from_wire(x).to_wire() == x`` for canonical wire drafts, including keys this version does not
know. The client relies on it: the draft it exports is the draft it read."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from nemo_notebook.protocol import Draft

ms = st.integers(min_value=0, max_value=3_600_000)
scalars = st.one_of(st.none(), st.booleans(), st.integers(-1000, 1000), st.text(max_size=10))
meta = st.dictionaries(st.sampled_from(["name", "volume", "text", "role", "effect", "style", "x-new"]), scalars)
unknown = st.dictionaries(st.sampled_from(["zz", "future", "q"]), scalars, max_size=2)


@st.composite
def segments(draw: st.DrawFn) -> dict[str, Any]:
    out: dict[str, Any] = {"s": draw(ms), "d": draw(ms)}
    if draw(st.booleans()):
        out["src"] = draw(st.text(min_size=1, max_size=12))
    if draw(st.booleans()):
        out["in"] = draw(ms)
    out["m"] = draw(meta)
    out.update(draw(unknown))
    return out


@st.composite
def tracks(draw: st.DrawFn) -> dict[str, Any]:
    out = {"tt": draw(st.sampled_from([0, 1, 7])), "sg": draw(st.lists(segments(), max_size=4)), "m": draw(meta)}
    out.update(draw(unknown))
    return out


@st.composite
def drafts(draw: st.DrawFn) -> dict[str, Any]:
    out = {"t": draw(st.lists(tracks(), max_size=4)), "d": draw(ms), "m": draw(meta)}
    out.update(draw(unknown))
    return out


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(drafts())
def test_canonical_wire_drafts_survive_a_round_trip(wire: dict[str, Any]) -> None:
    assert Draft.from_wire(wire).to_wire() == wire
