from __future__ import annotations

import itertools
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from nemo_notebook.client._sse import SSEComment, SSEDecoder, SSEItem, SSEMessage


def decode(chunks: list[bytes]) -> list[SSEItem]:
    decoder = SSEDecoder()
    out = [item for chunk in chunks for item in decoder.feed(chunk)]
    return out + decoder.end()


def split_at(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({0, len(data), *(c % (len(data) + 1) for c in cuts)})
    return [data[a:b] for a, b in itertools.pairwise(points)]


def test_lines_end_with_cr_lf_or_crlf() -> None:
    data = b"data: a\r\n\r\ndata: b\n\ndata: c\r\rdata: d\r\n\n"
    assert [m.data for m in decode([data]) if isinstance(m, SSEMessage)] == ["a", "b", "c", "d"]


def test_data_lines_join_with_lf_and_fields_are_read() -> None:
    data = b"event: update\nid: 7\nretry: 1500\ndata: one\ndata:two\ndata\n\n"
    assert decode([data]) == [SSEMessage("one\ntwo\n", "update", "7", 1500)]


def test_comments_are_heartbeats_and_empty_data_dispatches() -> None:
    assert decode([b": ping\n\ndata:\n\n"]) == [SSEComment("ping"), SSEMessage("")]


def test_u2028_inside_json_does_not_split_the_event() -> None:
    payload = json.dumps({"text": "line\u2028separator\u0085next\u2029"}, ensure_ascii=False).encode()
    items = decode([b"data: " + payload + b"\n\n"])
    assert [json.loads(m.data)["text"] for m in items if isinstance(m, SSEMessage)] == [
        "line\u2028separator\u0085next\u2029"
    ]


def test_a_cr_lf_split_across_chunks_is_one_line_end() -> None:
    assert decode([b"data: a\r", b"\n", b"\r", b"\ndata: b\n\n"]) == [SSEMessage("a"), SSEMessage("b")]


def test_an_event_without_its_blank_line_is_dropped_at_the_end() -> None:
    assert decode([b"data: complete\n\ndata: cut off\n"]) == [SSEMessage("complete")]
    assert decode([b"data: complete\n\ndata: cut"]) == [SSEMessage("complete")]


def test_a_leading_byte_order_mark_is_ignored() -> None:
    assert decode([b"\xef\xbb", b"\xbfdata: x\n\n"]) == [SSEMessage("x")]


texts = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40)
events = st.lists(st.one_of(texts.map(lambda t: ("data", t)), st.just(("comment", "ping"))), max_size=8)
newlines = st.sampled_from([b"\n", b"\r", b"\r\n"])


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(events=events, newline=newlines, cuts=st.lists(st.integers(min_value=0), max_size=30))
def test_any_chunking_and_line_ending_gives_the_same_events(
    events: list[tuple[str, str]], newline: bytes, cuts: list[int]
) -> None:
    wire = b""
    expected: list[SSEItem] = []
    for kind, text in events:
        if kind == "comment":
            wire += b": " + text.encode() + newline
            expected.append(SSEComment(text))
            continue
        payload = json.dumps({"text": text}, ensure_ascii=False)
        wire += b"data: " + payload.encode() + newline + newline
        expected.append(SSEMessage(payload))
    assert decode(split_at(wire, cuts)) == expected


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(st.binary(max_size=200), st.lists(st.integers(min_value=0), max_size=20))
def test_arbitrary_bytes_never_break_the_decoder(data: bytes, cuts: list[int]) -> None:
    assert decode(split_at(data, cuts)) == decode([data])
