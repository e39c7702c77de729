"""The layers of DESIGN.md: ``notebook → client → protocol`` and ``engine → protocol``; only ``notebook/`` imports
IPython or ipywidgets."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "nemo_notebook"
UI_LIBRARIES = {"IPython", "ipywidgets", "traitlets"}


def _absolute_imports(path: Path) -> set[str]:
    """Every module a file imports, with relative imports resolved to ``nemo_notebook.…`` names."""
    package_parts = ["nemo_notebook", *path.relative_to(PACKAGE).parent.parts]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package_parts[: len(package_parts) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _layer_files(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", ["protocol", "client", "engine"])
def test_only_the_notebook_layer_imports_ipython_or_widgets(layer: str) -> None:
    for path in _layer_files(layer):
        roots = {name.split(".")[0] for name in _absolute_imports(path)}
        assert not roots & UI_LIBRARIES, f"{path.relative_to(PACKAGE)} imports {roots & UI_LIBRARIES}"


def test_the_engine_never_imports_the_client_or_the_notebook() -> None:
    for path in _layer_files("engine"):
        wrong = {n for n in _absolute_imports(path) if n.startswith(("nemo_notebook.client", "nemo_notebook.notebook"))}
        assert not wrong, f"{path.relative_to(PACKAGE)} imports {wrong}"


def test_the_client_knows_the_engine_only_through_one_start_function() -> None:
    for path in _layer_files("client"):
        engine_names = {n for n in _absolute_imports(path) if n.startswith("nemo_notebook.engine")}
        assert engine_names <= {"nemo_notebook.engine", "nemo_notebook.engine.start_in_background"}, path.name
        assert not {n for n in _absolute_imports(path) if n.startswith("nemo_notebook.notebook")}, path.name


def test_the_protocol_imports_nothing_of_the_project() -> None:
    for path in _layer_files("protocol"):
        outside = {n for n in _absolute_imports(path) if n.startswith("nemo_notebook") and ".protocol" not in n}
        assert not outside, f"{path.relative_to(PACKAGE)} imports {outside}"


def test_a_fresh_interpreter_running_client_and_engine_has_no_ipython() -> None:
    probe = (
        "import json, sys\n"
        "import nemo_notebook.client, nemo_notebook.engine\n"
        "import nemo_notebook.engine.agent, nemo_notebook.engine.render, nemo_notebook.engine.music\n"
        "import nemo_notebook.engine.analysis.audio, nemo_notebook.engine.planning\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('IPython', 'ipywidgets'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120)
    assert json.loads(out.stdout) == []
