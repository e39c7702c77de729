"""The engine's ASGI app: every endpoint of API.md on Starlette.

Each handler authenticates, finds what it acts on, and answers with API.md's envelope. Errors travel as `ApiError`
and leave as JSON; anything unexpected is a 5000 naming what failed, never a traceback or an HTML page.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import secrets
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from ..protocol import Draft, ErrorCode, paths
from .auth import Authenticator
from .chat import Agent, TurnLocks
from .credits import CreditBook
from .errors import MediaError
from .jobs import RenderQueue
from .responses import ApiError, bad_request, error_response, ok
from .settings import EngineSettings
from .store import SessionRecord, Store

log = logging.getLogger("nemo_notebook.engine")

MAX_JSON_BYTES = 16 * 1024 * 1024
Handler = Callable[[Request], Awaitable[Response]]


@dataclass
class Engine:
    """What the handlers share: settings, the store, and the services built on it."""

    settings: EngineSettings
    store: Store
    auth: Authenticator
    credits: CreditBook
    turns: TurnLocks
    renders: RenderQueue
    agent: Agent | None = None

    def owner(self, request: Request) -> str:
        return self.auth.owner(request.headers.get("authorization"), now=time.time())

    def session(self, session_id: str, owner: str) -> SessionRecord:
        """The owner's session, or 1002 (also for someone else's session: its existence is not told)."""
        record = self.store.session(session_id)
        if record is None or record.owner != owner:
            raise ApiError(ErrorCode.SESSION_NOT_FOUND, f"session {session_id!r} not found: start a new session")
        return record


def engine_of(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def endpoint(what: str) -> Callable[[Handler], Handler]:
    """Answer `ApiError`, `MediaError` and unexpected faults with the envelope; ``what`` names the operation."""

    def wrap(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def run(request: Request) -> Response:
            try:
                return await handler(request)
            except ApiError as exc:
                return error_response(exc)
            except MediaError as exc:
                return error_response(ApiError(ErrorCode(exc.code), str(exc)))
            except ClientDisconnect:
                return Response(status_code=400)
            except Exception as exc:
                log.exception("%s failed", what)
                return error_response(ApiError(ErrorCode.INTERNAL, f"{what} failed: {type(exc).__name__}: {exc}"))

        return run

    return wrap


async def json_body(request: Request, *, required: bool = True) -> dict[str, Any]:
    """The request's JSON object; 4000 naming ``body`` when it is missing, too big or not an object."""
    raw = bytearray()
    async for chunk in request.stream():  # read with a cap: a body without Content-Length could be endless
        raw += chunk
        if len(raw) > MAX_JSON_BYTES:
            limit_mb = MAX_JSON_BYTES // (1024 * 1024)
            raise bad_request(
                "body",
                f"larger than {limit_mb} MB: JSON carries words and drafts; send media files as multipart uploads",
            )
    if not raw.strip():
        if required:
            raise bad_request("body", "missing: send a JSON object")
        return {}
    try:
        body = json.loads(bytes(raw))
    except (ValueError, UnicodeDecodeError) as exc:
        raise bad_request("body", f"not valid JSON ({exc})") from exc
    except RecursionError as exc:  # json's decoder recurses once per nesting level
        raise bad_request("body", "nested too deeply: send a flat JSON object as API.md shows") from exc
    if not isinstance(body, dict):
        raise bad_request("body", "must be a JSON object")
    return body


def text_field(body: dict[str, Any], name: str, *, default: str | None = None, max_len: int = 200) -> str:
    value = body.get(name, default)
    if not isinstance(value, str) or not value.strip():
        raise bad_request(name, "must be a non-empty string")
    if len(value) > max_len:
        raise bad_request(name, f"must be at most {max_len} characters")
    return value


# endpoints


@endpoint("issuing an anonymous token")
async def anonymous_token(request: Request) -> Response:
    engine = engine_of(request)
    issued = engine.auth.issue_anonymous(request.headers.get(paths.HEADER_CLIENT_ID), now=time.time())
    expires = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(issued.expires_at))
    return ok({"token": issued.token, "credits": engine.credits.starting_credits, "expires_at": expires})


@endpoint("creating a session")
async def create_session(request: Request) -> Response:
    engine = engine_of(request)
    owner = engine.owner(request)
    body = await json_body(request, required=False)
    record = SessionRecord(
        id="ses_" + secrets.token_hex(12),
        task_id="task_" + secrets.token_hex(12),
        bind_id="bind_" + secrets.token_hex(12),
        owner=owner,
        task_name=text_field(body, "task_name", default="project"),
        language=text_field(body, "language", default="en", max_len=16),
        created_at=time.time(),
    )
    engine.store.add_session(record, Draft.empty().to_wire())
    return ok({"task_id": record.task_id, "session_id": record.id, "bind_id": record.bind_id})


