"""The blocking client: ``Client`` → ``client.sessions`` → ``Session``. A real ``httpx.Client``; no event loop."""

from __future__ import annotations

import os
import time
from collections.abc import Generator, Iterator
from dataclasses import replace
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, overload

import httpx

from ..protocol import MAX_UPLOAD_BYTES, MediaInfo, paths, summarize
from ..protocol.events import chat_request
from ._chat import ChatLimits, TurnReader
from ._config import resolve
from ._core import SyncCore
from ._errors import NemoError, NotFound, StreamError, map_httpx_errors
from ._export import DownloadProgress, RenderJob, export_body, fetch_file, finish_download, part_path, retry_after_s_or
from ._http import DEFAULT_TIMEOUT, absolute, attribution_headers, auth_headers
from ._models import ChatEvent, Credits, Message, RenderStatus, Reply, State, TextDelta
from ._platform import detect_platform
from ._records import Records, RenderRecord, SessionRecord, now
from ._timeline import timeline_frame
from ._upload import Multipart, Progress, ProgressTotal, Source, UploadFile, check_size, prepare_sources
from ._words import changes_sentence, cut_sentence, describe_changes

if TYPE_CHECKING:
    import pandas

CUT_SETTLE_POLLS = 12
CUT_SETTLE_INTERVAL_S = 0.25


class Client:
    """A connection to the embedded engine (the default) or the hosted NemoVideo service.

    Parameters
    ----------
    backend
        ``"local"`` (the embedded engine, started on first use) or ``"cloud"``; default from ``NEMO_BACKEND``, else
        ``"cloud"`` when a token is given or ``NEMO_TOKEN`` is set, else ``"local"``.
    base_url
        A server speaking API.md (a shared ``nemo-notebook serve``); default ``NEMO_BASE_URL``.
    token
        Your own token; default ``NEMO_TOKEN``. Without one, remote servers get an anonymous token.
    home
        Folder for the client id, tokens, records and the local engine; default ``NEMO_HOME``.
    timeout
        httpx timeout for each request (reads of a chat stream wait 60 s: servers send heartbeats every 15 s).
    transport
        An httpx transport (tests pass ``httpx.MockTransport``).
    chat_limits
        Clocks of a chat turn: "still working" notice, silence timeout, total deadline.

    Examples
    --------
    >>> with Client() as client:                       # doctest: +SKIP
    ...     session = client.sessions.create()
    """

    def __init__(
        self,
        *,
        backend: str | None = None,
        base_url: str | None = None,
        token: str | None = None,
        home: str | os.PathLike[str] | None = None,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
        chat_limits: ChatLimits | None = None,
    ) -> None:
        settings = resolve(backend=backend, base_url=base_url, token=token, home=home)
        http = httpx.Client(timeout=timeout, transport=transport, headers=attribution_headers(detect_platform()))
        self._core = SyncCore(settings, http=http)
        self.chat_limits = chat_limits or ChatLimits()
        self.records = Records(settings.home, settings.records_key)
        self.sessions = Sessions(self)

    @property
    def backend(self) -> str:
        return self._core.settings.backend

    @property
    def base_url(self) -> str:
        """The server's URL (asking for it starts the local engine)."""
        return self._core.base_url

    def __repr__(self) -> str:
        where = self._core._base_url or "not started"
        return f"Client(backend={self.backend!r}, base_url={where!r}, home={str(self._core.settings.home)!r})"

    def credits(self) -> Credits:
        """The credit balance (the engine's is unlimited unless its quota is set)."""
        return Credits.from_wire(self._core.call("GET", paths.CREDITS).data or {})

    def render(self, render_id: str) -> RenderJob:
        """A render by id, as the server sees it now (for example one started before a kernel restart)."""
        known = {r.id: r.session_id for r in self.records.renders()}
        job = RenderJob(self._core, RenderStatus(render_id, "unknown"), session_id=known.get(render_id))
        job.refresh()
        return job

    def close(self) -> None:
        """Close the connections. The local engine keeps running for other clients until the process exits."""
        self._core.http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()


