"""Songs to cut: a composed track with its exact grid and sections, and the shared jazz recording as analysed."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from nemo_notebook.engine.analysis.audio import analyze_audio
from nemo_notebook.engine.analysis.types import AudioAnalysis
from nemo_notebook.engine.music import generate_track
from tests.conftest import shared_media


@dataclass(frozen=True)
class Song:
    path: Path
    analysis: AudioAnalysis
    downbeats_ms: tuple[int, ...]
    loudest: tuple[int, int]  # the loudest section (the chorus, the drop)
    hooks: tuple[tuple[int, int], ...] = ()  # every section as loud as it within 0.05 (a song's choruses), where known


def composed(folder: Path, words: str = "an upbeat 90-second track") -> Song:
    """A composed track, analysed, with the composer's own grid and sections (known exactly)."""
    track = generate_track(folder / "composed.wav", words=words, seed=1)
    analysis = replace(
        analyze_audio(track.path),
        tempo_bpm=track.tempo_bpm,
        beats_ms=track.beats_ms,
        downbeats_ms=track.downbeats_ms,
        sections_ms=tuple(s.start_ms for s in track.sections),
    )
    chorus = max(track.sections, key=lambda s: s.energy)
    hooks = tuple((s.start_ms, s.end_ms) for s in track.sections if s.energy >= chorus.energy - 0.05)
    return Song(track.path, analysis, track.downbeats_ms, (chorus.start_ms, chorus.end_ms), hooks)


def recorded(name: str = "vibe-ace.ogg") -> Song:
    """A real recording as the engine analyses it (its downbeats and sections are the analysis')."""
    from nemo_notebook.engine.planning.cutting import loudest_section

    path = shared_media(name)
    analysis = analyze_audio(path)
    loudest = loudest_section(analysis, analysis.duration_ms) or (0, analysis.duration_ms)
    return Song(path, analysis, analysis.downbeats_ms, loudest)
