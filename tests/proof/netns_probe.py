"""Run inside a network namespace of its own (``unshare -n``) by ``test_edge_addresses``: gives ``lo`` the addresses
under test, listens on each, asks an engine to fetch URLs that lead to them, and prints what happened as JSON.

In such a namespace ``lo`` is the only interface: a packet to any address goes nowhere but ``lo``, so a refusal that
fails is caught by a listener here and never reaches a real host.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

import httpx

from nemo_notebook.engine import EngineSettings, start_in_background
from nemo_notebook.protocol import paths

PORT = 8099
GLOBAL_V4 = "93.184.215.14"  # a global address, given to lo: the control that shows a listener sees connections
GLOBAL_V6 = "2606:2800:21f:cb07:6820:80da:af6b:8b2c"
NOT_GLOBAL_V4 = ["100.64.0.1", "100.100.100.200", "10.1.2.3", "172.16.0.1", "192.168.1.10", "169.254.169.254",
                 "198.18.0.1", "192.0.0.8", "127.0.0.2"]  # fmt: skip
NOT_GLOBAL_V6 = [
    "fd00::1",
    "64:ff9b::a01:203",
    "64:ff9b::7f00:1",
    "2002:a01:203::1",
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",
]
SILENT_PORT = 8098
CLOSED_PORT = 8097


def shell(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True)


class Listener:
    """Accepts connections on ``address:port`` and counts them; sends ``answer`` if given, or holds them (``silent``)."""

    def __init__(self, address: str, port: int, answer: bytes | None = None, silent: bool = False) -> None:
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        self.sock = socket.socket(family, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((address, port))
        self.sock.listen(16)
        self.connections = 0
        self.answer, self.silent, self.held = answer, silent, []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            conn, _ = self.sock.accept()
            self.connections += 1
            if self.silent:
                self.held.append(conn)
                continue
            if self.answer is not None:
                conn.recv(65536)
                conn.sendall(self.answer)
            conn.close()


def http_answer(status: str, headers: dict[str, str], body: bytes = b"") -> bytes:
    head = f"HTTP/1.1 {status}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return head.encode() + b"\r\n" + body


def url(address: str, port: int, path: str = "/song.mp3") -> str:
    return f"http://[{address}]:{port}{path}" if ":" in address else f"http://{address}:{port}{path}"


def main() -> None:
    shell("ip", "link", "set", "lo", "up")
    for address in [GLOBAL_V4, *(a for a in NOT_GLOBAL_V4 if not a.startswith("127."))]:
        shell("ip", "addr", "add", f"{address}/32", "dev", "lo")
    for address in [GLOBAL_V6, *NOT_GLOBAL_V6]:
        shell("ip", "-6", "addr", "add", f"{address}/128", "dev", "lo", "nodad")
    text = http_answer("200 OK", {"Content-Type": "audio/mpeg"}, b"not a song\n" * 20)
    listeners = {a: Listener(a, PORT) for a in [*NOT_GLOBAL_V4, *NOT_GLOBAL_V6]}
    listeners["localhost"] = Listener("127.0.0.1", PORT)
    control = Listener(GLOBAL_V4, PORT, answer=text)
    control6 = Listener(GLOBAL_V6, PORT, answer=text)
    redirect = Listener(GLOBAL_V4, PORT + 1, answer=http_answer("302 Found", {"Location": url("100.64.0.1", PORT)}))
    Listener(GLOBAL_V4, SILENT_PORT, silent=True)
    urls = {name: url(name, PORT) for name in listeners}
    urls["::ffff:10.1.2.3"] = url("::ffff:10.1.2.3", PORT)  # reaches the 10.1.2.3 listener if it is not refused
    urls["::a01:203"] = url("::a01:203", PORT)
    urls["redirect to 100.64.0.1"] = url(GLOBAL_V4, PORT + 1)
    urls["closed port of a global address"] = url(GLOBAL_V4, CLOSED_PORT)
    urls["silent global server"] = url(GLOBAL_V4, SILENT_PORT)
    urls["control"] = url(GLOBAL_V4, PORT)
    urls["control6"] = url(GLOBAL_V6, PORT)
    with tempfile.TemporaryDirectory() as home:
        settings = EngineSettings(home=Path(home), url_timeout_s=1.0)
        with start_in_background(settings=settings) as engine:
            results = fetch_all(engine.url, engine.token, urls)
    results["connections"] = {name: listener.connections for name, listener in listeners.items()}
    results["connections"]["control"] = control.connections
    results["connections"]["control6"] = control6.connections
    results["connections"]["redirect"] = redirect.connections
    json.dump(results, sys.stdout)


def fetch_all(base: str, token: str, urls: dict[str, str]) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, headers=headers, timeout=60, trust_env=False) as api:
        sid = api.post(paths.CREATE_SESSION, json={}).json()["data"]["session_id"]
        answers = {}
        for name, target in urls.items():
            answer = api.post(paths.upload(sid), json={"urls": [target], "source_type": "url"})
            answers[name] = {"status": answer.status_code, **answer.json()}
    return {"answers": answers}


if __name__ == "__main__":
    main()
