"""Two shots of one clip back to back: the cut between them joins moments that look different (issue 29), measured
on the clip's own frames at each join, not on the plan's figures."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from nemo_notebook.engine.analysis.audio import analyze_audio
from nemo_notebook.engine.analysis.frames import iter_small_frames, open_video
from nemo_notebook.engine.analysis.looks import SAME_LOOK
from nemo_notebook.engine.analysis.video import analyze_video
from nemo_notebook.engine.intake.probe import probe
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.protocol import Draft
from tests.conftest import shared_media


def _thumbs(clip: Path) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float32]]:
    """Each frame's time (ms) and 9×16 grey thumbnail (as ``analysis.looks`` compares moments)."""
    container = open_video(clip)
    try:
        frames = list(iter_small_frames(container))
    finally:
        container.close()
    times = np.array([f.time_ms for f in frames])
    return times, np.stack([f.luma.reshape(9, 4, 16, 4).mean(axis=(1, 3)) for f in frames])


def _shown(thumbs: tuple[npt.NDArray[np.float64], npt.NDArray[np.float32]], at_ms: float) -> npt.NDArray[np.float32]:
    times, pictures = thumbs
    return pictures[max(int(np.searchsorted(times, at_ms + 0.5, side="right")) - 1, 0)]


def _joins(draft: Draft, clip_id: str) -> list[tuple[int, int]]:
    """(out-point, in-point) in ms of each cut between two shots of the clip."""
    lane = next(t for t in draft.tracks if t.meta.get("role") == "visuals")
    shots = sorted(lane.segments, key=lambda s: s.start_ms)
    return [
        (a.in_ms + a.duration_ms, b.in_ms)
        for a, b in itertools.pairwise(shots)
        if a.src == b.src == clip_id and a.in_ms is not None and b.in_ms is not None
    ]


@pytest.mark.parametrize("pictures", [0, 1])
def test_two_shots_of_one_clip_in_a_row_join_moments_that_look_different(pictures: int, tmp_path: Path) -> None:
    """The shared song under the Big Buck Bunny clip alone, then with its poster (the plan that once joined
    5000-6874 ms to 6917 ms): every join of the clip to itself differs by at least ``SAME_LOOK``."""
    song, poster, clip = (
        shared_media(n) for n in ("vibe-ace.mp3", "big-buck-bunny-poster.jpg", "big-buck-bunny-30s.mp4")
    )
    clip_info = probe(clip, media_id="clip", name=clip.name)
    visuals = [(probe(poster, media_id="pic", name=poster.name), None)][:pictures]
    visuals.append((clip_info, analyze_video(clip, cache_dir=tmp_path)))
    track = dataclasses.replace(probe(song, media_id="song", name=song.name), duration_ms=30_000)
    draft = plan_music_video(track, analyze_audio(song, cache_dir=tmp_path), visuals, MusicVideoOptions())
    joins = _joins(draft, "clip")
    assert len(joins) >= 3  # the clip follows itself in these plans: the test would prove nothing otherwise
    thumbs = _thumbs(clip)
    frame_ms = 1000 / 24
    for out_ms, in_ms in joins:
        difference = float(np.abs(_shown(thumbs, out_ms - frame_ms) - _shown(thumbs, in_ms)).mean())
        assert difference >= SAME_LOOK, f"{out_ms} ms joined to {in_ms} ms differ by {difference:.3f} only"
