"""The blocking client: ``Client`` → ``client.sessions`` → ``Session``. A real ``httpx.Client``; no event loop.

Each method runs a flow of :mod:`._session` (written once for both clients) with a :class:`~._drivers.SyncDriver`.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Generator, Iterator
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, overload

import httpx

from ..protocol import MediaInfo, summarize
from . import _html, _otio, _pack
from . import _session as flows
from ._chat import ChatLimits
from ._config import resolve
from ._core import Core
from ._drivers import SyncDriver
from ._errors import NotFound
from ._export import DownloadProgress, RenderJob
from ._http import DEFAULT_TIMEOUT, LIMITS, attribution_headers
from ._models import ChatEvent, Credits, Reply, State
from ._pack import ReleasePack
from ._platform import detect_platform
from ._records import Records, SessionRecord
from ._timeline import timeline_frame
from ._upload import Progress, Source

if TYPE_CHECKING:
    import pandas


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
        http = httpx.Client(
            timeout=timeout, limits=LIMITS, transport=transport, headers=attribution_headers(detect_platform())
        )
        self._core = SyncDriver(Core(settings), http=http)
        self.chat_limits = chat_limits or ChatLimits()
        self.records = Records(settings.home, settings.records_key)
        self._ctx: flows.Context[RenderJob] = flows.Context(
            self._core.core, self.records, lambda: self.chat_limits, functools.partial(RenderJob, self._core)
        )
        self.sessions = Sessions(self)

    @property
    def backend(self) -> str:
        return self._core.settings.backend

    @property
    def base_url(self) -> str:
        """The server's URL (asking for it starts the local engine)."""
        return self._core.base_url

    def __repr__(self) -> str:
        return _repr(self, self._core.core)

    def credits(self) -> Credits:
        """The credit balance (the engine's is unlimited unless its quota is set)."""
        return self._core.run(flows.credits_flow(self._ctx))

    def render(self, render_id: str) -> RenderJob:
        """A render by id, as the server sees it now (for example one started before a kernel restart)."""
        return self._core.run(flows.render_flow(self._ctx, render_id))

    def batch(self, tracks: Any, instruction: str, *, quality: str = "high", **options: Any) -> pandas.DataFrame:
        """Make one video per track with the same ``instruction``, several at once; a DataFrame sums them up.

        ``tracks``: paths (or lists of paths, music first), or a mapping name → path(s). ``options``: ``folder``
        for the MP4s (default "."), ``prefix`` of their names, ``concurrency`` (4), ``progress(rows)`` (one
        :class:`BatchRow` per track, called in this thread). See :mod:`nemo_notebook.client._batch`.
        """
        from ._batch import run_batch

        return run_batch(self, tracks, instruction, quality=quality, **options)

    def close(self) -> None:
        """Close the connections. The local engine keeps running for other clients until the process exits."""
        self._core.http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()


def _repr(client: Any, core: Core) -> str:
    where = core.known_base_url or "not started"
    name = type(client).__name__
    return f"{name}(backend={core.settings.backend!r}, base_url={where!r}, home={str(core.settings.home)!r})"


