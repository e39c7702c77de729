"""What a session does, written once as flows (:mod:`._flow`) that :class:`Session` and :class:`AsyncSession` run.

A chat turn reads the state before, streams the agent's events as they arrive, and reads the state after. When the
network cuts the stream, the message is never sent again: the turn reads the state until the server has settled it
(kept or dropped) and says so in a synthesized message.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, Generic, TypeVar

import httpx

from ..protocol import MAX_UPLOAD_BYTES, Draft, MediaInfo, RenderState, paths
from ..protocol.events import chat_request
from . import _wire as wire
from ._chat import ChatLimits, TurnReader
from ._config import Secret
from ._core import Core
from ._errors import NemoError, NotFound, OutOfCredits, StreamError, Timeout
from ._export import DownloadProgress, _RenderJobFlows, download_flow, export_body
from ._flow import Close, Emit, Flow, NextChunk, Sleep, T
from ._http import UPLOAD_ANSWER_WITHIN_S, absolute, auth_headers, poll_interval_s, with_bind_link
from ._models import ChatEvent, Credits, Message, RenderStatus, Reply, State, TextDelta
from ._records import Records, RenderRecord, SessionRecord, now
from ._upload import Multipart, Progress, ProgressTotal, UploadFile, check_size, prepare_sources
from ._words import changes_sentence, cut_sentence, describe_changes

CUT_SETTLE_POLLS = 12
CUT_SETTLE_INTERVAL_S = 0.25
"""After a cut stream, or one that ended without words, the state is read up to 12 times, 0.25 s apart."""

Job = TypeVar("Job", bound=_RenderJobFlows)


class Context(Generic[Job]):
    """What the flows of one client need: its core, records, chat clocks, and how to make a render job."""

    def __init__(
        self, core: Core, records: Records, limits: Callable[[], ChatLimits], make_job: Callable[..., Job]
    ) -> None:
        self.core = core
        self.records = records
        self._limits = limits
        self.make_job = make_job

    @property
    def chat_limits(self) -> ChatLimits:
        return self._limits()

    def job(self, status: RenderStatus, session_id: str | None) -> Job:
        return self.make_job(status, session_id=session_id)


def credits_flow(ctx: Context[Any]) -> Flow[Credits]:
    answer = yield from ctx.core.call("GET", paths.CREDITS)
    return Credits.from_wire(answer.data)


def render_flow(ctx: Context[Job], render_id: str) -> Flow[Job]:
    known = {r.id: r.session_id for r in ctx.records.renders()}
    job = ctx.job(RenderStatus(render_id, "unknown"), known.get(render_id))
    yield from job._refresh_flow()
    return job


def create_flow(ctx: Context[Any], language: str, name: str) -> Flow[SessionRecord]:
    body = {"task_name": name, "language": language}
    data = wire.mapping((yield from ctx.core.call("POST", paths.CREATE_SESSION, json=body)).data, "data")
    record = SessionRecord(
        wire.text(data.get("session_id"), "data.session_id"),
        wire.optional_text(data.get("task_id"), "data.task_id"),
        wire.optional_text(data.get("bind_id"), "data.bind_id"),  # else read from the state when a 2001 needs it
        language,
        now(),
    )
    ctx.records.add_session(record)
    return record


def get_flow(ctx: Context[Any], session_id: str) -> Flow[SessionRecord]:
    known = {r.id: r for r in ctx.records.sessions()}
    record = known.get(session_id) or SessionRecord(session_id, created_at=now())
    state = yield from state_flow(ctx, session_id)
    record = replace(record, bind_id=state.bind_id or record.bind_id)
    if session_id not in known:
        ctx.records.add_session(record)
    return record


def listed(ctx: Context[Any]) -> list[SessionRecord]:
    return sorted(ctx.records.sessions(), key=lambda r: r.created_at, reverse=True)


def state_flow(ctx: Context[Any], session_id: str) -> Flow[State]:
    answer = yield from ctx.core.call("GET", paths.state(session_id))
    return State.from_wire(answer.data)


def upload_flow(
    ctx: Context[Any], record: SessionRecord, source: Any, progress: Progress | None, filename: str | None
) -> Flow[Any]:
    items = prepare_sources(source, filename=filename)
    files = [item for item in items if isinstance(item, UploadFile)]
    if ctx.core.settings.backend == "cloud":
        for file in files:
            check_size(file, MAX_UPLOAD_BYTES)
    counter = ProgressTotal(files, progress)
    media: list[MediaInfo] = []
    for item in items:
        if isinstance(item, str):
            body = {"urls": [item], "source_type": "url"}
            call = ctx.core.call(
                "POST",
                paths.upload(record.id),
                json=body,
                bind_id=record.bind_id,
                answer_within_s=UPLOAD_ANSWER_WITHIN_S,
            )
        else:
            call = _upload_file(ctx, record, item, counter)
        answer = yield from _with_bind_link(ctx, record, call)
        media += yield from _uploaded(ctx, record, answer.data, item)
    return media if isinstance(source, (list, tuple)) else media[0]


def _uploaded(ctx: Context[Any], record: SessionRecord, data: Any, item: UploadFile | str) -> Flow[list[MediaInfo]]:
    """The media an upload made: ``data.media`` (a list, or one entry; ``data`` itself may be the list or the
    entry). An answer that names none is looked up in the state by the file's name."""
    if isinstance(data, Mapping) and "media" in data and data["media"] is not None:
        entries, where = data["media"], "data.media"
    elif isinstance(data, Mapping):
        entries, where = [data] if "id" in data else [], "data"
    else:
        entries, where = data, "data"
    found = [wire.media_info(m, f"{where}[{i}]") for i, m in enumerate(wire.listing(entries, where))]
    return found or (yield from _uploaded_from_state(ctx, record, item))


