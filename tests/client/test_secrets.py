"""A token never shows: not in a repr, a str, an exception, a log record or a warning."""

from __future__ import annotations

import logging
import traceback
import warnings
from pathlib import Path

import pytest

from nemo_notebook.client import AuthError, NemoError
from nemo_notebook.client._config import resolve
from nemo_notebook.client._flow import Send
from nemo_notebook.engine import RunningEngine

from .both import open_client

SECRET = "sk-SECRET-0123456789abcdef"


def test_no_token_in_reprs_errors_logs_or_warnings(
    real_engine: RunningEngine, client_home: Path, caplog: pytest.LogCaptureFixture, flavour: str
) -> None:
    shown: list[str] = []
    caplog.set_level(logging.DEBUG)
    with warnings.catch_warnings(record=True) as caught_warnings:
        warnings.simplefilter("always")
        for token in (SECRET, real_engine.token):
            client = open_client(flavour, base_url=real_engine.url, token=token, home=client_home)
            shown += [repr(client), str(client), repr(client._core.settings), repr(client._core.tokens.token)]
            try:
                session = client.sessions.create()
                shown += [repr(session), str(session), repr(session.state())]
                shown += [repr(session.send("add a title 'x' for 1 second"))]
            except NemoError as error:
                assert isinstance(error, AuthError)
                shown += [str(error), repr(error), error.hint, "".join(traceback.format_exception(error))]
            client.__exit__(None, None, None)
    shown += [r.getMessage() for r in caplog.records] + [str(w.message) for w in caught_warnings]
    assert len(shown) > 10
    for text in shown:
        assert SECRET not in text and real_engine.token not in text


def test_settings_hide_the_token_even_when_formatted() -> None:
    settings = resolve(token=SECRET, environ={"NEMO_HOME": "/h"})
    assert SECRET not in f"{settings} {settings!r} {settings.token} {settings.token!r}"
    assert settings.token is not None and settings.token.reveal() == SECRET


def test_a_request_a_flow_asks_for_hides_its_headers() -> None:
    send = Send("GET", "http://127.0.0.1/api", {"Authorization": f"Bearer {SECRET}"})
    assert SECRET not in f"{send} {send!r}" and send.headers["Authorization"].endswith(SECRET)
