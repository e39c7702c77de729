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


def _module_name(path: Path) -> str:
    parts = ["nemo_notebook", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_graph() -> dict[str, set[str]]:
    """Module → the project modules it imports (anywhere in the file: lazy imports close circles too)."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}

    def known(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        targets: set[str | None] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(known(alias.name) for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = package[: len(package) - node.level + 1] if node.level else []
                module = ".".join([*base, *(node.module.split(".") if node.module else [])])
                targets.update(known(f"{module}.{alias.name}") for alias in node.names)
        graph[name] = {t for t in targets if t is not None and t != name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


# the client's ``from .. import __version__`` climbs to the package root, which imports the client and the notebook
# back: the client team reads it from ``nemo_notebook._version`` instead (issue 15), and then this goes
def test_no_module_imports_itself_back_through_others() -> None:
    assert _cycles(_import_graph()) == []


def test_only_the_http_edge_imports_starlette_or_uvicorn() -> None:
    for path in sorted(PACKAGE.rglob("*.py")):
        roots = {name.split(".")[0] for name in _absolute_imports(path)}
        inside_edge = path.is_relative_to(PACKAGE / "engine" / "http")
        assert inside_edge or not roots & {"starlette", "uvicorn"}, f"{path.relative_to(PACKAGE)} imports the web stack"


_SHARED_ENGINE_MODULES = {"errors", "settings", "ffmpeg", "credits", "reduced_decode", "progress"}


def test_engine_folders_import_nothing_from_the_engine_root_but_shared_modules() -> None:
    """A folder of ``engine/`` may use its siblings and the shared modules at the root, never the root's others."""
    engine = "nemo_notebook.engine"
    graph = _import_graph()
    for module, targets in graph.items():
        if not module.startswith(engine + ".") or module.count(".") < 3:
            continue
        root_modules = {t.split(".")[2] for t in targets if t.startswith(engine + ".") and t.count(".") == 2}
        folders = {p.name for p in (PACKAGE / "engine").iterdir() if p.is_dir()}
        wrong = root_modules - _SHARED_ENGINE_MODULES - folders
        assert not wrong, f"{module} imports engine.{wrong}"
        assert engine not in targets, f"{module} imports the engine package back"


def test_the_engine_root_holds_at_most_eight_files() -> None:
    assert len(list((PACKAGE / "engine").glob("*.py"))) <= 8


def test_no_module_is_over_400_lines() -> None:
    for path in PACKAGE.rglob("*.py"):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= 400, f"{path.relative_to(PACKAGE)} has {lines} lines"
