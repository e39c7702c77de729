"""Uploads: multipart streamed to disk, URLs fetched safely, every file judged by its content."""

from __future__ import annotations

import contextlib
import http.server
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import ClassVar

import httpx
import pytest

from nemo_notebook.engine import RunningEngine
from nemo_notebook.engine.intake import display_name
from nemo_notebook.protocol import paths
from tests.conftest import shared_media

from .conftest import assert_error, client_for, new_session, running_engine, upload


def test_audio_with_cover_art_is_audio(api: httpx.Client, sid: str) -> None:
    answer = upload(api, sid, ("vibe-ace.mp3", shared_media("vibe-ace.mp3")))
    assert answer.status_code == 200, answer.text
    [info] = answer.json()["data"]["media"]
    assert info["kind"] == "audio" and info["format"] == "mp3"
    assert 61_000 < info["duration_ms"] < 62_000
    assert info["sample_rate"] == 44100 and info["channels"] == 2
    assert info["width"] is None and info["fps"] is None


def test_video_and_picture_are_described(api: httpx.Client, sid: str) -> None:
    answer = upload(
        api,
        sid,
        ("clip.mp4", shared_media("big-buck-bunny-30s.mp4")),
        ("poster.jpg", shared_media("big-buck-bunny-poster.jpg")),
    )
    assert answer.status_code == 200, answer.text
    video, picture = answer.json()["data"]["media"]
    assert video["kind"] == "video" and (video["width"], video["height"]) == (854, 480)
    assert video["fps"] == 24 and video["has_audio"] is True and video["duration_ms"] == 30_000
    assert picture["kind"] == "image" and picture["format"] == "jpg" and picture["duration_ms"] is None
    state = api.get(paths.state(sid)).json()["data"]["state"]
    assert [m["id"] for m in state["video_infos"]] == [video["id"], picture["id"]]


@pytest.mark.parametrize(
    ("name", "content"),
    [("notes.mp3", b"these are my notes, not music\n" * 10), ("empty.wav", b""), ("noise.mp4", bytes(range(256)) * 64)],
)
def test_files_that_are_not_media_are_4001(api: httpx.Client, sid: str, name: str, content: bytes) -> None:
    assert_error(upload(api, sid, (name, content)), 415, 4001, name, "mp3")
    assert api.get(paths.state(sid)).json()["data"]["state"]["video_infos"] == []


def test_one_bad_file_keeps_the_whole_batch_out(engine: RunningEngine, api: httpx.Client, sid: str) -> None:
    answer = upload(api, sid, ("poster.jpg", shared_media("big-buck-bunny-poster.jpg")), ("bad.mp3", b"nope" * 100))
    assert_error(answer, 415, 4001, "bad.mp3")
    assert api.get(paths.state(sid)).json()["data"]["state"]["video_infos"] == []
    assert list((engine.settings.home / "tmp").iterdir()) == []


def test_names_are_kept_only_as_metadata(engine: RunningEngine, api: httpx.Client, sid: str) -> None:
    answer = upload(api, sid, ("../../etc/passwd.jpg", shared_media("big-buck-bunny-poster.jpg")))
    [info] = answer.json()["data"]["media"]
    assert info["name"] == "passwd.jpg"
    stored = list((engine.settings.home / "media" / sid).iterdir())
    assert [p.name for p in stored] == [f"{info['id']}.jpg"]


def test_display_names_lose_folders_and_control_characters() -> None:
    assert display_name("C:\\Users\\me\\song\x00\x1b.mp3") == "song.mp3"
    assert display_name("../..") == "upload"
    assert len(display_name("a" * 500 + ".mp3")) == 200


def test_media_file_is_served_with_range(api: httpx.Client, sid: str) -> None:
    source = shared_media("big-buck-bunny-poster.jpg")
    [info] = upload(api, sid, ("poster.jpg", source)).json()["data"]["media"]
    whole = api.get(paths.media_file(sid, info["id"]))
    assert whole.status_code == 200 and whole.content == source.read_bytes()
    part = api.get(paths.media_file(sid, info["id"]), headers={"Range": "bytes=10-19"})
    assert part.status_code == 206 and part.content == source.read_bytes()[10:20]
    assert_error(api.get(paths.media_file(sid, "med_unknown")), 404, 4004)


