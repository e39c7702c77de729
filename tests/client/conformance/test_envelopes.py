"""Error envelopes wherever the hosted service may put them: as the answer with HTTP 200 or with API.md's status, as
the first event of a ``/run_sse`` stream, or in the middle of one. 1001 gets a new anonymous token and one more try,
only while the agent has done nothing; 1002 says to start a new session; 2001 gives an anonymous user the
registration link, its bind id read from the state when the create answer had none."""

from __future__ import annotations

from typing import Any

import pytest

from nemo_notebook.client import AuthError, OutOfCredits, SessionNotFound
from nemo_notebook.protocol import paths

from .hosted import SESSION, HostedService, Wording

BEFORE_THE_AGENT = [("answer", 200), ("answer", 401), ("first event", 200)]
EVERYWHERE = [*BEFORE_THE_AGENT, ("mid-stream", 200)]
LINK = "https://nemovideo.ai/register?bind=bind-42"
WORDS = {"answer": "from the service", "first event": "in the stream", "mid-stream": "in the stream"}


def _ids(cases: list[tuple[str, int]]) -> list[str]:
    return [f"{where}-{status}" for where, status in cases]


@pytest.mark.parametrize(("where", "status"), BEFORE_THE_AGENT, ids=_ids(BEFORE_THE_AGENT))
def test_an_expired_anonymous_token_before_the_agent_acted_is_renewed_and_the_message_sent_again(
    hosted: HostedService, anonymous: Any, where: str, status: int
) -> None:
    session = anonymous.sessions.create()
    hosted.fail(paths.RUN_SSE, 1001, status, where)
    reply = session.send("add a title")
    assert reply.text == "Added a title." and reply.complete
    sends = [r for r in hosted.requests if r.url.path == paths.RUN_SSE]
    assert [r.headers["Authorization"] for r in sends] == ["Bearer anon-token-1", "Bearer anon-token-2"]


def test_an_expired_token_after_the_agent_spoke_is_not_sent_again(hosted: HostedService, anonymous: Any) -> None:
    session = anonymous.sessions.create()
    hosted.fail(paths.RUN_SSE, 1001, 200, "mid-stream")
    with pytest.raises(AuthError) as caught:
        session.send("add a title")
    assert caught.value.message == "error 1001 in the stream" and caught.value.status == 200
    assert hosted.called(paths.RUN_SSE) == 1


@pytest.mark.parametrize(("where", "status"), EVERYWHERE, ids=_ids(EVERYWHERE))
def test_the_users_own_token_refused_says_to_check_it(
    hosted: HostedService, user: Any, where: str, status: int
) -> None:
    session = user.sessions.create()
    hosted.fail(paths.RUN_SSE, 1001, status, where)
    with pytest.raises(AuthError) as caught:
        session.send("add a title")
    assert caught.value.message == f"the hosted service did not accept the token: error 1001 {WORDS[where]}"
    assert caught.value.hint.startswith("check NEMO_TOKEN") and hosted.called(paths.RUN_SSE) == 1
    assert "user-token" not in str(caught.value) + repr(caught.value)


@pytest.mark.parametrize(("where", "status"), [*EVERYWHERE, ("answer", 404)], ids=_ids([*EVERYWHERE, ("answer", 404)]))
def test_a_lost_session_says_to_start_a_new_one(hosted: HostedService, user: Any, where: str, status: int) -> None:
    session = user.sessions.create()
    hosted.fail(paths.RUN_SSE, 1002, status, where)
    with pytest.raises(SessionNotFound) as caught:
        session.send("add a title")
    assert caught.value.message == f"error 1002 {WORDS[where]}" and caught.value.code == 1002
    assert caught.value.hint == "start a new session with client.sessions.create()"
    assert hosted.called(paths.RUN_SSE) == 1


@pytest.mark.parametrize(("where", "status"), [*EVERYWHERE, ("answer", 402)], ids=_ids([*EVERYWHERE, ("answer", 402)]))
def test_out_of_credits_gives_an_anonymous_user_the_link_with_the_bind_id_from_the_state(
    hosted: HostedService, anonymous: Any, where: str, status: int
) -> None:
    hosted.wording = Wording(optional=False)  # the create answer has no bind_id
    session = anonymous.sessions.create()
    assert session.bind_id is None
    hosted.fail(paths.RUN_SSE, 2001, status, where)
    with pytest.raises(OutOfCredits) as caught:
        session.send("add a title")
    assert caught.value.bind_url == LINK and caught.value.hint == f"register to get more credits: {LINK}"
    assert caught.value.message == f"error 2001 {WORDS[where]}" and hosted.called(paths.RUN_SSE) == 1


def test_out_of_credits_tells_a_registered_user_to_top_up(hosted: HostedService, user: Any) -> None:
    session = user.sessions.create()
    hosted.fail(paths.RUN_SSE, 2001, 200, "first event")
    with pytest.raises(OutOfCredits) as caught:
        session.send("add a title")
    assert caught.value.bind_url is None and caught.value.hint == "top up your credits"


@pytest.mark.parametrize("status", [200, 402])
def test_out_of_credits_on_upload_and_export_has_the_link_too(
    hosted: HostedService, anonymous: Any, tmp_path: Any, status: int
) -> None:
    hosted.wording = Wording(optional=False)
    session = anonymous.sessions.create()
    track = tmp_path / "track.mp3"
    track.write_bytes(b"ID3\x03" + bytes(64))
    hosted.fail(paths.upload(SESSION), 2001, status)
    with pytest.raises(OutOfCredits) as upload:
        session.upload(track)
    hosted.draft = {"t": [{"tt": 7, "sg": [{"s": 0, "d": 1000, "m": {"text": "Hi"}}]}], "d": 1000, "m": {}}
    hosted.fail(paths.RENDER, 2001, status)
    with pytest.raises(OutOfCredits) as export:
        session.export()
    assert upload.value.bind_url == export.value.bind_url == LINK


@pytest.mark.parametrize("path", [paths.CREDITS, paths.state(SESSION)])
def test_an_expired_anonymous_token_on_a_call_answered_with_http_200_is_renewed(
    hosted: HostedService, anonymous: Any, path: str
) -> None:
    session = anonymous.sessions.create()
    hosted.fail(path, 1001, 200)
    result = anonymous.credits() if path == paths.CREDITS else session.state()
    assert result is not None and hosted.tokens_issued == 2


@pytest.mark.parametrize("status", [200, 404])
def test_a_lost_session_on_state_upload_or_export_is_the_same_error(
    hosted: HostedService, user: Any, status: int
) -> None:
    session = user.sessions.create()
    hosted.fail(paths.state(SESSION), 1002, status)
    with pytest.raises(SessionNotFound) as caught:
        session.summary()
    assert caught.value.message == "error 1002 from the service" and caught.value.status == status


@pytest.mark.parametrize(("where", "status"), [("answer", 429), ("first event", 200)])
def test_a_rate_limit_before_the_agent_acted_waits_and_sends_again(
    hosted: HostedService, user: Any, slept: list[float], where: str, status: int
) -> None:
    session = user.sessions.create()
    hosted.fail(paths.RUN_SSE, 429, status, where)
    assert session.send("add a title").text == "Added a title."
    assert slept == [30.0] and hosted.called(paths.RUN_SSE) == 2
