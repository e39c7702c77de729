"""Rows of the catalogue for the engine's edge (issue 14): addresses that are not global, the ``Host`` header, text
that is not text, draft values, a cut multipart body, a full disk, ids of any length.

Decisions these rows record:

- Every URL that cannot be fetched gets one answer, word for word (`UNREACHABLE`), whether its address is not
  global, its port is closed or its server speaks something else than HTTP: otherwise the answers map the ports of
  the engine's network. The address rows run under a tripwire (`no_connection`): were a refusal to fail, the
  connection would be stopped inside the process and the row would fail, so no packet leaves for a real address.
  ``test_edge_addresses`` proves the same on addresses given to ``lo`` in a network namespace of its own.
- A request addressed to another name than the engine's (DNS rebinding) is 4000 naming ``Host`` (HTTP 422): the
  envelope's code for a request that is malformed for this engine, and no route runs.
- A full disk is 5007 (HTTP 507 Insufficient Storage) saying to free space; the partial file is gone.
"""

from __future__ import annotations

import contextlib
import errno
import json
import socket
from collections.abc import Callable
from typing import IO, Any

import httpcore
import httpx
import pytest

from nemo_notebook.engine.http import multipart as engine_multipart
from nemo_notebook.engine.intake import fetch as engine_fetch
from nemo_notebook.engine.intake.fetch import UNREACHABLE
from nemo_notebook.protocol import paths

from .acts import via_public_stand_in, with_segment
from .catalogue import Accepted, Bench, Case, refused
from .harness import free_port, tcp_server, upload_bytes

UNREACHABLE_URL = refused(422, 4000, f"urls[0]: {UNREACHABLE}")
ACT = Callable[[Bench], httpx.Response]


# URLs


def no_connection(act: ACT) -> ACT:
    """``act`` with every outgoing connection of the engine's URL fetches stopped and recorded; the row fails if one
    was attempted (the refusal must come before any connection)."""

    def guarded(bench: Bench) -> httpx.Response:
        attempts: list[str] = []
        real = httpcore.AnyIOBackend.connect_tcp

        async def tripwire(self: Any, host: str, port: int, *args: Any, **kwargs: Any) -> Any:
            if host == "127.0.0.1":  # the test's own web server, standing in for a public one
                return await real(self, host, port, *args, **kwargs)
            attempts.append(f"{host}:{port}")
            raise OSError(errno.ECONNREFUSED, "stopped by the test's tripwire")

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(httpcore.AnyIOBackend, "connect_tcp", tripwire)
            answer = act(bench)
        assert attempts == [], f"the engine tried to connect to {attempts}"
        return answer

    return guarded


def url(address: str) -> ACT:
    return no_connection(lambda b: b.urls(address))


def banner_server() -> contextlib.AbstractContextManager[str]:
    """A server that greets every connection like SSH and hangs up: something that is not HTTP."""

    def greet(conn: socket.socket) -> bool:
        conn.sendall(b"SSH-2.0-OpenSSH_9.6\r\n")
        return False

    return tcp_server(greet)


def closed_port(bench: Bench) -> httpx.Response:
    return _as_public(bench, f"http://127.0.0.1:{free_port()}/song.mp3")


def not_http(bench: Bench) -> httpx.Response:
    with banner_server() as site:
        return _as_public(bench, site + "/song.mp3")


def _as_public(bench: Bench, target: str) -> httpx.Response:
    real = engine_fetch._is_public
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine_fetch, "_is_public", lambda address: address == "127.0.0.1" or real(address))
        return bench.urls(target)


# the Host header


def with_host(host: str) -> ACT:
    def act(bench: Bench) -> httpx.Response:
        return bench.api.get(paths.CREDITS, headers={"Host": host})

    return act


def credits_answered(bench: Bench, answer: httpx.Response) -> None:
    assert answer.json()["data"]["available"] >= 0


# text that is not text


def raw_chat(text_json: bytes) -> ACT:
    def act(bench: Bench) -> httpx.Response:
        body = b'{"session_id": "%s", "new_message": {"role": "user", "parts": [{"text": %s}]}}'
        return bench.raw_json(paths.RUN_SSE, body % (bench.sid.encode(), text_json))

    return act


def raw_session_name(name_json: bytes) -> ACT:
    return lambda b: b.raw_json(paths.CREATE_SESSION, b'{"task_name": %s}' % name_json)


def title(text: str, **style: Any) -> ACT:
    def act(bench: Bench) -> httpx.Response:
        draft = bench.draft()
        meta: dict[str, Any] = {"text": text, "role": "title"}
        if style:
            meta["style"] = style
        draft["t"].append({"tt": 7, "sg": [{"s": 0, "d": 1000, "m": meta}]})
        return bench.export(draft)

    return act


