"""Tokens: anonymous ones tied to a stored client id, refreshed once (single-flight) on 1001; user tokens never."""

from __future__ import annotations

import asyncio
import json
import stat
import threading
import uuid
from pathlib import Path

import httpx
import pytest

from nemo_notebook.client import AsyncClient, AuthError, Client, RateLimited
from nemo_notebook.engine import RunningEngine
from nemo_notebook.protocol import paths

from .fakecloud import FakeCloud, answer


def _anonymous_tokens(cloud: FakeCloud, *tokens: str) -> None:
    handlers = [
        lambda r, t=t: answer({"token": t, "credits": 100, "expires_at": "2030-01-01T00:00:00Z"}) for t in tokens
    ]
    cloud.route("POST", paths.ANONYMOUS_TOKEN, *handlers)


def _bearer(request: httpx.Request) -> str:
    return str(request.headers.get("Authorization", "")).removeprefix("Bearer ")


def test_anonymous_token_and_client_id_survive_a_restart(real_engine: RunningEngine, client_home: Path) -> None:
    with Client(base_url=real_engine.url, home=client_home) as first:
        first_session = first.sessions.create()
    saved = json.loads((client_home / "client.json").read_text())
    assert uuid.UUID(saved["client_id"]).version == 4
    assert stat.S_IMODE((client_home / "client.json").stat().st_mode) == 0o600
    with Client(base_url=real_engine.url, home=client_home) as second:  # the engine would answer 429 to a new ask
        assert second.sessions.get(first_session.id).id == first_session.id
    assert json.loads((client_home / "client.json").read_text()) == saved


def test_a_user_token_the_server_refuses_stops_with_what_to_do(real_engine: RunningEngine, client_home: Path) -> None:
    client = Client(base_url=real_engine.url, token="not-the-engine-token", home=client_home)
    with client, pytest.raises(AuthError) as caught:
        client.credits()
    assert caught.value.code == 1001 and caught.value.status == 401 and "NEMO_TOKEN" in caught.value.hint
    assert not (client_home / "client.json").exists()


def test_an_anonymous_token_expiring_mid_session_is_replaced_once(tmp_path: Path, cloud: FakeCloud) -> None:
    _anonymous_tokens(cloud, "anon-1", "anon-2")

    def state(request: httpx.Request) -> httpx.Response:
        if _bearer(request) == "anon-1":
            return answer(code=1001, status=401)
        return answer({"state": {"draft": None, "version": 3}, "bind_id": "b1"})

    cloud.route("GET", paths.state("s1"), state)
    with cloud.client(tmp_path, token=None) as client:
        session = client.sessions.create()
        assert session.state().version == 3
    anonymous = [r for r in cloud.requests if r.url.path == paths.ANONYMOUS_TOKEN]
    assert len(anonymous) == 2 and len({r.headers[paths.HEADER_CLIENT_ID] for r in anonymous}) == 1
    assert [_bearer(r) for r in cloud.requests if r.url.path == paths.state("s1")] == ["anon-1", "anon-2"]
    assert (
        json.loads((tmp_path / "client.json").read_text())["anonymous_tokens"][paths.CLOUD_BASE_URL]["token"]
        == "anon-2"
    )


@pytest.mark.parametrize("flavour", ["sync"])  # threads share one blocking client; the async twin is below
def test_many_threads_seeing_an_expired_token_fetch_one_new_one(tmp_path: Path, cloud: FakeCloud) -> None:
    _anonymous_tokens(cloud, "anon-1", "anon-2", "anon-3")
    barrier = threading.Barrier(6)

    def credits(request: httpx.Request) -> httpx.Response:
        if _bearer(request) == "anon-1":
            barrier.wait(timeout=10)
            return answer(code=1001, status=401)
        return answer({"available": 5, "frozen": 0, "total": 5})

    cloud.route("GET", paths.CREDITS, credits)
    results: list[int] = []
    with cloud.client(tmp_path, token=None) as client:
        client._core.token()  # the first token, before the race
        threads = [threading.Thread(target=lambda: results.append(client.credits().available)) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(20)
    assert results == [5] * 6
    assert cloud.paths_called("POST").count(paths.ANONYMOUS_TOKEN) == 2


def test_many_tasks_seeing_an_expired_token_fetch_one_new_one(tmp_path: Path) -> None:
    cloud = FakeCloud()
    _anonymous_tokens(cloud, "anon-1", "anon-2", "anon-3")
    cloud.route("GET", paths.CREDITS, lambda r: _credits_unless_expired(r, "anon-1"))

    async def main() -> list[int]:
        transport = httpx.MockTransport(cloud)
        async with AsyncClient(backend="cloud", home=tmp_path, transport=transport) as client:
            await client._core.token()  # the first token, before the race
            return [c.available for c in await asyncio.gather(*(client.credits() for _ in range(6)))]

    assert asyncio.run(main()) == [5] * 6
    assert cloud.paths_called("POST").count(paths.ANONYMOUS_TOKEN) == 2


def _credits_unless_expired(request: httpx.Request, expired: str) -> httpx.Response:
    if _bearer(request) == expired:
        return answer(code=1001, status=401)
    return answer({"available": 5, "frozen": 0, "total": 5})


def test_a_refused_client_id_is_replaced_by_a_new_uuid(tmp_path: Path, cloud: FakeCloud) -> None:
    ok = answer({"token": "anon-1", "credits": 100, "expires_at": "2030-01-01T00:00:00Z"})
    cloud.route("POST", paths.ANONYMOUS_TOKEN, lambda r: answer(code=400, status=400), lambda r: ok)
    with cloud.client(tmp_path, token=None) as client:
        client.sessions.create()
    ids = [r.headers[paths.HEADER_CLIENT_ID] for r in cloud.requests if r.url.path == paths.ANONYMOUS_TOKEN]
    assert len(set(ids)) == 2 and all(uuid.UUID(i).version == 4 for i in ids)
    assert json.loads((tmp_path / "client.json").read_text())["client_id"] == ids[1]


def test_rate_limited_waits_retry_after_then_tries_once_more(tmp_path: Path, cloud: FakeCloud) -> None:
    ok = answer({"available": 9, "frozen": 1, "total": 10})
    limited = answer(code=429, status=429, headers={"Retry-After": "7"})
    cloud.route("GET", paths.CREDITS, lambda r: limited, lambda r: ok)
    slept: list[float] = []
    with cloud.client(tmp_path) as client:
        client._core.sleep = slept.append
        credits = client.credits()
    assert (credits.available, credits.frozen, credits.total) == (9, 1, 10) and slept == [7.0]


def test_rate_limited_without_retry_after_waits_30_seconds_and_gives_up_after_one_retry(
    tmp_path: Path, cloud: FakeCloud
) -> None:
    cloud.route("GET", paths.CREDITS, lambda r: answer(code=429, status=429))
    slept: list[float] = []
    with cloud.client(tmp_path) as client:
        client._core.sleep = slept.append
        with pytest.raises(RateLimited) as caught:
            client.credits()
    assert slept == [30.0] and caught.value.retry_after_s == 30.0 and "wait 30 s" in caught.value.hint
