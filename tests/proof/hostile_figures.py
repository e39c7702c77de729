"""The hostile uploads of issue 24, measured on a real engine process: the engine's peak memory (VmHWM, reset before
each upload) and the time each upload (or chat turn) holds a worker.

    python -m tests.proof.hostile_figures [--engine-root DIR] [--only NAME ...] [--chat MINUTES]

``--engine-root`` runs the engine from another checkout (``PYTHONPATH``), to measure the code before a change.
Prints one line per payload: its size, the answer, seconds, how far it raised the engine's peak memory, and the peak
resident memory of the engine's media workers (child processes) alive afterwards.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from nemo_notebook.protocol import paths

from . import media
from .harness import anonymous_token, authorised, new_session, spawn_engine

TIMEOUT_S = 240.0


def _memory_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def _reset_peak(pid: int) -> None:
    Path(f"/proc/{pid}/clear_refs").write_text("5")  # 5: the peak resident set starts again from the current one


def _workers(pid: int) -> list[int]:
    """The engine's child processes (its media workers)."""
    found: list[int] = []
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(child) for child in children.read_text().split()]
    return found


def _workers_peak_mb(pid: int) -> int:
    """The highest peak resident memory among the engine's workers alive now, MB (a worker killed for using too much
    is gone, and its peak with it)."""
    peaks = []
    for worker in _workers(pid):
        try:
            peaks.append(_memory_kb(worker, "VmHWM") // 1024)
        except (OSError, LookupError):
            continue
    return max(peaks, default=0)


def _tone_flac(folder: Path, seconds: int) -> Path:
    out = folder / "long.flac"
    source = f"sine=frequency=220:beep_factor=4:sample_rate=44100:duration={seconds}"
    media.ffmpeg("-f", "lavfi", "-i", source, "-c:a", "flac", "-compression_level", "0", out)
    return out


def payloads(folder: Path) -> dict[str, tuple[str, Callable[[], bytes]]]:
    return {
        "hls": ("live.m3u8", lambda: media.live_playlist("segment-0.ts")),
        "mp4-60M-samples": ("claim.mp4", lambda: media.mp4_claiming_samples(60_000_000)),
        "flac-3h-silence": ("silence.flac", lambda: media.flac_of_silence(folder, 3 * 3600, rate=44_100)),
        "wav-1Hz": ("slow.wav", lambda: media.wav_at_rate(1, seconds_of_data=1.0)),
        "wav-2GHz": ("fast.wav", lambda: media.wav_at_rate(2_000_000_000, seconds_of_data=1.0)),
        "png-16000x16000x16bit": ("huge.png", lambda: media.png_claiming(16000, 16000, bits=16, colour=True)),
        "png-1x100000": ("tall.png", lambda: media.png_claiming(1, 100_000)),
        "png-16384x1": ("wide.png", lambda: media.png_claiming(16384, 1)),
        # under every header limit (49 megapixels): decoding it takes 294 MB, in the engine before its workers
        "png-7000x7000x16bit": ("big.png", lambda: media.png_claiming(7000, 7000, bits=16, colour=True)),
    }


def _measure(pid: int, act: Callable[[], httpx.Response]) -> tuple[str, float, int]:
    for process in (pid, *_workers(pid)):
        _reset_peak(process)
    base_kb = _memory_kb(pid, "VmRSS")
    start = time.monotonic()
    try:
        answer = act()
        outcome = f"{answer.status_code} {answer.json().get('code', '')}"
        if answer.status_code >= 300:
            outcome += f" {answer.json().get('message', '')[:90]}"
    except httpx.TimeoutException:
        outcome = "no answer"
    seconds = time.monotonic() - start
    return outcome, seconds, (_memory_kb(pid, "VmHWM") - base_kb) // 1024


def _ok() -> httpx.Response:
    return httpx.Response(200, json={"code": 0})


def _chat_turn(api: httpx.Client, folder: Path, minutes: int) -> Callable[[], httpx.Response]:
    track = _tone_flac(folder, minutes * 60)
    sid = new_session(api)
    answer = api.post(paths.upload(sid), files=[("files", (track.name, track.read_bytes()))])

    def turn() -> httpx.Response:
        if answer.status_code != 200:
            return answer
        body = {
            "app_name": paths.APP_NAME, "user_id": paths.USER_ID, "session_id": sid,
            "new_message": {"role": "user", "parts": [{"text": "create a video from this music with a visualizer"}]},
        }  # fmt: skip
        reply = api.post(paths.RUN_SSE, json=body, headers={"Accept": "text/event-stream"})
        return httpx.Response(reply.status_code, json={"code": "turn" if '"turnComplete": true' in reply.text else "?"})

    return turn


def _flood(engine_url: str, api: httpx.Client, sid: str, bodies: list[tuple[str, bytes]], count: int) -> None:
    """``count`` hostile uploads at once; meanwhile another owner reads its state: the slowest read, and the answers."""
    from concurrent.futures import ThreadPoolExecutor

    other = authorised(engine_url, anonymous_token(engine_url, "hostile-figures-other-owner"))
    other_sid = new_session(other)
    reads_s: list[float] = []
    with ThreadPoolExecutor(count) as pool:
        start = time.monotonic()
        sent = [
            pool.submit(api.post, paths.upload(sid), files=[("files", bodies[i % len(bodies)])]) for i in range(count)
        ]
        while not all(f.done() for f in sent) or not reads_s:
            began = time.monotonic()
            assert other.get(paths.state(other_sid)).status_code == 200
            reads_s.append(time.monotonic() - began)
        statuses = sorted({f.result().status_code for f in sent})
    took_s = time.monotonic() - start
    print(f"{count} hostile uploads at once: all answered in {took_s:.1f} s ({statuses}); another owner's "
          f"{len(reads_s)} state reads meanwhile, slowest {max(reads_s) * 1000:.0f} ms", flush=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine-root", type=Path)
    parser.add_argument("--only", nargs="*")
    parser.add_argument("--chat", type=int, metavar="MINUTES", help="also a chat turn on a track this long")
    parser.add_argument("--flood", type=int, metavar="N", help="also N hostile uploads at once")
    parser.add_argument("--timeout", type=float, default=TIMEOUT_S, help="seconds to wait for each answer")
    args = parser.parse_args()
    env = {"PYTHONPATH": str(args.engine_root.resolve())} if args.engine_root else {}
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        folder = Path(tmp)
        if args.engine_root:
            os.chdir(args.engine_root)  # python -m puts the working folder first on the path, before PYTHONPATH
        engine = spawn_engine(folder / "home", "hostile-figures-token", logs=folder / "logs", env=env)
        try:
            api = authorised(engine.url, engine.token, timeout_s=args.timeout)
            sid = new_session(api)
            pid = engine.proc.pid
            print(f"engine pid {pid}, resident {_memory_kb(pid, 'VmRSS') // 1024} MB")
            bodies: list[tuple[str, bytes]] = []
            for key, (name, make) in payloads(folder).items():
                if args.only and key not in args.only:
                    continue
                content = make()
                bodies.append((name, content))
                outcome, seconds, mb = _measure(
                    pid, lambda n=name, c=content: api.post(paths.upload(sid), files=[("files", (n, c))])
                )
                print(f"{key:24} {len(content):>9} B  {seconds:6.1f} s  +{mb:5d} MB  worker {_workers_peak_mb(pid):5d} MB"
                      f"  {outcome}", flush=True)  # fmt: skip
            if args.flood:
                _measure_flood = _measure(pid, lambda: _flood(engine.url, api, sid, bodies, args.flood) or _ok())
                print(f"  the flood raised the engine's peak by {_measure_flood[2]} MB; workers' peak "
                      f"{_workers_peak_mb(pid)} MB", flush=True)  # fmt: skip
            if args.chat:
                outcome, seconds, mb = _measure(pid, _chat_turn(api, folder, args.chat))
                what = f"chat, {args.chat}-min track"
                print(f"{what:24} {'':>9}    {seconds:6.1f} s  +{mb:5d} MB  worker {_workers_peak_mb(pid):5d} MB"
                      f"  {outcome}", flush=True)  # fmt: skip
        finally:
            engine.stop()
            os.sync()


if __name__ == "__main__":
    main()