# draft values


def with_draft(change: Callable[[dict[str, Any]], None]) -> ACT:
    def act(bench: Bench) -> httpx.Response:
        draft = bench.draft()
        change(draft)
        return bench.export(draft)

    return act


def nan_fade(bench: Bench) -> httpx.Response:
    body = json.dumps({"sessionId": bench.sid, "draft": bench.draft()}, separators=(",", ":")).encode()
    body = body.replace(b'"volume":0.8', b'"volume":0.8,"fade_in_ms":NaN')
    assert b"NaN" in body
    return bench.raw_json(paths.RENDER, body)


# a cut multipart body, a full disk


def cut_multipart(bench: Bench) -> httpx.Response:
    """A multipart body that stops in the middle of its file: no closing boundary."""
    head = (
        b'--cut\r\nContent-Disposition: form-data; name="files"; filename="cut.mp3"\r\nContent-Type: audio/mpeg\r\n\r\n'
    )
    body = head + bench.files["tone"].read_bytes()[:20_000]
    headers = {"Content-Type": "multipart/form-data; boundary=cut"}
    return bench.api.post(paths.upload(bench.sid), content=body, headers=headers)


class _FullDisk:
    """A file that takes ``room`` bytes, then fails as a full disk does (ENOSPC); the real file is written too."""

    def __init__(self, real: IO[bytes], room: int) -> None:
        self.real, self.room = real, room

    def write(self, data: bytes) -> int:
        if len(data) > self.room:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(data)
        return self.real.write(data)

    def close(self) -> None:
        self.real.close()

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def disk_full_during(module: Any, act: ACT) -> ACT:
    def full(bench: Bench) -> httpx.Response:
        real_open = module.open_private
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(module, "open_private", lambda path: _FullDisk(real_open(path), room=4096))
            return act(bench)

    return full


def upload_tone(bench: Bench) -> httpx.Response:
    return upload_bytes(bench.api, bench.sid, "big.mp3", bench.files["tone"].read_bytes())


DISK_FULL = refused(507, 5007, "disk is full", "nothing was kept", "free some space")
LONG_ID = "x" * 5000
CUT_ID = repr("x" * 64 + "…")


def _track_volume(draft: dict[str, Any]) -> None:
    draft["t"][1]["m"] = {"volume": "max"}


def _segment_meta(**meta: Any) -> Callable[[dict[str, Any]], None]:
    return lambda draft: draft["t"][1]["sg"][0]["m"].update(meta)


