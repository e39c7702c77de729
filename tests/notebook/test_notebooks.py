"""The example notebooks run top to bottom on a real kernel with the embedded engine, and make what they promise."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from .conftest import shared_media
from .test_workflow import probe

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
CELL_TIMEOUT_S = 300

EXPECTED_VIDEOS = {
    "quickstart": ["quickstart-preview.mp4", "quickstart.mp4"],
    "video_to_music": ["video_to_music.mp4"],
    "batch": ["batch-vibe-ace.mp4", "batch-pulse.mp4"],
    "iterative": ["iterative.mp4"],
    "release_pack": ["release-pack/full.mp4", "release-pack/short_15.mp4", "release-pack/square.mp4"],
}


def execute(name: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Run a copy of ``notebooks/<name>.ipynb`` in ``folder`` (which holds ../examples/media like the repo)."""
    media = folder / "examples" / "media"
    media.mkdir(parents=True)
    for item in ("vibe-ace.mp3", "big-buck-bunny-30s.mp4", "big-buck-bunny-poster.jpg"):
        shutil.copy(shared_media(item), media / item)
    work = folder / "notebooks"
    work.mkdir()
    monkeypatch.setenv("NEMO_QUALITY", "low")
    monkeypatch.setenv("NEMO_EXAMPLE_SECONDS", "10")
    for variable in ("NEMO_TOKEN", "NEMO_BACKEND", "NEMO_BASE_URL"):
        monkeypatch.delenv(variable, raising=False)
    notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)  # type: ignore[no-untyped-call]
    client = NotebookClient(
        notebook, timeout=CELL_TIMEOUT_S, kernel_name="python3", resources={"metadata": {"path": str(work)}}
    )
    client.execute()
    return notebook, work


def _outputs(notebook: Any) -> str:
    return json.dumps([cell.get("outputs", []) for cell in notebook.cells], ensure_ascii=False)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EXPECTED_VIDEOS))
def test_notebook_runs_and_makes_its_videos(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    notebook, work = execute(name, tmp_path, monkeypatch)
    outputs = _outputs(notebook)
    assert '"output_type": "error"' not in outputs
    assert "Traceback" not in outputs
    assert "Bearer" not in outputs and '"token"' not in outputs
    for video in EXPECTED_VIDEOS[name]:
        info = probe(work / video)
        assert (info["video"], info["audio"]) == ("h264", "aac"), video
        assert info["duration_s"] > 5
    assert (work / ".nemo-home" / name).is_dir()  # each notebook keeps its own NEMO_HOME next to it
    if name != "batch":
        assert "Ready!" in outputs and "Timeline (" in outputs
    saved = work / f"{name}-saved.ipynb"
    nbformat.write(notebook, str(saved))  # type: ignore[no-untyped-call]
    assert saved.stat().st_size < 2 * 1024 * 1024, "the videos are linked, not embedded"
    assert "data:video/mp4;base64" not in saved.read_text(encoding="utf-8")
    assert not _raw_reprs(notebook), "what a saved notebook shows without live widgets reads as words"
    if name == "quickstart":
        _after_a_restart_the_export_is_listed_and_fetched_again(work)
    if name == "release_pack":
        _the_canvas_is_a_silent_vertical_loop(work / "release-pack" / "canvas.mp4")
        assert "release-pack/canvas.mp4" in outputs or "canvas.mp4" in outputs


def _the_canvas_is_a_silent_vertical_loop(path: Path) -> None:
    import av

    with av.open(str(path)) as container:
        assert [s.type for s in container.streams] == ["video"]
        video = container.streams.video[0]
        assert video.width >= 720 and video.height * 9 == video.width * 16
        assert 3.0 <= (container.duration or 0) / 1e6 <= 8.0


RAW_REPRS = ("HBox(children=", "VBox(children=", "Studio(children=", "FloatProgress(", "<IPython.core.display")


def _raw_reprs(notebook: Any) -> list[str]:
    """The text forms in the outputs that are a widget's or an object's Python repr rather than words."""
    found = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            text = str(output.get("data", {}).get("text/plain", ""))
            found.extend(text[:120] for marker in RAW_REPRS if marker in text)
    return found


def _after_a_restart_the_export_is_listed_and_fetched_again(work: Path) -> None:
    """A new kernel in the same folder: ``%nemo renders`` lists the quickstart's exports (newest first) and fetches
    the final one unchanged."""
    home = work / ".nemo-home" / "quickstart"
    cells = [
        f"import os\nos.environ['NEMO_HOME'] = {str(home)!r}\n%load_ext nemo_notebook",
        "table = %nemo renders\nrender_id = table.index[0]\ntable",
        "%nemo renders download {render_id} -o again.mp4",
        "after = %nemo renders\nlen(after)",
    ]
    new_cell, new_notebook = nbformat.v4.new_code_cell, nbformat.v4.new_notebook
    notebook = new_notebook(cells=[new_cell(c) for c in cells])  # type: ignore[no-untyped-call]
    NotebookClient(
        notebook, timeout=CELL_TIMEOUT_S, kernel_name="python3", resources={"metadata": {"path": str(work)}}
    ).execute()
    assert "completed" in notebook.cells[1].outputs[-1]["data"]["text/plain"]
    assert notebook.cells[3].outputs[-1]["data"]["text/plain"] == "2"  # the preview and the export; none again
    assert (work / "again.mp4").read_bytes() == (work / "quickstart.mp4").read_bytes()
