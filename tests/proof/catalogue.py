"""The bad-input catalogue's machinery: the bench its rows act on, what a row expects, and the check every row
passes (see ``test_bad_inputs`` for the rows and what the catalogue promises)."""

from __future__ import annotations

import contextlib
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from nemo_notebook.engine import EngineSettings, RunningEngine, WorkLimits, start_in_background
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
    state_of,
    upload_bytes,
    wait_for_render,
    web_server,
)

LIMIT_BYTES = 1_000_000
URL_TIMEOUT_S = 1.0
ANON_TTL_S = 1.0
WORKER_BYTES = 192 * 1024**2  # what a media worker may add to its idle size: small files fit, a 49 MP picture not
SUPPORTED = ("mp4", "mp3", "png")  # words of the supported-formats list every 4001 carries


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
        "/to-shared": redirect_to("http://100.64.0.1/song.mp3"),
        "/to-file": redirect_to("file:///etc/passwd"),
        "/loop": redirect_to("/loop"),
        "/big.mp3": serve_bytes(big, "audio/mpeg"),
        "/big-chunked.mp3": serve_bytes(big, "audio/mpeg", declare_length=False),
        "/text.mp3": serve_bytes(b"not a song\n" * 100, "audio/mpeg"),
        "/song.mp3": serve_bytes(bench_files["tone"].read_bytes(), "audio/mpeg"),
        "/drip.mp3": drip(URL_TIMEOUT_S / 3),
    }


@contextlib.contextmanager
def open_bench(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bench]:
    root = tmp_path_factory.mktemp("catalogue")
    watched_tmp = root / "process-tmp"
    watched_tmp.mkdir()
    folder = root / "files"
    folder.mkdir()
    files = _make_files(folder)
    settings = EngineSettings(
        home=root / "home", max_upload_bytes=LIMIT_BYTES, url_timeout_s=URL_TIMEOUT_S, work=WorkLimits(WORKER_BYTES)
    )
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


def assert_refusal(answer: httpx.Response, expected: Refused) -> None:
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


def check_case(bench: Bench, case: Case) -> None:
    """Act, then hold the answer to the row's expectation and to what every row promises."""
    mine, theirs, home_files, tmp_files = _snapshot(bench)
    answer = case.act(bench)
    full_disk = isinstance(case.expect, Refused) and case.expect.status == 507  # the one 5xx a row may expect
    assert answer.status_code < 500 or full_disk, answer.text[:500]
    assert "Traceback" not in answer.text and 'File "' not in answer.text
    if isinstance(case.expect, Refused):
        assert_refusal(answer, case.expect)
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
