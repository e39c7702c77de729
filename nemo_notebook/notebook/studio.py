"""The Studio: one panel to upload, talk to the agent, watch the timeline, export and preview.

Work runs in a background thread so that the kernel stays free; everything it shows goes through widget traits and
the Output widget's ``append_*`` methods, which reach the front end from any thread (``print`` and ``with out:``
would vanish from callbacks and threads).
"""

from __future__ import annotations

import html
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from ..protocol import QUALITIES
from .controller import Controller, expand_targets, nemo_home
from .export_view import DownloadLink, SavedVideo, video_player
from .messages import describe
from .stream_view import Reply, ReplyDisplay, StreamView

ACCEPT = ".mp3,.wav,.m4a,.aac,.flac,.ogg,.mp4,.mov,.avi,.webm,.mkv,.jpg,.jpeg,.png,.gif,.webp"
BROWSER_UPLOAD_LIMIT_MB = 10
TABLE_COLUMNS = ("track", "role", "name", "start_s", "end_s", "volume", "text", "effect")


class HTMLSink:
    """Shows a streaming reply by setting an HTML widget's value (safe from any thread)."""

    def __init__(self, target: widgets.HTML) -> None:
        self.target = target

    def show(self, reply: Reply) -> None:
        self.target.value = reply.to_html()


def _default_controller() -> Controller:
    from IPython import get_ipython

    from .settings import Nemo

    shell = get_ipython()
    state = getattr(shell, "_nemo_notebook", None)
    if state is not None:
        return state[1].commands.controller  # type: ignore[no-any-return]
    from .where import notebook_path

    settings = Nemo(parent=shell) if shell is not None else Nemo()
    return Controller(settings, notebook=lambda: notebook_path(shell))


