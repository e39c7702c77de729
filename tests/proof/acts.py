"""The catalogue's acts that need more than one line: what a row sends."""

from __future__ import annotations

import struct
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from nemo_notebook.engine.intake import fetch as engine_uploads
from nemo_notebook.protocol import paths

from .catalogue import ANON_TTL_S, URL_TIMEOUT_S, Bench
from .harness import (
    anonymous_token,
    silent_server,
    upload_bytes,
)


def raw_multipart_name(name: bytes) -> Callable[[Bench], httpx.Response]:
    """A multipart body whose filename carries bytes httpx would escape (NUL, newline): sent as they are."""

    def act(bench: Bench) -> httpx.Response:
        boundary = b"proofboundary"
        body = (
            b"--" + boundary + b'\r\nContent-Disposition: form-data; name="files"; filename="' + name + b'"\r\n'
            b"Content-Type: audio/mpeg\r\n\r\n" + bench.files["tone"].read_bytes() + b"\r\n--" + boundary + b"--\r\n"
        )
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary.decode()}"}
        return bench.api.post(paths.upload(bench.sid), content=body, headers=headers)

    return act


def via_public_stand_in(path: str) -> Callable[[Bench], httpx.Response]:
    """Fetch ``path`` from the test's web server on 127.0.0.1, which counts as a public host for this row only,
    so that what a redirect leads to is what gets judged."""

    def act(bench: Bench) -> httpx.Response:
        real = engine_uploads._is_public
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(engine_uploads, "_is_public", lambda address: address == "127.0.0.1" or real(address))
            return bench.urls(bench.site + path)

    return act


def never_answers(bench: Bench) -> httpx.Response:
    with silent_server() as url, pytest.MonkeyPatch.context() as patch:
        real = engine_uploads._is_public
        patch.setattr(engine_uploads, "_is_public", lambda address: address == "127.0.0.1" or real(address))
        started = time.monotonic()
        answer = bench.urls(url + "/song.mp3")
        assert time.monotonic() - started < URL_TIMEOUT_S * 3 + 5
        return answer


def drips(bench: Bench) -> httpx.Response:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine_uploads, "URL_DEADLINE_FACTOR", 3)  # a deadline of 3 s instead of 20
        started = time.monotonic()
        answer = via_public_stand_in("/drip.mp3")(bench)
        assert time.monotonic() - started < 10
        return answer


def expired_token(bench: Bench) -> httpx.Response:
    token = anonymous_token(bench.short_lived.url, "5f0b8c3e-7c1a-4c3e-9a59-2f0d7d4c1a01")
    time.sleep(ANON_TTL_S + 0.2)
    return httpx.get(bench.short_lived.url + paths.CREDITS, headers={"Authorization": f"Bearer {token}"})


def second_token_for_one_client(bench: Bench) -> httpx.Response:
    client_id = "3f2b8a1c-9d4e-4c7a-8b6f-1e2d3c4b5a69"
    anonymous_token(bench.engine.url, client_id)
    answer = httpx.post(bench.engine.url + paths.ANONYMOUS_TOKEN, headers={paths.HEADER_CLIENT_ID: client_id})
    assert int(answer.headers["Retry-After"]) > 0
    return answer


def wav_of_exactly(size: int) -> bytes:
    """A valid 8 kHz 16-bit mono WAV of exactly ``size`` bytes (``size`` even, at least 46)."""
    data = bytes(size - 44)
    fmt = struct.pack("<HHIIHH", 1, 1, 8000, 16000, 2, 16)
    head = b"RIFF" + struct.pack("<I", size - 8) + b"WAVEfmt " + struct.pack("<I", 16) + fmt
    return head + b"data" + struct.pack("<I", len(data)) + data


def overlapping_video(bench: Bench) -> httpx.Response:
    draft = bench.draft()
    draft["t"][0]["sg"].append({"s": 500, "d": 1000, "src": bench.ids["hevc"], "in": 0})
    draft["d"] = 1500
    return bench.export(draft, output={"format": "mp4", "quality": "low"})


