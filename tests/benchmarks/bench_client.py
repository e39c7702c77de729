"""The client: memory during a 500 MB upload, and SSE parse throughput.

- Upload: a client in its own process sends a 500 MB file (sparse, named .mp4) to a loopback server that reads and
  discards it; the figure is the growth of the client process's peak RSS over its RSS before the upload (goal
  < 50 MB). The reference is the file's size: what holding it in memory would cost.
- SSE: 40 MB of ADK chat events fed to the decoder in 64 KiB chunks (as a socket would deliver them), and the same
  data through the whole turn reader (JSON, typed events, screen-word rewriting). Reference: ``bytes.split(b"\\n")``
  over the same data in the same run, the floor of any line splitter written in Python.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.benchmarks import Figure

UPLOAD_BYTES = 500 * 1024 * 1024
SSE_BYTES = 40 * 1024 * 1024
CHUNK = 64 * 1024

CLIENT_SCRIPT = r"""
import json, sys, threading, time
from pathlib import Path

def rss_kb(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

from nemo_notebook.client import Client
url, path = sys.argv[1], Path(sys.argv[2])
client = Client(base_url=url, token="bench-token", home=path.parent / "home")
session = client.sessions.create()
before = rss_kb("VmRSS")
started = time.perf_counter()
session.upload(path, progress=lambda sent, total: None)
elapsed = time.perf_counter() - started
print(json.dumps({"growth_mb": (rss_kb("VmHWM") - before) / 1024, "seconds": elapsed}))
"""


class _Discard(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        remaining = int(self.headers.get("Content-Length", "0"))
        while remaining > 0:
            chunk = self.rfile.read(min(remaining, 1 << 20))
            if not chunk:
                break
            remaining -= len(chunk)
        media = [{"id": "m1", "name": "big.mp4", "kind": "video", "format": "mp4", "size": UPLOAD_BYTES}]
        data = {"session_id": "s1", "task_id": "t1", "bind_id": "b1", "media": media}
        body = json.dumps({"code": 0, "message": "ok", "data": data}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def upload_figures() -> list[Figure]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Discard)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            big = Path(folder) / "big.mp4"
            with big.open("wb") as f:
                f.write(b"\0\0\0\x18ftypmp42")
                f.truncate(UPLOAD_BYTES)
            url = f"http://127.0.0.1:{server.server_address[1]}"
            out = subprocess.run(
                [sys.executable, "-c", CLIENT_SCRIPT, url, str(big)], capture_output=True, text=True, check=True
            )
            result = json.loads(out.stdout)
    finally:
        server.shutdown()
        server.server_close()
    size_mb = UPLOAD_BYTES / 1024**2
    return [
        Figure("client RSS growth, 500 MB upload", result["growth_mb"], "MB", size_mb, "file size", goal=50.0),
        Figure("upload throughput to a discarding loopback server", size_mb / result["seconds"], "MB/s"),
    ]


def sse_body() -> bytes:
    """Partial text events as the hosted agent streams them (a screen phrase now and then, U+2028 inside JSON),
    with a ``: ping`` comment every 50 events."""
    words = "Analysing the track… beats at 120 bpm, cuts on every bar\u2028and a title over the first chorus. "
    parts = []
    for i in range(2000):
        text = words + ("Click Export when ready. " if i % 25 == 0 else "")
        event = {"id": f"e{i}", "invocationId": "inv", "author": "nemo_agent", "timestamp": 1.0, "partial": True,
                 "content": {"role": "model", "parts": [{"text": text}]}}  # fmt: skip
        parts.append(b"data: " + json.dumps(event, ensure_ascii=False).encode() + b"\r\n\r\n")
        if i % 50 == 0:
            parts.append(b": ping\n\n")
    unit = b"".join(parts)
    return unit * (SSE_BYTES // len(unit) + 1)


def _rate_mb_s(nbytes: int, seconds: float) -> float:
    return nbytes / 1024**2 / seconds


def _best_of(runs: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def sse_figures() -> list[Figure]:
    from nemo_notebook.client._chat import ChatLimits, TurnReader
    from nemo_notebook.client._sse import SSEDecoder

    data = sse_body()
    chunks = [data[i : i + CHUNK] for i in range(0, len(data), CHUNK)]

    def decode() -> None:
        decoder = SSEDecoder()
        for chunk in chunks:
            decoder.feed(chunk)

    def read_turn() -> None:
        reader = TurnReader(ChatLimits())
        for chunk in chunks:
            reader.feed(chunk)

    split = _rate_mb_s(len(data), _best_of(3, lambda: data.split(b"\n")))
    return [
        Figure(
            "SSE decoder (bytes → events)", _rate_mb_s(len(data), _best_of(3, decode)), "MB/s", split, "bytes.split"
        ),
        Figure(
            "chat turn reader (→ events)", _rate_mb_s(len(data), _best_of(2, read_turn)), "MB/s", split, "bytes.split"
        ),
    ]


def run() -> list[Figure]:
    return upload_figures() + sse_figures()