EDGE_CASES: list[Case] = [
    # URLs: addresses that are not global, and every way of not reaching a server, answered alike
    Case("shared address space URL (100.64.0.0/10)", url("http://100.64.0.1/a.mp3"), UNREACHABLE_URL),
    Case("cloud metadata in the shared space", url("http://100.100.100.200/latest/meta-data/"), UNREACHABLE_URL),
    Case("benchmarking range URL", url("http://198.18.0.1/a.mp3"), UNREACHABLE_URL),
    Case("multicast URL", url("http://224.0.0.1/a.mp3"), UNREACHABLE_URL),
    Case("unspecified address URL", url("http://0.0.0.0:9/a.mp3"), UNREACHABLE_URL),
    Case("unique local IPv6 URL", url("http://[fd00::1]/a.mp3"), UNREACHABLE_URL),
    Case("NAT64 of a private address", url("http://[64:ff9b::a01:203]/a.mp3"), UNREACHABLE_URL),
    Case("6to4 of loopback", url("http://[2002:7f00:1::1]:9/a.mp3"), UNREACHABLE_URL),
    Case("IPv4-compatible loopback", url("http://[::127.0.0.1]:9/a.mp3"), UNREACHABLE_URL),
    Case("Teredo address", url("http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/a.mp3"), UNREACHABLE_URL),
    Case("private URL under the tripwire", url("http://10.1.2.3/a.mp3"), UNREACHABLE_URL),
    Case("redirect to the shared space", no_connection(via_public_stand_in("/to-shared")), UNREACHABLE_URL),
    Case("closed port answers like a private address", closed_port, UNREACHABLE_URL),
    Case("server that is not HTTP answers like a private address", not_http, UNREACHABLE_URL),
    # the Host header
    Case("Host of another site (DNS rebinding)", with_host("rebind.example"),
         refused(422, 4000, "Host: 'rebind.example', which is not a name this engine is served under", "--allowed-host")),
    Case("Host of another site with the engine's port", lambda b: with_host(f"evil.example:{b.engine.url.rsplit(':', 1)[1]}")(b),
         refused(422, 4000, "Host: 'evil.example'")),
    Case("Host localhost is the engine's", with_host("localhost"), Accepted(credits_answered)),
    Case("Host [::1] with a port is the engine's", with_host("[::1]:8765"), Accepted(credits_answered)),
    # text that is not text
    Case("lone surrogate in a chat message", raw_chat(b'"hi \\ud800"'),
         refused(422, 4000, "new_message.parts[0].text: holds a lone UTF-16 surrogate", "valid Unicode")),
    Case("lone surrogate in a session name", raw_session_name(b'"\\udfff"'),
         refused(422, 4000, "task_name: holds a lone UTF-16 surrogate")),
    Case("lone surrogate in an upload URL",
         lambda b: b.raw_json(paths.upload(b.sid), b'{"urls": ["https://example.com/\\ud800.mp3"]}'),
         refused(422, 4000, "urls[0]: holds a lone UTF-16 surrogate")),
    Case("lone surrogate in a key", lambda b: b.raw_json(paths.CREATE_SESSION, b'{"\\ud800": 1}'),
         refused(422, 4000, "the key is not text")),
    Case("NUL in a title", title("Urban\x00Dreams"), refused(422, 4000, "draft.t[2].sg[0].m.text: holds a NUL")),
    Case("bell character in a title", title("Urban\x07Dreams"),
         refused(422, 4000, "draft.t[2].sg[0].m.text: holds a control character")),
    Case("NUL in a chat message", raw_chat(b'"add a title \\u0000"'),
         refused(422, 4000, "new_message.parts[0].text: holds a NUL")),
    Case("escape character in a session name", raw_session_name(b'"my \\u001b[31m project"'),
         refused(422, 4000, "task_name: holds a control character")),
    # draft values
    Case("volume that is a word", with_draft(_segment_meta(volume="loud")),
         refused(422, 4000, "draft.t[1].sg[0].m.volume: must be a number from 0 to 1")),
    Case("volume above 1", with_draft(_segment_meta(volume=1.5)), refused(422, 4000, "draft.t[1].sg[0].m.volume")),
    Case("track volume that is a word", with_draft(_track_volume), refused(422, 4000, "draft.t[1].m.volume")),
    Case("NaN fade", nan_fade, refused(422, 4000, "draft.t[1].sg[0].m.fade_in_ms: must be a finite number")),
    Case("negative fade", with_draft(_segment_meta(fade_out_ms=-300)),
         refused(422, 4000, "draft.t[1].sg[0].m.fade_out_ms")),
    Case("negative text size", title("Hello", size=-5),
         refused(422, 4000, "draft.t[2].sg[0].m.style.size: must be a size in pixels from 1 to 1000")),
    Case("text size that is a word", title("Hello", size="huge"), refused(422, 4000, "m.style.size")),
    Case("segment of 0 ms", with_segment(d=0), refused(422, 4000, "draft.t[0].sg[0].d: must be more than 0 ms")),
    Case("draft of 0 ms", with_draft(lambda d: d.update(d=0)), refused(422, 4000, "draft.d: must be more than 0 ms")),
    Case("unknown aspect", with_draft(lambda d: d["m"].update(aspect="4:3")), refused(422, 4000, "draft.m.aspect", "16:9")),
    Case("negative tempo", with_draft(lambda d: d["m"].update(bpm=-120)), refused(422, 4000, "draft.m.bpm")),
    Case("beats that are not times", with_draft(lambda d: d["m"].update(beats_ms=[0, "one"])),
         refused(422, 4000, "draft.m.beats_ms[1]")),
    # a cut multipart body, a full disk
    Case("multipart body without its closing boundary", cut_multipart,
         refused(422, 4000, "before its closing boundary", "send it again")),
    Case("disk full during a multipart upload", disk_full_during(engine_multipart, upload_tone), DISK_FULL),
    Case("disk full during a URL upload",
         disk_full_during(engine_fetch, via_public_stand_in("/song.mp3")), DISK_FULL),
    # ids of any length are cut in messages
    Case("session id of 5000 characters", lambda b: b.api.get(paths.state(LONG_ID)),
         refused(404, 1002, f"session {CUT_ID} not found")),
    Case("render id of 5000 characters", lambda b: b.api.get(f"{paths.RENDER}/{LONG_ID}"),
         refused(404, 4004, f"no render {CUT_ID}")),
    Case("media id of 5000 characters", lambda b: b.api.get(paths.media_file(b.sid, LONG_ID)),
         refused(404, 4004, f"no media {CUT_ID}")),
    Case("unknown path of 5000 characters", lambda b: b.api.get("/" + LONG_ID),
         refused(404, 4004, f"no such endpoint: GET /{'x' * 63}…")),
]  # fmt: skip
