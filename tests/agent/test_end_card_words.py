"""The end card in words ("add an end card", "an end card saying 'Out now'", "remove the end card"): the draft's
``m.end_card`` takes the title and artist its credit names, and the user's line only where they gave one."""

from __future__ import annotations

import pytest

from nemo_notebook.engine.agent.describe import describe
from nemo_notebook.engine.agent.edits import apply
from nemo_notebook.engine.agent.errors import EditError
from nemo_notebook.engine.agent.message import prepare
from nemo_notebook.engine.agent.operations import SetEndCard
from nemo_notebook.engine.agent.parse import parse_ops
from nemo_notebook.protocol import Draft


def _draft(credit: str | None = "Midnight Drive — The Night Band") -> Draft:
    tracks: list[dict[str, object]] = [
        {"tt": 0, "m": {"role": "visuals"}, "sg": [{"s": 0, "d": 10_000, "src": "c", "in": 0, "m": {}}]},
        {"tt": 1, "m": {"role": "music"}, "sg": [{"s": 0, "d": 10_000, "src": "m", "in": 0}]},
    ]
    if credit:
        text = {"s": 0, "d": 10_000, "m": {"text": credit, "role": "title", "layout": "cover"}}
        tracks.append({"tt": 7, "m": {}, "sg": [text]})
    return Draft.from_wire({"t": tracks, "d": 10_000, "m": {"aspect": "16:9", "fps": 30, "cover_design": "ring"}})


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("add an end card", SetEndCard()),
        ("put an end screen at the end", SetEndCard()),
        ("add an outro card saying 'Out now everywhere'", SetEndCard(line="Out now everywhere")),
        ("加个片尾卡", SetEndCard()),
        ("remove the end card", SetEndCard(enabled=False)),
        ("no end card please", SetEndCard(enabled=False)),
        ("make the final title bigger", None),  # a title's edit, not a card
        ("片尾淡出", None),  # a fade at the end
    ],
)
def test_end_card_words(words: str, expected: SetEndCard | None) -> None:
    ops, unknown = parse_ops(prepare(words))
    if expected is None:
        assert not any(isinstance(op, SetEndCard) for op in ops), ops
    else:
        assert ops == [expected] and not unknown, (ops, unknown)


def test_the_card_takes_the_credit_and_only_the_users_line() -> None:
    plain = apply(SetEndCard(), _draft())
    assert plain.meta["end_card"] == {"title": "Midnight Drive", "artist": "The Night Band"}  # no invented line
    said = apply(SetEndCard(line="Out now everywhere"), _draft())
    assert said.meta["end_card"] == {
        "title": "Midnight Drive",
        "artist": "The Night Band",
        "line": "Out now everywhere",
    }
    assert "last 3 s: Midnight Drive / The Night Band / Out now everywhere" in describe(
        SetEndCard(), _draft(), said, "en"
    )
    removed = apply(SetEndCard(enabled=False), said)
    assert "end_card" not in removed.meta and "no end card" in describe(SetEndCard(enabled=False), said, removed, "en")
    untitled = apply(SetEndCard(), _draft("Midnight Drive"))
    assert untitled.meta["end_card"] == {"title": "Midnight Drive"}  # no artist line where none is known


def test_a_card_with_nothing_to_show_says_what_to_do() -> None:
    with pytest.raises(EditError, match="give it a title first"):
        apply(SetEndCard(), _draft(None))
    assert apply(SetEndCard(line="Out now"), _draft(None)).meta["end_card"] == {"line": "Out now"}
