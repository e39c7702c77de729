"""The agent words a loudness match with the ceiling the render applies (the agent cannot import the render, so the
figure is kept twice; the reply said +5.3 dB where the render gave +6.8 when they differed)."""

from __future__ import annotations

from nemo_notebook.engine.agent import loudness_match
from nemo_notebook.engine.render import master_level


def test_the_agent_and_the_render_hold_sources_to_the_same_ceiling() -> None:
    assert loudness_match.SOURCE_CEILING_DBTP == master_level.SOURCE_CEILING_DBTP
