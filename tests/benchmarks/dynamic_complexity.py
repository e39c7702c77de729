"""Essentia's dynamic complexity of sound files: how far the loudness moves around its mean (dB), one of issue 28's
figures (an "epic" track measured 1.80, real recordings 1.90-6.05).

Essentia is AGPL, so it is never a dependency of the package: it runs in its own venv (``NEMO_REF_VENV``, default
``/tmp/nemo-ref-venv``, the one ``/work/shared/tools/reference-beats`` makes), given the files' paths; without that
venv there is no figure.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

_SCRIPT = """
import json, sys
import essentia
essentia.log.warningActive = False
import essentia.standard as es
for path in sys.argv[1:]:
    audio = es.MonoLoader(filename=path, sampleRate=44100)()
    complexity, loudness = es.DynamicComplexity(sampleRate=44100)(audio)
    print(json.dumps({"file": path, "complexity": float(complexity)}), flush=True)
"""


def reference_python() -> Path:
    return Path(os.environ.get("NEMO_REF_VENV", "/tmp/nemo-ref-venv")) / "bin" / "python"


def dynamic_complexities(paths: Sequence[Path]) -> dict[Path, float]:
    """Each file's dynamic complexity (essentia's ``DynamicComplexity`` on its mono mix at 44.1 kHz), or an empty
    dict when the reference venv is not there."""
    python = reference_python()
    if not paths or not python.is_file():
        return {}
    done = subprocess.run([str(python), "-c", _SCRIPT, *map(str, paths)], capture_output=True, text=True,
                          check=True, timeout=60 + 30 * len(paths))  # fmt: skip
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    return {Path(row["file"]): float(row["complexity"]) for row in rows}