def test_two_uploads_at_once_both_arrive(api: httpx.Client, sid: str) -> None:
    files = [("a.mp3", shared_media("vibe-ace.mp3")), ("b.mp4", shared_media("big-buck-bunny-30s.mp4"))]
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda f: upload(api, sid, f), files))
    assert [a.status_code for a in answers] == [200, 200]
    kinds = sorted(m["kind"] for m in api.get(paths.state(sid)).json()["data"]["state"]["video_infos"])
    assert kinds == ["audio", "video"]


def test_upload_without_files_or_urls_is_4000(api: httpx.Client, sid: str) -> None:
    assert_error(api.post(paths.upload(sid), content=b"raw", headers={"Content-Type": "audio/mpeg"}), 422, 4000, "body")
    assert_error(api.post(paths.upload(sid), data={"note": "no file"}, files={}), 422, 4000)
    assert_error(api.post(paths.upload(sid), json={"urls": "http://x"}), 422, 4000, "urls")
    assert_error(api.post(paths.upload(sid), json={"urls": ["ftp://example.com/a.mp3"]}), 422, 4000, "urls[0]", "http")


def _raw_upload_start(engine: RunningEngine, sid: str, total: int) -> tuple[socket.socket, bytes]:
    boundary = b"nemoboundary"
    head = b"--" + boundary + b'\r\nContent-Disposition: form-data; name="files"; filename="big.mp4"\r\n\r\n'
    tail = b"\r\n--" + boundary + b"--\r\n"
    length = len(head) + total + len(tail)
    host, port = engine.url.removeprefix("http://").split(":")
    request = (
        f"POST {paths.upload(sid)} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {engine.token}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary.decode()}\r\nContent-Length: {length}\r\n\r\n"
    ).encode()
    sock = socket.create_connection((host, int(port)))
    sock.sendall(request + head)
    return sock, tail


