"""The timeline line closing each reply names a track once where its name is its label: held-out export 04's reply
ended "Timeline (4 tracks): ... 2. Visualizer: Visualizer (0-196s)", read as tool-speak by stop 47's blind reviewer."""

from __future__ import annotations

import dataclasses

from nemo_notebook.protocol import Draft
from tests.agent.fakes import FakeContext, run
from tests.planning.test_energetic_pace import PHOTOS, SONG
from tests.render.synth import click_analysis


def test_the_visualizer_track_is_named_once_in_the_reply_s_timeline() -> None:
    """On main 0e4861e: "... 2. Visualizer: Visualizer (0-60s) ..."."""
    photos = [dataclasses.replace(PHOTOS[0], id=f"m_q{i}", name=f"q{i}.jpg", size=100 + i) for i in range(12)]
    ctx = FakeContext(uploads=[SONG, *photos], audio={SONG.id: click_analysis(120, 60_000)}, history=[Draft.empty()])
    _, words = run(ctx, "create a video from this music with beat-synced cuts, with a visualizer")
    assert "Visualizer (0-60s)" in words and "Visualizer: Visualizer" not in words, words
    assert "Music: song.ogg (0-60s)" in words, words  # a name other than the label still said
