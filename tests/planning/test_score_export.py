"""End to end: a clip with known cuts → a score composed on the grid chosen for its cuts → an exported MP4 whose cuts
lie within 70 ms of the music's beats."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.analysis import analyze_video
from nemo_notebook.engine.planning import choose_tempo_and_phase, plan_score
from nemo_notebook.engine.planning.score import BGM_UNDER_SPEECH_VOLUME
from nemo_notebook.protocol import MediaInfo, MediaKind, TrackType
from tests.analysis.video_synth import cut_times_ms, montage, speech_like, write_clip, write_wav

SHOT_SECONDS = (1.6, 2.2, 1.9, 2.3)  # cuts at 1600, 3800, 5700 ms: no single round tempo holds them all exactly
TOLERANCE_MS = 70


@pytest.mark.slow
def test_exported_cuts_land_on_the_scores_beats(tmp_path: Path) -> None:
    music_mod = pytest.importorskip("nemo_notebook.engine.music")
    render_mod = pytest.importorskip("nemo_notebook.engine.render")
    shots = montage(SHOT_SECONDS)
    clip_path = write_clip(
        tmp_path / "trip.mp4", shots, audio=write_wav(tmp_path / "talk.wav", speech_like(8.0), 16000)
    )
    analysis = analyze_video(clip_path)
    assert len(analysis.cut_points_ms) == len(cut_times_ms(shots))

    tempo, phase = choose_tempo_and_phase(
        analysis.cut_points_ms, analysis.duration_ms, cut_strengths=analysis.cut_strengths
    )
    track = music_mod.generate_track(tmp_path / "score.wav", video=analysis, tempo_bpm=tempo, phase_ms=phase, seed=3)
    clip = MediaInfo(
        "trip", "trip.mp4", MediaKind.VIDEO, "mp4", clip_path.stat().st_size, analysis.duration_ms, 320, 180, 30.0, True
    )
    music = MediaInfo("score", "score.wav", MediaKind.AUDIO, "wav", track.path.stat().st_size, track.duration_ms)
    draft = plan_score([(clip, analysis)], music, track)
    media = {"trip": (clip_path, clip), "score": (track.path, music)}
    out = render_mod.render_draft(draft, media, tmp_path / "export.mp4", quality="low", size=(320, 180)).path

    exported = analyze_video(out)
    beats = np.array(track.beats_ms)
    assert len(exported.cut_points_ms) == len(cut_times_ms(shots))
    for cut in exported.cut_points_ms:
        assert np.abs(beats - cut).min() <= TOLERANCE_MS, f"cut at {cut} ms is off the beat grid {track.beats_ms}"
    assert track.tempo_bpm == pytest.approx(tempo, abs=0.01)
    (bgm,) = draft.tracks_of(TrackType.AUDIO)
    assert bgm.meta["volume"] == BGM_UNDER_SPEECH_VOLUME and bgm.meta["duck"] is True
