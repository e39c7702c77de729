"""The operations that need analysis, with the analysis given and the planners watched (no files, no composer)."""

from __future__ import annotations

from typing import Any

import pytest

from nemo_notebook.engine.agent.composing import compose_music
from nemo_notebook.engine.agent.operations import ComposeMusic
from nemo_notebook.engine.analysis.types import VideoAnalysis
from nemo_notebook.protocol import Draft

from .drafts import uploads
from .fakes import FakeContext


class Chosen(Exception):
    """Raised by the watched planner once it has seen its arguments, so that nothing is composed."""


def clip_analysis(cut_points_ms: tuple[int, ...], cut_strengths: tuple[float, ...]) -> VideoAnalysis:
    return VideoAnalysis(
        duration_ms=6000, width=640, height=360, fps=30.0, rotation=0, cut_points_ms=cut_points_ms,
        cut_strengths=cut_strengths, motion=(0.3,) * 30, brightness=(0.5,) * 30, saturation=(0.5,) * 30,
        hop_ms=200, cuts_per_minute=20.0, pace=0.5, valence=0.5, arousal=0.5, has_audio=True,
    )  # fmt: skip


@pytest.mark.parametrize("sync", [True, False])
def test_music_synced_to_cuts_weighs_big_cuts_toward_downbeats(monkeypatch: pytest.MonkeyPatch, sync: bool) -> None:
    """Every score for a video is fitted to its cuts, whether or not the user said "sync"."""
    import nemo_notebook.engine.planning.score_fit as score_fit

    seen: dict[str, Any] = {}

    def watched(cuts: list[int], duration_ms: int, **options: Any) -> tuple[float, int]:
        seen.update(cuts=cuts, duration_ms=duration_ms, cut_strengths=options["cut_strengths"])
        raise Chosen

    monkeypatch.setattr(score_fit, "choose_beat_grid", watched)
    ctx = FakeContext(uploads=uploads(), video={"m_clip": clip_analysis((1500, 3700), (0.9, 0.2))})
    work = compose_music(ComposeMusic(video="m_clip", sync_to_cuts=sync), Draft.empty(), ctx)
    with pytest.raises(Chosen):
        for _ in work:
            pass
    assert seen == {"cuts": [1500, 3700], "duration_ms": 6000, "cut_strengths": [0.9, 0.2]}
