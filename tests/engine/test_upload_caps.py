"""Upload caps (issue 24): files and bytes in one upload, bytes one owner keeps; each refusal names the cap and what
to do, and keeps nothing of the upload."""

from __future__ import annotations

import io
import uuid
import wave
from pathlib import Path

import httpx

from nemo_notebook.protocol import paths

from .conftest import assert_error, client_for, new_session, running_engine, upload

TONE_BYTES = 32_044  # one second of 16 kHz mono 16-bit WAV


def tone(seed: int) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16_000)
        w.writeframes(bytes((i * (seed + 3)) % 251 for i in range(32_000)))
    assert len(out.getvalue()) == TONE_BYTES
    return out.getvalue()


def stored(api: httpx.Client, sid: str) -> int:
    return len(api.get(paths.state(sid)).json()["data"]["state"]["video_infos"])


def left_in_tmp(home: Path) -> list[Path]:
    return [p for p in (home / "tmp").rglob("*") if p.is_file()]


def test_more_files_than_the_cap_in_one_upload_are_refused(tmp_path: Path) -> None:
    with running_engine(tmp_path / "home", max_upload_files=2) as engine, client_for(engine) as api:
        sid = new_session(api)
        three = [(f"t{i}.wav", tone(i)) for i in range(3)]
        assert_error(upload(api, sid, *three), 422, 4000, "files", "at most 2 files", "fewer files")
        assert stored(api, sid) == 0 and not left_in_tmp(engine.settings.home)
        assert upload(api, sid, *three[:2]).status_code == 200
        assert stored(api, sid) == 2


def test_more_bytes_than_the_cap_in_one_upload_are_refused(tmp_path: Path) -> None:
    with running_engine(tmp_path / "home", max_upload_request_bytes=50_000) as engine, client_for(engine) as api:
        sid = new_session(api)
        answer = upload(api, sid, ("a.wav", tone(1)), ("b.wav", tone(2)))
        assert_error(answer, 413, 4002, "50000 bytes for one upload", "fewer files")
        assert stored(api, sid) == 0 and not left_in_tmp(engine.settings.home)
        assert upload(api, sid, ("a.wav", tone(1))).status_code == 200
        assert upload(api, sid, ("b.wav", tone(2))).status_code == 200  # the cap is per upload


def test_an_owner_keeps_at_most_the_cap_over_all_sessions(tmp_path: Path) -> None:
    with running_engine(tmp_path / "home", max_owner_upload_bytes=100_000) as engine, client_for(engine) as api:
        first, second = new_session(api), new_session(api)
        assert upload(api, first, ("a.wav", tone(1)), ("b.wav", tone(2))).status_code == 200
        assert upload(api, second, ("c.wav", tone(3))).status_code == 200
        refused = upload(api, second, ("d.wav", tone(4)))
        body = assert_error(refused, 413, 4002, "100000 bytes each user may keep", "delete media", "smaller")
        assert f"you keep {3 * TONE_BYTES} bytes" in body["message"]
        assert stored(api, second) == 1 and not left_in_tmp(engine.settings.home)
        anonymous = httpx.post(engine.url + paths.ANONYMOUS_TOKEN, headers={paths.HEADER_CLIENT_ID: str(uuid.uuid4())})
        with client_for(engine, anonymous.json()["data"]["token"]) as other:  # another owner has its own room
            assert upload(other, new_session(other), ("d.wav", tone(4))).status_code == 200


def test_the_default_caps() -> None:
    from nemo_notebook.engine import EngineSettings

    settings = EngineSettings()
    assert settings.max_upload_files == 20
    assert settings.max_upload_request_bytes == 2 * 1024**3
    assert settings.max_owner_upload_bytes == 20 * 1024**3


def test_url_uploads_count_against_the_caps_too(tmp_path: Path) -> None:
    import http.server
    import threading

    class Tone(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = tone(7)
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Tone)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site = f"http://127.0.0.1:{server.server_address[1]}"
    settings = {"allow_private_urls": True, "url_timeout_s": 5.0, "max_upload_files": 2}
    try:
        with (
            running_engine(tmp_path / "home", max_owner_upload_bytes=50_000, **settings) as engine,
            client_for(engine) as api,
        ):
            sid = new_session(api)
            urls = [f"{site}/{i}.wav" for i in range(3)]
            assert_error(api.post(paths.upload(sid), json={"urls": urls}), 422, 4000, "at most 2 files")
            assert api.post(paths.upload(sid), json={"urls": urls[:1]}).status_code == 200
            refused = api.post(paths.upload(sid), json={"urls": urls[1:2]})
            assert_error(refused, 413, 4002, "each user may keep", "delete media")
            assert stored(api, sid) == 1 and not left_in_tmp(engine.settings.home)
    finally:
        server.shutdown()
        server.server_close()


def test_two_uploads_sent_at_once_cannot_both_pass_the_owners_cap(tmp_path: Path) -> None:
    """Each fits under the cap alone; both began before either was stored (their bodies wait for each other before
    their last bytes), so the cap each was streamed against counted neither. Both were stored, the owner past the
    cap; now the second to be stored is refused."""
    import threading
    from collections.abc import Iterator
    from concurrent.futures import ThreadPoolExecutor

    both_streaming = threading.Barrier(2, timeout=30)

    def body(name: str, content: bytes, boundary: str) -> Iterator[bytes]:
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n\r\n'.encode()
        yield head + content[:1000]
        both_streaming.wait()
        yield content[1000:] + f"\r\n--{boundary}--\r\n".encode()

    def send(api: httpx.Client, sid: str, seed: int) -> httpx.Response:
        boundary = uuid.uuid4().hex
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        return api.post(paths.upload(sid), content=body(f"t{seed}.wav", tone(seed), boundary), headers=headers)

    with running_engine(tmp_path / "home", max_owner_upload_bytes=50_000) as engine, client_for(engine) as api:
        sid = new_session(api)
        with ThreadPoolExecutor(2) as pool:
            answers = list(pool.map(lambda seed: send(api, sid, seed), (1, 2)))
        assert sorted(a.status_code for a in answers) == [200, 413], [a.text for a in answers]
        assert_error(next(a for a in answers if a.status_code == 413), 413, 4002, f"you keep {TONE_BYTES} bytes")
        assert stored(api, sid) == 1 and not left_in_tmp(engine.settings.home)
