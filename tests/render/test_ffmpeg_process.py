"""How the engine starts ffmpeg: tied to the engine's life on Linux, and never with a real ``fork()``, whose OpenBLAS
handlers once froze an analysis that was multiplying matrices in another thread while a render started (a batch of
tracks hung for 15 minutes)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.render.run import run_ffmpeg, tied_to_parent

STUCK_AFTER_S = 120.0
SCENE = """
import sys, threading
import numpy as np
from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.render.run import run_ffmpeg, tied_to_parent

stop = threading.Event()
products = [0, 0]

def multiply(i):
    power = np.random.default_rng(i).random((400, 3000), dtype=np.float32)
    basis = np.random.default_rng(i + 10).random((128, 400), dtype=np.float32)
    while not stop.is_set():
        np.einsum("ft,mf->mt", power, basis, optimize=True)  # a BLAS product, as the analysis's mel and chroma
        products[i] += 1

workers = [threading.Thread(target=multiply, args=(i,), daemon=True) for i in range(2)]
for worker in workers:
    worker.start()
for _ in range(60):
    run_ffmpeg([ffmpeg_exe(), "-hide_banner", "-version"], duration_ms=1000)
stop.set()
for worker in workers:
    worker.join(30)
print("products", products, "frozen", sum(w.is_alive() for w in workers))
"""


def test_matrix_products_go_on_while_renders_start() -> None:
    """In a child process: a frozen ``fork()`` holds the interpreter's lock, so it would freeze this test run too."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", SCENE], capture_output=True, text=True, timeout=STUCK_AFTER_S, check=False
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"starting ffmpeg while matrices were multiplied froze the process for {STUCK_AFTER_S:.0f} s")
    assert done.returncode == 0, done.stderr[-2000:]
    products, frozen = done.stdout.split("products ")[1].split(" frozen ")
    assert int(frozen) == 0, f"a matrix product froze while ffmpeg started: {done.stdout}"
    assert min(int(n) for n in products.strip("[] \n").split(",")) > 0, done.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
def test_ffmpeg_is_started_through_the_tie_and_keeps_its_arguments() -> None:
    cmd = tied_to_parent([ffmpeg_exe(), "-hide_banner", "-version"])
    assert cmd[0] == sys.executable and cmd[-3:] == [ffmpeg_exe(), "-hide_banner", "-version"]
    script = cmd.index("-c") + 1
    assert "PDEATHSIG" in cmd[script] and cmd[script + 1] == str(os.getpid())  # the pid its race check compares with


def test_a_missing_program_is_left_alone_so_that_starting_it_says_so() -> None:
    assert tied_to_parent(["no-such-ffmpeg-here", "-version"]) == ["no-such-ffmpeg-here", "-version"]
    with pytest.raises(FileNotFoundError):
        run_ffmpeg(["no-such-ffmpeg-here", "-version"], duration_ms=1000)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here (a device that is always full)")
def test_a_render_that_fills_the_disk_says_to_free_space_not_ffmpegs_words() -> None:
    from nemo_notebook.engine.errors import RenderError

    cmd = [ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", "testsrc=d=1", "-f", "mpegts", "-y", "/dev/full"]
    with pytest.raises(RenderError, match=r"the disk is full, .*free some space .* then export again"):
        run_ffmpeg(cmd, duration_ms=1000)
