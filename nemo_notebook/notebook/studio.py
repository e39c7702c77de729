"""The Studio: one panel to upload, talk to the agent, watch the timeline, export, cancel and preview.

It opens on the session as it is (the timeline and its picture, the last reply of this kernel, the exports). Work
runs in a background thread so that the kernel stays free; everything it shows goes through widget traits and the
Output widget's ``append_*`` methods, which reach the front end from any thread (``print`` and ``with out:`` would
vanish from callbacks and threads). Each part shows its own errors: a failed upload under the upload row, with the
files that did go up; a failed export next to the Export button.
"""

from __future__ import annotations

import html
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from ..protocol import QUALITIES, SUPPORTED_FORMATS
from .controller import Controller, expand_targets, nemo_home
from .export_view import DownloadLink, SavedVideo, video_player
from .messages import describe
from .progress import time_left
from .stream_view import Reply, ReplyDisplay, StreamView, clock_text
from .tables import styled_table

ACCEPT = ",".join(f".{ext}" for exts in SUPPORTED_FORMATS.values() for ext in exts)
BROWSER_UPLOAD_LIMIT_MB = 10
TABLE_COLUMNS = ("track", "role", "name", "start_s", "end_s", "volume", "text", "effect")
RENDER_COLUMNS = ("id", "status", "progress_%", "size_mb", "duration_s")


class HTMLSink:
    """Shows a streaming reply by setting an HTML widget's value (safe from any thread)."""

    def __init__(self, target: widgets.HTML) -> None:
        self.target = target

    def show(self, reply: Reply) -> None:
        self.target.value = reply.to_html()


def _default_controller() -> Controller:
    from IPython import get_ipython

    from .settings import Nemo
    from .where import notebook_path

    shell = get_ipython()
    state = getattr(shell, "_nemo_notebook", None)
    if state is not None:
        return state[1].commands.controller  # type: ignore[no-any-return]
    settings = Nemo(parent=shell) if shell is not None else Nemo()
    return Controller(settings, notebook=lambda: notebook_path(shell))


OPEN_SNAPSHOT_WAIT_S = 5.0


def _shaping_quality(configured: str) -> str:
    """The Quality menu starts at ``preview`` (seconds, while the timeline is being shaped) unless a lower quality
    was chosen; ``high`` is for the final export, picked from the menu."""
    return configured if configured in ("low", "preview") else "preview"


