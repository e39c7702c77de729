"""A server's judge of draft values: the vocabulary's types and ranges, naming the field; unknown keys pass."""

from __future__ import annotations

import doctest
from typing import Any

import pytest

from nemo_notebook.protocol import Draft, DraftFormatError, draft_values
from nemo_notebook.protocol.draft_values import check_values


def _draft(segment_meta: dict[str, Any] | None = None, **top: Any) -> Draft:
    segment = {"s": 0, "d": 1000, "src": "med_1", "in": 0, "m": segment_meta or {}}
    return Draft.from_wire({"t": [{"tt": 1, "sg": [segment], "m": {"role": "music"}}], "d": 1000, **top})


@pytest.mark.parametrize(
    ("draft", "field"),
    [
        (_draft({"volume": "loud"}), "draft.t[0].sg[0].m.volume"),
        (_draft({"volume": True}), "draft.t[0].sg[0].m.volume"),
        (_draft({"fade_in_ms": float("nan")}), "draft.t[0].sg[0].m.fade_in_ms"),
        (_draft({"fade_out_ms": float("inf")}), "draft.t[0].sg[0].m.fade_out_ms"),
        (_draft({"style": {"size": -5}}), "draft.t[0].sg[0].m.style.size"),
        (_draft({"style": "big"}), "draft.t[0].sg[0].m.style"),
        (_draft({"text": "a\x00b"}), "draft.t[0].sg[0].m.text"),
        (_draft({"colors": ["#fff", 3]}), "draft.t[0].sg[0].m.colors[1]"),
        (_draft({"opacity": 1.5}), "draft.t[0].sg[0].m.opacity"),
        (_draft(m={"aspect": "4:3"}), "draft.m.aspect"),
        (_draft(m={"loudnorm": "yes"}), "draft.m.loudnorm"),
        (_draft(d=0), "draft.d"),
    ],
)
def test_values_that_cannot_render_are_refused_naming_the_field(draft: Draft, field: str) -> None:
    with pytest.raises(DraftFormatError) as caught:
        check_values(draft)
    assert str(caught.value).startswith(field + ":"), str(caught.value)


def test_a_segment_of_no_length_is_refused() -> None:
    wire = {"t": [{"tt": 0, "sg": [{"s": 0, "d": 0, "src": "med_1"}]}], "d": 1000}
    with pytest.raises(DraftFormatError, match=r"draft\.t\[0\]\.sg\[0\]\.d: must be more than 0"):
        check_values(Draft.from_wire(wire))


def test_what_the_engine_writes_passes() -> None:
    meta = {"volume": 0.35, "fade_in_ms": 500, "text": "Urban\nDreams", "style": {"size": 110, "color": "#ffffff"},
            "future_key": {"anything": [1, 2]}, "role": None}  # fmt: skip
    check_values(_draft(meta, m={"aspect": "9:16", "fps": 30, "bpm": 0.0, "beats_ms": [0, 500]}))
    check_values(Draft.from_wire({"t": [], "d": 0}))  # empty: refused elsewhere for having nothing to export


def test_the_module_examples_hold() -> None:
    assert doctest.testmod(draft_values).failed == 0
