"""The Studio driven from Python: file upload widget, path box, Send, Export, the busy guard and errors."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nemo_notebook.notebook.controller import Controller
from nemo_notebook.notebook.settings import Nemo
from nemo_notebook.notebook.studio import Studio

from .conftest import shared_media

WAIT_S = 240
NOW = datetime.datetime.now(datetime.timezone.utc)


@pytest.fixture(scope="module")
def studio(shell: Any) -> Iterator[Studio]:
    panel = Studio(controller=Controller(Nemo(quality="low"), say=lambda _: None))
    panel.wait(WAIT_S)  # it opens on the folder's session first
    panel.controller.new_session()
    yield panel
    panel.wait(WAIT_S)
    panel.controller.close()


def _outputs_text(output: Any) -> str:
    parts = []
    for item in output.outputs:
        parts.append(item.get("text", ""))
        parts.extend(str(v) for v in item.get("data", {}).values())
    return "\n".join(parts)


def test_a_file_from_the_browser_is_uploaded(studio: Studio) -> None:
    song = shared_media("vibe-ace.mp3")
    data = song.read_bytes()
    studio.file_upload.value = (
        {"name": song.name, "type": "audio/mpeg", "size": len(data), "content": memoryview(data), "last_modified": NOW},
    )
    studio.wait(WAIT_S)
    assert "Uploaded vibe-ace.mp3" in studio.status.value
    assert "📎 vibe-ace.mp3" in _outputs_text(studio.conversation)
    assert studio.file_upload.value == ()
    assert not studio.upload_button.disabled


def test_a_large_file_goes_by_path(studio: Studio) -> None:
    studio.path_box.value = str(shared_media("big-buck-bunny-poster.jpg"))
    studio.upload_button.click()
    studio.wait(WAIT_S)
    assert "Uploaded big-buck-bunny-poster.jpg" in studio.status.value
    assert studio.path_box.value == ""


def test_a_wrong_path_is_one_line_in_the_status(studio: Studio) -> None:
    studio.path_box.value = "no-such-file.mp3"
    studio.upload_button.click()
    studio.wait(WAIT_S)
    assert studio.status.value.startswith("❌") and "no-such-file.mp3" in studio.status.value
    assert "❌ no-such-file.mp3" in studio.upload_note.value


def test_a_failed_upload_names_the_file_and_lists_what_went_up(studio: Studio, workdir: Path) -> None:
    fake = workdir / "not-really.mp3"
    fake.write_text("these are words, not music")
    studio.path_box.value = f"{shared_media('big-buck-bunny-poster.jpg')} {fake}"
    studio.upload_button.click()
    studio.wait(WAIT_S)
    note = studio.upload_note.value
    assert "✓ big-buck-bunny-poster.jpg" in note and "❌ not-really.mp3" in note
    assert "1 uploaded: big-buck-bunny-poster.jpg" in studio.status.value
    assert studio.progress.layout.visibility == "hidden" and studio.progress.value == 0.0


def test_send_without_words_asks_for_them(studio: Studio) -> None:
    studio.message_box.value = "  "
    studio.send_button.click()
    studio.wait(WAIT_S)
    assert "Write what you want" in studio.status.value


def test_send_streams_the_reply_and_draws_the_timeline(studio: Studio) -> None:
    studio.message_box.value = "create a video from this music, 10 seconds long, with beat-synced cuts"
    studio.send_button.click()
    assert studio.send_button.disabled  # the work runs in the background: the kernel is free meanwhile
    studio.wait(WAIT_S)
    conversation = _outputs_text(studio.conversation)
    assert "🧑 create a video from this music, 10 seconds long" in conversation
    assert "Timeline (" in conversation
    assert "<svg" in studio.timeline.value and 'class="dataframe nemo-table"' in studio.timeline.value
    assert studio.message_box.value == ""


def test_shift_enter_sends(studio: Studio) -> None:
    studio.message_box.value = "add the title 'Shift' for the first 2 seconds"
    studio.message_box.value += "\n"  # what Shift+Enter types at the end of the box
    studio.wait(WAIT_S)
    assert "🧑 add the title 'Shift'" in _outputs_text(studio.conversation)
    assert studio.message_box.value == ""


def test_a_new_studio_opens_on_the_session_as_it_is(studio: Studio) -> None:
    again = Studio(controller=studio.controller)
    again.wait(WAIT_S)
    assert studio.controller.session.id in again.title.value
    assert "<svg" in again.timeline.value and "Shift" in again.timeline.value
    assert "Exports" in again.renders.value
    assert "Timeline (" in _outputs_text(again.conversation)  # the last reply of this kernel
    assert "📁 In this session: " in again.upload_note.value and "big-buck-bunny-poster.jpg" in again.upload_note.value
    assert again.children.index(again.preview) < again.children.index(again.timeline)  # the newest video first
    bundle = again._repr_mimebundle_()
    assert bundle["text/plain"].startswith("Nemo Studio · ") and "children=" not in bundle["text/plain"]
    assert "<svg" in bundle["text/html"] and "Exports" in bundle["text/html"]  # a snapshot without the widget
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_a_second_request_while_busy_is_refused(studio: Studio) -> None:
    release = threading.Event()
    assert studio.start(lambda: release.wait(WAIT_S)) is True
    try:
        assert studio.start(lambda: None) is False
        assert "Busy" in studio.status.value
    finally:
        release.set()
        studio.wait(WAIT_S)


def test_export_shows_progress_then_the_video_and_a_link(
    studio: Studio, workdir: Path, shell: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a terminal shell formats text only; a notebook's kernel formats HTML too
    monkeypatch.setattr(shell.display_formatter, "active_types", shell.display_formatter.format_types)
    studio.controller.settings.output_dir = str(workdir / "studio")
    studio.export_button.click()
    studio.wait(WAIT_S)
    assert "Rendered" in studio.status.value, studio.status.value
    preview = _outputs_text(studio.preview)
    assert "<video" in preview and "Download" in preview
    assert len(list((workdir / "studio").glob("*.mp4"))) == 1


def test_the_report_card_button_shows_the_last_exports_card(
    studio: Studio, shell: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shell.display_formatter, "active_types", shell.display_formatter.format_types)
    assert not studio.report_button.disabled  # the export before this test completed
    studio.report_button.click()
    studio.wait(WAIT_S)
    assert "report card of export" in studio.export_note.value, studio.export_note.value
    preview = _outputs_text(studio.preview)
    assert "Report card" in preview and "cuts found in the frames" in preview and "true peak" in preview


def test_cancel_stops_the_export(studio: Studio) -> None:
    studio.quality.value = "high"
    studio.export_button.click()
    deadline = threading.Event()
    for _ in range(int(WAIT_S / 0.1)):
        if not studio.cancel_button.disabled or not studio.busy:
            break
        deadline.wait(0.1)
    assert not studio.cancel_button.disabled, studio.export_note.value
    studio.cancel_button.click()
    studio.wait(WAIT_S)
    assert "cancelled" in studio.export_note.value, studio.export_note.value
    assert studio.progress.value == 0.0 and studio.progress.layout.visibility == "hidden"  # the bar is reset
    assert "cancelled" in studio.renders.value and "failed" not in studio.renders.value  # told from a failure
