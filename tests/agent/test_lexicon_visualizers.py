"""Words for the visualizer designs added for issue 11 (circular, mirrored, glow, line)."""

from __future__ import annotations

import pytest

from nemo_notebook.engine.agent.lexicon import POSITIONS, VISUALIZER_KINDS, find_first


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("circular visualizer in the centre", "circular"),
        ("mirrored bars please", "mirrored"),
        ("a glowing visualizer", "glow"),
        ("use a line waveform", "line"),
        ("spectrum bars", "spectrum"),
        ("waves", "waves"),
    ],
)
def test_visualizer_words(text: str, kind: str) -> None:
    assert find_first(VISUALIZER_KINDS, text) == kind


def test_circular_in_the_centre_names_the_position_too() -> None:
    assert find_first(POSITIONS, "circular visualizer in the centre") == "center"
