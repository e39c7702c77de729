"""What an engine is allowed to do, and where it keeps its state.

Home layout::

    home/engine.sqlite3           tokens, sessions, draft versions, media, jobs, credits (WAL)
    home/token                    the serve token, 0600, when ``nemo-notebook serve`` made one
    home/media/<session>/<id>.<ext>
    home/renders/<render id>.mp4
    home/cache/                   analysis results
    home/tmp/                     uploads and renders in progress (emptied on start)

The home and its folders are the owner's alone (0700) and so are its files (0600): other users of the machine can
read nobody's uploads, renders, sessions or tokens. A home made by an older version is tightened on start.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._home import nemo_home
from ..protocol import MAX_UPLOAD_BYTES

ANONYMOUS_TOKEN_TTL_S = 7 * 24 * 3600.0


@dataclass(frozen=True)
class MediaLimits:
    """Limits on what an uploaded file may claim; a file past one is refused (4001) with what would work.

    Parameters
    ----------
    max_picture_pixels
        Largest still picture, pixels (50 MP: an 8K frame is 33, a phone's photo 12 to 48). Decoding one costs its
        pixels times 3 to 8 bytes.
    max_reduced_picture_pixels
        Largest JPEG, pixels (200 MP: a phone's high-resolution mode makes 108 or 200). A JPEG is decoded at 1/2, 1/4
        or 1/8 of its size where its use needs no more (``engine.reduced_decode``), which costs almost nothing: a
        108-megapixel one read at 1/4 took 0.1 CPU s and 78 MB at its peak (whole: 0.35 s, 513 MB), and at 1/2 a
        200-megapixel one is no larger than the 50 of ``max_picture_pixels``.
    max_video_pixels
        Largest frame of a clip, pixels (8K).
    thinnest_picture
        Short side against long side, for pictures and clips (1:12; a 360° panorama is 1:4 to 1:8).
    lowest_sample_rate_hz, highest_sample_rate_hz
        Sample rates a sound's header may claim (8 kHz to 384 kHz). Outside them the length it implies is nonsense:
        a WAV claiming 1 Hz reads as hours.
    max_duration_ms
        Longest track or clip analysed (20 minutes: analysing a track costs about 50 MB a minute).
    read_timeout_s
        Longest one open or one read of an upload may take while it is checked (FFmpeg's interrupt callback); past
        it the file is refused saying so.
    max_claimed_samples
        Most samples an MP4 or MOV index may list, all tracks together (500 000: 20 minutes at 240 fps with its sound
        is 340 000). Reading an index costs about 35 bytes a listed sample and checking the file reads every one
        (about 8 µs each), so a few kilobytes claiming 60 million took 2 GB; an index listing more samples than the
        file has bytes is refused as well.
    """

    max_picture_pixels: int = 50_000_000
    max_reduced_picture_pixels: int = 200_000_000
    max_video_pixels: int = 8192 * 4320
    thinnest_picture: float = 1 / 12
    lowest_sample_rate_hz: int = 8_000
    highest_sample_rate_hz: int = 384_000
    max_duration_ms: int = 20 * 60 * 1000
    max_claimed_samples: int = 500_000
    read_timeout_s: float = 10.0


@dataclass(frozen=True)
class WorkLimits:
    """How far checking and analysing one file may go: it runs in a worker process (``engine/workers``) held to
    ``memory_bytes`` and to its work (``workers.clock``); past either the worker is stopped and the file refused
    (4001) saying what would work (a smaller picture, a shorter track or clip). Work is the worker's processor time,
    not the wall clock's, so that a loaded or slow machine takes longer but refuses nothing it would accept idle.

    Parameters
    ----------
    memory_bytes
        Address space one file's probing or analysis may add to an idle worker's (1.5 GiB: analysing a 20-minute
        track takes about 1 GB). The worker's ``RLIMIT_AS`` is its address space when idle plus this.
    probe_timeout_s
        Most work the check of one uploaded or generated file may take: seconds of processor time on each core.
    analysis_timeout_s
        Most work the analysis of one track, clip or picture may take: seconds of processor time on each core.
    stall_timeout_s
        Longest a worker may go without doing any work or reporting progress (a reader blocked on something that
        never comes), seconds.
    workers
        Worker processes at most (each started on first need, then kept: about 130 MB each when idle). None: half
        the cores, 2 to 4.
    """

    memory_bytes: int = 1536 * 1024**2
    probe_timeout_s: float = 30.0
    analysis_timeout_s: float = 60.0
    stall_timeout_s: float = 120.0
    workers: int | None = None

    @property
    def worker_count(self) -> int:
        """`workers`, or the default derived from the cores."""
        if self.workers is not None:
            return max(1, self.workers)
        return max(2, min(4, (os.cpu_count() or 2) // 2))


def default_home() -> Path:
    """``NEMO_HOME`` when set, else the platform's user data folder for nemo-notebook (see `nemo_home`)."""
    return nemo_home()


def default_connection_cap(most: int = 512) -> int:
    """Half the soft open-file limit, at most ``most`` and at least 16 (``most`` where the limit is unknown)."""
    try:
        import resource
    except ImportError:  # Windows
        return most
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY or soft <= 0:
        return most
    return max(16, min(most, soft // 2))


@dataclass(frozen=True)
class EngineSettings:
    """Limits and switches of one engine.

    Parameters
    ----------
    home
        Folder for the database, media, renders and temporary files.
    max_upload_bytes
        Largest accepted file, bytes; enforced while the upload streams.
    max_upload_files
        Most files (or URLs) in one upload; more are refused (422, code 4000).
    max_upload_request_bytes
        Most bytes in one upload, all its files together; enforced while it streams (413, code 4002).
    max_owner_upload_bytes
        Most bytes of uploads one owner keeps, all sessions together (413, code 4002, saying how much is kept).
        None: no cap.
    credit_quota
        Credits each token owner may spend; None means unlimited.
    allow_private_urls
        Fetch URL uploads from loopback, private and link-local addresses (off: only public addresses).
    url_timeout_s
        Timeout of each network operation of a URL upload, seconds; a whole fetch may take 20 times as long.
    anonymous_token_ttl_s
        Lifetime of an anonymous token, and the period in which a client id gets one, seconds. Each token is a new
        owner: the token after an expired one does not reach the sessions the expired one made.
    anonymous_tokens_per_minute
        Anonymous tokens one client address may ask for in a minute (each try counts, refused or not); more are
        answered 429 with ``Retry-After``. None: no limit.
    heartbeat_interval_s
        Seconds between ``: ping`` comments while a chat turn works without saying anything.
    words_interval_s
        Longest silence, seconds, while a chat turn works: then it says what it is still doing and for how long.
    cors_origins
        Origins allowed by CORS; empty keeps CORS closed.
    allowed_hosts
        Names a request's ``Host`` may carry besides the loopback ones (``127.0.0.1``, ``localhost``, ``[::1]``);
        ``"*"`` accepts any. Others are refused, so that a page that rebinds its name to this machine gets nothing.
    poll_interval_s
        Seconds a client should wait between export polls (the ``Retry-After`` header).
    header_timeout_s
        Seconds a connection has to send a request's whole head before it is closed.
    keep_alive_s
        Seconds an idle kept-alive connection stays open (whole seconds, at least 1). Longer than a client keeps one
        in its pool (nemo-notebook's: 4 s), so that the client drops it first and never sends a request into a
        connection the server is closing.
    body_idle_timeout_s
        Seconds a request's body may stall between two chunks before the request is dropped.
    max_connections
        Connections served at once. One more closes the longest-idle kept-alive connection (one waiting for its next
        request) to make room; when none is idle it is answered 503 (code 5003, ``Retry-After``) and closed, never let
        into the app. None: half the process's open-file limit (``RLIMIT_NOFILE``), at most 512, so that files
        (uploads, the database, ffmpeg's pipes) always have descriptors left.
    render_slots
        Exports rendered at once; None: one per 4 cores (at least 1), or the cluster's worker threads with ``dask``.
    max_waiting_renders
        Exports one token may keep waiting for a slot; more are refused (429) until one starts. None: no cap.
    dask
        A Dask scheduler's address (``tcp://host:8786``) or a ``distributed.Client``: every export runs as a task
        there. Default ``NEMO_DASK_SCHEDULER``; None renders on this machine.
    shared_home
        The workers see ``home`` at the same path (a shared file system): media are read and the MP4 written there
        instead of travelling with the task.
    media
        What an uploaded file's header may claim (`MediaLimits`): picture sizes, sample rates, length, samples in an
        MP4's index. Checked before anything is decoded or indexed.
    work
        Memory and time one file's probing or analysis may take, and how many worker processes do it (`WorkLimits`).
    max_render_s
        Longest an export may render, seconds (time paused for others' turns not counted); past it the render is
        stopped and fails saying so. None: no limit.
    render_turn_s
        Render time one export gets while another owner's export waits for a slot: then it is paused (its ffmpeg
        stopped, holding its memory but no CPU) and goes on when its owner's turn comes again. On this machine only; a
        render on a cluster keeps its slot.
    """

    home: Path = field(default_factory=default_home)
    max_upload_bytes: int = MAX_UPLOAD_BYTES
    max_upload_files: int = 20
    max_upload_request_bytes: int = 2 * 1024**3
    max_owner_upload_bytes: int | None = 20 * 1024**3
    credit_quota: int | None = None
    allow_private_urls: bool = False
    url_timeout_s: float = 30.0
    anonymous_token_ttl_s: float = ANONYMOUS_TOKEN_TTL_S
    anonymous_tokens_per_minute: int | None = 10
    heartbeat_interval_s: float = 15.0
    words_interval_s: float = 5.0
    cors_origins: tuple[str, ...] = ()
    allowed_hosts: tuple[str, ...] = ()
    poll_interval_s: float = 1.0
    header_timeout_s: float = 30.0
    keep_alive_s: float = 15.0
    body_idle_timeout_s: float = 60.0
    max_connections: int | None = None
    render_slots: int | None = None
    max_waiting_renders: int | None = 8
    dask: Any = field(default_factory=lambda: os.environ.get("NEMO_DASK_SCHEDULER") or None)
    shared_home: bool = False
    media: MediaLimits = field(default_factory=MediaLimits)
    work: WorkLimits = field(default_factory=WorkLimits)
    max_render_s: float | None = 2 * 3600.0
    render_turn_s: float = 60.0

    @property
    def connection_cap(self) -> int:
        """`max_connections`, or the default derived from the open-file limit."""
        if self.max_connections is not None:
            return max(1, self.max_connections)
        return default_connection_cap()

    @property
    def db_path(self) -> Path:
        return self.home / "engine.sqlite3"

    @property
    def token_path(self) -> Path:
        return self.home / "token"

    @property
    def media_dir(self) -> Path:
        return self.home / "media"

    @property
    def renders_dir(self) -> Path:
        return self.home / "renders"

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"

    @property
    def tmp_dir(self) -> Path:
        return self.home / "tmp"

    def make_dirs(self) -> None:
        """Make the home's folders, each readable by its owner only (an existing one is tightened)."""
        for folder in (self.home, self.media_dir, self.renders_dir, self.cache_dir, self.tmp_dir):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            if os.name != "nt" and folder.stat().st_mode & 0o077:
                folder.chmod(0o700)