class Sessions:
    """``client.sessions``: make, find and list sessions."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def create(self, language: str = "en", *, name: str = "project") -> Session:
        """A new session (a project with its own timeline), recorded under ``NEMO_HOME``."""
        data = self._client._core.call("POST", paths.CREATE_SESSION, json={"task_name": name, "language": language})
        record = SessionRecord(
            str(data.data["session_id"]), data.data.get("task_id"), data.data.get("bind_id"), language, now()
        )
        self._client.records.add_session(record)
        return Session(self._client, record)

    def get(self, session_id: str) -> Session:
        """An existing session (recorded under ``NEMO_HOME`` if it was not yet); raises :class:`SessionNotFound` when
        the server does not know it."""
        known = {r.id: r for r in self._client.records.sessions()}
        session = Session(self._client, known.get(session_id) or SessionRecord(session_id, created_at=now()))
        session.record = replace(session.record, bind_id=session.state().bind_id or session.record.bind_id)
        if session_id not in known:
            self._client.records.add_session(session.record)
        return session

    def list(self) -> list[Session]:
        """Sessions this client made on this backend, newest first (from local records; no request)."""
        records = sorted(self._client.records.sessions(), key=lambda r: r.created_at, reverse=True)
        return [Session(self._client, r) for r in records]


class ChatStream(Iterator[ChatEvent]):
    """The events of one chat turn as they arrive. Closing it (or leaving a ``with`` block, or stopping a ``for``
    loop early and dropping it) closes the connection. After the last event, ``reply`` holds the whole answer."""

    def __init__(self, events: Generator[ChatEvent, None, Reply]) -> None:
        self._events = events
        self.reply: Reply | None = None

    def __repr__(self) -> str:
        state = "finished" if self.reply is not None else "open (iterate over it, or use session.send())"
        return f"<ChatStream {state}>"

    def __next__(self) -> ChatEvent:
        try:
            return next(self._events)
        except StopIteration as stop:
            self.reply = stop.value
            raise

    def close(self) -> None:
        self._events.close()

    def __enter__(self) -> ChatStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Session:
    """One project: its uploads, its chat, its timeline, its exports."""

    def __init__(self, client: Client, record: SessionRecord) -> None:
        self._client = client
        self._core = client._core
        self.record = record

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def bind_id(self) -> str | None:
        return self.record.bind_id

    def __repr__(self) -> str:
        return f"Session(id={self.id!r}, backend={self._client.backend!r})"

    @overload
    def upload(self, source: Source, *, progress: Progress | None = ..., filename: str | None = ...) -> MediaInfo: ...

    @overload
    def upload(
        self, source: list[Source] | tuple[Source, ...], *, progress: Progress | None = ..., filename: None = ...
    ) -> list[MediaInfo]: ...

    def upload(self, source: Any, *, progress: Progress | None = None, filename: str | None = None) -> Any:
        """Send files (paths or binary file objects) or URLs to the session; files stream from disk.

        Parameters
        ----------
        source
            A path, a URL, a binary file object, or a list of them. Unsupported files are refused before sending.
        progress
            ``progress(sent_bytes, total_bytes)`` as file bytes go out.
        filename
            The name of a single file object (its extension says what it is).

        Returns
        -------
        MediaInfo for one source, a list for a list.
        """
        items = prepare_sources(source, filename=filename)
        files = [item for item in items if isinstance(item, UploadFile)]
        if self._client.backend == "cloud":
            for file in files:
                check_size(file, MAX_UPLOAD_BYTES)
        counter = ProgressTotal(files, progress)
        media: list[MediaInfo] = []
        for item in items:
            media += self._upload_url(item) if isinstance(item, str) else self._upload_file(item, counter)
        return media if isinstance(source, (list, tuple)) else media[0]

    def _upload_url(self, url: str) -> list[MediaInfo]:
        body = {"urls": [url], "source_type": "url"}
        return _media(self._core.call("POST", paths.upload(self.id), json=body, bind_id=self.bind_id).data)

    def _upload_file(self, file: UploadFile, counter: ProgressTotal) -> list[MediaInfo]:
        mark = counter.mark()

        def body() -> tuple[dict[str, str], Iterator[bytes]]:
            counter.rewind(mark)
            multipart = Multipart(file, counter.add)
            return multipart.headers, iter(multipart)

        answer = self._core.call("POST", paths.upload(self.id), body=body, bind_id=self.bind_id)
        return _media(answer.data)

    def chat(self, text: str) -> ChatStream:
        """Send a message and read the reply as it comes: an iterator of typed events.

        The :class:`TextDelta` events add up to the words of the :class:`Message` events. A stream that ends
        without words gets one synthesized ``Message`` saying what changed in the timeline.
        """
        return ChatStream(self._turn(text))

    def send(self, text: str) -> Reply:
        """Send a message and wait for the whole reply (``.text``, ``.changes``, ``.events``, ``.version``)."""
        stream = self.chat(text)
        for _ in stream:
            pass
        assert stream.reply is not None
        return stream.reply

    def _turn(self, text: str) -> Generator[ChatEvent, None, Reply]:
        before = self.state()
        reader = TurnReader(self._client.chat_limits)
        seen: list[ChatEvent] = []
        cut: StreamError | None = None
        try:
            with self._core.stream("POST", paths.RUN_SSE, json=chat_request(self.id, text), bind_id=self.bind_id) as r:
                for event in self._read(r, reader):
                    seen.append(event)
                    yield event
        except StreamError as exc:  # never replayed: the state says what the server kept
            cut = exc
        for event in reader.finish():
            seen.append(event)
            yield event
        after = self.state() if cut is None else self._state_after_cut(before.version, cut)
        changes = describe_changes(before.draft, after.draft)
        if cut is not None or not reader.saw_text:
            words = changes_sentence(changes) if cut is None else cut_sentence(changes)
            seen += [TextDelta(words), Message(words, synthesized=True)]
            yield from seen[-2:]
        text_out = "\n\n".join(e.text for e in seen if isinstance(e, Message))
        return Reply(text_out, changes, tuple(seen), after.version, reader.complete and cut is None)

    def _state_after_cut(self, version_before: int, cut: StreamError) -> State:
        """The state once the turn the network cut has settled (kept or dropped), read for a few seconds at most."""
        try:
            for _ in range(CUT_SETTLE_POLLS):
                state = self.state()
                if state.version != version_before:
                    return state
                time.sleep(CUT_SETTLE_INTERVAL_S)
            return state
        except NemoError:
            raise cut from cut.__cause__

    def _read(self, response: httpx.Response, reader: TurnReader) -> Iterator[ChatEvent]:
        chunks = response.iter_bytes()
        while True:
            with map_httpx_errors(what=self._core.what, streaming=True):
                chunk = next(chunks, None)
            if chunk is None:
                return
            yield from reader.feed(chunk)
            if reader.complete:  # a server that keeps the connection open after the turn must not hang us
                return

    def download_media(
        self, media_id: str, path: str | os.PathLike[str], *, progress: DownloadProgress | None = None
    ) -> Path:
        """Fetch one of the session's files (an upload, or music the engine composed) to ``path``.

        The embedded engine serves them (with ``Range``, so a broken download resumes); the hosted service does not
        promise to, and answers :class:`NotFound`.
        """
        target = Path(path).expanduser()
        part = part_path(target)
        url = absolute(paths.media_file(self.id, media_id), self._core.base_url)
        fetch_file(self._core.http, url, auth_headers(self._core.token()), part, progress)
        return finish_download(part, target, None)

    def state(self) -> State:
        """The session's state now: draft, media, generated files, version, bind id."""
        return State.from_wire(self._core.call("GET", paths.state(self.id)).data or {})

    def timeline(self) -> pandas.DataFrame:
        """The timeline as a DataFrame, one row a segment (track, track_type, role, name, start_s, end_s, …)."""
        return timeline_frame(self.state())

    def summary(self) -> str:
        """The timeline in one line: ``Timeline (3 tracks): 1. Video: … (0-10s) 2. BGM: … (0-10s, 35%) …``."""
        return summarize(self.state().draft)

    def export(self, quality: str = "high") -> RenderJob:
        """Start rendering the current timeline to MP4 (``high``, ``medium`` or ``low``); returns at once."""
        body = export_body(self.id, self.state().draft, quality)
        answer = self._core.call("POST", paths.RENDER, json=body, bind_id=self.bind_id)
        status = RenderStatus.from_wire({"id": body["id"], "status": "queued", **(answer.data or {})})
        self._client.records.add_render(RenderRecord(status.id, self.id, quality, now()))
        job = RenderJob(self._core, status, session_id=self.id)
        job.poll_s = retry_after_s_or(answer.headers, job.poll_s)
        return job

    def renders(self) -> list[RenderJob]:
        """This session's exports recorded under ``NEMO_HOME``, newest first, each refreshed from the server."""
        jobs = []
        for record in sorted(self._client.records.renders(self.id), key=lambda r: r.created_at, reverse=True):
            job = RenderJob(self._core, RenderStatus(record.id, "unknown"), session_id=self.id)
            _refresh_or_forget(job)
            jobs.append(job)
        return jobs


def _media(data: Any) -> list[MediaInfo]:
    return [MediaInfo.from_wire(m) for m in (data or {}).get("media", [])]


def _refresh_or_forget(job: RenderJob) -> None:
    try:
        job.refresh()
    except NotFound:
        job.status = RenderStatus(job.id, "unknown", error="the server no longer knows this render")
