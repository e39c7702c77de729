"""Export: ``POST /api/render/proxy/lambda`` queues a render job; ``GET …/<id>`` polls it; ``DELETE …/<id>`` cancels
it (the engine's addition to API.md); ``…/output.mp4`` serves it.

A render id is its owner's: the same id sent by two owners is two renders, each seen, cancelled and downloaded by
its owner alone. Another owner's id is answered exactly as an id that does not exist, and only an owner's own id,
sent again for another session, is 409.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import FileResponse, Response

from ...protocol import Draft, DraftFormatError, ErrorCode, MediaInfo, MediaKind, Track, TrackType, paths
from ...protocol.draft_values import check_values
from ...protocol.vocabulary import DEFAULT_FPS, QUALITIES, RenderState, Role
from ..jobs import LineFull
from ..store import JobRecord
from .handlers import endpoint, engine_of, json_body, text_field
from .refusals import Refusal, bad_request, ok, shown_id
from .services import Engine

MAX_EXPORT_MS = 3 * 3_600_000
MAX_FPS = 120
LINE_FULL_WAIT_S = 5  # Retry-After when a token has too many exports waiting: about the time a short one takes
_RENDER_ID = re.compile(r"^[A-Za-z0-9_.-]{1,80}$")
_SKILL_HEADERS = (paths.HEADER_SOURCE, paths.HEADER_VERSION, paths.HEADER_PLATFORM)


@dataclass(frozen=True)
class ExportRequest:
    render_id: str
    session_id: str
    draft: Draft
    quality: str


def _require_skill_headers(request: Request) -> None:
    missing = [h for h in _SKILL_HEADERS if not request.headers.get(h)]
    if missing:
        raise Refusal(
            ErrorCode.PLAN_BLOCKED,
            f"export needs the {', '.join(missing)} header(s), as the hosted service does: "
            "register or upgrade your plan to unlock export",
        )


def _parse_export(body: dict[str, Any]) -> ExportRequest:
    render_id = body.get("id") or f"render_{int(time.time() * 1000)}"
    if not isinstance(render_id, str) or not _RENDER_ID.match(render_id):
        raise bad_request("id", "must be letters, digits, '_', '-' or '.', at most 80 characters")
    output = body.get("output", {})
    if not isinstance(output, dict):
        raise bad_request("output", "must be an object like {'format': 'mp4', 'quality': 'high'}")
    if output.get("format", "mp4") != "mp4":
        raise bad_request("output.format", "only 'mp4' is supported")
    quality = output.get("quality", "high")
    if quality not in QUALITIES:
        raise bad_request("output.quality", f"must be one of {', '.join(QUALITIES)}")
    if "draft" not in body:
        raise bad_request("draft", "missing: send the session's draft")
    try:
        draft = Draft.from_wire(body["draft"])
        check_values(draft)
    except DraftFormatError as exc:
        raise Refusal(ErrorCode.BAD_REQUEST, str(exc)) from exc
    return ExportRequest(render_id, text_field(body, "sessionId"), draft, str(quality))


def _check_sources(draft: Draft, known: Mapping[str, MediaInfo]) -> None:
    if draft.is_empty:
        raise bad_request("draft", "nothing to export yet: ask for a video first")
    _check_size(draft)
    for i, track in enumerate(draft.tracks):
        for j, segment in enumerate(track.segments):
            if segment.src is None:
                continue
            where = f"draft.t[{i}].sg[{j}].src"
            info = known.get(segment.src)
            if info is None:
                raise bad_request(where, f"{shown_id(segment.src)} is not a media id of this session")
            problem = _misplaced(track, info)
            if problem:
                raise bad_request(where, f"{info.name!r} {problem}")


def _check_size(draft: Draft) -> None:
    """Render slots are few: a draft claiming days, or a million frames a second, would hold every later
    export in the queue."""
    if draft.duration_ms > MAX_EXPORT_MS:
        hours = MAX_EXPORT_MS // 3_600_000
        raise bad_request(
            "draft.d", f"at most {hours} hours ({MAX_EXPORT_MS} ms): shorten the timeline or export it in parts"
        )
    fps = draft.meta.get("fps", DEFAULT_FPS)
    if isinstance(fps, bool) or not isinstance(fps, (int, float)) or not 1 <= fps <= MAX_FPS:
        raise bad_request("draft.m.fps", f"must be a frame rate from 1 to {MAX_FPS} (24, 25, 30 and 60 are usual)")


def _misplaced(track: Track, info: MediaInfo) -> str:
    """Why ``info`` cannot play on ``track`` ("" when it can); a visualizer lane draws an audio file (protocol.vocabulary)."""
    if track.type is TrackType.VIDEO and track.meta.get("role") == Role.VISUALIZER:
        return "" if info.has_audio else "has no sound for the visualizer to draw: give it an audio file"
    if track.type is TrackType.VIDEO and info.kind is MediaKind.AUDIO:
        return "is audio: put it on an audio track (tt 1), or ask for a visualizer"
    if track.type is TrackType.AUDIO and (info.kind is MediaKind.IMAGE or not info.has_audio):
        return "has no sound: put it on a video track (tt 0)"
    return ""


def _known_media(engine: Engine, session_id: str) -> dict[str, MediaInfo]:
    records = engine.store.media(session_id, generated=False) + engine.store.media(session_id, generated=True)
    return {r.info.id: r.info for r in records}


@endpoint("queueing the export")
async def submit_render(request: Request) -> Response:
    engine = engine_of(request)
    owner = engine.owner(request)
    _require_skill_headers(request)
    export = _parse_export(await json_body(request))
    engine.session(export.session_id, owner)
    _check_sources(export.draft, _known_media(engine, export.session_id))
    existing = engine.store.job(owner, export.render_id)
    if existing is not None:
        if existing.session_id != export.session_id:
            raise Refusal(
                ErrorCode.CONFLICT, f"render id {export.render_id!r} is taken by another of your exports: use a new id"
            )
        return ok({"id": existing.id, "status": existing.status})
    payment = engine.credits.reserve_export(owner)
    now = time.time()
    job = JobRecord(
        export.render_id,
        export.session_id,
        owner,
        RenderState.QUEUED,
        0.0,
        export.quality,
        export.draft.to_wire(),
        None,
        None,
        None,
        now,
        now,
    )
    try:
        engine.renders.submit(job)
    except LineFull as exc:
        payment.release()
        wait_s = max(math.ceil(engine.settings.poll_interval_s), LINE_FULL_WAIT_S)
        raise Refusal(ErrorCode.RATE_LIMITED, str(exc), headers={"Retry-After": str(wait_s)}) from exc
    except BaseException:
        payment.release()
        raise
    engine.credits.charge(payment)
    return ok({"id": job.id, "status": job.status})


def owned_job(engine: Engine, request: Request) -> JobRecord:
    owner = engine.owner(request)
    render_id = request.path_params["render_id"]
    job = engine.store.job(owner, render_id)
    if job is None:
        raise Refusal(ErrorCode.NOT_FOUND, f"no render {shown_id(render_id)}: export again")
    return job


@endpoint("reading the export")
async def render_job(request: Request) -> Response:
    engine = engine_of(request)
    job = owned_job(engine, request)
    output = None
    if job.status == RenderState.COMPLETED:
        url = str(request.base_url).rstrip("/") + paths.render_output(job.id)
        output = {"url": url, "size": job.size, "duration_ms": job.duration_ms}
    data = {"id": job.id, "status": job.status, "progress": job.progress, "output": output, "error": job.error}
    return ok(data, headers={"Retry-After": str(math.ceil(engine.settings.poll_interval_s))})


@endpoint("cancelling the export")
async def cancel_render(request: Request) -> Response:
    engine = engine_of(request)
    job = owned_job(engine, request)
    cancelled = engine.renders.cancel(job.owner, job.id)
    job = engine.store.job(job.owner, job.id) or job
    return ok({"id": job.id, "status": job.status, "cancelled": cancelled})


@endpoint("serving the export")
async def render_output(request: Request) -> Response:
    engine = engine_of(request)
    job = owned_job(engine, request)
    path = engine.renders.output_path(job.owner, job.id)
    if job.status == RenderState.FAILED:
        raise Refusal(ErrorCode.NOT_FOUND, f"render {job.id!r} failed ({job.error}): export again")
    if job.status != RenderState.COMPLETED:
        raise Refusal(ErrorCode.NOT_FOUND, f"render {job.id!r} is {job.status}: poll it until it is completed")
    if not path.is_file():
        raise Refusal(ErrorCode.NOT_FOUND, f"the video of render {job.id!r} is gone: export again")
    return FileResponse(
        path, media_type="video/mp4", filename=f"{job.id}.mp4", headers={"X-Content-Type-Options": "nosniff"}
    )
