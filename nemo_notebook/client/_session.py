"""What a session does, written once as flows (:mod:`._flow`) that :class:`Session` and :class:`AsyncSession` run.

A chat turn reads the state before, streams the agent's events as they arrive, and reads the state after. When the
network cuts the stream, the message is never sent again: the turn reads the state until the server has settled it
(kept or dropped) and says so in a synthesized message.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, Generic, TypeVar

from ..protocol import MAX_UPLOAD_BYTES, MediaInfo, RenderState, paths
from ..protocol.events import chat_request
from ._chat import ChatLimits, TurnReader
from ._core import Core
from ._errors import NemoError, NotFound, StreamError
from ._export import DownloadProgress, _RenderJobFlows, download_flow, export_body
from ._flow import Close, Emit, Flow, NextChunk, Sleep
from ._http import absolute, auth_headers, retry_after_s
from ._models import ChatEvent, Credits, Message, RenderStatus, Reply, State, TextDelta
from ._records import Records, RenderRecord, SessionRecord, now
from ._upload import Multipart, Progress, ProgressTotal, UploadFile, check_size, prepare_sources
from ._words import changes_sentence, cut_sentence, describe_changes

CUT_SETTLE_POLLS = 12
CUT_SETTLE_INTERVAL_S = 0.25

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
    return Credits.from_wire(answer.data or {})


def render_flow(ctx: Context[Job], render_id: str) -> Flow[Job]:
    known = {r.id: r.session_id for r in ctx.records.renders()}
    job = ctx.job(RenderStatus(render_id, "unknown"), known.get(render_id))
    yield from job._refresh_flow()
    return job


def create_flow(ctx: Context[Any], language: str, name: str) -> Flow[SessionRecord]:
    body = {"task_name": name, "language": language}
    data = (yield from ctx.core.call("POST", paths.CREATE_SESSION, json=body)).data
    record = SessionRecord(str(data["session_id"]), data.get("task_id"), data.get("bind_id"), language, now())
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
    return State.from_wire(answer.data or {})


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
            answer = yield from ctx.core.call("POST", paths.upload(record.id), json=body, bind_id=record.bind_id)
        else:
            answer = yield from _upload_file(ctx, record, item, counter)
        media += [MediaInfo.from_wire(m) for m in (answer.data or {}).get("media", [])]
    return media if isinstance(source, (list, tuple)) else media[0]


def _upload_file(ctx: Context[Any], record: SessionRecord, file: UploadFile, counter: ProgressTotal) -> Flow[Any]:
    mark = counter.mark()

    def body() -> Multipart:
        counter.rewind(mark)
        return Multipart(file, counter.add)

    return (yield from ctx.core.call("POST", paths.upload(record.id), body=body, bind_id=record.bind_id))


def turn_flow(ctx: Context[Any], record: SessionRecord, text: str) -> Flow[Reply]:
    """One chat turn: its events are emitted as they arrive; the whole reply is the flow's result."""
    before = yield from state_flow(ctx, record.id)
    reader = TurnReader(ctx.chat_limits)
    seen: list[ChatEvent] = []
    cut: StreamError | None = None
    try:
        yield from _stream_turn(ctx, record, text, reader, seen)
    except StreamError as exc:  # never replayed: the state says what the server kept
        cut = exc
    for event in reader.finish():
        seen.append(event)
        yield Emit(event)
    after = yield from (state_flow(ctx, record.id) if cut is None else _state_after_cut(ctx, record, before, cut))
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
    body = chat_request(record.id, text)
    response = yield from ctx.core.open_stream("POST", paths.RUN_SSE, json=body, bind_id=record.bind_id)
    # a server that keeps the connection open after the turn must not hang us: stop at turnComplete
    while not reader.complete and (chunk := (yield NextChunk(response, ctx.core.what))) is not None:
        for event in reader.feed(chunk):
            seen.append(event)
            yield Emit(event)
    yield Close(response)


def _state_after_cut(ctx: Context[Any], record: SessionRecord, before: State, cut: StreamError) -> Flow[State]:
    """The state once the turn the network cut has settled (kept or dropped), read for a few seconds at most."""
    try:
        for _ in range(CUT_SETTLE_POLLS):
            state = yield from state_flow(ctx, record.id)
            if state.version != before.version:
                return state
            yield Sleep(CUT_SETTLE_INTERVAL_S)
        return state
    except NemoError:
        raise cut from cut.__cause__


def export_flow(ctx: Context[Job], record: SessionRecord, quality: str) -> Flow[Job]:
    state = yield from state_flow(ctx, record.id)
    body = export_body(record.id, state.draft, quality)
    answer = yield from ctx.core.call("POST", paths.RENDER, json=body, bind_id=record.bind_id)
    status = RenderStatus.from_wire({"id": body["id"], "status": RenderState.QUEUED, **(answer.data or {})})
    ctx.records.add_render(RenderRecord(status.id, record.id, quality, now()))
    job = ctx.job(status, record.id)
    job.poll_s = retry_after_s(answer.headers, job.poll_s)
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
