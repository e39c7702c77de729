"""The engine hands memory it freed back to the system before an ffmpeg starts (render.heap)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from nemo_notebook.engine.render.heap import hand_back_freed_memory

_FREED_THEN_TRIMMED = textwrap.dedent(
    """
    import os
    from nemo_notebook.engine.render.heap import hand_back_freed_memory

    def resident_mb():
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

    held = [bytes(2000) + bytes([i % 251]) for i in range(100_000)]  # ~200 MB in malloc's heap, not pymalloc's
    pin = bytes(3000)  # one block above them all: the heap's top cannot shrink, only its inside be given back
    del held
    freed = resident_mb()
    assert hand_back_freed_memory()
    print(freed, resident_mb())
    """
)


@pytest.mark.skipif(not sys.platform.startswith("linux") or not hand_back_freed_memory(), reason="glibc only")
def test_memory_freed_inside_the_heap_goes_back_to_the_system() -> None:
    """200 MB freed below a live block stay resident (glibc keeps them) until they are handed back."""
    done = subprocess.run([sys.executable, "-c", _FREED_THEN_TRIMMED], capture_output=True, text=True, check=True)
    freed_mb, trimmed_mb = map(float, done.stdout.split())
    assert freed_mb - trimmed_mb > 150, (freed_mb, trimmed_mb)


def test_ffmpeg_is_started_after_the_hand_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hand-back comes before the ffmpeg it makes room for (a real process started, only the call order read)."""
    from nemo_notebook.engine.render import run

    calls: list[str] = []

    def trim() -> bool:
        calls.append("trim")
        return True

    monkeypatch.setattr(run, "hand_back_freed_memory", trim)
    real_popen = subprocess.Popen

    def popen(*args: object, **kwargs: object) -> object:
        calls.append("ffmpeg")
        return real_popen(*args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(subprocess, "Popen", popen)
    read, write = os.pipe()
    try:
        run.run_feeding([sys.executable, "-c", "pass"], write)
    finally:
        os.close(read)
        os.close(write)
    assert calls[:2] == ["trim", "ffmpeg"], calls
