"""``make demo`` the first time after installing against the second time: the first should cost at most 1.15× more.

A first run is reproduced without touching the checkout or the environment: the package is copied to a temporary
folder as a fresh clone has it (no ``__pycache__``), and the run gets empty cache folders for numba
(``NUMBA_CACHE_DIR``), matplotlib (``MPLCONFIGDIR``) and everything under ``XDG_CACHE_HOME`` (fontconfig); the
engine home is a fresh temporary folder in both runs, as the demo makes one each time. The installed libraries keep
the bytecode that installing compiled. The second run repeats the first with the caches the first one left.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import Figure

REPO = Path(__file__).resolve().parents[2]
GOAL_RATIO = 1.15


def _fresh_clone(root: Path) -> Path:
    clone = root / "clone"
    shutil.copytree(REPO / "nemo_notebook", clone / "nemo_notebook", ignore=shutil.ignore_patterns("__pycache__"))
    (clone / "examples").mkdir()
    (clone / "examples" / "media").symlink_to(REPO / "examples" / "media")
    return clone


def _cpu_s() -> float:
    """User + system CPU seconds of the finished child processes (and the ones they waited for: ffmpeg)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _demo(clone: Path, caches: Path, out: Path) -> tuple[float, float, float]:
    """Wall time of one ``nemo-notebook demo`` process, the demo's own figure (from its ``done in`` line), and the
    CPU time it took (which a loaded machine disturbs less than the wall time)."""
    env = {
        **os.environ,
        "PYTHONPATH": str(clone),
        "NUMBA_CACHE_DIR": str(caches / "numba"),
        "MPLCONFIGDIR": str(caches / "matplotlib"),
        "XDG_CACHE_HOME": str(caches / "xdg"),
    }
    cpu, began = _cpu_s(), time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "nemo_notebook.cli", "demo", "-o", str(out), "--quality", "high"],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    wall, cpu = time.perf_counter() - began, _cpu_s() - cpu
    if done.returncode != 0:
        raise RuntimeError(f"the demo failed: {done.stderr[-2000:]}")
    inner = re.search(r"done in ([0-9.]+) s", done.stderr)
    return wall, float(inner.group(1)) if inner else float("nan"), cpu


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="nemo-bench-demo-") as folder:
        root = Path(folder)
        clone, caches = _fresh_clone(root), root / "caches"
        first, first_inner, first_cpu = _demo(clone, caches, root / "first.mp4")
        second, second_inner, second_cpu = _demo(clone, caches, root / "second.mp4")
    return [
        Figure(
            "demo, first run after installing (process wall time)",
            first,
            "s",
            reference=second,
            reference_name="second run",
            goal=GOAL_RATIO,
            goal_is_ratio=True,
        ),
        Figure(
            "demo, first run (its own 'done in')", first_inner, "s", reference=second_inner, reference_name="second"
        ),
        Figure(
            "demo, first run (CPU s, ffmpeg included)", first_cpu, "s", reference=second_cpu, reference_name="second"
        ),
    ]
