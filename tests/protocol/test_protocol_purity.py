from __future__ import annotations

import ast
from pathlib import Path

import nemo_notebook.protocol as protocol
from nemo_notebook.protocol import HTTP_STATUS, ErrorCode, kind_for_extension, supported_formats_text

PROTOCOL_DIR = Path(protocol.__file__).parent
IO_MODULES = {"os", "io", "socket", "httpx", "pathlib", "subprocess", "sqlite3", "shutil", "requests"}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_protocol_imports_nothing_of_the_project_and_no_io() -> None:
    for path in PROTOCOL_DIR.glob("*.py"):
        imported = _imports(path)
        assert "nemo_notebook" not in imported, path.name
        assert not imported & IO_MODULES, (path.name, imported & IO_MODULES)


def test_every_api_error_row_has_its_http_status() -> None:
    rows = {1001: 401, 1002: 404, 2001: 402, 4001: 415, 4002: 413, 400: 400, 402: 402, 429: 429, 4000: 422, 5000: 500}
    for code, status in rows.items():
        assert ErrorCode(code).http_status == status
    assert set(HTTP_STATUS) == set(ErrorCode)


def test_file_names_claim_kinds_case_insensitively() -> None:
    assert kind_for_extension("Track.MP3") is not None
    assert kind_for_extension("clip.mov").value == "video"  # type: ignore[union-attr]
    assert kind_for_extension("notes.txt") is None
    assert kind_for_extension("no-extension") is None
    assert "mp4" in supported_formats_text() and "flac" in supported_formats_text()
