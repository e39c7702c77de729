"""The cover video's designs named in words ("use the ring design", "poster style", "minimal"), not mistaken for a
visualizer, a look or a file name, and applied to a cover video only."""

from __future__ import annotations

import pytest

from nemo_notebook.engine.agent.edits import apply
from nemo_notebook.engine.agent.errors import EditError
from nemo_notebook.engine.agent.lexicon import COVER_DESIGN_WORDS, VISUALIZER_KINDS, find_first
from nemo_notebook.engine.agent.operations import SetCoverDesign, SetVisualizer
from nemo_notebook.protocol import Draft


@pytest.mark.parametrize(
    ("text", "design"),
    [
        ("use the ring design", "ring"),
        ("make it a vinyl look", "ring"),
        ("circle layout please", "ring"),
        ("poster style", "poster"),
        ("lay it out like a poster", "poster"),
        ("make it minimal", "wave"),
        ("the waveform design", "wave"),
        ("换成海报风格", "poster"),
        ("用极简的", "wave"),
        ("a circular visualizer", None),  # a visualizer's kind, not a design
        ("add a waveform", None),
        ("use big-buck-bunny-poster.jpg as the cover", None),  # a file name
        ("a film look", None),
    ],
)
def test_design_words(text: str, design: str | None) -> None:
    assert find_first(COVER_DESIGN_WORDS, text) == design


def _cover_draft(design: str = "poster") -> Draft:
    wire = {
        "t": [
            {"tt": 0, "m": {"role": "visuals"}, "sg": [{"s": 0, "d": 10_000, "src": "c", "in": 0, "m": {}}]},
            {
                "tt": 0,
                "m": {"role": "visualizer"},
                "sg": [{"s": 0, "d": 10_000, "src": "m", "in": 0, "m": {"effect": "spectrum", "position": "auto"}}],
            },
            {"tt": 1, "m": {"role": "music"}, "sg": [{"s": 0, "d": 10_000, "src": "m", "in": 0}]},
        ],
        "d": 10_000,
        "m": {"aspect": "16:9", "fps": 30, "cover_design": design},
    }
    return Draft.from_wire(wire)


def _effect(draft: Draft) -> object:
    return next(t for t in draft.tracks if t.meta.get("role") == "visualizer").segments[0].meta["effect"]


def test_a_design_brings_its_visualizer_and_a_visualizer_its_design() -> None:
    ring = apply(SetCoverDesign("ring"), _cover_draft())
    assert ring.meta["cover_design"] == "ring" and _effect(ring) == "circular"
    assert find_first(VISUALIZER_KINDS, "waves") == "waves"
    waved = apply(SetVisualizer(kind=find_first(VISUALIZER_KINDS, "waves")), ring)
    assert waved.meta["cover_design"] == "wave" and _effect(waved) == "waves"


def test_a_design_asked_of_a_video_that_is_not_a_cover_video_says_what_to_do() -> None:
    plain = _cover_draft().with_meta(cover_design=None)
    with pytest.raises(EditError, match="one cover picture and a track"):
        apply(SetCoverDesign("ring"), plain)


@pytest.mark.parametrize("zh", [False, True])
def test_the_cover_pulse_is_said_as_the_render_draws_it(zh: bool) -> None:
    """The cover grows on each downbeat and, in the loudest sections, on the other beats less (``cover_motion``): a
    blind reviewer of held-out 04 saw it pulse on every beat where the reply said "on every downbeat"."""
    from nemo_notebook.engine.agent.design_words import design_words

    words = design_words(Draft.from_wire({"t": [], "d": 1000, "m": {"cover_design": "poster"}}), zh)
    assert ("随节拍律动" if zh else "pulsing with the beat") in words
    assert "every downbeat" not in words
