"""The server's side of `AgentContext`: one session, lent to the agent for one turn.

Draft changes are staged: ``commit``, ``undo`` and ``redo`` make new versions in memory, and ``finish`` writes them
with the turn's charge in one transaction. A turn that is cancelled or fails therefore leaves the session exactly as
it was. Versions only grow; undo makes a new version whose draft equals an earlier one, and a new edit clears what
redo could bring back.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...protocol import Draft, MediaInfo
from ..analysis.types import AudioAnalysis, VideoAnalysis
from ..credits import CreditBook
from ..errors import TurnCancelled, UnknownMedia
from ..intake import ingest
from ..settings import EngineSettings
from ..store import History, NewVersion, SessionRecord, Store
from ..workers import AnalyseAudio, AnalyseVideo, Job, MeasurePicture, run_bounded

if TYPE_CHECKING:
    from ..analysis.picture import PictureMeasures


class SessionContext:
    """`AgentContext` over the engine's store, for one turn of one session."""

    def __init__(
        self, *, store: Store, settings: EngineSettings, session: SessionRecord, owner: str, credits: CreditBook
    ) -> None:
        self.session_id = session.id
        self.language = session.language
        self._store = store
        self._settings = settings
        self._owner = owner
        self._credits = credits
        self._cancel = threading.Event()
        self._history = store.history(session.id)
        self._staged: dict[int, Draft] = {}
        self._new_versions: list[NewVersion] = []
        self._lock = threading.RLock()
        self.narrator: Callable[[str], None] | None = None
        """Where ``narrate`` sends words: set by the stream for the turn's length."""

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def words_interval_s(self) -> float:
        """The longest silence while the turn works (``EngineSettings.words_interval_s``)."""
        return self._settings.words_interval_s

    def narrate(self, text: str) -> None:
        if self.narrator is not None and not self.cancelled:
            self.narrator(text)

    # reading

    def version(self) -> int:
        return self._history.version

    def draft(self) -> Draft:
        return self._draft_at(self._history.version)

    def _draft_at(self, version: int) -> Draft:
        staged = self._staged.get(version)
        return staged if staged is not None else Draft.from_wire(self._store.draft_at(self.session_id, version))

    def media(self) -> Sequence[MediaInfo]:
        return [r.info for r in self._store.media(self.session_id, generated=False)]

    def generated(self) -> Sequence[MediaInfo]:
        return [r.info for r in self._store.media(self.session_id, generated=True)]

    def media_path(self, media_id: str) -> Path:
        return self._file(media_id)[0]

    def audio_analysis(self, media_id: str, *, progress: Callable[[float], None] | None = None) -> AudioAnalysis:
        path, name = self._file(media_id)
        result: AudioAnalysis = self._bounded(AnalyseAudio(path, name, self._settings.cache_dir), progress)
        return result

    def video_analysis(self, media_id: str, *, progress: Callable[[float], None] | None = None) -> VideoAnalysis:
        path, name = self._file(media_id)
        result: VideoAnalysis = self._bounded(AnalyseVideo(path, name, self._settings.cache_dir), progress)
        return result

    def picture_appeal(self, media_id: str) -> float | None:
        found = self._measures(media_id)
        return None if found is None else found.appeal

    def picture_sharpness(self, media_id: str) -> float | None:
        found = self._measures(media_id)
        return None if found is None else found.sharpness

    def picture_coarseness(self, media_id: str) -> float | None:
        found = self._measures(media_id)
        return None if found is None else found.coarseness

    def picture_blocky(self, media_id: str) -> bool | None:
        found = self._measures(media_id)
        return None if found is None else found.blocky

    def picture_lettered(self, media_id: str) -> bool | None:
        found = self._measures(media_id)
        return None if found is None else found.lettered

    def picture_colour(self, media_id: str) -> tuple[float, float] | None:
        found = self._measures(media_id)
        return None if found is None else found.colour

    def _measures(self, media_id: str) -> PictureMeasures | None:
        """The picture's measures, from one decoding in a worker, then from the analysis cache."""
        path, name = self._file(media_id)
        found: PictureMeasures | None = self._bounded(MeasurePicture(path, name, self._settings.cache_dir), None)
        return found

    def _file(self, media_id: str) -> tuple[Path, str]:
        record = self._store.media_record(self.session_id, media_id)
        if record is None:
            raise UnknownMedia(f"no media {media_id!r} in this session")
        return record.path, record.info.name

    def _bounded(self, job: Job, progress: Callable[[float], None] | None) -> Any:
        """``job`` run in a media worker (``workers``: held to the engine's memory and time limits), stopped when
        the turn is cancelled."""
        return run_bounded(job, self._settings.work, progress=progress, cancelled=lambda: self.cancelled)

    def credits_available(self) -> int | None:
        return self._credits.available(self._owner)

    # files

    def new_file(self, suffix: str) -> Path:
        """A fresh path under ``home/tmp``: a file the engine dies writing is removed on the next start, and
        ``add_generated`` moves a finished one into the session's media folder."""
        self._settings.tmp_dir.mkdir(parents=True, exist_ok=True)
        suffix = suffix if suffix.startswith(".") or not suffix else "." + suffix
        return self._settings.tmp_dir / f"gen_{secrets.token_hex(8)}{suffix}"

    def add_generated(self, path: Path, name: str) -> MediaInfo:
        return ingest(
            path, name, session_id=self.session_id, store=self._store, settings=self._settings, generated=True
        )

    # changing the draft (staged until finish)

    def commit(self, draft: Draft, *, note: str) -> int:
        with self._lock:
            h = self._history
            return self._stage(draft, note, History(h.version, (*h.undo_stack, h.version), ()))

    def undo(self) -> Draft | None:
        with self._lock:
            h = self._history
            if not h.undo_stack:
                return None
            earlier = self._draft_at(h.undo_stack[-1])
            self._stage(earlier, "undo", History(h.version, h.undo_stack[:-1], (*h.redo_stack, h.version)))
            return earlier

    def redo(self) -> Draft | None:
        with self._lock:
            h = self._history
            if not h.redo_stack:
                return None
            later = self._draft_at(h.redo_stack[-1])
            self._stage(later, "redo", History(h.version, (*h.undo_stack, h.version), h.redo_stack[:-1]))
            return later

    def _stage(self, draft: Draft, note: str, history: History) -> int:
        if self.cancelled:
            raise TurnCancelled("the turn was cancelled; nothing is committed")
        version = self._history.version + 1
        self._staged[version] = draft
        self._new_versions.append(NewVersion(version, draft.to_wire(), note))
        self._history = History(version, history.undo_stack, history.redo_stack)
        return version

    def staged_draft(self, version: int) -> Draft | None:
        """A draft this turn made and has not written yet."""
        return self._staged.get(version)

    @property
    def changed(self) -> bool:
        return bool(self._new_versions)

    def finish(self, *, charge: int) -> None:
        """Write the turn's versions and charge ``charge`` credits (only if anything changed), all at once."""
        with self._lock:
            if self.cancelled:
                raise TurnCancelled("the turn was cancelled; nothing is committed")
            if not self._new_versions:
                return
            self._store.apply_turn(
                self.session_id, self._new_versions, self._history, owner=self._owner, charge=charge, now=time.time()
            )
            self._new_versions = []