def _uploaded_from_state(ctx: Context[Any], record: SessionRecord, item: UploadFile | str) -> Flow[list[MediaInfo]]:
    name = item.name if isinstance(item, UploadFile) else item.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    state = yield from state_flow(ctx, record.id)
    same = [m for m in state.media if m.name == name]
    if not same:
        raise NemoError(
            f"the server took {name} but its answer names no media (no data.media), nor does the state",
            hint="look at session.state().media in a moment, or upload the file again",
        )
    return same[-1:]


def _with_bind_link(ctx: Context[Any], record: SessionRecord, flow: Flow[T]) -> Flow[T]:
    """Run ``flow``; a 2001 for an anonymous user gets the registration link, its bind id read from the state when
    the create answer did not give one (API.md: "``bind_id`` comes with the session or state")."""
    try:
        return (yield from flow)
    except OutOfCredits as error:
        if error.bind_url or not ctx.core.tokens.anonymous:
            raise
        bind_id = record.bind_id or (yield from _bind_id_from_state(ctx, record))
        if not bind_id:
            raise
        raise with_bind_link(error, bind_id) from None


def _bind_id_from_state(ctx: Context[Any], record: SessionRecord) -> Flow[str | None]:
    try:
        return (yield from state_flow(ctx, record.id)).bind_id
    except NemoError:
        return None


def _upload_file(ctx: Context[Any], record: SessionRecord, file: UploadFile, counter: ProgressTotal) -> Flow[Any]:
    mark = counter.mark()

    def body() -> Multipart:
        counter.rewind(mark)
        return Multipart(file, counter.add)

    return (
        yield from ctx.core.call(
            "POST", paths.upload(record.id), body=body, bind_id=record.bind_id, answer_within_s=UPLOAD_ANSWER_WITHIN_S
        )
    )


def turn_flow(ctx: Context[Any], record: SessionRecord, text: str) -> Flow[Reply]:
    """One chat turn: its events are emitted as they arrive; the whole reply is the flow's result."""
    before = yield from state_flow(ctx, record.id)
    record = replace(record, bind_id=record.bind_id or before.bind_id)
    reader = TurnReader(ctx.chat_limits)
    seen: list[ChatEvent] = []
    cut: StreamError | None = None
    try:
        yield from _with_bind_link(ctx, record, _stream_turn(ctx, record, text, reader, seen))
    except StreamError as exc:
        if not isinstance(exc.__cause__, httpx.HTTPError):
            raise  # the server sent what is not a stream (an endless line): not a cut to recover from
        cut = exc  # the network cut it: never replayed; the state says what the server kept
    for event in reader.finish():
        seen.append(event)
        yield Emit(event)
    after = yield from _state_after(ctx, record, before, reader, cut)
    changes = describe_changes(before.draft, after.draft)
    if cut is not None or not reader.saw_text:
        words = changes_sentence(changes) if cut is None else cut_sentence(changes)
        seen += [TextDelta(words), Message(words, synthesized=True)]
        yield Emit(seen[-2])
        yield Emit(seen[-1])
    text_out = "\n\n".join(e.text for e in seen if isinstance(e, Message))
    return Reply(text_out, changes, tuple(seen), after.version, reader.complete and cut is None)


