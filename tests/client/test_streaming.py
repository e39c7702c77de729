"""Chat streams from the real engine, driven by a scripted agent: silences, heartbeats, screen words, no-text turns,
busy sessions, credits, readers that stop early."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from nemo_notebook.client import (
    ChatLimits,
    Client,
    Conflict,
    Heartbeat,
    Message,
    OutOfCredits,
    StateChanged,
    TextDelta,
    Timeout,
)
from nemo_notebook.engine import RunningEngine

from .conftest import ScriptedAgent, _start


def test_pieces_arrive_as_deltas_and_end_as_one_message(scripted: Client) -> None:
    session = scripted.sessions.create()
    events = list(session.chat("say Hello, |line\u2028two|and done."))
    deltas = [e.text for e in events if isinstance(e, TextDelta)]
    assert "".join(deltas) == "Hello, line\u2028twoand done."
    assert [e.text for e in events if isinstance(e, Message)] == ["Hello, line\u2028twoand done."]


def test_screen_words_are_rewritten_into_what_the_notebook_can_do(scripted: Client) -> None:
    session = scripted.sessions.create()
    reply = session.send("say Your video is ready. Click |Export to |download it, or preview in the |timeline.")
    assert "Click" not in reply.text and "`session.export()`" in reply.text and "`%nemo export`" in reply.text
    assert "`session.timeline()`" in reply.text
    zh = session.send("say 点击导|出按钮即可下载，拖拽片段到3秒")
    assert "`%nemo export`" in zh.text and "点击" not in zh.text and "拖拽" not in zh.text


def test_a_turn_without_words_is_told_from_the_change_in_the_draft(scripted: Client) -> None:
    session = scripted.sessions.create()
    events = list(session.chat("silent title"))
    assert any(isinstance(e, StateChanged) and e.version == 1 for e in events)
    message = [e for e in events if isinstance(e, Message)][-1]
    assert message.synthesized and 'added Title: "Urban Dreams" (0-3s)' in message.text
    assert "".join(e.text for e in events if isinstance(e, TextDelta)) == message.text


def test_heartbeats_say_how_long_the_agent_has_been_silent(scripted: Client) -> None:
    scripted.chat_limits = ChatLimits(still_working_after_s=0.6)
    session = scripted.sessions.create()
    beats = [e for e in session.chat("wait 1.2") if isinstance(e, Heartbeat)]
    assert len(beats) >= 3
    assert [b.silent_for_s for b in beats] == sorted(b.silent_for_s for b in beats)
    assert not beats[0].still_working and beats[-1].still_working


def test_heartbeats_do_not_keep_a_silent_agent_alive_forever(scripted: Client) -> None:
    scripted.chat_limits = ChatLimits(silence_timeout_s=0.4)
    session = scripted.sessions.create()
    started = time.monotonic()
    with pytest.raises(Timeout, match="no words"):
        list(session.chat("wait 30"))
    assert time.monotonic() - started < 5


def test_the_total_deadline_ends_a_turn(scripted: Client) -> None:
    scripted.chat_limits = ChatLimits(deadline_s=0.4)
    session = scripted.sessions.create()
    with pytest.raises(Timeout, match="longer than"):
        list(session.chat("wait 30"))


def test_a_reader_that_stops_early_frees_the_session(scripted: Client) -> None:
    session = scripted.sessions.create()
    stream = session.chat("wait 30")
    assert isinstance(next(stream), Heartbeat)
    stream.close()
    deadline = time.monotonic() + 5
    while True:  # the engine notices the closed connection and cancels the turn
        try:
            assert session.send("say free again").text == "free again"
            break
        except Conflict:
            assert time.monotonic() < deadline
            time.sleep(0.05)


def test_a_second_message_while_one_runs_is_a_conflict(scripted: Client) -> None:
    session = scripted.sessions.create()
    first = session.chat("wait 10")
    next(first)
    with pytest.raises(Conflict) as caught:
        session.send("say too soon")
    assert caught.value.code == 4009 and caught.value.status == 409
    first.close()


def test_chat_from_many_threads_on_separate_sessions(scripted: Client) -> None:
    sessions = [scripted.sessions.create() for _ in range(4)]
    replies: dict[str, str] = {}

    def talk(index: int) -> None:
        replies[sessions[index].id] = sessions[index].send(f"say number {index}").text

    threads = [threading.Thread(target=talk, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(replies.values()) == [f"number {i}" for i in range(4)]


def test_out_of_credits_names_the_registration_link_for_anonymous_users(tmp_path: Path, client_home: Path) -> None:
    engine: RunningEngine = _start(tmp_path / "poor", agent=ScriptedAgent(), credit_quota=0)
    try:
        with Client(base_url=engine.url, home=client_home) as anonymous:
            session = anonymous.sessions.create()
            with pytest.raises(OutOfCredits) as caught:
                session.send("cost 5 say expensive")
        assert caught.value.code == 2001 and caught.value.status == 402
        assert caught.value.bind_url and caught.value.bind_url.endswith(f"?bind={session.bind_id}")
        assert caught.value.bind_url in caught.value.hint
        owner = Client(base_url=engine.url, token=engine.token, home=client_home)
        with owner, pytest.raises(OutOfCredits) as again:
            owner.sessions.create().send("cost 5 say expensive")
        assert again.value.bind_url is None and "top up" in again.value.hint
    finally:
        engine.stop()
