"""Shots of a clip a viewer tells apart (issue 29): two shots of one clip back to back join moments that look
different, measured on the clip's own frames at each join, and a long slow pan does not fill most of the video."""

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
from nemo_notebook.protocol.vocabulary import is_reframe
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


def _plan(tmp_path: Path, *, pictures: int, duration_ms: int) -> tuple[Draft, Path]:
    """The shared song (its first ``duration_ms``) under the Big Buck Bunny clip, and its poster where asked."""
    song, poster, clip = (
        shared_media(n) for n in ("vibe-ace.mp3", "big-buck-bunny-poster.jpg", "big-buck-bunny-30s.mp4")
    )
    visuals = [(probe(poster, media_id="pic", name=poster.name), None)][:pictures]
    visuals.append((probe(clip, media_id="clip", name=clip.name), analyze_video(clip, cache_dir=tmp_path)))
    track = probe(song, media_id="song", name=song.name)
    track = dataclasses.replace(track, duration_ms=min(duration_ms, track.duration_ms or duration_ms))
    draft = plan_music_video(track, analyze_audio(song, cache_dir=tmp_path), visuals, MusicVideoOptions())
    return draft, clip


@pytest.mark.parametrize("pictures", [0, 1])
def test_two_shots_of_one_clip_in_a_row_join_moments_that_look_different(pictures: int, tmp_path: Path) -> None:
    """The shared song under the Big Buck Bunny clip alone, then with its poster (the plan that once joined
    5000-6874 ms to 6917 ms): every join of the clip to itself differs by at least ``SAME_LOOK``."""
    draft, clip = _plan(tmp_path, pictures=pictures, duration_ms=30_000)
    joins = _joins(draft, "clip")
    assert len(joins) >= 3  # the clip follows itself in these plans: the test would prove nothing otherwise
    thumbs = _thumbs(clip)
    frame_ms = 1000 / 24
    for out_ms, in_ms in joins:
        difference = float(np.abs(_shown(thumbs, out_ms - frame_ms) - _shown(thumbs, in_ms)).mean())
        assert difference >= SAME_LOOK, f"{out_ms} ms joined to {in_ms} ms differ by {difference:.3f} only"


def test_a_long_slow_pan_does_not_fill_most_of_the_video(tmp_path: Path) -> None:
    """The demo's material (the whole song, the clip and its poster): the clip's 9 s pan over a hillside, its first
    scene (before its cut at 11.9 s), was on screen 64 % of the video; the stream and the bird after it 15 % each.
    The pan is half the clip's footage fit to show (2.8-11.9 s of 2.8-19.6 s and 23.4-24.8 s: the rest is titles
    and credits), so it keeps about its share, and no moment of the clip comes back more than three times (the
    other scenes' liveliest moments came back six and seven times to keep the pan under half)."""
    draft, _ = _plan(tmp_path, pictures=1, duration_ms=62_000)
    lane = next(t for t in draft.tracks if t.meta.get("role") == "visuals")
    hillside_ms = sum(
        s.duration_ms for s in lane.segments if s.in_ms is not None and s.in_ms + s.duration_ms // 2 < 11_875
    )
    assert draft.duration_ms > 55_000 and hillside_ms / draft.duration_ms <= 0.55, hillside_ms / draft.duration_ms
    in_points = [s.in_ms for s in lane.segments if s.in_ms is not None and not is_reframe(s.meta)]
    assert max(in_points.count(t) for t in in_points) <= 3, sorted(in_points)