def unknown_keys(bench: Bench) -> httpx.Response:
    draft = bench.draft()
    draft["future"] = {"x": 1}
    draft["t"][0]["later"] = True
    draft["t"][0]["sg"][0]["kf"] = [{"t": 0}]
    return bench.export(draft, output={"format": "mp4", "quality": "low"})


def segment_on(track_type: int, src_key: str) -> Callable[[Bench], httpx.Response]:
    def act(bench: Bench) -> httpx.Response:
        draft = bench.draft()
        draft["t"][0] = {"tt": track_type, "sg": [{"s": 0, "d": 1000, "src": bench.ids[src_key], "in": 0}]}
        return bench.export(draft)

    return act


def visualizer_of(src_key: str) -> Callable[[Bench], httpx.Response]:
    def act(bench: Bench) -> httpx.Response:
        draft = bench.draft()
        segment = {"s": 0, "d": 1000, "src": bench.ids[src_key], "in": 0, "m": {"effect": "waves"}}
        draft["t"].append({"tt": 0, "sg": [segment], "m": {"role": "visualizer"}})
        return bench.export(draft, output={"format": "mp4", "quality": "low"})

    return act


def with_segment(**changes: Any) -> Callable[[Bench], httpx.Response]:
    def act(bench: Bench) -> httpx.Response:
        draft = bench.draft()
        draft["t"][0]["sg"][0].update(changes)
        return bench.export(draft)

    return act


def low_quality(act: Callable[[Bench], httpx.Response]) -> Callable[[Bench], httpx.Response]:
    def quick(bench: Bench) -> httpx.Response:
        real = bench.export
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(bench, "export", lambda draft, **extra: real(draft, output={"quality": "low"}, **extra))
            return act(bench)

    return quick


def titled(text: str) -> Callable[[Bench], httpx.Response]:
    def act(bench: Bench) -> httpx.Response:
        draft = bench.draft()
        style = {"color": "#ff0000'; drawbox", "size": 64, "position": "nowhere"}
        draft["t"].append({"tt": 7, "sg": [{"s": 0, "d": 1000, "m": {"text": text, "role": "title", "style": style}}]})
        return bench.export(draft, output={"format": "mp4", "quality": "low"})

    return act


def silent_only(bench: Bench) -> httpx.Response:
    if "silent" not in bench.ids:
        [info] = upload_bytes(bench.api, bench.sid, "silent.mp4", bench.files["silent"].read_bytes()).json()["data"][
            "media"
        ]
        bench.ids["silent"] = info["id"]
    draft = {"t": [{"tt": 0, "sg": [{"s": 0, "d": 1000, "src": bench.ids["silent"], "in": 0}]}], "d": 1000}
    return bench.export(draft, output={"format": "mp4", "quality": "low"})


def awkward_timeline(bench: Bench) -> httpx.Response:
    keys = ("hevc", "rotated", "ten_bit", "vfr", "surround")
    clips = [{"s": i * 600, "d": 600, "src": bench.ids[key], "in": 0} for i, key in enumerate(keys)]
    sound = [{"s": 0, "d": 3000, "src": bench.ids["surround"], "in": 0}]
    draft = {"t": [{"tt": 0, "sg": clips}, {"tt": 1, "sg": sound}], "d": 3000, "m": {"aspect": "9:16"}}
    return bench.export(draft, output={"format": "mp4", "quality": "low"})


def title_only(bench: Bench) -> httpx.Response:
    draft = {"t": [{"tt": 7, "sg": [{"s": 0, "d": 1000, "m": {"text": "Only words", "role": "title"}}]}], "d": 1000}
    return bench.export(draft, output={"format": "mp4", "quality": "low"})


def foreign_media_in_draft(bench: Bench) -> httpx.Response:
    draft = bench.draft()
    draft["t"][0]["sg"][0]["src"] = bench.other_ids["still"]
    return bench.export(draft)


def as_other(method: str, path: Callable[[Bench], str]) -> Callable[[Bench], httpx.Response]:
    return lambda bench: bench.other_api.request(method, path(bench))


MB20 = b'{"session_id": "x", "pad": "' + b"x" * (20 * 1024 * 1024) + b'"}'
DEEP = b'{"session_id": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
