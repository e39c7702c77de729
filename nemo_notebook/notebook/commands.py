"""The ``%nemo`` commands: each takes the words after its command word, does the work through the controller and
shows the result (widgets and HTML in a notebook, text in a terminal).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from ..protocol import QUALITIES, RenderState
from ._ipython import MagicArgumentParser, arg_split, display
from .controller import URL_PREFIXES, Controller, expand_targets
from .export_view import SavedVideo, show_video
from .messages import NemoCellError, usage
from .progress import ProgressBar
from .stream_view import DisplaySink, StreamView, TextSink

LARGE_UPLOAD_BYTES = 8 * 1024 * 1024
CANCEL_WAIT_S = 15.0
_QUALITY_WORDS = {
    "high": "high",
    "1080p": "high",
    "1080": "high",
    "hd": "high",
    "medium": "medium",
    "720p": "medium",
    "720": "medium",
    "low": "low",
    "480p": "low",
    "480": "low",
    "preview": "preview",
    "360p": "preview",
    "draft": "preview",
}
TIMELINE_FORMATS = ("otio", "fcpxml", "xml", "edl")  # through OpenTimelineIO and its adapter plug-ins
_FORMATS = ("mp4", *TIMELINE_FORMATS)

HELP = """\
%nemo — make music videos and video music from this notebook.

  %nemo upload track.mp3 photos/*.jpg     upload files, globs or URLs (上传)
  %nemo <anything else>                   talk to the agent; the reply streams into the cell
  %%nemo                                  the same, for longer instructions in a cell
  df = %nemo status                       the timeline as a table, and its picture (状态, show tracks)
  c = %nemo credits                       your credit balance (积分, balance, 余额)
  job = %nemo export [--quality Q] [-o video.mp4] [--embed]
                                          render, show the video and a download link (导出, download);
                                          Q: <qualities>; --embed puts the video inside
                                          the notebook (which then grows by the video's size)
  %nemo export --format F [-o cut]        the timeline for an editor, its media beside it; F: otio, or
                                          fcpxml, xml (FCP 7), edl through OTIO's adapters
  %nemo renders                           this session's exports; `%nemo renders download <id> -o x.mp4`
  %nemo cancel [id]                       stop a render (the newest running one without an id) (取消)
  df = %nemo report [id]                  an export's report card: cuts on the beat, pictures, loudness
                                          (the newest finished export without an id; embedded engine only)
  %nemo session new | list | use <id>     start, list or switch sessions (each notebook has its own;
                                          `use` shares one between notebooks)
  %nemo                                   the Studio: upload, chat, timeline and export in one panel
  %nemo --raw <text>                      send the text as written ({name} and $name are not expanded)

Interrupting an export (Kernel → Interrupt, or ■) stops watching it; the render goes on.
Settings: %config Nemo.backend = "cloud" | "local", Nemo.quality, Nemo.expand_vars, Nemo.output_dir."""


def _parser(prog: str) -> Any:
    return MagicArgumentParser(prog=f"%nemo {prog}", add_help=False)


def _split(text: str) -> list[str]:
    return list(arg_split(text, posix=not sys.platform.startswith("win")))


class Commands:
    """The commands, bound to one controller. ``rich`` is true in a notebook front end, false in a terminal."""

    def __init__(self, controller: Controller, *, rich: bool) -> None:
        self.controller = controller
        self.rich = rich

    def help(self, rest: str) -> None:
        print(HELP.replace("<qualities>", " | ".join(QUALITIES)))

    def near_miss(self, rest: str) -> None:
        meant, _, args = rest.partition(" ")
        suggestion = f"%nemo {meant} {args}".strip()
        print(f"Did you mean `{suggestion}`? That looks like a command with a typo, so it was not sent to the agent.")
        print('To talk to the agent, write a sentence ("make the cuts faster"); `%nemo help` lists the commands.')

    def upload(self, rest: str) -> None:
        targets = expand_targets(_split(rest))
        if not targets:
            raise usage("Name what to upload: %nemo upload track.mp3 photos/*.jpg https://example.com/clip.mp4")
        for target in targets:
            for info in self._upload_one(target):
                print(f"✓ {_describe_media(info)}")

    def _upload_one(self, target: str) -> list[Any]:
        size = 0 if target.startswith(URL_PREFIXES) else Path(target).stat().st_size
        if size < LARGE_UPLOAD_BYTES:
            return self.controller.upload(target)
        bar = ProgressBar(f"Uploading {Path(target).name}", rich=self.rich).show()
        media = self.controller.upload(target, progress=bar.bytes_callback)
        bar.close(f"✓ Uploaded {Path(target).name} ({size / 1024 / 1024:.0f} MB)")
        return media

    def chat(self, text: str) -> None:
        sink = DisplaySink() if self.rich else TextSink()
        view = StreamView(sink, silence_notice_s=self.controller.settings.silence_notice_s)
        self.controller.chat(text, view)

    def timeline(self, rest: str) -> Any:
        frame, picture = self.controller.timeline()
        if self.rich:
            display(picture)
        else:
            print(repr(picture))
        return frame

    def credits(self, rest: str) -> Any:
        """The balance, returned (``c = %nemo credits``); it shows itself as one line."""
        return self.controller.client.credits()

    def export(self, rest: str) -> Any:
        """Render, show the video and a link; returns the render (``job = %nemo export``). An interrupt stops the
        watching, not the render: one line says how to follow or stop it."""
        parser = _parser("export")
        parser.add_argument("--quality", "-q", choices=QUALITIES)
        parser.add_argument("--format", "-f", default="mp4")
        parser.add_argument("--output", "-o")
        parser.add_argument("--embed", action="store_true")
        parser.add_argument("words", nargs="*")
        args = parser.parse_args(_split(rest))
        if args.format.lower() not in _FORMATS:
            raise usage(f"Export writes {', '.join(_FORMATS)} files; --format {args.format} is not one of them.")
        if args.format.lower() in TIMELINE_FORMATS:
            return self._export_timeline(args.output, args.format.lower())
        quality = args.quality or _quality_from_words(args.words) or self.controller.settings.quality
        output = self._output_path(args.output)
        job = self.controller.session.export(quality=quality)
        bar = ProgressBar(f"Rendering ({quality})", rich=self.rich).show()
        try:
            job.wait(progress=bar.update)
        except KeyboardInterrupt:
            bar.interrupt("interrupted" if not self.rich else f"Interrupted at {bar.fraction:.0%}: the render goes on")
            print(interrupted_line(job.id))
            return job
        except BaseException:
            bar.close(f"✗ Stopped after {bar.elapsed_s:.1f} s")
            raise
        bar.close(f"✓ Rendered in {bar.elapsed_s:.1f} s")
        try:
            self._save(job, output, embed=args.embed)
        except KeyboardInterrupt:
            print(f"⏸ Download interrupted: `%nemo renders download {job.id} -o {output.name}` resumes it.")
        return job

    def _export_timeline(self, given: str | None, suffix: str = "otio") -> Path:
        """``--format otio`` (or ``fcpxml``, ``xml``, ``edl``): the timeline for an editor, its media beside it
        (``session.export_timeline``); ``-o`` without a suffix takes the format's."""
        path = Path(given or f"timeline.{suffix}").expanduser()
        written = Path(self.controller.session.export_timeline(path if path.suffix else path.with_suffix(f".{suffix}")))
        print(f"🎞 Wrote {written.name} for editors (OpenTimelineIO; media in {written.stem}_media/, markers on beats)")
        return written

    def cancel(self, rest: str) -> None:
        """Stop a render: the one named, or the newest of this session's that is still running; says so in a line."""
        words = _split(rest)
        if len(words) > 1:
            raise usage("Use `%nemo cancel` (the running export) or `%nemo cancel <id>` (ids: `%nemo renders`).")
        job = self.controller.client.render(words[0]) if words else self._running_render()
        if job.status.done:
            print(f"Export {job.id} is already {job.status.status}: nothing to stop.")
            return
        status = _settled(job, job.cancel())
        print(f"⏹ Stopped export {job.id}." if status.done else f"⏹ Asked export {job.id} to stop ({status.status}).")

    def report(self, rest: str) -> Any:
        """The report card of an export (the one named, or this session's newest finished one) as a table, returned
        (``df = %nemo report``); its notes printed under it."""
        words = _split(rest)
        if len(words) > 1:
            raise usage(
                "Use `%nemo report` (the newest finished export) or `%nemo report <id>` (ids: `%nemo renders`)."
            )
        job = self.controller.client.render(words[0]) if words else self._finished_render()
        if job.status.status != RenderState.COMPLETED:
            raise NemoCellError(f"Export {job.id} is {job.status.status}: its report card comes when it completes.")
        card = job.report()
        for note in card.notes:
            print(f"ℹ️ {note}")
        return card.to_frame()

    def _finished_render(self) -> Any:
        finished = [job for job in self.controller.session.renders() if job.status.status == RenderState.COMPLETED]
        if not finished:
            raise NemoCellError("No export of this session has finished yet: `%nemo export` makes one.")
        return finished[0]

    def _running_render(self) -> Any:
        running = [job for job in self.controller.session.renders() if not job.status.done]
        if not running:
            raise NemoCellError("No export of this session is running: `%nemo renders` lists them.")
        return running[0]

    def _output_path(self, given: str | None) -> Path:
        if given:
            path = Path(given).expanduser()
            return path if path.suffix else path.with_suffix(".mp4")
        folder = Path(self.controller.settings.output_dir or ".").expanduser()
        return folder / time.strftime("nemo-video-%Y%m%d-%H%M%S.mp4")

    def _save(self, job: Any, output: Path, *, embed: bool = False) -> SavedVideo:
        output.parent.mkdir(parents=True, exist_ok=True)
        job.download(output)
        duration_ms = getattr(job.status.output, "duration_ms", None)
        video = SavedVideo(output, output.stat().st_size, duration_ms)
        show_video(video, rich=self.rich, embed=embed, embed_max_mb=self.controller.settings.embed_max_mb)
        return video

    def renders(self, rest: str) -> Any:
        words = _split(rest)
        if words and words[0] == "download":
            return self._download_render(words[1:])
        if words:
            raise usage("Use `%nemo renders` to list exports, `%nemo renders download <id> -o video.mp4` to fetch one.")
        jobs = self.controller.session.renders()
        if not jobs:
            print("No exports in this session yet: `%nemo export` makes one.")
            return None
        import pandas as pd

        return pd.DataFrame([describe_render(job) for job in jobs]).set_index("id")

    def _download_render(self, words: list[str]) -> None:
        parser = _parser("renders download")
        parser.add_argument("id")
        parser.add_argument("--output", "-o")
        args = parser.parse_args(words)
        jobs = {job.id: job for job in self.controller.session.renders()}
        job = jobs.get(args.id) or self._render_elsewhere(args.id, known=list(jobs))
        if job.status.status != RenderState.COMPLETED:
            raise NemoCellError(f"Export {job.id} is {job.status.status}, not finished: try again when it completes.")
        self._save(job, self._output_path(args.output))

    def _render_elsewhere(self, render_id: str, *, known: list[str]) -> Any:
        """A render of another session, by id; a readable error naming this session's renders if there is none."""
        from nemo_notebook.client import NemoError

        try:
            return self.controller.client.render(render_id)
        except NemoError:
            listed = ", ".join(known) or "none yet"
            raise NemoCellError(f"There is no export {render_id!r} (this session's exports: {listed}).") from None

    def session(self, rest: str) -> Any:
        words = _split(rest)
        action = words[0] if words else "show"
        if action == "new":
            connected = self.controller.connected
            session = self.controller.new_session()
            if connected:  # a first connection has just said which session is ready
                print(f"🆕 New session {session.id}.")
        elif action == "list":
            return self._session_table()
        elif action == "use" and len(words) == 2:
            session = self.controller.use_session(words[1])
            print(f"↪️ Now in session {session.id}.")
        elif action == "show":
            print(f"Session {self.controller.session.id}.")
        else:
            raise usage("Use `%nemo session new`, `%nemo session list` or `%nemo session use <id>`.")
        return None

    def _session_table(self) -> Any:
        import pandas as pd

        current = self.controller.session.id
        rows = [
            {"id": s.id, "current": "▶" if s.id == current else "", **_session_fields(s)}
            for s in self.controller.client.sessions.list()
        ]
        return pd.DataFrame(rows).set_index("id") if rows else pd.DataFrame()


def _settled(job: Any, status: Any, *, within_s: float = CANCEL_WAIT_S) -> Any:
    """The status once the server has stopped the render (it kills ffmpeg, which takes a moment), or as it is then."""
    deadline = time.monotonic() + within_s
    while not status.done and time.monotonic() < deadline:
        time.sleep(0.25)
        status = job.refresh()
    return status


def interrupted_line(render_id: str) -> str:
    """The one line an interrupted export prints."""
    return (
        f"⏸ Stopped watching; export {render_id} goes on. "
        f"`%nemo renders` follows it, `%nemo cancel {render_id}` stops it."
    )


def _quality_from_words(words: list[str]) -> str | None:
    for word in words:
        quality = _QUALITY_WORDS.get(word.lower())
        if quality:
            return quality
    return None


def _describe_media(info: Any) -> str:
    bits = [str(getattr(info.kind, "value", info.kind))]
    if info.duration_ms:
        bits.append(f"{info.duration_ms / 1000:.1f} s")
    if info.width and info.height:
        bits.append(f"{info.width}×{info.height}")
    if info.size:
        bits.append(f"{info.size / 1024 / 1024:.1f} MB")
    return f"{info.name} — {', '.join(bits)}"


def describe_render(job: Any) -> dict[str, Any]:
    status = job.status
    output = status.output
    return {
        "id": job.id,
        "status": "cancelled" if status.status == "failed" and "cancelled" in (status.error or "") else status.status,
        "progress_%": round(float(status.progress) * 100),
        "size_mb": round(output.size / 1024 / 1024, 2) if output and output.size else None,
        "duration_s": round(output.duration_ms / 1000, 1) if output and output.duration_ms else None,
    }


def _session_fields(session: Any) -> dict[str, Any]:
    record = session.record
    created = time.strftime("%Y-%m-%d %H:%M", time.localtime(record.created_at)) if record.created_at else ""
    return {"created": created, "language": record.language}
