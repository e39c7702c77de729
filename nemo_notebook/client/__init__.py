"""nemo-notebook's client: one small library for the embedded engine and the hosted NemoVideo service.

>>> from nemo_notebook.client import Client
>>> client = Client()                                  # doctest: +SKIP
>>> session = client.sessions.create(language="en")    # doctest: +SKIP
>>> session.upload("track.mp3")                        # doctest: +SKIP
>>> reply = session.send("create a video from this music with beat-synced cuts")   # doctest: +SKIP
>>> session.export(quality="high").wait().download("video.mp4")                    # doctest: +SKIP

Importing this package loads httpx and the protocol only: never IPython, ipywidgets, pandas or the engine.

Every operation is written once, as a sans-I/O flow, and run by one of two thin drivers::

    _flow.py        the effects a flow yields (send a request, read a stream's next chunk, sleep, …)
    _core.py        calls with API.md's retries: 1001 → one shared token refresh and a retry; 429 → Retry-After once
                    (and a request safe to repeat, once more on another connection when its connection broke)
    _session.py     sessions, uploads, state, the chat turn (and the state read after a cut stream), export, media
    _export.py      waiting for a render and the resumable download (.part, Range, rename)
    _drivers.py     SyncDriver (httpx.Client, time.sleep) and AsyncDriver (httpx.AsyncClient, anyio.sleep); httpx
                    errors are translated here, at one boundary
    _client.py, _async_client.py    the public classes: one line per method around the shared flows
    _errors.py      the NemoError tree; _sse.py, _chat.py, _words.py the stream's bytes → typed events → a reply
"""

from __future__ import annotations

from ._async_client import AsyncChatStream, AsyncClient, AsyncSession, AsyncSessions
from ._batch import BatchRow
from ._chat import ChatLimits
from ._client import ChatStream, Client, Session, Sessions
from ._errors import (
    APIError,
    AuthError,
    BadRequest,
    Conflict,
    MediaTooLarge,
    NemoError,
    NotFound,
    OutOfCredits,
    PlanBlocked,
    RateLimited,
    RenderFailed,
    SessionNotFound,
    StreamError,
    Timeout,
    TransportError,
    UnsupportedMedia,
)
from ._export import AsyncRenderJob, RenderJob
from ._models import (
    ChatEvent,
    Credits,
    Heartbeat,
    Message,
    RenderOutput,
    RenderStatus,
    Reply,
    State,
    StateChanged,
    TextDelta,
    ToolCall,
    ToolResult,
    TurnComplete,
)
from ._records import RenderRecord, SessionRecord
from ._report import RenderReport
from ._words import describe_changes, rewrite_screen_words

__all__ = [
    "APIError",
    "AsyncChatStream",
    "AsyncClient",
    "AsyncRenderJob",
    "AsyncSession",
    "AsyncSessions",
    "AuthError",
    "BadRequest",
    "BatchRow",
    "ChatEvent",
    "ChatLimits",
    "ChatStream",
    "Client",
    "Conflict",
    "Credits",
    "Heartbeat",
    "MediaTooLarge",
    "Message",
    "NemoError",
    "NotFound",
    "OutOfCredits",
    "PlanBlocked",
    "RateLimited",
    "RenderFailed",
    "RenderJob",
    "RenderOutput",
    "RenderRecord",
    "RenderReport",
    "RenderStatus",
    "Reply",
    "Session",
    "SessionNotFound",
    "SessionRecord",
    "Sessions",
    "State",
    "StateChanged",
    "StreamError",
    "TextDelta",
    "Timeout",
    "ToolCall",
    "ToolResult",
    "TransportError",
    "TurnComplete",
    "UnsupportedMedia",
    "describe_changes",
    "rewrite_screen_words",
]

for _name in __all__:
    _value = globals()[_name]
    if hasattr(_value, "__module__") and _value.__module__.startswith(__name__ + "._"):
        _value.__module__ = __name__
del _name, _value