def test_size_limit_is_enforced_while_streaming(tmp_path: Path) -> None:
    limit = 200_000
    with running_engine(tmp_path / "home", max_upload_bytes=limit) as engine, client_for(engine) as api:
        sid = new_session(api)
        tmp = engine.settings.home / "tmp"
        sock, tail = _raw_upload_start(engine, sid, 4 * limit)
        with sock:
            sock.sendall(b"\0" * (limit // 2))
            _wait_for(lambda: any(tmp.iterdir()))  # the part is being written to disk
            sock.sendall(b"\0" * limit)
            _wait_for(lambda: not any(tmp.iterdir()))  # removed before the body has even finished
            sock.sendall(b"\0" * (4 * limit - limit // 2 - limit) + tail)
            answer = _read_response(sock)
        assert answer.startswith("HTTP/1.1 413") and '"code":4002' in answer.replace(" ", "")
        assert "big.mp4 is larger than the limit of 200000 bytes" in answer
        assert api.get(paths.state(sid)).json()["data"]["state"]["video_infos"] == []
        assert not (engine.settings.home / "media" / sid).exists() or not any(
            (engine.settings.home / "media" / sid).iterdir()
        )


def _read_response(sock: socket.socket) -> str:
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
    while len(body) < length:
        body += sock.recv(65536)
    return (head + b"\r\n\r\n" + body).decode("utf-8")


def _wait_for(condition: object, timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "condition never became true"
        time.sleep(0.01)


# URL uploads from a tiny local HTTP server


class _Files(http.server.BaseHTTPRequestHandler):
    files: ClassVar[dict[str, bytes]] = {}

    def do_GET(self) -> None:
        if self.path.startswith("/redirect"):
            self.send_response(302)
            self.send_header("Location", "/clip.mp4")
            self.end_headers()
            return
        if self.path == "/slow.mp3":
            time.sleep(1.5)
        body = self.files.get(self.path.split("?")[0])
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the engine hung up on purpose
            self.wfile.write(body or b"")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def file_server() -> Iterator[str]:
    _Files.files = {
        "/clip.mp4": shared_media("big-buck-bunny-30s.mp4").read_bytes(),
        "/song.mp3": shared_media("vibe-ace.mp3").read_bytes(),
        "/slow.mp3": b"x",
        "/notes.mp3": b"just text\n" * 50,
    }
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Files)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_urls_to_private_addresses_are_refused_by_default(api: httpx.Client, sid: str, file_server: str) -> None:
    answer = api.post(paths.upload(sid), json={"urls": [file_server + "/song.mp3"], "source_type": "url"})
    assert_error(answer, 422, 4000, "urls[0]", "not a public internet address")
    answer = api.post(paths.upload(sid), json={"urls": ["http://169.254.169.254/latest/meta-data"]})
    assert_error(answer, 422, 4000, "urls[0]", "not a public internet address")


def test_urls_are_fetched_when_private_addresses_are_allowed(tmp_path: Path, file_server: str) -> None:
    with (
        running_engine(tmp_path / "home", allow_private_urls=True, url_timeout_s=0.5) as engine,
        client_for(engine) as api,
    ):
        sid = new_session(api)
        urls = [file_server + "/song.mp3", file_server + "/redirect"]
        answer = api.post(paths.upload(sid), json={"urls": urls, "source_type": "url"})
        assert answer.status_code == 200, answer.text
        song, clip = answer.json()["data"]["media"]
        assert (song["name"], song["kind"]) == ("song.mp3", "audio")
        assert (clip["name"], clip["kind"]) == ("clip.mp4", "video")
        assert_error(api.post(paths.upload(sid), json={"urls": [file_server + "/missing.mp4"]}), 422, 4000, "404")
        assert_error(api.post(paths.upload(sid), json={"urls": [file_server + "/notes.mp3"]}), 415, 4001)
        assert_error(
            api.post(paths.upload(sid), json={"urls": [file_server + "/slow.mp3"]}), 422, 4000, "could not be reached"
        )
        assert len(api.get(paths.state(sid)).json()["data"]["state"]["video_infos"]) == 2


def test_url_uploads_respect_the_size_limit(tmp_path: Path, file_server: str) -> None:
    settings = {"allow_private_urls": True, "max_upload_bytes": 100_000}
    with running_engine(tmp_path / "home", **settings) as engine, client_for(engine) as api:
        sid = new_session(api)
        answer = api.post(paths.upload(sid), json={"urls": [file_server + "/clip.mp4"]})
        assert_error(answer, 413, 4002, "clip.mp4")
        assert list((engine.settings.home / "tmp").iterdir()) == []


def _picture(tmp_path: Path, codec: str, ext: str, pix_fmt: str) -> Path:
    import av
    import numpy as np

    path = tmp_path / f"picture.{ext}"
    with av.open(str(path), "w", format="gif" if ext == "gif" else "image2") as container:
        stream = container.add_stream(codec)
        stream.width, stream.height, stream.pix_fmt = 32, 24, pix_fmt
        frame = av.VideoFrame.from_ndarray(np.full((24, 32, 3), 200, np.uint8), format="rgb24").reformat(format=pix_fmt)
        for packet in [*stream.encode(frame), *stream.encode()]:
            container.mux(packet)
    return path


@pytest.mark.parametrize(
    ("codec", "ext", "pix_fmt"), [("png", "png", "rgb24"), ("gif", "gif", "rgb8"), ("libwebp", "webp", "yuv420p")]
)
def test_pictures_of_every_accepted_format_are_images(
    api: httpx.Client, sid: str, tmp_path: Path, codec: str, ext: str, pix_fmt: str
) -> None:
    picture = _picture(tmp_path, codec, ext, pix_fmt)
    [info] = upload(api, sid, (f"photo.{ext}", picture)).json()["data"]["media"]
    assert (info["kind"], info["format"], info["width"], info["height"]) == ("image", ext, 32, 24)


def test_a_picture_format_outside_the_list_is_4001(api: httpx.Client, sid: str, tmp_path: Path) -> None:
    picture = _picture(tmp_path, "bmp", "bmp", "bgr24")
    assert_error(upload(api, sid, ("photo.bmp", picture)), 415, 4001, "bmp files are not accepted", "webp")
