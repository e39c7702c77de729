"""Run by ``test_edge_engine`` in a mount namespace of its own, with ``argv[1]`` a small tmpfs: an engine whose home is
on it takes an upload larger than the room left, and must answer 507, keep nothing, and go on working.

Prints what it saw as JSON.
"""

from __future__ import annotations

import io
import json
import os
import sys
import wave
from pathlib import Path

import httpx

from nemo_notebook.engine import EngineSettings, start_in_background
from nemo_notebook.protocol import paths


def wav(seconds: float, rate: int = 8000) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(2 * int(rate * seconds)))
    return out.getvalue()


def main(root: Path) -> None:
    settings = EngineSettings(home=root / "home", max_upload_bytes=64 * 1024 * 1024)
    report: dict[str, object] = {}
    with start_in_background(settings=settings) as engine:
        headers = {"Authorization": f"Bearer {engine.token}"}
        with httpx.Client(base_url=engine.url, headers=headers, timeout=120, trust_env=False) as api:
            sid = api.post(paths.CREATE_SESSION, json={}).json()["data"]["session_id"]
            big = api.post(paths.upload(sid), files=[("files", ("long.wav", wav(400.0)))])  # 6.4 MB on a 4 MB disk
            report["full"] = {"status": big.status_code, **big.json()}
            report["tmp_after_full"] = os.listdir(settings.tmp_dir)
            report["media_after_full"] = api.get(paths.state(sid)).json()["data"]["state"]["video_infos"]
            small = api.post(paths.upload(sid), files=[("files", ("short.wav", wav(1.0)))])
            report["small"] = {"status": small.status_code, **small.json()}
            report["media_after_small"] = len(api.get(paths.state(sid)).json()["data"]["state"]["video_infos"])
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
