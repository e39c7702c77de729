"""The bad-input catalogue: every awkward thing a user (or a broken client) can send, through the real engine over HTTP.

Each row names what is sent and the exact answer: a refusal (HTTP status, API.md code, and words of a message that
says what to do) or an honest acceptance (what the engine must then say the file is). For every row the engine must
not answer 5xx, hang or show a traceback; a refusal must leave every session's state and every file as it was; and
nothing may appear outside the engine's home (the process's temporary folder is pointed at a watched folder, and the
targets a path-traversal name aims at are checked).

Decisions the table records:

- A PNG named ``.mp3`` is accepted honestly as a picture (kind ``image``, format ``png``): API.md judges a file by
  what it contains, and the answer says plainly what the engine took it for.
- A truncated MP3 or a truncated fast-start MP4 is accepted with the length its packets really have (the header's
  claim is not believed); an MP4 cut before its index is 4001 saying that an interrupted download looks like that.
- A WAV whose header claims three hours is accepted with the one second it holds.
- HEVC, 10-bit, variable frame rate, rotated (reported upright, as players show it) and 5.1 media are accepted.
- An empty chat message is answered (the agent says what it can do) and changes nothing.
"""

from __future__ import annotations

import os
import struct
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from nemo_notebook.engine import EngineSettings, RunningEngine, start_in_background
from nemo_notebook.engine.intake import fetch as engine_uploads
from nemo_notebook.protocol import paths
from tests.conftest import shared_media

from . import media
from .harness import (
    anonymous_token,
    authorised,
    drip,
    files_under,
    new_session,
    redirect_to,
    serve_bytes,
    silent_server,
    state_of,
    upload_bytes,
    wait_for_render,
    web_server,
)

LIMIT_BYTES = 1_000_000
URL_TIMEOUT_S = 1.0
ANON_TTL_S = 1.0
SUPPORTED = ("mp4", "mp3", "png")  # words of the supported-formats list every 4001 carries

pytestmark = pytest.mark.timeout(120)


@dataclass
class Bench:
    """One engine, its watched folders, the sessions the rows act on, and the files they send."""

    engine: RunningEngine
    api: httpx.Client
    sid: str
    files: dict[str, Path]
    ids: dict[str, str]
    other_token: str
    other_api: httpx.Client
    other_sid: str
    other_ids: dict[str, str]
    other_render: str
    site: str
    watched_tmp: Path
    traversal_targets: tuple[Path, ...]
    short_lived: RunningEngine

    @property
    def home(self) -> Path:
        return self.engine.settings.home

    def chat(self, text: str, session_id: str | None = None, client: httpx.Client | None = None) -> httpx.Response:
        body = {
            "app_name": paths.APP_NAME,
            "user_id": paths.USER_ID,
            "session_id": session_id or self.sid,
            "new_message": {"role": "user", "parts": [{"text": text}]},
        }
        return (client or self.api).post(paths.RUN_SSE, json=body, headers={"Accept": "text/event-stream"})

    def export(self, draft: Any, **extra: Any) -> httpx.Response:
        body = {"id": f"render_{time.time_ns()}", "sessionId": self.sid, "draft": draft, **extra}
        return self.api.post(paths.RENDER, json=body)

    def urls(self, *urls: str) -> httpx.Response:
        return self.api.post(paths.upload(self.sid), json={"urls": list(urls), "source_type": "url"})

    def raw_json(self, path: str, content: bytes) -> httpx.Response:
        return self.api.post(path, content=content, headers={"Content-Type": "application/json"})

    def draft(self, video_s: int = 0, video_d: int = 1000, audio_src: str = "tone") -> dict[str, Any]:
        return {
            "t": [
                {"tt": 0, "sg": [{"s": video_s, "d": video_d, "src": self.ids["plain"], "in": 0}]},
                {"tt": 1, "sg": [{"s": 0, "d": 1000, "src": self.ids[audio_src], "in": 0, "m": {"volume": 0.8}}]},
            ],
            "d": max(1000, video_s + video_d),
            "m": {"aspect": "1:1", "fps": 24},
        }


# expectations


@dataclass(frozen=True)
class Refused:
    status: int
    code: int
    words: tuple[str, ...]


@dataclass(frozen=True)
class Accepted:
    """An honest acceptance; ``check`` looks at the answer (and may wait for what it started)."""

    check: Callable[[Bench, httpx.Response], None]


@dataclass(frozen=True)
class Case:
    id: str
    act: Callable[[Bench], httpx.Response]
    expect: Refused | Accepted