class Sessions:
    """``client.sessions``: make, find and list sessions."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def create(self, language: str = "en", *, name: str = "project") -> Session:
        """A new session (a project with its own timeline), recorded under ``NEMO_HOME``."""
        return Session(self._client, self._client._core.run(flows.create_flow(self._client._ctx, language, name)))

    def get(self, session_id: str) -> Session:
        """An existing session (recorded under ``NEMO_HOME`` if it was not yet); raises :class:`SessionNotFound` when
        the server does not know it."""
        return Session(self._client, self._client._core.run(flows.get_flow(self._client._ctx, session_id)))

    def list(self) -> list[Session]:
        """Sessions this client made on this backend, newest first (from local records; no request)."""
        return [Session(self._client, r) for r in flows.listed(self._client._ctx)]


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
        self._ctx = client._ctx
        self.record = record

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def bind_id(self) -> str | None:
        return self.record.bind_id

    def __repr__(self) -> str:
        return f"{type(self).__name__}(id={self.id!r}, backend={self._client.backend!r})"

    def _repr_html_(self) -> str:
        return _html.session_html(self.record, self._client.backend)

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
        return self._core.run(flows.upload_flow(self._ctx, self.record, source, progress, filename))

    def chat(self, text: str) -> ChatStream:
        """Send a message and read the reply as it comes: an iterator of typed events.

        The :class:`TextDelta` events add up to the words of the :class:`Message` events. A stream that ends
        without words gets one synthesized ``Message`` saying what changed in the timeline.
        """
        return ChatStream(self._core.events(flows.turn_flow(self._ctx, self.record, text)))

    def send(self, text: str) -> Reply:
        """Send a message and wait for the whole reply (``.text``, ``.changes``, ``.events``, ``.version``)."""
        stream = self.chat(text)
        for _ in stream:
            pass
        assert stream.reply is not None
        return stream.reply

    def download_media(
        self, media_id: str, path: str | os.PathLike[str], *, progress: DownloadProgress | None = None
    ) -> Path:
        """Fetch one of the session's files (an upload, or music the engine composed) to ``path``.

        The embedded engine serves them (with ``Range``, so a broken download resumes); the hosted service does not
        promise to, and answers :class:`NotFound`.
        """
        return self._core.run(flows.download_media_flow(self._ctx, self.record, media_id, path, progress))

    def state(self) -> State:
        """The session's state now: draft, media, generated files, version, bind id."""
        return self._core.run(flows.state_flow(self._ctx, self.id))

    def export_timeline(
        self, path: str | os.PathLike[str] = "timeline.otio", *, media_folder: str | os.PathLike[str] | None = None
    ) -> Path:
        """Write the timeline as OpenTimelineIO (``.otio``; FCP XML, EDL … by suffix where OTIO's adapter is
        installed) for an editor to open, with the media it uses downloaded into ``media_folder`` (by default
        ``<name>_media`` beside it) and referenced by path; beats, downbeats and sections as markers.
        Needs ``pip install "nemo-notebook[otio]"``."""
        target = Path(path)
        _otio.adapter_for(target)
        state = self.state()
        media = {info.id: info for info in (*state.media, *state.generated)}
        paths = {}
        for media_id, local, fetch in _otio.planned_downloads(
            state.draft, media, _otio.media_folder_for(target, media_folder)
        ):
            try:
                if fetch:
                    local.parent.mkdir(parents=True, exist_ok=True)
                    self.download_media(media_id, local)
                paths[media_id] = local
            except NotFound:  # the hosted service does not serve files back: the clip names it, unlinked
                continue
        return _otio.write_timeline(_otio.build_timeline(state.draft, media, paths, name=target.stem), target)

    def timeline(self) -> pandas.DataFrame:
        """The timeline as a DataFrame, one row a segment (track, track_type, role, name, start_s, end_s, …)."""
        return timeline_frame(self.state())

    def summary(self) -> str:
        """The timeline in one line: ``Timeline (3 tracks): 1. Video: … (0-10s) 2. Background music: … (0-10s, 35%) …``."""
        return summarize(self.state().draft)

    def export(self, quality: str = "high") -> RenderJob:
        """Start rendering the current timeline to MP4 (``high``, ``medium`` or ``low``); returns at once."""
        return self._core.run(flows.export_flow(self._ctx, self.record, quality))

    def renders(self) -> list[RenderJob]:
        """This session's exports recorded under ``NEMO_HOME``, newest first, each refreshed from the server."""
        return self._core.run(flows.renders_flow(self._ctx, self.record))

    def release_pack(self, quality: str = "high", *, ask: bool = True) -> ReleasePack:
        """Every version a release needs, each its own timeline and its own export, all rendering at once: the
        full 16:9 video, 9:16 shorts of 15, 30 and 60 s from the chorus (those shorter than the song), a 1:1 cut
        and a Spotify Canvas (a silent 9:16 loop of 3-8 s). Returns at once; ``pack.wait()``, ``pack.download()``.

        ``ask``: send "make a release pack" to the agent first (False: export the pack the session holds).
        """
        reply = self.send(_pack.PACK_WORDS) if ask else None
        jobs, skipped = self._core.run(_pack.start_flow(self._ctx, self.record, quality, reply))
        return ReleasePack(self._core, jobs, skipped, reply)
