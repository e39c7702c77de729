"""``import nemo_notebook.client`` stays light: a fresh interpreter must not load IPython, widgets, pandas or the
engine."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, sys
import nemo_notebook.client
from nemo_notebook import Client, AsyncClient, NemoError
loaded = [m for m in sys.modules if m.split('.')[0] in ('IPython', 'ipywidgets', 'pandas', 'numpy', 'librosa', 'av')
          or m.startswith('nemo_notebook.engine') or m.startswith('nemo_notebook.notebook')]
print(json.dumps(loaded))
"""


def test_importing_the_client_loads_no_engine_notebook_or_heavy_module() -> None:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=60)
    assert json.loads(out.stdout) == []


def test_making_a_client_does_not_start_or_import_the_engine() -> None:
    code = PROBE.replace("print(", "Client(home='/nonexistent-nemo-home'); print(")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert json.loads(out.stdout) == []
