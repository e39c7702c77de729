"""A shorter version of a song, rendered: its parts play back to back, each join an equal-power crossfade that
does not click, and the export is as long as the version."""

from __future__ import annotations

import itertools
import subprocess
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.planning.music_video import MusicVideoOptions
from nemo_notebook.engine.planning.song_version import plan_song_version
from nemo_notebook.engine.render import render_draft
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind, Track, TrackType
from tests.planning.songs import Song, composed

RATE = 48_000
SMALL = (160, 90)


@pytest.fixture(scope="module")
def song(tmp_path_factory: pytest.TempPathFactory) -> Song:
    return composed(tmp_path_factory.mktemp("song"))


def _info(song: Song) -> MediaInfo:
    return MediaInfo("m", song.path.name, MediaKind.AUDIO, "wav", 1, duration_ms=song.analysis.duration_ms)


def _heard(draft: Draft, song: Song, out: Path) -> np.ndarray:
    """The export's sound, mono at 48 kHz."""
    path = render_draft(draft, {"m": (song.path, _info(song))}, out, quality="low", size=SMALL).path
    cmd = [ffmpeg_exe(), "-v", "error", "-i", str(path), "-ac", "1", "-ar", str(RATE), "-f", "f32le", "-"]
    return np.frombuffer(subprocess.run(cmd, capture_output=True, check=True).stdout, np.float32)


def _music_only(draft: Draft) -> Draft:
    music = draft.tracks_of(TrackType.AUDIO)
    return Draft(tuple(music), draft.duration_ms, {"aspect": "16:9", "fps": 30, "loudnorm": False})


def _largest_jump(samples: np.ndarray, at_ms: int, within_ms: int = 2) -> float:
    """The largest sample-to-sample jump within ``within_ms`` of ``at_ms``."""
    n, k = at_ms * RATE // 1000, within_ms * RATE // 1000
    return float(np.abs(np.diff(samples[n - k : n + k])).max())


@pytest.mark.parametrize("length_ms", [20_000, 30_000])  # lengths this song is edited to with a join (45 s: one part)
def test_joins_do_not_click_and_the_length_holds(song: Song, length_ms: int, tmp_path: Path) -> None:
    """At each join the sound jumps (within 2 ms) no more than the song itself does within 25 ms of where the two
    parts meet: a hard cut jumped 2.0 times as far on this track, the 60 ms crossfade 0.8 times. (Against the song's
    own jumps within 2 ms the crossfade measured 1.3 with the Fluid R3 instruments, as the two parts' cymbals add up
    there, and a hard cut 3.2.)"""
    draft = _music_only(
        plan_song_version(_info(song), song.analysis, [], MusicVideoOptions(visualizer=None), length_ms)
    )
    parts = draft.tracks[0].segments
    assert len(parts) > 1 and all("crossfade_ms" in p.meta for p in parts[1:])
    edit = _heard(draft, song, tmp_path / "edit.mp4")
    whole_track = Track(
        TrackType.AUDIO, (replace(parts[0], start_ms=0, in_ms=0, duration_ms=song.analysis.duration_ms, meta={}),)
    )
    whole = _heard(
        replace(draft, tracks=(whole_track,), duration_ms=song.analysis.duration_ms), song, tmp_path / "w.mp4"
    )
    assert abs(len(edit) * 1000 / RATE - length_ms) <= 1000 / 30
    for before, after in itertools.pairwise(parts):
        out_ms, in_ms = (before.in_ms or 0) + before.duration_ms, after.in_ms or 0
        own = max(_largest_jump(whole, out_ms, 25), _largest_jump(whole, in_ms, 25))
        assert _largest_jump(edit, after.start_ms) <= 1.1 * own, (after.start_ms, own)
