"""The engine's server: memory while a 500 MB upload streams, upload throughput, time to the first SSE event.

The engine runs as ``nemo-notebook serve`` in its own process, so that its resident memory (``/proc/<pid>/status``)
is its own. The throughput's reference is a raw copy of the same bytes over a loopback TCP socket into a file, in
the same run; the first event's reference is a plain JSON round trip (``GET credits``).
"""

from __future__ import annotations

import contextlib
import os
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from nemo_notebook.protocol import events, paths

from . import Figure

UPLOAD_BYTES = 500 * 1000 * 1000
CHUNK = 1024 * 1024
MIB = 1024 * 1024


def _wav(path: Path, total_bytes: int) -> None:
    """A valid 48 kHz stereo 16-bit WAV of ``total_bytes`` (silence), written in chunks."""
    data_bytes = total_bytes - 44
    header = b"RIFF" + struct.pack("<I", 36 + data_bytes) + b"WAVEfmt "
    header += struct.pack("<IHHIIHH", 16, 1, 2, 48000, 48000 * 4, 4, 16) + b"data" + struct.pack("<I", data_bytes)
    block = bytes(CHUNK)
    with path.open("wb") as out:
        out.write(header)
        left = data_bytes
        while left > 0:
            out.write(block[: min(CHUNK, left)])
            left -= CHUNK


@contextlib.contextmanager
def _serve(home: Path) -> Iterator[tuple[str, str, int]]:
    cmd = [sys.executable, "-m", "nemo_notebook.cli", "serve", "--port", "0", "--home", str(home)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        url = first.rsplit(" ", 1)[-1].strip()
        token = (home / "token").read_text().strip()
        yield url, token, proc.pid
    finally:
        proc.terminate()
        proc.wait(20)


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds the process has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


class _PeakRss(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, _rss_bytes(self.pid))
            time.sleep(0.02)


def _upload(api: httpx.Client, sid: str, path: Path) -> float:
    began = time.perf_counter()
    with path.open("rb") as f:
        answer = api.post(paths.upload(sid), files=[("files", (path.name, f, "audio/wav"))])
    elapsed = time.perf_counter() - began
    assert answer.status_code == 200, answer.text[:300]
    return elapsed


def _upload_raw(url: str, token: str, sid: str, path: Path) -> float:
    """The same upload from a plain socket in 1 MiB writes: the engine's own speed, without httpx's cost."""
    boundary = "nemobenchboundary"
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{path.name}"\r\n\r\n'.encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    host, port = url.removeprefix("http://").split(":")
    length = len(head) + path.stat().st_size + len(tail)
    request = (
        f"POST {paths.upload(sid)} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {length}\r\n\r\n"
    ).encode()
    began = time.perf_counter()
    with socket.create_connection((host, int(port))) as sock, path.open("rb") as f:
        sock.sendall(request + head)
        while block := f.read(CHUNK):
            sock.sendall(block)
        sock.sendall(tail)
        answer = sock.recv(65536)
    elapsed = time.perf_counter() - began
    assert answer.startswith(b"HTTP/1.1 200"), answer[:300]
    return elapsed


def _raw_loopback_copy(path: Path, out_dir: Path) -> float:
    """Seconds to push ``path`` through a loopback TCP socket into a file: the floor for an upload."""
    server = socket.create_server(("127.0.0.1", 0))
    target = out_dir / "raw-copy.bin"

    def receive() -> None:
        conn, _ = server.accept()
        with conn, target.open("wb") as out:
            while chunk := conn.recv(CHUNK):
                out.write(chunk)

    receiver = threading.Thread(target=receive)
    receiver.start()
    began = time.perf_counter()
    with socket.create_connection(server.getsockname()) as sock, path.open("rb") as f:
        while block := f.read(CHUNK):
            sock.sendall(block)
    receiver.join()
    elapsed = time.perf_counter() - began
    server.close()
    target.unlink()
    return elapsed


def _first_event_ms(api: httpx.Client, sid: str) -> float:
    began = time.perf_counter()
    with api.stream("POST", paths.RUN_SSE, json=events.chat_request(sid, "add a title 'Bench' for 2 seconds")) as r:
        lines = r.iter_lines()
        for line in lines:
            if line.startswith("data:"):
                first = time.perf_counter()
                break
        for _ in lines:  # read the turn to its end, so that the session is free for the next one
            pass
    return (first - began) * 1000


def _round_trip_ms(api: httpx.Client) -> float:
    began = time.perf_counter()
    api.get(paths.CREDITS).raise_for_status()
    return (time.perf_counter() - began) * 1000


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="nemo-bench-engine-") as folder:
        root = Path(folder)
        big, small = root / "big.wav", root / "small.wav"
        _wav(big, UPLOAD_BYTES)
        _wav(small, 200_000)
        with (
            _serve(root / "home") as (url, token, pid),
            httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=600) as api,
        ):
            sid = api.post(paths.CREATE_SESSION, json={}).json()["data"]["session_id"]
            _upload(api, sid, small)  # warm up: multipart, PyAV and the store are loaded
            for _ in range(3):
                _first_event_ms(api, sid)
            baseline = _rss_bytes(pid)
            sampler = _PeakRss(pid)
            sampler.start()
            cpu_before = _cpu_s(pid)
            upload_s = _upload(api, sid, big)
            engine_cpu_s = _cpu_s(pid) - cpu_before
            sampler.done.set()
            sampler.join()
            raw_upload_s = _upload_raw(url, token, sid, big)
            first_ms = statistics.median(_first_event_ms(api, sid) for _ in range(15))
            round_trip_ms = statistics.median(_round_trip_ms(api) for _ in range(15))
        raw_s = _raw_loopback_copy(big, root)
        os.sync()
    size_mb = UPLOAD_BYTES / 1e6
    return [
        Figure("engine RSS growth during a 500 MB upload", (sampler.peak - baseline) / MIB, "MiB", goal=50),
        Figure(
            "loopback upload throughput (httpx client, inverse)",
            upload_s / size_mb * 1000,
            "s/GB",
            reference=raw_s / size_mb * 1000,
            reference_name="raw loopback TCP copy into a file",
        ),
        Figure("loopback upload throughput (httpx client)", size_mb / upload_s, "MB/s"),
        Figure(
            "loopback upload throughput (plain socket client, inverse)",
            raw_upload_s / size_mb * 1000,
            "s/GB",
            reference=raw_s / size_mb * 1000,
            reference_name="raw loopback TCP copy into a file",
        ),
        Figure("loopback upload throughput (plain socket client)", size_mb / raw_upload_s, "MB/s"),
        Figure("raw loopback TCP copy into a file", size_mb / raw_s, "MB/s"),
        Figure("engine CPU time per GB uploaded", engine_cpu_s / size_mb * 1000, "s/GB"),
        Figure(
            "time to the first SSE event",
            first_ms,
            "ms",
            reference=round_trip_ms,
            reference_name="GET credits round trip",
        ),
    ]