def refused(status: int, code: int, *words: str) -> Refused:
    return Refused(status, code, words)


def media_is(**expected: Any) -> Accepted:
    """An upload accepted as one file whose MediaInfo has these fields (``duration_ms`` may be a (lo, hi) range)."""

    def check(bench: Bench, answer: httpx.Response) -> None:
        [info] = answer.json()["data"]["media"]
        for key, want in expected.items():
            if isinstance(want, tuple):
                assert want[0] <= info[key] <= want[1], (key, info)
            else:
                assert info[key] == want, (key, info)
        assert info["id"] in {m["id"] for m in state_of(bench.api, bench.sid)["video_infos"]}
        assert (bench.home / "media" / bench.sid / f"{info['id']}.{info['format']}").is_file()

    return Accepted(check)


def render_completes(bench: Bench, answer: httpx.Response) -> None:
    """The export finishes, and what it made is an H.264/AAC MP4 as long as the draft says."""
    import av

    job = wait_for_render(bench.api, answer.json()["data"]["id"])
    assert job["status"] == "completed", job
    video = bench.home / "renders" / f"{job['id']}.mp4"
    assert video.stat().st_size == job["output"]["size"]
    with av.open(str(video)) as container:
        assert container.streams.video[0].codec_context.name == "h264"
        assert container.streams.audio[0].codec_context.name == "aac"
        assert container.duration is not None
        assert abs(container.duration / 1000 - job["output"]["duration_ms"]) < 200


def chat_answered_without_change(bench: Bench, answer: httpx.Response) -> None:
    assert answer.headers["content-type"].startswith("text/event-stream")
    assert '"turnComplete": true' in answer.text
    assert '"text":' in answer.text


# acts that need more than one line


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
        style = {"color": "#ff0000'; drawbox", "size": -5, "position": "nowhere"}
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

