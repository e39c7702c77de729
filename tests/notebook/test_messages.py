"""Errors become one readable line with what to do, and never carry a token."""

from __future__ import annotations

import pytest

from nemo_notebook.client import (
    AuthError,
    MediaTooLarge,
    NemoError,
    OutOfCredits,
    SessionNotFound,
    StreamError,
    UnsupportedMedia,
)
from nemo_notebook.notebook.messages import describe, one_line

TOKEN = "nmo_9f8e7d6c5b4a39281706f5e4d3c2b1a0ffee"


@pytest.mark.parametrize(
    ("error", "says"),
    [
        (SessionNotFound("session not found", code=1002, status=404), "%nemo session new"),
        (UnsupportedMedia("notes.mp3 is not audio", code=4001, status=415), "mp3"),
        (MediaTooLarge("file too large", code=4002, status=413), "500 MB"),
        (OutOfCredits("out of credits", code=2001, status=402, bind_url="https://x.example/?bind=b1"), "?bind=b1"),
        (AuthError("token expired", code=1001, status=401), "NEMO_TOKEN"),
        (StreamError("the answer broke off", hint="check the connection and try again"), "Check the connection"),
    ],
)
def test_each_error_is_one_line_saying_what_to_do(error: NemoError, says: str) -> None:
    line = describe(error)
    assert "\n" not in line
    assert says in line
    assert line[0].isupper()


def test_tokens_are_cut_out_of_messages() -> None:
    line = describe(NemoError(f"rejected Bearer {TOKEN}\nwith token {TOKEN}"))
    assert TOKEN not in line and "Bearer nmo" not in line
    assert one_line(f"x {TOKEN} y") == "x [hidden] y"


def test_ordinary_words_and_ids_are_kept() -> None:
    text = "session ses_0f08f92904526838f71670f1 has no render render_1763700000000 (token expired)"
    assert one_line(text) == text


def test_long_file_names_are_not_mistaken_for_tokens() -> None:
    text = "big-buck-bunny-30s-compressed-final-version.mp4 is not supported"
    assert one_line(text) == text


def test_the_users_own_token_is_hidden_whatever_its_shape(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEMO_TOKEN", "short-but-secret")
    assert "short-but-secret" not in describe(NemoError("bad token short-but-secret"))