def _stream_turn(
    ctx: Context[Any], record: SessionRecord, text: str, reader: TurnReader, seen: list[ChatEvent]
) -> Flow[None]:
    """Send the message and read its stream. An error before the agent did anything (an error status, an error
    envelope as the answer or as the stream's first event) is retried as any call is; after that, never."""
    body = chat_request(record.id, text)
    silence = ctx.chat_limits.silence_timeout_s

    def attempt(token: Secret | None) -> Flow[None]:
        reader.new_stream()
        response = yield from ctx.core.open_once("POST", paths.RUN_SSE, token, body, record.bind_id, silence)
        # a server that keeps the connection open after the turn must not hang us: stop at turnComplete
        while not reader.complete and (chunk := (yield from _next_chunk(ctx, response, reader))) is not None:
            for event in reader.feed(chunk):
                seen.append(event)
                yield Emit(event)
        yield Close(response)

    yield from ctx.core.retrying(attempt, may_retry=lambda: not reader.started_work)


def _next_chunk(ctx: Context[Any], response: httpx.Response, reader: TurnReader) -> Flow[bytes | None]:
    try:
        chunk: bytes | None = yield NextChunk(response, ctx.core.what)
        return chunk
    except Timeout:
        reader.check_clocks(grace_s=1.0)  # the read timeout was the silence clock: say so in its words
        raise


def _state_after(
    ctx: Context[Any], record: SessionRecord, before: State, reader: TurnReader, cut: StreamError | None
) -> Flow[State]:
    """The state after the turn. When the stream was cut, or ended without words and without saying it was complete
    (or before the version it announced is visible), the server may commit a moment later: read it a few times,
    for a few seconds at most, until it differs from the state before."""
    settle = cut is not None or not (reader.saw_text or reader.complete) or reader.state_version is not None
    try:
        for attempt in range(CUT_SETTLE_POLLS if settle else 1):
            if attempt:
                yield Sleep(CUT_SETTLE_INTERVAL_S)
            state = yield from state_flow(ctx, record.id)
            if _settled(state, before, reader):
                break
        return state
    except NemoError:
        if cut is None:
            raise
        raise cut from cut.__cause__


def _settled(state: State, before: State, reader: TurnReader) -> bool:
    if state.draft != before.draft:
        return True
    if reader.state_version is not None:
        return state.version >= reader.state_version
    return state.version != before.version


def export_flow(ctx: Context[Job], record: SessionRecord, quality: str) -> Flow[Job]:
    state = yield from state_flow(ctx, record.id)
    record = replace(record, bind_id=record.bind_id or state.bind_id)
    return (yield from export_draft_flow(ctx, record, state.draft, quality))


def export_draft_flow(ctx: Context[Job], record: SessionRecord, draft: Draft, quality: str) -> Flow[Job]:
    """Start rendering ``draft`` (the session's, or a version of it) as this session's export."""
    body = export_body(record.id, draft, quality)
    call = ctx.core.call("POST", paths.RENDER, json=body, bind_id=record.bind_id, keyed=True)  # keyed by body["id"]
    answer = yield from _with_bind_link(ctx, record, call)
    given = {k: v for k, v in wire.mapping(answer.data, "data", optional=True).items() if v is not None}
    status = RenderStatus.from_wire({"id": body["id"], "status": RenderState.QUEUED, **given})
    ctx.records.add_render(RenderRecord(status.id, record.id, quality, now()))
    job = ctx.job(status, record.id)
    job.poll_s = poll_interval_s(answer.headers, job.poll_s)
    return job


def renders_flow(ctx: Context[Job], record: SessionRecord) -> Flow[list[Job]]:
    jobs = []
    for render in sorted(ctx.records.renders(record.id), key=lambda r: r.created_at, reverse=True):
        job = ctx.job(RenderStatus(render.id, "unknown"), record.id)
        try:
            yield from job._refresh_flow()
        except NotFound:
            job.status = RenderStatus(job.id, "unknown", error="the server no longer knows this render")
        jobs.append(job)
    return jobs


def download_media_flow(
    ctx: Context[Any],
    record: SessionRecord,
    media_id: str,
    path: str | os.PathLike[str],
    progress: DownloadProgress | None,
) -> Flow[Path]:
    url = absolute(paths.media_file(record.id, media_id), ctx.core.base_url)
    token = yield from ctx.core.token()
    return (yield from download_flow(url, auth_headers(token), Path(path).expanduser(), progress, None))