CASES: list[Case] = [
    # files judged by their content
    Case("zero-byte mp3", lambda b: upload_bytes(b.api, b.sid, "empty.mp3", b""),
         refused(415, 4001, "empty.mp3", "empty", *SUPPORTED)),
    Case("zero-byte mp4", lambda b: upload_bytes(b.api, b.sid, "empty.mp4", b""),
         refused(415, 4001, "empty.mp4", "empty", *SUPPORTED)),
    Case("text named .mp3", lambda b: upload_bytes(b.api, b.sid, "notes.mp3", b"my lyrics, not music\n" * 40),
         refused(415, 4001, "notes.mp3", "not audio, video or a picture", *SUPPORTED)),
    Case("random bytes named .mp4", lambda b: upload_bytes(b.api, b.sid, "noise.mp4", os.urandom(64 * 1024)),
         refused(415, 4001, "noise.mp4", "fetch it again", *SUPPORTED)),
    Case("random bytes named .wav", lambda b: upload_bytes(b.api, b.sid, "noise.wav", os.urandom(8 * 1024)),
         refused(415, 4001, "noise.wav", *SUPPORTED)),
    Case("PNG named .mp3 is a picture", lambda b: upload_bytes(b.api, b.sid, "cover.mp3", b.files["png"].read_bytes()),
         media_is(kind="image", format="png", name="cover.mp3", width=64, height=48, duration_ms=None)),
    Case("truncated MP3 gets its real length",
         lambda b: upload_bytes(b.api, b.sid, "cut.mp3", b.files["tone"].read_bytes()[: b.files["tone"].stat().st_size // 4]),
         media_is(kind="audio", format="mp3", duration_ms=(700, 1300))),
    Case("MP4 cut before its index", lambda b: upload_bytes(b.api, b.sid, "cut.mp4", b.files["plain"].read_bytes()[:40_000]),
         refused(415, 4001, "cut.mp4", "interrupted download", *SUPPORTED)),
    Case("fast-start MP4 cut in half gets its real length",
         lambda b: upload_bytes(b.api, b.sid, "half.mp4", b.files["faststart"].read_bytes()[: b.files["faststart"].stat().st_size // 2]),
         media_is(kind="video", format="mp4", duration_ms=(600, 1400))),
    Case("WAV header claiming hours", lambda b: upload_bytes(b.api, b.sid, "hours.wav", media.wav_claiming_hours()),
         media_is(kind="audio", format="wav", duration_ms=(950, 1050), sample_rate=8000, channels=1)),
    Case("audio-only MP4 is audio", lambda b: upload_bytes(b.api, b.sid, "voice.mp4", b.files["audio_mp4"].read_bytes()),
         media_is(kind="audio", has_audio=True, width=None, duration_ms=(1900, 2100))),
    Case("video without audio", lambda b: upload_bytes(b.api, b.sid, "silent.mp4", b.files["silent"].read_bytes()),
         media_is(kind="video", has_audio=False, sample_rate=None, width=160, height=120)),
    Case("HEVC video", lambda b: upload_bytes(b.api, b.sid, "hevc.mp4", b.files["hevc"].read_bytes()),
         media_is(kind="video", format="mp4", width=160, height=120, duration_ms=(1900, 2100))),
    Case("10-bit video", lambda b: upload_bytes(b.api, b.sid, "ten.mp4", b.files["ten_bit"].read_bytes()),
         media_is(kind="video", width=160, height=120, has_audio=True)),
    Case("variable frame rate", lambda b: upload_bytes(b.api, b.sid, "vfr.mp4", b.files["vfr"].read_bytes()),
         media_is(kind="video", fps=(10.0, 20.0), duration_ms=(1500, 2100))),
    Case("rotated phone clip is reported upright",
         lambda b: upload_bytes(b.api, b.sid, "phone.mp4", b.files["rotated"].read_bytes()),
         media_is(kind="video", width=120, height=160)),
    Case("5.1 audio", lambda b: upload_bytes(b.api, b.sid, "bunny51.mp4", b.files["surround"].read_bytes()),
         media_is(kind="video", channels=6, sample_rate=48000, has_audio=True)),
    Case("file exactly at the limit", lambda b: upload_bytes(b.api, b.sid, "limit.wav", wav_of_exactly(LIMIT_BYTES)),
         media_is(kind="audio", size=LIMIT_BYTES, duration_ms=(62_000, 62_600))),
    Case("file one byte over the limit",
         lambda b: upload_bytes(b.api, b.sid, "over.wav", wav_of_exactly(LIMIT_BYTES + 2)[: LIMIT_BYTES + 1]),
         refused(413, 4002, "over.wav", "limit", "compress or trim")),
    # names
    Case("unicode name", lambda b: upload_bytes(b.api, b.sid, "Ünïcødé 音乐 🎵.mp3", b.files["tone"].read_bytes()),
         media_is(name="Ünïcødé 音乐 🎵.mp3", kind="audio")),
    Case("very long name", lambda b: upload_bytes(b.api, b.sid, "é" * 3000 + ".mp3", b.files["tone"].read_bytes()),
         media_is(kind="audio", name="é" * 200)),
    Case("path traversal name",
         lambda b: upload_bytes(b.api, b.sid, "../../etc/passwd.mp3", b.files["tone"].read_bytes()),
         media_is(kind="audio", name="passwd.mp3")),
    Case("windows traversal name",
         lambda b: upload_bytes(b.api, b.sid, "..\\..\\..\\evil.mp3", b.files["tone"].read_bytes()),
         media_is(kind="audio", name="evil.mp3")),
    Case("NUL and control characters in the name", raw_multipart_name(b"../a\x00b\x07c\x1b\t.mp3"),
         media_is(kind="audio", name="abc.mp3")),
    Case("raw newline in the name", raw_multipart_name(b"a\nb.mp3"), media_is(kind="audio", name="ab.mp3")),
    Case("raw carriage return in the name", raw_multipart_name(b"a\rb.mp3"),
         refused(422, 4000, "multipart body is malformed", "form field named 'files'")),
    Case("quotes, newline and NUL escaped by the HTTP library",
         lambda b: upload_bytes(b.api, b.sid, 'my "best"\x00\n take.mp3', b.files["tone"].read_bytes()),
         media_is(kind="audio", name='my "best" take.mp3')),
    Case("a percent sign that is part of the name",
         lambda b: upload_bytes(b.api, b.sid, "100%25 me.mp3", b.files["tone"].read_bytes()),
         media_is(kind="audio", name="100%25 me.mp3")),
    Case("name that is only dots", lambda b: upload_bytes(b.api, b.sid, "..", b.files["tone"].read_bytes()),
         media_is(kind="audio", name="upload")),
    # URLs
    Case("file: URL", lambda b: b.urls("file:///etc/passwd"), refused(422, 4000, "urls[0]", "http", "upload the file")),
    Case("not a URL at all", lambda b: b.urls("my song.mp3"), refused(422, 4000, "urls[0]", "http://")),
    Case("loopback URL", lambda b: b.urls("http://127.0.0.1:9/song.mp3"), refused(422, 4000, "loopback", "127.0.0.1")),
    Case("localhost URL", lambda b: b.urls("http://localhost:9/song.mp3"), refused(422, 4000, "loopback")),
    Case("IPv6 loopback URL", lambda b: b.urls("http://[::1]:9/song.mp3"), refused(422, 4000, "loopback", "::1")),
    Case("private URL", lambda b: b.urls("http://192.168.1.10/song.mp3"), refused(422, 4000, "private", "192.168.1.10")),
    Case("link-local metadata URL", lambda b: b.urls("http://169.254.169.254/latest/meta-data/"),
         refused(422, 4000, "link-local", "169.254.169.254")),
    Case("loopback written as one number", lambda b: b.urls("http://2130706433:9/a.mp3"), refused(422, 4000, "loopback", "127.0.0.1")),
    Case("loopback in octal", lambda b: b.urls("http://0177.0.0.1:9/a.mp3"), refused(422, 4000, "not a valid URL", "https://")),
    Case("IPv6 link-local URL", lambda b: b.urls("http://[fe80::1]:9/a.mp3"), refused(422, 4000, "link-local", "fe80::1")),
    Case("IPv4-mapped IPv6 loopback", lambda b: b.urls("http://[::ffff:127.0.0.1]:9/a.mp3"), refused(422, 4000, "loopback")),
    Case("redirect to loopback", via_public_stand_in("/to-loopback"), refused(422, 4000, "loopback", "127.0.0.2")),
    Case("redirect to link-local", via_public_stand_in("/to-metadata"), refused(422, 4000, "169.254.169.254")),
    Case("redirect to private", via_public_stand_in("/to-private"), refused(422, 4000, "10.1.2.3")),
    Case("redirect to file:", via_public_stand_in("/to-file"), refused(422, 4000, "http", "'file'")),
    Case("endless redirects", via_public_stand_in("/loop"), refused(422, 4000, "redirects")),
    Case("URL that is not found", via_public_stand_in("/missing.mp3"), refused(422, 4000, "HTTP 404")),
    Case("URL over the limit", via_public_stand_in("/big.mp3"), refused(413, 4002, "limit", "compress or trim")),
    Case("URL over the limit without length", via_public_stand_in("/big-chunked.mp3"),
         refused(413, 4002, "limit", "compress or trim")),
    Case("URL serving text", via_public_stand_in("/text.mp3"), refused(415, 4001, "text.mp3", *SUPPORTED)),
    Case("URL fetched honestly", via_public_stand_in("/song.mp3"), media_is(kind="audio", name="song.mp3")),
    Case("21 URLs at once", lambda b: b.urls(*[f"https://example.com/{i}.mp3" for i in range(21)]),
         refused(422, 4000, "urls", "at most 20")),
    Case("URLs as a string", lambda b: b.api.post(paths.upload(b.sid), json={"urls": "https://example.com/a.mp3"}),
         refused(422, 4000, "urls", "list")),
    Case("unknown source_type",
         lambda b: b.api.post(paths.upload(b.sid), json={"urls": ["https://example.com/a.mp3"], "source_type": "file"}),
         refused(422, 4000, "source_type", "'url'")),
    Case("server that never answers", never_answers, refused(422, 4000, "timed out", "1 s")),
    Case("server that drips a byte at a time", drips, refused(422, 4000, "longer than 3 s", "download the file")),
    # JSON bodies
    Case("malformed JSON", lambda b: b.raw_json(paths.upload(b.sid), b'{"urls": ['), refused(422, 4000, "body", "JSON")),
    Case("JSON that is a list", lambda b: b.raw_json(paths.RENDER, b"[1, 2]"), refused(422, 4000, "body", "object")),
    Case("20 MB JSON body", lambda b: b.raw_json(paths.RUN_SSE, MB20), refused(422, 4000, "body", "16 MB", "multipart")),
    Case("JSON nested 100 000 deep", lambda b: b.raw_json(paths.RUN_SSE, DEEP), refused(422, 4000, "body", "nested")),
    Case("invalid UTF-8 in JSON", lambda b: b.raw_json(paths.RENDER, b'{"id": "\xff\xfe"}'), refused(422, 4000, "body")),
    Case("multipart without a boundary",
         lambda b: b.api.post(paths.upload(b.sid), content=b"--x\r\n", headers={"Content-Type": "multipart/form-data"}),
         refused(422, 4000, "boundary")),
    Case("multipart without a file",
         lambda b: b.api.post(paths.upload(b.sid), data={"note": "no file here"}, files={"other": ("", b"")}),
         refused(422, 4000, "files")),
    Case("upload body of the wrong type",
         lambda b: b.api.post(paths.upload(b.sid), content=b"ID3", headers={"Content-Type": "audio/mpeg"}),
         refused(422, 4000, "multipart/form-data", "urls")),
    # unknown things
    Case("unknown session: state", lambda b: b.api.get(paths.state("ses_unknown")), refused(404, 1002, "new session")),
    Case("unknown session: upload", lambda b: upload_bytes(b.api, "ses_unknown", "a.mp3", b.files["tone"].read_bytes()),
         refused(404, 1002, "new session")),
    Case("unknown session: chat", lambda b: b.chat("hello", session_id="ses_unknown"), refused(404, 1002, "new session")),
    Case("unknown render id", lambda b: b.api.get(f"{paths.RENDER}/render_0"), refused(404, 4004, "render_0", "export again")),
    Case("unknown render output", lambda b: b.api.get(paths.render_output("render_0")), refused(404, 4004, "export again")),
    Case("unknown media id", lambda b: b.api.get(paths.media_file(b.sid, "med_0")), refused(404, 4004, "med_0")),
    Case("traversal in a render path", lambda b: b.api.get(f"{paths.RENDER}/..%2F..%2Fengine.sqlite3/output.mp4"),
         refused(404, 4004, "no such endpoint")),
    Case("wrong method", lambda b: b.api.delete(paths.state(b.sid)), refused(405, 405, "DELETE", "not allowed")),
    # tokens
    Case("no token", lambda b: httpx.get(b.engine.url + paths.state(b.sid)), refused(401, 1001, "Bearer")),
    Case("wrong token", lambda b: httpx.get(b.engine.url + paths.state(b.sid), headers={"Authorization": "Bearer nope"}),
         refused(401, 1001, "new anonymous token")),
    Case("not a bearer token", lambda b: httpx.get(b.engine.url + paths.CREDITS, headers={"Authorization": "Basic eA=="}),
         refused(401, 1001, "Bearer <token>")),
    Case("expired anonymous token", expired_token, refused(401, 1001, "expired", "get a new one")),
    Case("anonymous token without a client id", lambda b: httpx.post(b.engine.url + paths.ANONYMOUS_TOKEN),
         refused(400, 400, "X-Client-Id", "UUID4")),
    Case("foreign token reads a session", as_other("GET", lambda b: paths.state(b.sid)), refused(404, 1002, "new session")),
    Case("foreign token uploads", lambda b: upload_bytes(b.other_api, b.sid, "a.mp3", b.files["tone"].read_bytes()),
         refused(404, 1002, "new session")),
    Case("foreign token chats", lambda b: b.chat("add a title 'mine'", client=b.other_api), refused(404, 1002)),
    Case("foreign token reads media", as_other("GET", lambda b: paths.media_file(b.sid, b.ids["tone"])),
         refused(404, 1002, "new session")),
    Case("foreign token reads a render", lambda b: b.api.get(f"{paths.RENDER}/{b.other_render}"),
         refused(404, 4004, "export again")),
    # chat
    Case("empty chat message", lambda b: b.chat(""), Accepted(chat_answered_without_change)),
    Case("200 000-character message", lambda b: b.chat("make it pop " * 16_667),
         refused(422, 4000, "20000 characters", "shorten")),
    Case("chat without a session id",
         lambda b: b.api.post(paths.RUN_SSE, json={"new_message": {"role": "user", "parts": [{"text": "hi"}]}}),
         refused(422, 4000, "session_id")),
    Case("chat part that is not text",
         lambda b: b.api.post(paths.RUN_SSE, json={"session_id": b.sid, "new_message": {"parts": [{"image": "x"}]}}),
         refused(422, 4000, "new_message.parts[0].text", "string")),
    Case("session name of 300 characters", lambda b: b.api.post(paths.CREATE_SESSION, json={"task_name": "x" * 300}),
         refused(422, 4000, "task_name", "200")),
    Case("session language empty", lambda b: b.api.post(paths.CREATE_SESSION, json={"language": ""}),
         refused(422, 4000, "language")),
    Case("client id that is not a UUID",
         lambda b: httpx.post(b.engine.url + paths.ANONYMOUS_TOKEN, headers={paths.HEADER_CLIENT_ID: "../../x"}),
         refused(400, 400, "X-Client-Id", "UUID4")),
    Case("second anonymous token for one client id", second_token_for_one_client,
         refused(429, 429, "already has an anonymous token", "possible in")),
    Case("message without parts",
         lambda b: b.api.post(paths.RUN_SSE, json={"session_id": b.sid, "new_message": {"role": "user", "parts": []}}),
         refused(422, 4000, "new_message.parts")),
    # export drafts
    Case("draft with unknown keys renders", unknown_keys, Accepted(render_completes)),
    Case("overlapping video segments render", overlapping_video, Accepted(render_completes)),
    Case("negative start", with_segment(s=-500), refused(422, 4000, "draft.t[0].sg[0].s", "negative")),
    Case("negative duration", with_segment(d=-1), refused(422, 4000, "draft.t[0].sg[0].d", "negative")),
    Case("negative in-point", with_segment(**{"in": -20}), refused(422, 4000, "sg[0].in", "negative")),
    Case("infinite duration", lambda b: b.raw_json(paths.RENDER, b'{"sessionId": "%s", "draft": {"t": [], "d": Infinity}}'
                                                    % b.sid.encode()), refused(422, 4000, "draft.d", "finite")),
    Case("draft of 31 years", lambda b: b.export({**b.draft(), "d": 10**12}), refused(422, 4000, "draft.d", "3 hours")),
    Case("a million frames a second", lambda b: b.export({**b.draft(), "m": {"fps": 1_000_000}}),
         refused(422, 4000, "draft.m.fps", "1 to 120")),
    Case("frame rate that is a word", lambda b: b.export({**b.draft(), "m": {"fps": "fast"}}),
         refused(422, 4000, "draft.m.fps")),
    Case("in-point past the clip's end renders", low_quality(with_segment(**{"in": 999_999})), Accepted(render_completes)),
    Case("title full of filter syntax renders", titled("it's 100%: [a];b=c,d\\e {pts}\n'"), Accepted(render_completes)),
    Case("silent clip alone renders", silent_only, Accepted(render_completes)),
    Case("HEVC, rotated, 10-bit, VFR and 5.1 clips in one timeline render", awkward_timeline,
         Accepted(render_completes)),
    Case("title alone renders", title_only, Accepted(render_completes)),
    Case("unknown media in draft", with_segment(src="med_nothing"), refused(422, 4000, "med_nothing", "not a media id")),
    Case("another session's media in draft", foreign_media_in_draft, refused(422, 4000, "not a media id of this session")),
    Case("audio file on the video track", segment_on(0, "tone"), refused(422, 4000, "is audio", "audio track")),
    Case("picture on the audio track", segment_on(1, "png"), refused(422, 4000, "no sound", "video track")),
    Case("picture drawn by a visualizer", visualizer_of("png"), refused(422, 4000, "no sound", "audio file")),
    Case("audio drawn by a visualizer renders", visualizer_of("tone"), Accepted(render_completes)),
    Case("unknown track type", lambda b: b.export({"t": [{"tt": 3, "sg": []}], "d": 1000}), refused(422, 4000, "tt")),
    Case("draft that is a string", lambda b: b.export("a video please"), refused(422, 4000, "draft")),
    Case("export of an empty timeline", lambda b: b.export({"t": [], "d": 0}), refused(422, 4000, "nothing to export")),
    Case("unknown quality", lambda b: b.export(b.draft(), output={"quality": "8k"}), refused(422, 4000, "quality", "high")),
    Case("render id with a path", lambda b: b.export(b.draft(), id="../../evil"), refused(422, 4000, "id", "letters")),
    Case("export of an unknown session",
         lambda b: b.api.post(paths.RENDER, json={"sessionId": "ses_unknown", "draft": b.draft()}),
         refused(404, 1002, "new session")),
    Case("export without the X-Skill headers",
         lambda b: httpx.post(b.engine.url + paths.RENDER, json={"sessionId": b.sid, "draft": b.draft()},
                              headers={"Authorization": f"Bearer {b.engine.token}"}),
         refused(402, 402, "X-Skill-Source", "plan")),
]  # fmt: skip


def test_the_catalogue_is_big_enough() -> None:
    assert len(CASES) >= 30
    assert len({case.id for case in CASES}) == len(CASES)


# the bench


def _make_files(folder: Path) -> dict[str, Path]:
    files = {
        "plain": media.h264_aac(folder),
        "silent": media.video_only(folder),
        "audio_mp4": media.audio_only_mp4(folder),
        "hevc": media.hevc(folder),
        "ten_bit": media.ten_bit(folder),
        "vfr": media.vfr(folder),
        "rotated": media.rotated(folder),
        "tone": media.mp3(folder),
        "png": media.png(folder),
        "faststart": media.faststart(folder),
    }
    surround = folder / "surround.mp4"
    media.ffmpeg("-i", shared_media("big-buck-bunny-30s.mp4"), "-t", "2", "-c", "copy", surround)
    files["surround"] = surround
    return files


def _site_routes(bench_files: dict[str, Path], port_hint: str) -> dict[str, Callable[[Any], None]]:
    big = bytes(LIMIT_BYTES + 1)
    return {
        "/to-loopback": redirect_to(f"http://127.0.0.2:{port_hint}/song.mp3"),
        "/to-metadata": redirect_to("http://169.254.169.254/latest/meta-data/"),
        "/to-private": redirect_to("http://10.1.2.3/song.mp3"),
        "/to-file": redirect_to("file:///etc/passwd"),
        "/loop": redirect_to("/loop"),
        "/big.mp3": serve_bytes(big, "audio/mpeg"),
        "/big-chunked.mp3": serve_bytes(big, "audio/mpeg", declare_length=False),
        "/text.mp3": serve_bytes(b"not a song\n" * 100, "audio/mpeg"),
        "/song.mp3": serve_bytes(bench_files["tone"].read_bytes(), "audio/mpeg"),
        "/drip.mp3": drip(URL_TIMEOUT_S / 3),
    }


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bench]:
    root = tmp_path_factory.mktemp("catalogue")
    watched_tmp = root / "process-tmp"
    watched_tmp.mkdir()
    folder = root / "files"
    folder.mkdir()
    files = _make_files(folder)
    settings = EngineSettings(home=root / "home", max_upload_bytes=LIMIT_BYTES, url_timeout_s=URL_TIMEOUT_S)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tempfile, "tempdir", str(watched_tmp))  # anything the engine puts in "the" tmp shows here
        engine = start_in_background(settings=settings)
        short_lived = start_in_background(
            settings=replace(settings, home=root / "short", anonymous_token_ttl_s=ANON_TTL_S)
        )
        with web_server(_site_routes(files, "9")) as site:
            yield _bench(engine, short_lived, files, site, root, watched_tmp)
        short_lived.stop()
        engine.stop()


def _bench(
    engine: RunningEngine, short_lived: RunningEngine, files: dict[str, Path], site: str, root: Path, watched: Path
) -> Bench:
    api = authorised(engine.url, engine.token)
    sid = new_session(api)
    ids = {key: upload_bytes(api, sid, files[key].name, files[key].read_bytes()).json()["data"]["media"][0]["id"]
           for key in ("plain", "tone", "png", "hevc", "rotated", "ten_bit", "vfr", "surround")}  # fmt: skip
    other_token = anonymous_token(engine.url, "0d8f8e2a-3b7c-4f0e-8a51-6c2f3e9b7d10")
    other_api = authorised(engine.url, other_token)
    other_sid = new_session(other_api)
    [still] = upload_bytes(other_api, other_sid, "still.png", files["png"].read_bytes()).json()["data"]["media"]
    other_draft = {"t": [{"tt": 0, "sg": [{"s": 0, "d": 500, "src": still["id"], "in": 0}]}], "d": 500}
    answer = other_api.post(paths.RENDER, json={"id": "render_other", "sessionId": other_sid, "draft": other_draft})
    assert answer.status_code == 200, answer.text
    wait_for_render(other_api, "render_other")  # what it writes while it works must not race the rows
    home = engine.settings.home
    targets = (
        root / "etc" / "passwd.mp3",
        home / "etc" / "passwd.mp3",
        home.parent / "evil.mp3",
        Path("/etc/passwd.mp3"),
    )
    return Bench(engine, api, sid, files, ids, other_token, other_api, other_sid, {"still": still["id"]},
                 "render_other", site, watched, targets, short_lived)  # fmt: skip


# the test


def _snapshot(bench: Bench) -> tuple[dict[str, Any], dict[str, Any], dict[str, int], dict[str, int]]:
    mine = state_of(bench.api, bench.sid)
    theirs = state_of(bench.other_api, bench.other_sid)
    return mine, theirs, files_under(bench.home), files_under(bench.watched_tmp)


def _assert_refusal(answer: httpx.Response, expected: Refused) -> None:
    assert answer.status_code == expected.status, answer.text[:500]
    assert answer.headers["content-type"].startswith("application/json"), answer.headers
    body = answer.json()
    assert body["code"] == expected.code, body
    assert body["data"] is None
    for word in expected.words:
        assert word in body["message"], (word, body["message"])


def _new_files_are_the_sessions(before: dict[str, int], after: dict[str, int], sid: str) -> None:
    for rel in set(after) - set(before):
        parts = Path(rel).parts
        inside_media = parts[:2] == ("media", sid) and len(parts) == 3
        inside_renders = parts[0] == "renders" and len(parts) == 2 and rel.endswith(".mp4") and ".part" not in rel
        inside_cache = parts[0] == "cache"
        assert inside_media or inside_renders or inside_cache, f"unexpected file {rel}"


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input(bench: Bench, case: Case) -> None:
    mine, theirs, home_files, tmp_files = _snapshot(bench)
    answer = case.act(bench)
    assert answer.status_code < 500, answer.text[:500]
    assert "Traceback" not in answer.text and 'File "' not in answer.text
    if isinstance(case.expect, Refused):
        _assert_refusal(answer, case.expect)
        assert _snapshot(bench) == (mine, theirs, home_files, tmp_files)
    else:
        assert answer.status_code == 200, answer.text[:500]
        case.expect.check(bench, answer)
        after_mine, after_theirs, after_home, after_tmp = _snapshot(bench)
        assert after_theirs == theirs and after_tmp == tmp_files
        assert after_mine["version"] == mine["version"] and after_mine["draft"] == mine["draft"]
        _new_files_are_the_sessions(home_files, after_home, bench.sid)
    assert list((bench.home / "tmp").iterdir()) == []
    for target in bench.traversal_targets:
        assert not target.exists(), target


# the same mistakes through the project's client, as a notebook user makes them


@dataclass(frozen=True)
class ClientCase:
    id: str
    act: Callable[[Any, Bench, Path], object]
    error: str
    words: tuple[str, ...]


def _text_named_mp3(folder: Path) -> Path:
    path = folder / "lyrics.mp3"
    path.write_bytes(b"la la la, these are words\n" * 50)
    return path


def _over_limit(folder: Path) -> Path:
    path = folder / "long-take.wav"
    path.write_bytes(wav_of_exactly(LIMIT_BYTES + 2))
    return path


CLIENT_CASES = [
    ClientCase("text file named .mp3", lambda s, b, f: s.upload(_text_named_mp3(f)), "UnsupportedMedia",
               ("lyrics.mp3", "supported formats")),
    ClientCase("file over the engine's limit", lambda s, b, f: s.upload(_over_limit(f)), "MediaTooLarge",
               ("long-take.wav", "1000000 bytes", "compress or trim")),
    ClientCase("URL to loopback", lambda s, b, f: s.upload("http://127.0.0.1:9/song.mp3"), "BadRequest", ("loopback",)),
    ClientCase("unknown session", lambda s, b, f: s._client.sessions.get("ses_unknown"), "SessionNotFound",
               ("ses_unknown", "sessions.create()")),
    ClientCase("export of an empty timeline", lambda s, b, f: s.export(), "NemoError", ("timeline is empty", "upload media")),
    ClientCase("200 000-character message", lambda s, b, f: s.send("more bass " * 20_000), "BadRequest", ("shorten",)),
    ClientCase("unknown render", lambda s, b, f: s._client.render("render_0"), "NotFound", ("render_0", "export again")),
]  # fmt: skip


@pytest.mark.parametrize("case", CLIENT_CASES, ids=[case.id for case in CLIENT_CASES])
def test_client_error(bench: Bench, case: ClientCase, tmp_path: Path) -> None:
    import nemo_notebook.client as client_module

    with client_module.Client(base_url=bench.engine.url, token=bench.engine.token, home=tmp_path / "client") as client:
        session = client.sessions.create()
        before = session.state()
        with pytest.raises(client_module.NemoError) as caught:
            case.act(session, bench, tmp_path)
        assert type(caught.value).__name__ == case.error, repr(caught.value)
        shown = f"{caught.value} {caught.value!r}"
        for word in case.words:
            assert word in shown, (word, shown)
        assert bench.engine.token not in shown and "Traceback" not in shown
        after = session.state()
        assert (after.version, after.draft, after.media) == (before.version, before.draft, before.media)
    assert list((bench.home / "tmp").iterdir()) == []


def test_the_output_of_a_render_at_work_says_to_wait(bench: Bench) -> None:
    draft = bench.draft()
    draft["d"] = 3000
    render_id = bench.export(draft, output={"format": "mp4", "quality": "low"}).json()["data"]["id"]
    early = bench.api.get(paths.render_output(render_id))
    _assert_refusal(early, refused(404, 4004, render_id, "poll it until it is completed"))
    assert wait_for_render(bench.api, render_id)["status"] == "completed"
    assert bench.api.get(paths.render_output(render_id)).status_code == 200
