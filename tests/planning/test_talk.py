"""A track of talk (a podcast, a voice memo) gets calm shots that change in its pauses, dissolving, with no beat cuts,
flashes or punch-ins; a song keeps its beat cuts."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from nemo_notebook.engine.analysis.audio import analyze_audio
from nemo_notebook.engine.analysis.types import AudioAnalysis
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind
from tests.analysis.talk_synth import talk
from tests.analysis.test_talk import write_wav
from tests.conftest import shared_media

PICTURES = [MediaInfo(f"img{i}", f"p{i}.jpg", MediaKind.IMAGE, "jpg", 10, width=800, height=600) for i in range(20)]


@pytest.fixture(scope="module")
def talk_analysis(tmp_path_factory: pytest.TempPathFactory) -> AudioAnalysis:
    return analyze_audio(write_wav(tmp_path_factory.mktemp("talk") / "memo.wav", talk(60.0, seed=2)))


def _plan(analysis: AudioAnalysis, **options: object) -> Draft:
    song = MediaInfo("a", "memo.wav", MediaKind.AUDIO, "wav", 10, duration_ms=analysis.duration_ms)
    return plan_music_video(song, analysis, [(p, None) for p in PICTURES], MusicVideoOptions(**options))  # type: ignore[arg-type]


def _shots(draft: Draft) -> list[dict[str, object]]:
    lane = next(t for t in draft.tracks if t.meta.get("role") == "visuals")
    return [{"start": s.start_ms, "length": s.duration_ms, **s.meta} for s in lane.segments]


def test_talk_is_cut_calmly_in_its_pauses_with_dissolves(talk_analysis: AudioAnalysis) -> None:
    draft = _plan(talk_analysis)
    shots = _shots(draft)
    assert draft.meta.get("talk") is True
    assert 7 <= len(shots) <= 12, len(shots)  # about a shot every 6 s of a minute; a beat cut gave dozens
    assert all(s["length"] >= 3000 for s in shots[:-1]), [s["length"] for s in shots]
    assert not any("punch_ms" in s for s in shots)
    assert all(s.get("transition_in") == "dissolve" for s in shots[1:])
    quiet = sorted(talk_analysis.energy)[len(talk_analysis.energy) // 3]
    at_cuts = [talk_analysis.energy_at(int(s["start"])) for s in shots[1:]]  # type: ignore[call-overload]
    assert sum(e <= quiet for e in at_cuts) >= 0.8 * len(at_cuts), at_cuts  # cuts in the pauses


def test_a_pace_the_user_asks_for_wins_over_talk(talk_analysis: AudioAnalysis) -> None:
    draft = _plan(talk_analysis, beats_per_cut=2)
    assert "talk" not in draft.meta


def test_a_song_is_not_planned_as_talk(tmp_path: Path) -> None:
    analysis = dataclasses.replace(analyze_audio(shared_media("vibe-ace.ogg")))
    draft = _plan(analysis)
    assert "talk" not in draft.meta
    assert len(_shots(draft)) > 20


def test_steady_noise_is_cut_calmly_and_silence_is_refused_with_what_to_do(talk_analysis: AudioAnalysis) -> None:
    noise = dataclasses.replace(talk_analysis, talk_share=0.0, steady_noise=True)
    draft = _plan(noise)
    assert draft.meta.get("steady_noise") is True and "talk" not in draft.meta
    assert all(s.get("transition_in") == "dissolve" for s in _shots(draft)[1:])
    silent = dataclasses.replace(talk_analysis, energy=(0.0,) * len(talk_analysis.energy))
    with pytest.raises(ValueError, match=r"is silent .* export it again"):
        _plan(silent)
