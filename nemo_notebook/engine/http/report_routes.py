"""``GET /api/render/proxy/lambda/<id>/report``: a completed export's report card (``protocol.report``), the engine's
addition to API.md. Measured on the first ask (the export's frames decoded small, its sound metered: 1-2 s for 15 s
of 480p, about 15 s for a minute of 1080p), then kept in the engine's cache.

Measuring may take longer than a client waits for a silent answer, so it runs apart (``card_measures``): a card not
ready within ``ANSWER_WITHIN_S`` is answered HTTP 202 with ``{"measuring": true}`` and ``Retry-After``, and the
client asks again; asking again joins the measuring under way.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ...protocol import Draft, ErrorCode, RenderState, envelope
from ...protocol.report import ReportCard
from ..store import JobRecord
from .export_routes import owned_job
from .handlers import endpoint, engine_of
from .refusals import Refusal, ok
from .services import Engine

__all__ = ["render_report"]

ANSWER_WITHIN_S = 10.0
"""How long a request waits for a card being measured before it answers "still measuring"."""
MEASURING_RETRY_S = 2
"""The ``Retry-After`` of a "still measuring" answer."""


@endpoint("measuring the export")
async def render_report(request: Request) -> Response:
    engine = engine_of(request)
    job = owned_job(engine, request)
    if job.status != RenderState.COMPLETED:
        raise Refusal(ErrorCode.NOT_FOUND, f"render {job.id!r} is {job.status}: its report comes when it is completed")
    kept = await anyio.to_thread.run_sync(_kept_card, engine, job)
    if kept is not None:
        return ok(kept.to_wire())
    measuring = engine.cards.ask(job.id, lambda: _measured_card(engine, job))
    await asyncio.wait({asyncio.wrap_future(measuring)}, timeout=ANSWER_WITHIN_S)  # never cancels the measuring
    if not measuring.done():
        headers = {"Retry-After": str(MEASURING_RETRY_S)}
        return JSONResponse(envelope({"measuring": True}), status_code=202, headers=headers)
    return ok(engine.cards.finished(job.id, measuring).to_wire())


def _kept_card(engine: Engine, job: JobRecord) -> ReportCard | None:
    from ..report import card_path, saved_card

    path = _video(engine, job)
    kept, _ = saved_card(card_path(engine.settings.cache_dir, path), path)
    return kept


def _measured_card(engine: Engine, job: JobRecord) -> ReportCard:
    from ..report import card_path, report_card, save_card, saved_card

    path = _video(engine, job)
    kept_at = card_path(engine.settings.cache_dir, path)
    kept, render_s = saved_card(kept_at, path)
    if kept is not None:
        return kept
    records = engine.store.media(job.session_id, generated=False) + engine.store.media(job.session_id, generated=True)
    media = {r.info.id: (r.path, r.info) for r in records}
    card = report_card(
        Draft.from_wire(job.draft), media, path, render_id=job.id, quality=job.quality, render_s=render_s
    )
    save_card(kept_at, path, card)
    return card


def _video(engine: Engine, job: JobRecord) -> Path:
    path = engine.renders.output_path(job.owner, job.id)
    if not path.is_file():
        raise Refusal(ErrorCode.NOT_FOUND, f"the video of render {job.id!r} is gone: export again")
    return path
