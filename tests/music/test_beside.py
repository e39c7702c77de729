"""A track's two SoundFont passes rendered side by side (``synth.render_mixes``, ``beside``): the same samples as
one after the other, a failure on either side named, and no process left behind."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from nemo_notebook.engine.music import beside, compose, synth
from nemo_notebook.engine.music.brief import brief_from_words
from nemo_notebook.engine.music.notes import Part
from nemo_notebook.engine.music.produce import voice_for

Groups = tuple[list[Part], list[Part], float, int]


@pytest.fixture(scope="module")
def groups() -> Groups:
    piece = compose(brief_from_words("an epic 12-second track"), seed=3)
    played = [p for p in piece.parts if voice_for(p, piece.style) is None]
    low = [p for p in played if p.is_drum or p.name == "bass"]
    high = [replace(p, reverb=min(p.reverb, 20)) for p in played if not (p.is_drum or p.name == "bass")]
    assert high and low
    return high, low, piece.tempo_bpm, round(piece.duration_ms * 48)


def test_passes_side_by_side_give_the_samples_of_passes_one_after_the_other(groups: Groups) -> None:
    high, low, tempo, length = groups
    told: list[None] = []
    together = synth.render_mixes([high, low], tempo_bpm=tempo, length=length, done=lambda: told.append(None))
    alone = [synth.render_mix(g, tempo_bpm=tempo, length=length) for g in (high, low)]
    assert len(told) == 2
    assert all(a.shape == (length, 2) and np.array_equal(a, b) for a, b in zip(together, alone, strict=True))
    assert float(np.abs(together[0]).max()) > 0.01  # the high stem sounds: not two silences compared


def test_a_failed_pass_beside_is_named_and_its_process_ended(groups: Groups, monkeypatch: pytest.MonkeyPatch) -> None:
    high, low, tempo, length = groups
    started: list[beside.PassBeside] = []

    class Broken(beside.PassBeside):
        def __init__(self, font: bytes, midi: bytes) -> None:
            super().__init__(b"RIFF this is no SoundFont", midi)
            started.append(self)

    monkeypatch.setattr(beside, "PassBeside", Broken)
    with pytest.raises(synth.SynthesisError, match=r"the SoundFont synthesizer failed on \d part\(s\): .+"):
        synth.render_mixes([high, low], tempo_bpm=tempo, length=length)
    assert started and not any(p.running for p in started)


def test_a_failure_here_kills_the_pass_beside(groups: Groups, monkeypatch: pytest.MonkeyPatch) -> None:
    high, low, tempo, length = groups
    started: list[beside.PassBeside] = []

    class Watched(beside.PassBeside):
        def __init__(self, font: bytes, midi: bytes) -> None:
            super().__init__(font, midi)
            started.append(self)

    def failing(*_: object, **__: object) -> None:
        raise synth.SynthesisError("the SoundFont synthesizer failed on 2 part(s): boom")

    monkeypatch.setattr(beside, "PassBeside", Watched)
    monkeypatch.setattr(synth, "render_mix", failing)
    with pytest.raises(synth.SynthesisError, match="boom"):
        synth.render_mixes([high, low], tempo_bpm=tempo, length=length)
    assert started and not any(p.running for p in started)  # killed and reaped, not left rendering
