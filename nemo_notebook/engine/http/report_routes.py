"""``GET /api/render/proxy/lambda/<id>/report``: a completed export's report card (``protocol.report``), the engine's
addition to API.md. Measured on the first ask (the export's frames decoded small, its sound metered: 1-2 s
for 15 s of 480p), then kept in the engine's cache."""

from __future__ import annotations

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import Response

from ...protocol import Draft, ErrorCode, RenderState
from ...protocol.report import ReportCard
from ..store import JobRecord
from .export_routes import owned_job
from .handlers import endpoint, engine_of
from .refusals import Refusal, ok
from .services import Engine

__all__ = ["render_report"]


@endpoint("measuring the export")
async def render_report(request: Request) -> Response:
    engine = engine_of(request)
    job = owned_job(engine, request)
    if job.status != RenderState.COMPLETED:
        raise Refusal(ErrorCode.NOT_FOUND, f"render {job.id!r} is {job.status}: its report comes when it is completed")
    card = await anyio.to_thread.run_sync(_card, engine, job)
    return ok(card.to_wire())


def _card(engine: Engine, job: JobRecord) -> ReportCard:
    from ..report import card_path, report_card, save_card, saved_card

    path = engine.renders.output_path(job.owner, job.id)
    if not path.is_file():
        raise Refusal(ErrorCode.NOT_FOUND, f"the video of render {job.id!r} is gone: export again")
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
