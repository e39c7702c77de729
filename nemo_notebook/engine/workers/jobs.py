"""What a worker process does for the engine, one file at a time: each job a frozen value sent to the worker, run
there, its result sent back.

    Probe          check an upload or a generated file and describe it (`intake.probe`) → `MediaInfo`
    AnalyseAudio   tempo, beats, sections of a track or a video's sound (`analysis.audio`) → `AudioAnalysis`
    AnalyseVideo   cuts, motion, colour of a clip (`analysis.video`) → `VideoAnalysis`
    MeasurePicture a picture's appeal as an opening shot, sharpness, blockiness, flat share (`analysis.picture`)
                   → `PictureMeasures` or None

Each says what would work instead (``instead``) when the file needs more memory or time than a worker has, and
``cached()`` gives a result already in the analysis cache without a worker (None when there is none).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..analysis.types import AudioAnalysis, VideoAnalysis
from ..settings import MediaLimits, WorkLimits

Progress = Callable[[float], None]

_SMALLER = "a smaller picture (4000 pixels on the long side is plenty), or a shorter or lower-resolution track or clip"


@dataclass(frozen=True)
class Probe:
    """Check the file at ``path`` (the user calls it ``name``) and describe it as media ``media_id``."""

    path: Path
    name: str
    media_id: str
    limits: MediaLimits

    checking = "checking it"
    instead = _SMALLER

    def cached(self) -> Any:
        return None

    def run(self, progress: Progress) -> Any:
        from ..intake.probe import probe

        return probe(self.path, media_id=self.media_id, name=self.name, limits=self.limits)


@dataclass(frozen=True)
class AnalyseAudio:
    """Analyse the sound of ``path`` (cached under ``cache_dir``)."""

    path: Path
    name: str
    cache_dir: Path | None

    checking = "analysing its sound"
    instead = "a shorter track (cut it to the part the video needs)"

    def cached(self) -> Any:
        from ..analysis.audio import ANALYSIS_VERSION

        return _cached(self.cache_dir, self.path, AudioAnalysis, "audio", ANALYSIS_VERSION)

    def run(self, progress: Progress) -> Any:
        from ..analysis.audio import analyze_audio

        return analyze_audio(self.path, cache_dir=self.cache_dir, progress=progress)


@dataclass(frozen=True)
class AnalyseVideo:
    """Analyse the pictures of the clip at ``path`` (cached under ``cache_dir``)."""

    path: Path
    name: str
    cache_dir: Path | None

    checking = "watching it"
    instead = "a shorter or lower-resolution clip (1080p is plenty)"

    def cached(self) -> Any:
        from ..analysis.video import ANALYSIS_VERSION

        return _cached(self.cache_dir, self.path, VideoAnalysis, "video", ANALYSIS_VERSION)

    def run(self, progress: Progress) -> Any:
        from ..analysis.video import analyze_video

        return analyze_video(self.path, cache_dir=self.cache_dir, progress=progress)


@dataclass(frozen=True)
class MeasurePicture:
    """Measure the picture at ``path`` (``analysis.picture.measures``: its appeal as an opening shot, sharpness,
    blockiness and flat share, from one decoding), cached under ``cache_dir``."""

    path: Path
    name: str
    cache_dir: Path | None

    checking = "looking at it"
    instead = "a smaller picture (4000 pixels on the long side is plenty)"

    def cached(self) -> Any:
        from ..analysis.picture import MEASURES_VERSION, PictureMeasures

        return _cached(self.cache_dir, self.path, PictureMeasures, "picture", MEASURES_VERSION)

    def run(self, progress: Progress) -> Any:
        from ..analysis.picture import measures

        return measures(self.path, self.cache_dir)


def _cached(cache_dir: Path | None, path: Path, cls: type[Any], kind: str, version: int) -> Any:
    """The analysis cache's entry for ``path``, read here in the engine (a JSON file: no worker needed), or None."""
    from ..analysis.cache import load_cached

    return None if cache_dir is None else load_cached(cache_dir, path, cls, kind=kind, version=version)


Job = Probe | AnalyseAudio | AnalyseVideo | MeasurePicture


def work_s(job: Job, limits: WorkLimits) -> float:
    """The work ``job`` may take (`clock.JobClock`): ``probe_timeout_s`` for a `Probe`, else ``analysis_timeout_s``."""
    return limits.probe_timeout_s if isinstance(job, Probe) else limits.analysis_timeout_s


WARM_MODULES = (
    "numpy",
    "av",
    "scipy.ndimage",
    "scipy.signal",
    "soxr",
    "nemo_notebook.engine.intake.probe",
    "nemo_notebook.engine.analysis.audio",
    "nemo_notebook.engine.analysis.video",
    "nemo_notebook.engine.analysis.frames",
    "nemo_notebook.engine.analysis.picture",
)
"""Imported by a worker when it starts, so that no job pays for them."""
