"""What the agent says while it builds: the step it starts, each finding as it exists, the plan, then the reply."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nemo_notebook.engine import music
from nemo_notebook.engine.agent import Say, composing
from nemo_notebook.engine.agent.narration import progress_words, shot_count
from nemo_notebook.engine.agent.operations import ComposeMusic
from nemo_notebook.protocol import Draft
from tests.render.synth import click_analysis

from .drafts import LENGTH_MS, uploads
from .fakes import FakeContext, run


def test_building_says_each_step_as_it_happens_and_names_the_long_ones() -> None:
    song = click_analysis(120.0, LENGTH_MS, sections_ms=(0, 4000, 12000))
    ctx = FakeContext(uploads=uploads()[:3], audio={"m_song": song}, history=[Draft.empty()])
    steps, _ = run(ctx, "create a video from this music with visualizer and beat-synced cuts")
    said = [s for s in steps if isinstance(s, Say)]
    assert said[0].text == 'Analysing "AB2N_0330.mp3"… ' and said[0].working == "analysing the music"
    assert said[1].text == "120 BPM, 4/4, three sections. "
    assert said[2].working == "planning the shots"
    assert said[3].text == f"Planned {shot_count(ctx.draft())} shots on the beats. "
    assert said[-1].text.startswith("Done: a 0:") and " music video of " in said[-1].text.splitlines()[0]


def test_progress_is_told_in_whole_steps_and_not_too_often() -> None:
    ctx = FakeContext()
    now = [0.0]
    tick = progress_words(ctx, min_gap_s=1.0, clock=lambda: now[0])
    for second, fraction in enumerate((0.05, 0.21, 0.22, 0.5, 0.55, 0.99, 1.0), start=1):
        now[0] = second * 0.6
        tick(fraction)
    assert ctx.narrated == ["20 %… ", "50 %… ", "90 %… "]


class Composed(Exception):
    """Raised by the stand-in composer once it has told its progress, so that nothing is written."""


def test_composing_tells_how_far_the_composer_has_come(monkeypatch: pytest.MonkeyPatch) -> None:
    def composer(path: Path, *, progress: Any, **options: Any) -> None:
        for fraction in (0.0, 0.25, 0.5, 0.75, 1.0):
            progress(fraction)
        raise Composed

    monkeypatch.setattr(music, "generate_track", composer)
    monkeypatch.setattr(composing, "progress_words", lambda ctx: progress_words(ctx, min_gap_s=0))
    ctx = FakeContext()
    work = composing.compose_music(ComposeMusic(words="an upbeat track"), Draft.empty(), ctx)
    said = next(work)
    assert isinstance(said, Say) and said.text == "Composing… " and said.working == "composing"
    with pytest.raises(Composed):
        next(work)
    assert ctx.narrated == ["20 %… ", "50 %… ", "70 %… "]
