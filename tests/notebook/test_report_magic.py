"""``df = %nemo report``: an export's report card as a table in the notebook, through a real IPython shell and the
embedded engine; before any export, one readable line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .conftest import all_text, run, shared_media


def test_the_report_of_the_newest_export_is_a_table(shell: Any, tmp_path: Path) -> None:
    result, captured = run(shell, "%nemo session new")
    result, captured = run(shell, "%nemo report")
    assert result.error_in_exec is not None and "No export of this session has finished" in all_text(captured)
    assert "Traceback" not in all_text(captured)
    media = " ".join(f'"{shared_media(n)}"' for n in ("vibe-ace.mp3", "big-buck-bunny-poster.jpg"))
    for cell in (f"%nemo upload {media}",
                 "%nemo create a video from this music with visualizer and beat-synced cuts, 8 seconds long",
                 f"job = %nemo export --quality preview -o {tmp_path / 'v.mp4'}"):  # fmt: skip
        result, captured = run(shell, cell)
        assert result.success, all_text(captured)
    result, captured = run(shell, "df = %nemo report")
    assert result.success, all_text(captured)
    frame = shell.user_ns["df"]
    assert frame.attrs["render_id"] == shell.user_ns["job"].id
    assert frame.loc["length", "value"] == 8.0 and frame.loc["frame rate", "value"] == 15.0  # a preview: half rate
    # one cover and a track: the cover alone, one slow move, so the share of planned cuts found is n/a
    assert frame.loc["most-shown picture", "value"] == "big-buck-bunny-poster.jpg"
    assert frame.loc["its share of the time", "value"] == 100.0 and frame.loc["cuts planned", "value"] == 0
    assert isinstance(frame.loc["true peak", "value"], float) and frame.loc["true peak", "value"] <= -1.0
    assert "measures no encode floor" in captured.stdout
    _, captured = run(shell, f"%nemo report {shell.user_ns['job'].id} extra")
    assert "Use `%nemo report`" in all_text(captured)