def _strip_tags(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text)


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
        self._job: Any = None
        self._finished: Any = None  # the last export that completed here: the Report card button measures it
        self._moving_since: tuple[float, float] | None = None  # (time, fraction) of the export's first frame
        self._build()
        super().__init__(children=self._layout(), **kwargs)
        self.start(self._open)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        """The live widget, plus what a saved notebook shows without it (GitHub, nbviewer, nbconvert): a snapshot of
        the session as the Studio opened it, in HTML, and one line of text instead of the widget's repr."""
        self.wait(OPEN_SNAPSHOT_WAIT_S)
        bundle = dict(super()._repr_mimebundle_(**kwargs) or {})
        bundle["text/plain"] = f"Nemo Studio · {html.unescape(_strip_tags(self.status.value))}"
        bundle["text/html"] = "".join(
            part for part in (self.title.value, self.reply.value, self.timeline.value, self.renders.value) if part
        )
        return bundle

    # -- building -------------------------------------------------------------------------------------------------

    def _build(self) -> None:
        full = widgets.Layout(width="100%")
        self.title = widgets.HTML("<b>🎬 Nemo Studio</b>")
        self.status = widgets.HTML(value="<i>Opening the session…</i>")
        self.file_upload = widgets.FileUpload(accept=ACCEPT, multiple=True, description="Files")
        self.file_upload.observe(self._on_files, names="value")
        self.path_box = widgets.Text(placeholder=f"or a path / URL (files over {BROWSER_UPLOAD_LIMIT_MB} MB)")
        self.upload_button = widgets.Button(description="Upload", icon="upload")
        self.upload_button.on_click(lambda _: self.start(self._upload_paths))
        self.upload_note = widgets.HTML()
        self.message_box = widgets.Textarea(
            placeholder="create a video from this music with beat-synced cuts (Send; Shift+Enter sends in JupyterLab)",
            layout=full,
        )
        self.message_box.observe(self._on_typing, names="value")
        self.send_button = widgets.Button(description="Send", icon="paper-plane", button_style="primary")
        self.send_button.on_click(lambda _: self.start(self._send))
        self.reply = widgets.HTML()
        self.conversation = widgets.Output()
        self.timeline = widgets.HTML()
        self.renders = widgets.HTML()
        self.refresh_button = widgets.Button(description="Timeline", icon="refresh")
        self.refresh_button.on_click(lambda _: self.start(self._refresh))
        self.quality = widgets.Dropdown(
            options=list(QUALITIES),
            value=_shaping_quality(self.controller.settings.quality),
            description="Quality",
            layout=widgets.Layout(width="180px"),
        )
        self.export_button = widgets.Button(description="Export", icon="film", button_style="success")
        self.export_button.on_click(lambda _: self.start(self._export))
        self.cancel_button = widgets.Button(description="Cancel", icon="stop", button_style="danger", disabled=True)
        self.cancel_button.on_click(lambda _: self.cancel())
        self.report_button = widgets.Button(description="Report card", icon="check", disabled=True)
        self.report_button.on_click(lambda _: self.start(self._report))
        self.progress = widgets.FloatProgress(value=0.0, min=0.0, max=1.0, layout=widgets.Layout(visibility="hidden"))
        self.export_note = widgets.HTML()
        self.preview = widgets.Output()
        self._buttons = (self.upload_button, self.send_button, self.refresh_button, self.export_button)

    def _layout(self) -> list[widgets.Widget]:
        controls = [self.refresh_button, self.quality, self.export_button, self.cancel_button, self.report_button]
        controls.append(self.progress)
        return [
            self.title,
            widgets.HBox([self.file_upload, self.path_box, self.upload_button]),
            self.upload_note,
            widgets.HBox([self.message_box, self.send_button]),
            self.conversation,
            self.reply,
            widgets.HBox(controls),
            self.export_note,
            self.preview,
            self.timeline,
            self.renders,
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
        self.report_button.disabled = disabled or self._finished is None

    def say(self, text: str) -> None:
        self.status.value = html.escape(text)

    # -- opening: the session as it is ---------------------------------------------------------------------------

    def _open(self) -> None:
        session = self.controller.session
        self.title.value = f"<b>🎬 Nemo Studio</b> · session <code>{html.escape(session.id)}</code>"
        last = self.controller.last_reply
        if last is not None:
            self.conversation.append_display_data(ReplyDisplay(last))
        self._refresh()

    def _refresh(self) -> None:
        """The timeline (table and picture) and the exports, as the server has them now."""
        frame, picture = self.controller.timeline()
        self._show_session_files()
        empty = "The timeline is empty: upload a file and say what you want."
        self.timeline.value = (picture.html if len(frame) else "") + styled_table(frame, TABLE_COLUMNS, empty=empty)
        self._refresh_renders()
        self.say(repr(picture) if len(frame) else "Ready: upload a file or say what you want.")

    def _show_session_files(self) -> None:
        """What the session holds (the Files button counts only what this browser picked)."""
        names = [info.name for info in self.controller.session.state().media]
        if names:
            shown = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
            self.upload_note.value = (
                f"📁 In this session: {len(names)} file{'s' * (len(names) != 1)}: {html.escape(shown)}"
            )

    def _refresh_renders(self) -> None:
        import pandas as pd

        from .commands import describe_render

        rows = [describe_render(job) for job in self.controller.session.renders()]
        frame = pd.DataFrame(rows, columns=list(RENDER_COLUMNS))
        self.renders.value = "<b>Exports</b>" + styled_table(frame, RENDER_COLUMNS, empty="none yet")

    # -- upload -----------------------------------------------------------------------------------------------------

    def _on_files(self, change: dict[str, Any]) -> None:
        files = tuple(change["new"] or ())
        if files:
            self.start(lambda: self._upload_browser_files(files))

    def _upload_browser_files(self, files: tuple[dict[str, Any], ...]) -> None:
        folder = nemo_home() / "notebook-uploads" / time.strftime("%Y%m%d-%H%M%S")
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        try:
            for item in files:
                path = folder / Path(str(item["name"])).name
                path.write_bytes(bytes(item["content"]))
                paths.append(str(path))
        finally:
            self.file_upload.value = ()  # the count goes back to 0, whatever happens next
        self._upload(paths)

    def _upload_paths(self) -> None:
        try:
            targets = expand_targets(self.path_box.value.split())
        except Exception as exc:
            self._upload_failed([], [(self.path_box.value.strip(), exc)])
            return
        self._upload(targets)
        self.path_box.value = ""

    def _upload(self, targets: list[str]) -> None:
        done: list[str] = []
        failed: list[tuple[str, Exception]] = []
        for target in targets:
            self.say(f"Uploading {Path(target).name}…")
            try:
                done += [info.name for info in self.controller.upload(target, progress=self._bytes_progress)]
            except Exception as exc:  # the others still go up; this one is named with its reason
                failed.append((Path(target).name, exc))
        self._reset_progress()
        if done:
            self.conversation.append_stdout(f"📎 {', '.join(done)}\n")
        if failed:
            self._upload_failed(done, failed)
        else:
            self.upload_note.value = f"✓ Uploaded {html.escape(', '.join(done))}"
            self.say(f"✓ Uploaded {', '.join(done)}")

    def _upload_failed(self, done: list[str], failed: list[tuple[str, Exception]]) -> None:
        lines = [f"✓ {html.escape(name)}" for name in done]
        lines += [f"❌ {html.escape(name)}: {html.escape(describe(exc))}" for name, exc in failed]
        self.upload_note.value = "<br>".join(lines)
        good = f" ({len(done)} uploaded: {', '.join(done)})" if done else ""
        self.say(f"❌ {len(failed)} upload(s) failed{good}: {describe(failed[0][1])}")

    def _bytes_progress(self, sent: int, total: int | None) -> None:
        if total:
            self.progress.layout.visibility = "visible"
            self.progress.value = sent / total

    def _reset_progress(self) -> None:
        self.progress.value, self.progress.bar_style = 0.0, ""
        self.progress.layout.visibility = "hidden"

    # -- chat -------------------------------------------------------------------------------------------------------

    def _on_typing(self, change: dict[str, Any]) -> None:
        """Shift+Enter (a line break typed at the end of the text) sends, as in a notebook cell. JupyterLab leaves
        the key to the widget; Notebook 7 takes it first (it runs the cell), so there the Send button sends."""
        old, new = str(change["old"] or ""), str(change["new"] or "")
        if new.endswith("\n") and new[:-1] == old and old.strip() and not self.busy:
            self.start(self._send)

    def _send(self) -> None:
        text = self.message_box.value.strip()
        if not text:
            self.say("Write what you want first, then press Send.")
            return
        self.message_box.value = ""
        self.conversation.append_stdout(f"🧑 {text}\n")
        view = StreamView(HTMLSink(self.reply), silence_notice_s=self.controller.settings.silence_notice_s)
        try:
            self.controller.chat(text, view)
        except Exception as exc:  # shown where the reply would have been, with what had arrived
            view.reply.notice = f"❌ {describe(exc)}"
            self.conversation.append_display_data(ReplyDisplay(view.finish()))
            self.reply.value = ""
            raise
        self.conversation.append_display_data(ReplyDisplay(view.reply))
        self.reply.value = ""
        self._refresh()

    # -- export -----------------------------------------------------------------------------------------------------

    def _export(self) -> None:
        quality = str(self.quality.value)
        self._job = None
        self._moving_since = None
        self.progress.value, self.progress.bar_style, self.progress.layout.visibility = 0.0, "", "visible"
        self.export_note.value = f"Rendering ({html.escape(quality)})…"
        started = time.monotonic()
        try:
            self._job = self.controller.session.export(quality=quality)
            self.cancel_button.disabled = False
            self._job.wait(progress=lambda f: self._set_progress(f, started))
            video = self._save(self._job)
        except Exception as exc:
            self._export_failed(exc)
            return
        finally:
            self.cancel_button.disabled = True
            self._refresh_renders()
        self._reset_progress()
        self._finished = self._job
        self.export_note.value = f"✓ Rendered in {time.monotonic() - started:.1f} s: {html.escape(video.describe())}"
        self.say(f"✓ Rendered in {time.monotonic() - started:.1f} s: {video.describe()}")

    def _report(self) -> None:
        """The last export's report card under its video (the engine measures it: seconds for a minute of 1080p)."""
        job = self._finished
        self.export_note.value = f"Measuring export {html.escape(job.id)}…"
        try:
            card = job.report()
        except Exception as exc:  # the hosted service has no report card: say so where the export was said
            self.export_note.value = f"❌ {html.escape(describe(exc))}"
            return
        self.preview.append_display_data(card)
        self.export_note.value = f"✓ The report card of export {html.escape(job.id)} is under its video"

    def _save(self, job: Any) -> SavedVideo:
        folder = Path(self.controller.settings.output_dir or ".").expanduser()
        folder.mkdir(parents=True, exist_ok=True)
        output = folder / time.strftime("nemo-video-%Y%m%d-%H%M%S.mp4")
        job.download(output)
        video = SavedVideo(output, output.stat().st_size, getattr(job.status.output, "duration_ms", None))
        self.preview.outputs = ()
        player = video_player(video, embed_max_mb=self.controller.settings.embed_max_mb)
        if player is not None:
            self.preview.append_display_data(player)
        self.preview.append_display_data(DownloadLink(video))
        return video

    def _export_failed(self, exc: Exception) -> None:
        cancelled = self._job is not None and "cancelled" in str(exc)
        self.progress.bar_style = "warning" if cancelled else "danger"
        text = f"⏹ Export {self._job.id} cancelled" if cancelled else f"❌ {describe(exc)}"
        self.export_note.value = html.escape(text)
        self.say(text)
        self._reset_progress()

    def cancel(self) -> None:
        """Stop the running export (the Cancel button); the export's thread then says so."""
        job = self._job
        if job is None or job.status.done:
            return
        self.cancel_button.disabled = True
        self.export_note.value = f"Stopping export {html.escape(job.id)}…"
        try:
            job.cancel()
        except Exception as exc:
            self.export_note.value = f"❌ {html.escape(describe(exc))}"

    def _set_progress(self, fraction: float, started: float) -> None:
        fraction = max(0.0, min(1.0, float(fraction)))
        self.progress.value = fraction
        now = time.monotonic()
        elapsed = now - started
        if self._moving_since is None and fraction > 0:
            self._moving_since = (now, fraction)
        left_s = time_left(self._moving_since, now, fraction)
        left = f" · about {clock_text(left_s)} left" if left_s is not None else ""
        self.export_note.value = f"Rendering {fraction:.0%} · {clock_text(elapsed)} elapsed{left}"
