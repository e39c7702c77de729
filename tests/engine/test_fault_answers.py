"""What an answer may say when something fails (issue 24): never an exception's own words, nor a path on the engine's
machine. An unexpected fault is answered with what failed and a short reference; the log holds the reference beside
the traceback. An engine error a person can act on keeps its words, less the paths."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from nemo_notebook.engine.agent.context import Intent
from nemo_notebook.protocol import paths

from .conftest import ScriptedAgent, chat_body, client_for, new_session, running_engine, sse_events
from .test_render_queue import export_body, wait_for

REFERENCE = re.compile(r"\berr_[0-9a-f]{8}\b")
ABSOLUTE_PATH = re.compile(r"(?<![\w.:/-])/(?!api/)[^\s/'\"]+/")


class _CrashingAgent(ScriptedAgent):
    def interpret(self, text: str, ctx: Any) -> Intent:
        if text.startswith("crash"):
            raise KeyError("/srv/nemo/secret-table.json is missing")
        return super().interpret(text, ctx)


def _logged_with_traceback(caplog: pytest.LogCaptureFixture, reference: str) -> bool:
    return any(reference in r.getMessage() and r.exc_info is not None for r in caplog.records)


def _reference(message: str) -> str:
    found = REFERENCE.search(message)
    assert found, message
    return found.group()


def test_an_unexpected_fault_is_5000_with_a_reference_to_the_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="nemo_notebook")
    with running_engine(tmp_path / "home", agent=_CrashingAgent()) as engine, client_for(engine) as api:
        answer = api.post(paths.RUN_SSE, json=chat_body(new_session(api), "crash"))
    assert answer.status_code == 500 and answer.json()["code"] == 5000
    message = answer.json()["message"]
    assert message.startswith("starting the chat turn failed") and "engine's log" in message
    for told in ("KeyError", "secret-table", "/srv/nemo", "Traceback"):
        assert told not in message, message
    assert _logged_with_traceback(caplog, _reference(message))


def test_a_turn_that_breaks_says_so_with_a_reference_and_not_the_exceptions_words(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="nemo_notebook")
    with running_engine(tmp_path / "home", agent=ScriptedAgent()) as engine, client_for(engine) as api:
        sid = new_session(api)
        with api.stream("POST", paths.RUN_SSE, json=chat_body(sid, "boom")) as streamed:
            found, _ = sse_events(streamed)
    words = [e["content"]["parts"][0]["text"] for e in found if "content" in e and not e["partial"]]
    assert "could not finish" in words[1] and "Nothing was changed" in words[1]
    assert "caught fire" not in words[1] and "RuntimeError" not in words[1], words[1]
    assert _logged_with_traceback(caplog, _reference(words[1]))


def test_a_render_that_fails_names_no_path_on_the_engines_machine(tmp_path: Path) -> None:
    with running_engine(tmp_path / "home") as engine, client_for(engine) as api:
        sid = new_session(api)
        shutil.rmtree(engine.settings.home / "renders")  # "old exports in the engine's renders folder can go"
        assert api.post(paths.RENDER, json=export_body(sid, "render_bad", 500)).status_code == 200
        job = wait_for(api, "render_bad", "completed", "failed")
        download = api.get(paths.render_output("render_bad"))
    assert job["status"] == "failed" and job["error"].startswith("rendering failed: cannot write render_bad.mp4"), job
    assert download.status_code == 404 and "cannot write render_bad.mp4" in download.json()["message"]
    for said in (job["error"], download.json()["message"]):
        assert str(tmp_path) not in said and not ABSOLUTE_PATH.search(said), said


def test_a_refusal_keeps_its_words_and_only_the_base_name_of_a_path() -> None:
    import json

    from nemo_notebook.engine.errors import MediaError
    from nemo_notebook.engine.http.refusals import error_response, refusal_for

    refusal = refusal_for(MediaError("/home/ann/.local/share/nemo/media/ses_1/a.mp3 does not exist or is not a file"))
    assert refusal is not None
    body = json.loads(bytes(error_response(refusal).body))
    assert (body["code"], body["message"]) == (4001, "a.mp3 does not exist or is not a file")