@endpoint("reading credits")
async def credits(request: Request) -> Response:
    engine = engine_of(request)
    return ok(engine.credits.balance(engine.owner(request)).to_wire())


@endpoint("reading the session state")
async def state(request: Request) -> Response:
    engine = engine_of(request)
    session = engine.session(request.path_params["sid"], engine.owner(request))
    history = engine.store.history(session.id)
    uploads = engine.store.media(session.id, generated=False)
    generated = engine.store.media(session.id, generated=True)
    data = {
        "draft": engine.store.draft_at(session.id, history.version),
        "video_infos": [r.info.to_wire() for r in uploads],
        "generated_media": [r.info.to_wire() for r in generated],
        "version": history.version,
    }
    return ok({"state": data, "bind_id": session.bind_id})


@endpoint("serving a media file")
async def media_file(request: Request) -> Response:
    engine = engine_of(request)
    session = engine.session(request.path_params["sid"], engine.owner(request))
    record = engine.store.media_record(session.id, request.path_params["media_id"])
    if record is None or not record.path.is_file():
        raise ApiError(ErrorCode.NOT_FOUND, f"no media {request.path_params['media_id']!r} in this session")
    return FileResponse(record.path, filename=record.info.name, content_disposition_type="inline")


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    if status == 404:
        error = ApiError(ErrorCode.NOT_FOUND, f"no such endpoint: {request.method} {request.url.path}")
        return error_response(error)
    body = {"code": status, "message": f"{request.method} is not allowed on {request.url.path}", "data": None}
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
    # the handler modules import this one (Engine, endpoint, json_body), so they are imported here, not above
    from .chat_routes import run_sse
    from .export_routes import render_job, render_output, submit_render
    from .upload_routes import upload

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
        Route(f"{paths.RENDER}/{{render_id}}/output.mp4", render_output, methods=["GET", "HEAD"]),
    ]


def _middleware(settings: EngineSettings) -> list[Middleware]:
    middleware = [Middleware(SkillHeaderLog)]
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


def _clean_tmp(settings: EngineSettings) -> None:
    """Empty ``home/tmp``: whatever is there belongs to an upload or a render that the last run never finished."""
    import shutil

    for leftover in settings.tmp_dir.iterdir():
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)


def _clean_orphan_media(settings: EngineSettings, store: Store) -> None:
    """Remove media files the database does not know: an engine killed between moving a file into place and
    recording it leaves one behind, and nothing would ever serve or delete it."""
    known = store.media_paths()
    for folder in settings.media_dir.iterdir():
        if folder.is_dir():
            for path in folder.iterdir():
                if path.is_file() and path not in known:
                    path.unlink(missing_ok=True)


class HomeClaim:
    """Which engines use a home: each holds a shared lock on ``home/engine.lock`` while it runs.

    Two notebooks open at once start two embedded engines on one ``NEMO_HOME``. Only an engine that finds no other
    one alive may clean up after a dead run (empty ``home/tmp``, fail the renders that were running): otherwise it
    would delete the other's uploads in progress and fail its running render. Without ``fcntl`` (Windows) every
    engine cleans up, as if it were alone.
    """

    def __init__(self, home: Path) -> None:
        self._file: IO[bytes] | None = None
        self.alone = True
        try:
            import fcntl
        except ImportError:
            return
        self._file = (home / "engine.lock").open("ab")
        try:
            fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self.alone = False

    def share(self) -> None:
        """From now on other engines may start beside this one (after its clean-up is done)."""
        if self._file is not None:
            import fcntl

            fcntl.flock(self._file, fcntl.LOCK_SH)

    def release(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def create_app(settings: EngineSettings, token: str, *, agent: Agent | None = None) -> Starlette:
    """The engine as an ASGI app over ``settings.home``; the render worker runs while the app's lifespan does."""
    settings.make_dirs()
    claim = HomeClaim(settings.home)
    if claim.alone:
        _clean_tmp(settings)
    store = Store(settings.db_path)
    if claim.alone:
        _clean_orphan_media(settings, store)
    engine = Engine(
        settings=settings,
        store=store,
        auth=Authenticator(store, settings, token),
        credits=CreditBook(store, settings.credit_quota),
        turns=TurnLocks(),
        renders=RenderQueue(store, settings),
        agent=agent,
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        engine.renders.start(recover=claim.alone)
        claim.share()
        try:
            yield
        finally:
            engine.renders.stop()
            store.close()
            claim.release()

    app = Starlette(
        routes=_routes(),
        middleware=_middleware(settings),
        exception_handlers={HTTPException: _http_error},
        lifespan=lifespan,
    )
    app.state.engine = engine
    return app
