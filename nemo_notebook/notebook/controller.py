"""What the magics and the Studio do, on one client and one current session per kernel.

The client (and with it httpx, pandas and the engine) loads on the first command, never at ``%load_ext``. The current
session is remembered per backend and notebook under ``NEMO_HOME``: two notebooks in one folder have a session each,
and after a kernel restart ``%nemo renders`` still finds the notebook's exports. ``%nemo session use <id>`` shares
a session between notebooks on purpose.
"""

from __future__ import annotations

import glob
import json
import logging
import os
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._home import nemo_home as _nemo_home
from .messages import NemoCellError
from .settings import Nemo
from .stream_view import Reply, StreamView
from .timeline_svg import Envelope, TimelinePicture

if TYPE_CHECKING:
    from nemo_notebook.client import Client, Session

Say = Callable[[str], None]
WhereAmI = Callable[[], str]
LAST_SESSION_FILE = "notebook-sessions.json"
MEDIA_FILES_KEY = "local files of uploads"  # not a records key: those hold "|" and a folder
URL_PREFIXES = ("http://", "https://")


def nemo_home() -> Path:
    """The folder the client keeps its files in (``NEMO_HOME``, else the platform's user data folder)."""
    return _nemo_home()


def _read_records(path: Path) -> dict[str, Any]:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _write_records(path: Path, records: dict[str, Any]) -> None:
    """Replace the file in one step, so that two kernels writing at once never leave half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(records, out, indent=1)
    os.replace(tmp, path)


def keep_engine_logs_out_of_cells() -> None:
    """Send the embedded engine's log to ``NEMO_HOME/engine.log``.

    The engine runs in the kernel's process; without a handler Python prints its warnings (with tracebacks) to
    stderr, which a notebook shows in whatever cell is running. The user sees the agent's one-line reply instead.
    """
    logger = logging.getLogger("nemo_notebook.engine")
    if not logger.handlers:
        home = nemo_home()
        home.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(home / "engine.log", delay=True, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False


def expand_targets(targets: Iterable[str]) -> list[str]:
    """Paths, globs (``photos/*.jpg``, ``~/music/*.mp3``) and URLs → the files and URLs to upload, in order.

    Raises
    ------
    NemoCellError
        When a path or a glob names no file.
    """
    found: list[str] = []
    for target in targets:
        if target.startswith(URL_PREFIXES):
            found.append(target)
            continue
        pattern = os.path.expanduser(target)
        matches = sorted(glob.glob(pattern)) if glob.has_magic(pattern) else [pattern]
        files = [m for m in matches if Path(m).is_file()]
        if not files:
            raise NemoCellError(f"No file matches {target!r} (looked in {Path.cwd()}). Check the path or the pattern.")
        found.extend(files)
    return found


class Controller:
    """One kernel's connection: the client, the current session, and the caches the displays use.

    Parameters
    ----------
    settings
        The ``Nemo`` traitlets settings (read at each use, so ``%config`` takes effect).
    say
        Where one-line notices go ("Connecting…", "Ready!").
    notebook
        The notebook's path (the key its session is remembered by); default the working folder, which is what a
        terminal IPython or a kernel that does not know its notebook has.
    """

    def __init__(self, settings: Nemo, *, say: Say = print, notebook: WhereAmI | None = None) -> None:
        self.settings = settings
        self.say = say
        self.notebook = notebook or (lambda: str(Path.cwd()))
        self.lock = threading.RLock()
        self._client: Client | None = None
        self._client_options: dict[str, Any] = {}
        self._session: Session | None = None
        self._local_files: dict[str, Path] = {}
        self._envelopes: dict[str, Envelope] = {}
        self.last_reply: Reply | None = None

    # -- connection -------------------------------------------------------------------------------------------

    @property
    def client(self) -> Client:
        """The client, connected (with a session) on first use or after the settings changed."""
        if self._client is None or self.settings.client_options() != self._client_options:
            with self.lock:  # the Studio's thread may be connecting at the same moment (it holds the lock)
                if self._client is None or self.settings.client_options() != self._client_options:
                    self._connect()
        assert self._client is not None
        return self._client

    @property
    def connected(self) -> bool:
        return self._client is not None

    @property
    def session(self) -> Session:
        """The current session: the one last used in this folder, or a new one."""
        client = self.client
        assert self._session is not None, client
        return self._session

    def _connect(self, *, fresh: bool = False) -> None:
        """Say "Connecting…", make the client, resume (or, ``fresh``, start) a session, say "Ready!"."""
        from nemo_notebook.client import Client

        self.close()
        self.say("Connecting…")
        self._client_options = self.settings.client_options()
        self._client = Client(**self._client_options)
        if self._client.backend == "local":
            keep_engine_logs_out_of_cells()
        self._session = self._create_session() if fresh else self._resume_session()
        self.say(f"Ready! {self._where()}, session {self._session.id}.")

    def _where(self) -> str:
        assert self._client is not None
        if self._client.backend == "local":
            return "The embedded engine on this machine"
        return f"The {self._client.backend} backend"

    def close(self) -> None:
        """Let go of the client (its engine stays for other clients in the process)."""
        if self._client is not None:
            self._client.close()
        self._client, self._session = None, None

    # -- sessions -----------------------------------------------------------------------------------------------

    def _records_key(self) -> str:
        assert self._client is not None
        backend = self._client.backend
        where = "" if backend == "local" else self._client.base_url
        return f"{backend}|{where}|{self.notebook()}"

    def _remember(self, session_id: str) -> None:
        path = nemo_home() / LAST_SESSION_FILE
        records = _read_records(path)
        records[self._records_key()] = session_id
        _write_records(path, records)

    def _create_session(self) -> Session:
        assert self._client is not None
        session = self._client.sessions.create(language=self.settings.language)
        self._remember(session.id)
        return session

    def _resume_session(self) -> Session:
        from nemo_notebook.client import NemoError

        assert self._client is not None
        last = _read_records(nemo_home() / LAST_SESSION_FILE).get(self._records_key())
        if isinstance(last, str):
            try:
                return self._client.sessions.get(last)
            except NemoError:
                self.say("Your last session is gone; starting a new one.")
        return self._create_session()

    def new_session(self) -> Session:
        """Start a new session and make it the current one (connecting first if needed)."""
        if self._client is None or self.settings.client_options() != self._client_options:
            self._connect(fresh=True)
        else:
            self._session = self._create_session()
        assert self._session is not None
        return self._session

    def use_session(self, session_id: str) -> Session:
        self._session = self.client.sessions.get(session_id)
        self._remember(self._session.id)
        return self._session

    # -- work -----------------------------------------------------------------------------------------------------

    def upload(self, target: str, progress: Callable[[int, int], None] | None = None) -> list[Any]:
        """Upload one file or URL into the current session; remembers local paths for waveforms."""
        media = self.session.upload([target], progress=progress)
        if not target.startswith(URL_PREFIXES):
            for info in media:
                self._local_files[info.id] = Path(target).resolve()
            self._remember_files()
        return media

    def chat(self, text: str, view: StreamView) -> None:
        """Send ``text`` and stream the reply into ``view``; ends with the one-line timeline."""
        session = self.session
        view.start()
        events = session.chat(text)
        try:
            for event in events:
                view.feed(event)
        finally:
            close = getattr(events, "close", None)
            if close is not None:
                close()
        self.last_reply = view.finish(session.summary())

    def timeline(self) -> tuple[Any, TimelinePicture]:
        """The timeline DataFrame and its picture."""
        session = self.session
        state = session.state()
        waveforms = self._waveforms(state)
        return session.timeline(), TimelinePicture(state.draft, waveforms)

    def _waveforms(self, state: Any) -> dict[str, Envelope]:
        from nemo_notebook.protocol import TrackType

        wanted = {sg.src for t in state.draft.tracks if t.type == TrackType.AUDIO for sg in t.segments if sg.src}
        out: dict[str, Envelope] = {}
        for media_id in wanted:
            envelope = self._envelope(media_id)
            if envelope is not None:
                out[media_id] = envelope
        return out

    def _envelope(self, media_id: str) -> Envelope | None:
        if media_id not in self._envelopes:
            path = self._local_file(media_id) or self._fetch_media(media_id)
            if path is None:
                return None
            from .waveform import envelope_from_file

            self._envelopes[media_id] = envelope_from_file(path)
        return self._envelopes[media_id]

    def _remember_files(self) -> None:
        """Keep which local file each upload came from, so a restarted kernel can still draw its waveform."""
        path = nemo_home() / LAST_SESSION_FILE
        records = _read_records(path)
        known = records.get(MEDIA_FILES_KEY)
        files: dict[str, str] = known if isinstance(known, dict) else {}
        files.update({media_id: str(local) for media_id, local in self._local_files.items()})
        records[MEDIA_FILES_KEY] = files
        _write_records(path, records)

    def _local_file(self, media_id: str) -> Path | None:
        if media_id not in self._local_files:
            files = _read_records(nemo_home() / LAST_SESSION_FILE).get(MEDIA_FILES_KEY)
            if isinstance(files, dict) and isinstance(files.get(media_id), str):
                self._local_files[media_id] = Path(files[media_id])
        local = self._local_files.get(media_id)
        return local if local is not None and local.is_file() else None

    def _fetch_media(self, media_id: str) -> Path | None:
        download = getattr(self.session, "download_media", None)
        if download is None:
            return None
        from nemo_notebook.client import NemoError

        target = nemo_home() / "notebook-cache" / media_id
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                download(media_id, target)
            except NemoError:  # the hosted service need not serve files back: draw the lane without a waveform
                return None
        return target
