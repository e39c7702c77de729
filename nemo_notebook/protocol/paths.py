"""Endpoint paths of API.md. Functions build the ones that carry an id; ids are quoted by the caller's HTTP library."""

from __future__ import annotations

CLOUD_BASE_URL = "https://mega-api-prod.nemovideo.ai"
APP_NAME = "nemo_agent"
USER_ID = "me"

ANONYMOUS_TOKEN = "/api/auth/anonymous-token"
CREATE_SESSION = f"/api/tasks/{USER_ID}/with-session/{APP_NAME}"
RUN_SSE = "/run_sse"
CREDITS = "/api/credits/balance/simple"
RENDER = "/api/render/proxy/lambda"

HEADER_CLIENT_ID = "X-Client-Id"
HEADER_SOURCE = "X-Skill-Source"
HEADER_VERSION = "X-Skill-Version"
HEADER_PLATFORM = "X-Skill-Platform"
SKILL_SOURCE = "nemo-notebook"
PLATFORMS = ("jupyterlab", "notebook", "vscode", "colab", "binder", "ipython", "unknown")


def upload(session_id: str) -> str:
    return f"/api/upload-video/{APP_NAME}/{USER_ID}/{session_id}"


def state(session_id: str) -> str:
    return f"/api/state/{APP_NAME}/{USER_ID}/{session_id}/latest"


def render_job(render_id: str) -> str:
    return f"{RENDER}/{render_id}"


def render_output(render_id: str) -> str:
    """Where the engine serves a finished render (with Range). The cloud gives its own URL in ``output.url``."""
    return f"{RENDER}/{render_id}/output.mp4"


def render_report(render_id: str) -> str:
    """The engine's own addition: a completed render's report card (``protocol.report``); the cloud has none."""
    return f"{RENDER}/{render_id}/report"


def media_file(session_id: str, media_id: str) -> str:
    """The engine's own addition: a session's uploaded or generated file, for previews and waveforms."""
    return f"/api/media/{APP_NAME}/{USER_ID}/{session_id}/{media_id}"
