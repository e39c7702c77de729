"""An in-memory AgentContext for fast tests of the agent alone (the HTTP tests use the real engine)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from nemo_notebook.engine.agent import AgentContext, AgentStep, Say, execute, interpret
from nemo_notebook.engine.analysis.types import AudioAnalysis, VideoAnalysis
from nemo_notebook.protocol import Draft, MediaInfo


@dataclass
class FakeContext:
    """Versions as a list with a cursor, like the server's history; analysis from dicts the test fills."""

    session_id: str = "s_test"
    language: str = "en"
    uploads: list[MediaInfo] = field(default_factory=list)
    made: list[MediaInfo] = field(default_factory=list)
    audio: dict[str, AudioAnalysis] = field(default_factory=dict)
    video: dict[str, VideoAnalysis] = field(default_factory=dict)
    paths: dict[str, Path] = field(default_factory=dict)
    home: Path = Path("/nonexistent")
    credits: int | None = None
    history: list[Draft] = field(default_factory=lambda: [Draft.empty()])
    cursor: int = 0
    version_number: int = 0
    stop: bool = False
    narrated: list[str] = field(default_factory=list)

    @property
    def cancelled(self) -> bool:
        return self.stop

    def narrate(self, text: str) -> None:
        self.narrated.append(text)

    def draft(self) -> Draft:
        return self.history[self.cursor]

    def version(self) -> int:
        return self.version_number

    def media(self) -> Sequence[MediaInfo]:
        return list(self.uploads)

    def generated(self) -> Sequence[MediaInfo]:
        return list(self.made)

    def media_path(self, media_id: str) -> Path:
        """The file given for ``media_id``, else a path where none is (its tags read as none: the title from its
        name, as for a file without tags)."""
        return self.paths.get(media_id, self.home / f"{media_id}.missing")

    def audio_analysis(self, media_id: str, *, progress: Callable[[float], None] | None = None) -> AudioAnalysis:
        return self.audio[media_id]

    def video_analysis(self, media_id: str, *, progress: Callable[[float], None] | None = None) -> VideoAnalysis:
        return self.video[media_id]

    def picture_appeal(self, media_id: str) -> float | None:
        from nemo_notebook.engine.analysis.picture import appeal

        return appeal(self.media_path(media_id))

    def picture_sharpness(self, media_id: str) -> float | None:
        from nemo_notebook.engine.analysis.picture import sharpness

        return sharpness(self.media_path(media_id))

    def picture_coarseness(self, media_id: str) -> float | None:
        from nemo_notebook.engine.analysis.picture import coarseness

        return coarseness(self.media_path(media_id))

    def picture_lettered(self, media_id: str) -> bool | None:
        from nemo_notebook.engine.analysis.picture import measures

        found = measures(self.media_path(media_id))
        return None if found is None else found.lettered

    def picture_blocky(self, media_id: str) -> bool | None:
        from nemo_notebook.engine.analysis.picture import blocky

        return blocky(self.media_path(media_id))

    def picture_colour(self, media_id: str) -> tuple[float, float] | None:
        from nemo_notebook.engine.analysis.picture import colour

        return colour(self.media_path(media_id))

    def new_file(self, suffix: str) -> Path:
        return self.home / f"gen_{len(self.made)}{suffix}"

    def add_generated(self, path: Path, name: str) -> MediaInfo:
        raise NotImplementedError("the fake context does not probe files")

    def commit(self, draft: Draft, *, note: str) -> int:
        del self.history[self.cursor + 1 :]
        self.history.append(draft)
        self.cursor += 1
        self.version_number += 1
        return self.version_number

    def undo(self) -> Draft | None:
        if self.cursor == 0:
            return None
        self.cursor -= 1
        self.version_number += 1
        return self.draft()

    def redo(self) -> Draft | None:
        if self.cursor + 1 >= len(self.history):
            return None
        self.cursor += 1
        self.version_number += 1
        return self.draft()

    def credits_available(self) -> int | None:
        return self.credits


def run(ctx: AgentContext, text: str) -> tuple[list[AgentStep], str]:
    """Interpret and execute ``text``; the steps and the words they add up to."""
    steps = list(execute(interpret(text, ctx), ctx))
    return steps, "".join(s.text for s in steps if isinstance(s, Say))