class Studio(widgets.VBox):  # type: ignore[misc]  # ipywidgets is untyped
    """The panel. ``Studio()`` shares the ``%nemo`` magic's session when the extension is loaded.

    Parameters
    ----------
    controller
        The connection to work through; by default the magic's, or a new one.
    """

    def __init__(self, controller: Controller | None = None, **kwargs: Any) -> None:
        self.controller = controller or _default_controller()
        self._worker: threading.Thread | None = None
        self._build()
        super().__init__(children=self._layout(), **kwargs)

    # -- building -------------------------------------------------------------------------------------------------

    def _build(self) -> None:
        full = widgets.Layout(width="100%")
        self.status = widgets.HTML(value="<i>Nothing yet: upload a file or say what you want.</i>")
        self.file_upload = widgets.FileUpload(accept=ACCEPT, multiple=True, description="Files")
        self.file_upload.observe(self._on_files, names="value")
        self.path_box = widgets.Text(placeholder=f"or a path / URL (files over {BROWSER_UPLOAD_LIMIT_MB} MB)")
        self.upload_button = widgets.Button(description="Upload", icon="upload")
        self.upload_button.on_click(lambda _: self.start(self._upload_paths))
        self.message_box = widgets.Textarea(
            placeholder="create a video from this music with beat-synced cuts", layout=full
        )
        self.send_button = widgets.Button(description="Send", icon="paper-plane", button_style="primary")
        self.send_button.on_click(lambda _: self.start(self._send))
        self.reply = widgets.HTML()
        self.conversation = widgets.Output()
        self.timeline = widgets.HTML()
        self.refresh_button = widgets.Button(description="Timeline", icon="refresh")
        self.refresh_button.on_click(lambda _: self.start(self._refresh_timeline))
        self.quality = widgets.Dropdown(
            options=list(QUALITIES),
            value=self.controller.settings.quality,
            description="Quality",
            layout=widgets.Layout(width="180px"),
        )
        self.export_button = widgets.Button(description="Export", icon="film", button_style="success")
        self.export_button.on_click(lambda _: self.start(self._export))
        self.progress = widgets.FloatProgress(value=0.0, min=0.0, max=1.0, layout=widgets.Layout(visibility="hidden"))
        self.preview = widgets.Output()
        self._buttons = (self.upload_button, self.send_button, self.refresh_button, self.export_button)

    def _layout(self) -> list[widgets.Widget]:
        return [
            widgets.HTML("<b>🎬 Nemo Studio</b>"),
            widgets.HBox([self.file_upload, self.path_box, self.upload_button]),
            widgets.HBox([self.message_box, self.send_button]),
            self.conversation,
            self.reply,
            widgets.HBox([self.refresh_button, self.quality, self.export_button, self.progress]),
            self.timeline,
            self.preview,
            self.status,
        ]

    # -- running work -------------------------------------------------------------------------------------------

    def start(self, task: Callable[[], object]) -> bool:
        """Run ``task`` in the background thread; False (and nothing done) if work is already running."""
        if self.busy:
            self.say("⏳ Busy with the last request; try again when it is done.")
            return False
        self._worker = threading.Thread(target=self._guarded, args=(task,), name="nemo-studio", daemon=True)
        self._set_buttons(disabled=True)
        self._worker.start()
        return True

    @property
    def busy(self) -> bool:
        return self._worker is not None and self._worker.is_alive()

    def wait(self, timeout_s: float | None = None) -> None:
        """Block until the current work is done (for scripts and tests)."""
        if self._worker is not None:
            self._worker.join(timeout_s)

    def _guarded(self, task: Callable[[], object]) -> None:
        controller = self.controller
        with controller.lock:
            previous_say, controller.say = controller.say, self.say
            try:
                task()
            except Exception as exc:  # a background thread has no cell to show a traceback in
                self.say(f"❌ {describe(exc)}")
            finally:
                controller.say = previous_say
                self._set_buttons(disabled=False)

    def _set_buttons(self, *, disabled: bool) -> None:
        for button in self._buttons:
            button.disabled = disabled

    def say(self, text: str) -> None:
        self.status.value = html.escape(text)

    # -- the tasks ------------------------------------------------------------------------------------------------

    def _on_files(self, change: dict[str, Any]) -> None:
        files = tuple(change["new"] or ())
        if files:
            self.start(lambda: self._upload_browser_files(files))

    def _upload_browser_files(self, files: tuple[dict[str, Any], ...]) -> None:
        folder = nemo_home() / "notebook-uploads" / time.strftime("%Y%m%d-%H%M%S")
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for item in files:
            path = folder / Path(str(item["name"])).name
            path.write_bytes(bytes(item["content"]))
            paths.append(str(path))
        self._upload(paths)
        self.file_upload.value = ()

    def _upload_paths(self) -> None:
        targets = expand_targets(self.path_box.value.split())
        self._upload(targets)
        self.path_box.value = ""

    def _upload(self, targets: list[str]) -> None:
        names = []
        for target in targets:
            self.say(f"Uploading {Path(target).name}…")
            names += [info.name for info in self.controller.upload(target, progress=self._bytes_progress)]
        self.progress.layout.visibility = "hidden"
        self.say(f"✓ Uploaded {', '.join(names)}")
        self.conversation.append_stdout(f"📎 {', '.join(names)}\n")

    def _bytes_progress(self, sent: int, total: int | None) -> None:
        if total:
            self.progress.layout.visibility = "visible"
            self.progress.value = sent / total

    def _send(self) -> None:
        text = self.message_box.value.strip()
        if not text:
            self.say("Write what you want first, then press Send.")
            return
        self.message_box.value = ""
        self.conversation.append_stdout(f"🧑 {text}\n")
        view = StreamView(HTMLSink(self.reply), silence_notice_s=self.controller.settings.silence_notice_s)
        self.controller.chat(text, view)
        self.conversation.append_display_data(ReplyDisplay(view.reply))
        self.reply.value = ""
        self._refresh_timeline()

    def _refresh_timeline(self) -> None:
        frame, picture = self.controller.timeline()
        shown = frame[[c for c in TABLE_COLUMNS if c in frame.columns]].astype(object)
        shown = shown.where(shown.notna(), "")  # blank cells rather than None and NaN
        table = shown.to_html(max_rows=12, border=0) if len(frame) else "<i>The timeline is empty.</i>"
        self.timeline.value = picture.html + table
        self.say(repr(picture))

    def _export(self) -> None:
        quality = str(self.quality.value)
        self.say(f"Rendering ({quality})…")
        self.progress.value, self.progress.layout.visibility = 0.0, "visible"
        job = self.controller.session.export(quality=quality)
        started = time.monotonic()
        job.wait(progress=self._set_progress)
        folder = Path(self.controller.settings.output_dir or ".").expanduser()
        folder.mkdir(parents=True, exist_ok=True)
        output = folder / time.strftime("nemo-video-%Y%m%d-%H%M%S.mp4")
        job.download(output)
        video = SavedVideo(output, output.stat().st_size, getattr(job.status.output, "duration_ms", None))
        self.preview.outputs = ()
        self.preview.append_display_data(video_player(video, embed_max_mb=self.controller.settings.embed_max_mb))
        self.preview.append_display_data(DownloadLink(video))
        self.progress.layout.visibility = "hidden"
        self.say(f"✓ Rendered in {time.monotonic() - started:.1f} s: {video.describe()}")

    def _set_progress(self, fraction: float) -> None:
        self.progress.value = max(0.0, min(1.0, float(fraction)))
