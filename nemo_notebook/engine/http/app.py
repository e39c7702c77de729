"""The engine's ASGI app: every endpoint of API.md on Starlette, around an `Engine` it is handed.

This module only assembles: routes (one module per group), middleware (the ``Host`` check first), the 404/405
answers and the lifespan that starts and stops the engine's services. Each handler authenticates, finds what it
acts on, and answers with API.md's envelope (see ``handlers``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from ...protocol import ErrorCode, paths
from ..settings import EngineSettings
from .chat_routes import run_sse
from .connections import quiet_accept_errors
from .deadlines import BodyDeadline
from .export_routes import cancel_render, render_job, render_output, submit_render
from .hosts import HostCheck
from .refusals import Refusal, cut, error_response
from .report_routes import render_report
from .services import Engine
from .session_routes import anonymous_token, create_session, credits, media_file, state
from .upload_routes import upload

log = logging.getLogger("nemo_notebook.engine")


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    if status == 404:
        error = Refusal(ErrorCode.NOT_FOUND, f"no such endpoint: {request.method} {cut(request.url.path)}")
        return error_response(error)
    body = {"code": status, "message": f"{request.method} is not allowed on {cut(request.url.path)}", "data": None}
    return JSONResponse(body, status_code=status)


class SkillHeaderLog:
    """Logs each request with its ``X-Skill-*`` headers; never the Authorization header."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
            log.info(
                "%s %s source=%s version=%s platform=%s",
                scope["method"],
                scope["path"],
                headers.get("x-skill-source", "-"),
                headers.get("x-skill-version", "-"),
                headers.get("x-skill-platform", "-"),
            )
        await self.app(scope, receive, send)


def _routes() -> list[Route]:
    app, user = paths.APP_NAME, paths.USER_ID
    return [
        Route(paths.ANONYMOUS_TOKEN, anonymous_token, methods=["POST"]),
        Route(paths.CREATE_SESSION, create_session, methods=["POST"]),
        Route(paths.RUN_SSE, run_sse, methods=["POST"]),
        Route(f"/api/upload-video/{app}/{user}/{{sid}}", upload, methods=["POST"]),
        Route(paths.CREDITS, credits, methods=["GET"]),
        Route(f"/api/state/{app}/{user}/{{sid}}/latest", state, methods=["GET"]),
        Route(f"/api/media/{app}/{user}/{{sid}}/{{media_id}}", media_file, methods=["GET", "HEAD"]),
        Route(paths.RENDER, submit_render, methods=["POST"]),
        Route(f"{paths.RENDER}/{{render_id}}", render_job, methods=["GET"]),
        Route(f"{paths.RENDER}/{{render_id}}", cancel_render, methods=["DELETE"]),
        Route(f"{paths.RENDER}/{{render_id}}/output.mp4", render_output, methods=["GET", "HEAD"]),
        Route(paths.render_report("{render_id}"), render_report, methods=["GET"]),
    ]


def _middleware(settings: EngineSettings) -> list[Middleware]:
    middleware = [
        Middleware(HostCheck, allowed=settings.allowed_hosts),
        Middleware(BodyDeadline, idle_s=settings.body_idle_timeout_s),
        Middleware(SkillHeaderLog),
    ]
    if settings.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST", "HEAD"],
                allow_headers=[
                    "Authorization",
                    "Content-Type",
                    "Range",
                    paths.HEADER_CLIENT_ID,
                    paths.HEADER_SOURCE,
                    paths.HEADER_VERSION,
                    paths.HEADER_PLATFORM,
                ],
                expose_headers=["Retry-After", "Content-Range", "Content-Length"],
            )
        )
    return middleware


def create_app(engine: Engine) -> Starlette:
    """The ASGI app serving ``engine``; its lifespan starts the engine's services and closes them at the end."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        quiet_accept_errors(asyncio.get_running_loop())
        engine.start()
        try:
            yield
        finally:
            engine.close()

    app = Starlette(
        routes=_routes(),
        middleware=_middleware(engine.settings),
        exception_handlers={HTTPException: _http_error},
        lifespan=lifespan,
    )
    app.state.engine = engine
    return app
