"""The embedded engine: API.md served on this machine, with analysis, music, the agent and rendering behind it.

>>> from nemo_notebook.engine import start_in_background
>>> engine = start_in_background()          # doctest: +SKIP
>>> engine.url                              # doctest: +SKIP
'http://127.0.0.1:53817'

Importing this package is light: the web stack loads when an engine starts, the media stack when it is used.

Inside, by what each folder holds (imports run downwards; a folder uses its siblings and the shared root modules
``errors``, ``settings``, ``credits`` and ``ffmpeg``, never the rest of the root)::

    http/       the HTTP edge, the only Starlette/uvicorn code: app assembly, routes, auth, refusals, the server
    turn/       one chat message: the session lent to the agent, its cost reserved, its steps streamed
    intake/     uploads and URL fetches, naming, probing, generated ids, ingest into a session
    jobs/       the render queue: exports a few at a time, owners in turn, here or as tasks on a Dask cluster
    store/      SQLite state (tokens, sessions and history, media, jobs, spent credits) and the home's claim
    report/     a finished export's report card: its frames' cuts against the plan and the beat, its loudness
    agent/      instruction → typed edit operations on the draft, replies in the user's words
    analysis/   audio (tempo, beats, sections) and video (cuts, motion, colour → mood)
    music/      the procedural composer
    planning/   analysis → a draft
    render/     draft → one ffmpeg filter graph → MP4
    credits.py  what work costs, whether an owner can afford it, reserve → charge / release
    errors.py   the `EngineError` tree
    workers/    probing and analysis of one file at a time in worker processes held to fixed memory and time
    settings.py `EngineSettings` (with `MediaLimits` and `WorkLimits`) and the home folder's layout
    ffmpeg.py   where the ffmpeg binary comes from
"""

from __future__ import annotations

from .errors import EngineStartError
from .http.server import RunningEngine, start_in_background
from .settings import EngineSettings, MediaLimits, WorkLimits, default_home

__all__ = [
    "EngineSettings",
    "EngineStartError",
    "MediaLimits",
    "RunningEngine",
    "WorkLimits",
    "default_home",
    "start_in_background",
]
