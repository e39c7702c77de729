"""``python -m tests.benchmarks [topic …]``: run the benchmark modules and print every figure."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path

from tests.numba_cache import use_safe_numba_cache


def _topics(selected: list[str]) -> list[str]:
    here = Path(__file__).parent
    names = sorted(m.name[len("bench_") :] for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    unknown = [s for s in selected if s not in names]
    if unknown:
        raise SystemExit(f"unknown benchmark(s) {', '.join(unknown)}; there are: {', '.join(names)}")
    return selected or names


def main(argv: list[str]) -> int:
    use_safe_numba_cache()  # librosa's kernels (some benchmarks' reference) cached where runs at once cannot spoil them
    for topic in _topics(argv):
        module = importlib.import_module(f"tests.benchmarks.bench_{topic}")
        print(f"== {topic}", flush=True)
        started = time.perf_counter()
        for figure in module.run():
            print("  " + figure.line(), flush=True)
        print(f"   ({time.perf_counter() - started:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
