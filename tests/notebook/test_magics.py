"""%nemo through a real IPython shell: loading, settings, help, variable expansion, one-line errors."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from nemo_notebook.notebook.settings import Nemo

from .conftest import all_text, run


def test_load_ext_loads_only_the_notebook_layer() -> None:
    code = (
        "from IPython.testing.globalipapp import start_ipython\n"
        "ip = start_ipython()\n"
        "ip.run_line_magic('load_ext', 'nemo_notebook')\n"
        "import sys\n"
        "assert 'nemo' in ip.magics_manager.magics['line'] and 'nemo' in ip.magics_manager.magics['cell']\n"
        "print(sorted(m for m in ('ipywidgets', 'pandas', 'httpx', 'nemo_notebook.client', 'nemo_notebook.engine',"
        " 'librosa', 'av') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "[]"


def test_unload_removes_the_magic_and_load_brings_it_back(shell: Any) -> None:
    from nemo_notebook.notebook.messages import NemoCellError

    assert shell.custom_exceptions == (NemoCellError,)
    shell.run_line_magic("unload_ext", "nemo_notebook")
    assert "nemo" not in shell.magics_manager.magics["line"]
    assert not any(isinstance(c, Nemo) for c in shell.configurables)
    assert shell.custom_exceptions == ()
    shell.run_line_magic("load_ext", "nemo_notebook")
    assert "nemo" in shell.magics_manager.magics["line"]
    assert shell.custom_exceptions == (NemoCellError,)


def test_settings_come_from_config_then_environment_then_defaults(shell: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    assert Nemo().quality == "high"
    monkeypatch.setenv("NEMO_QUALITY", "low")
    monkeypatch.setenv("NEMO_BACKEND", "cloud")
    assert Nemo().quality == "low"
    assert Nemo().client_options() == {"backend": "cloud"}
    settings = next(c for c in shell.configurables if isinstance(c, Nemo))
    shell.run_line_magic("config", 'Nemo.quality = "medium"')
    try:
        assert settings.quality == "medium"
    finally:
        shell.run_line_magic("config", 'Nemo.quality = "high"')


def test_help_lists_every_command(shell: Any) -> None:
    _, captured = run(shell, "%nemo help")
    for command in ("upload", "status", "credits", "export", "renders", "session new", "--raw", "导出", "积分"):
        assert command in captured.stdout


def test_a_typo_of_a_command_asks_did_you_mean_and_sends_nothing_to_the_agent(shell: Any) -> None:
    result, captured = run(shell, "%nemo exprot --quality low")
    assert result.success and "Traceback" not in all_text(captured)
    assert "Did you mean `%nemo export --quality low`?" in captured.stdout
    assert "understand" not in all_text(captured)  # the agent never saw it


def test_export_format_otio_writes_the_timeline_for_editors(shell: Any, tmp_path: Any) -> None:
    pytest.importorskip("opentimelineio")
    from tests.conftest import shared_media

    for cell in ("%nemo session new", f'%nemo upload "{shared_media("vibe-ace.mp3")}"',
                 "%nemo create a video from this music, 6 seconds long, with beat-synced cuts"):  # fmt: skip
        result, captured = run(shell, cell)
        assert result.success, all_text(captured)
    result, captured = run(shell, f"written = %nemo export --format otio -o {tmp_path / 'cut'}")
    assert result.success, all_text(captured)
    assert "Wrote cut.otio for editors" in captured.stdout
    assert (tmp_path / "cut.otio").is_file() and any((tmp_path / "cut_media").iterdir())
    import opentimelineio

    if "fcpx_xml" in opentimelineio.adapters.available_adapter_names():
        result, captured = run(shell, f"%nemo export --format fcpxml -o {tmp_path / 'cut'}")
        assert result.success and "Wrote cut.fcpxml for editors" in captured.stdout, all_text(captured)
        assert opentimelineio.adapters.read_from_file(str(tmp_path / "cut.fcpxml")).find_clips()
    from nemo_notebook.notebook.completion import candidates

    assert candidates("%nemo export --format ") == ["mp4", "otio", "fcpxml", "xml", "edl"]


def test_a_missing_file_is_one_readable_line_without_traceback(shell: Any) -> None:
    result, captured = run(shell, "%nemo upload no-such-track.mp3")
    assert result.error_in_exec is not None
    lines = [line for line in captured.stderr.splitlines() if line.strip()]
    assert len(lines) == 1
    assert "no-such-track.mp3" in lines[0] and "Check the path" in lines[0]
    assert "Traceback" not in all_text(captured)


def test_names_in_braces_expand_from_the_notebook(shell: Any) -> None:
    shell.user_ns["track"] = "expanded-name.mp3"
    _, captured = run(shell, "%nemo upload {track}")
    assert "expanded-name.mp3" in captured.stderr


def test_raw_and_the_setting_keep_braces_as_written(shell: Any) -> None:
    shell.user_ns["track"] = "expanded-name.mp3"
    _, captured = run(shell, "%nemo --raw upload {track}")
    assert "{track}" in captured.stderr
    shell.run_line_magic("config", "Nemo.expand_vars = False")
    try:
        _, captured = run(shell, "%nemo upload {track}")
        assert "{track}" in captured.stderr
    finally:
        shell.run_line_magic("config", "Nemo.expand_vars = True")


def test_wrong_export_options_say_what_is_accepted(shell: Any) -> None:
    _, captured = run(shell, "%nemo export --format avi")
    assert "mp4" in captured.stderr and "Traceback" not in captured.stderr


def test_bare_nemo_in_a_terminal_explains_the_studio(shell: Any) -> None:
    _, captured = run(shell, "%nemo")
    assert "Studio needs a notebook" in captured.stdout


def test_an_unreachable_server_is_one_line_saying_what_to_do(shell: Any) -> None:
    shell.run_line_magic("config", 'Nemo.base_url = "http://127.0.0.1:9"')  # the discard port: nothing listens
    try:
        result, captured = run(shell, "%nemo credits")
    finally:
        shell.run_line_magic("config", 'Nemo.base_url = ""')
    assert result.error_in_exec is not None
    errors = [line for line in captured.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and errors[0].startswith("❌")
    assert "127.0.0.1:9" in errors[0] and "try again" in errors[0].lower()
    assert "Traceback" not in all_text(captured)


def test_studio_is_exported_from_the_package() -> None:
    import nemo_notebook
    from nemo_notebook.notebook.studio import Studio

    assert nemo_notebook.Studio is Studio


def test_tab_completes_commands_options_qualities_and_files(shell: Any, tmp_path: Any) -> None:
    from nemo_notebook.protocol import QUALITIES

    (tmp_path / "song.mp3").write_bytes(b"")
    (tmp_path / "notes.txt").write_bytes(b"")
    (tmp_path / "photos").mkdir()

    from IPython.core.completer import provisionalcompleter

    def complete(line: str) -> list[str]:
        """The words the completer offers, each as the whole last word it would leave on the line."""
        with provisionalcompleter():
            found = shell.Completer.completions(line, len(line))
            return [(line[: c.start] + c.text).split()[-1] if c.text.strip() else "" for c in found]

    assert "export" in complete("%nemo ex") and "upload" in complete("%nemo up")
    assert set(complete("%nemo export --quality ")) >= set(QUALITIES)
    assert "--embed" in complete("%nemo export --em")
    files = complete(f"%nemo upload {tmp_path}/")
    assert f"{tmp_path}/song.mp3" in files and f"{tmp_path}/photos/" in files
    assert not any(f.endswith("notes.txt") for f in files)
    assert set(complete("%nemo session ")) >= {"new", "list", "use"}
