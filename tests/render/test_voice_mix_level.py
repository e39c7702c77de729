"""A clip of a real voice (the LibriVox reader of ``tests/media/speech``) under a composed score, rendered: the mix is
levelled to the loudness of other posts inside its own chain, so the export's sound is encoded once, at -14 LUFS
within 0.5 LU and under -1 dBTP (issues 27, 29). Until stop 54 the finished MP4 was measured and its sound encoded a
second time, raised by the shortfall (``voice_level.lift_to_target``): two AAC encodes of the sound."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from nemo_notebook.engine.analysis import analyze_video
from nemo_notebook.engine.planning import plan_score
from nemo_notebook.protocol import MediaInfo, MediaKind
from tests.analysis.recorded_speech import RECORDINGS, recording
from tests.analysis.video_synth import montage, write_clip, write_wav
from tests.loudness import ebu_r128

SECONDS = 8
OTHER_POSTS_LUFS = -14.0
CEILING_DBTP = -1.0


def _sound_encodes(monkeypatch: pytest.MonkeyPatch) -> list[Sequence[str]]:
    """The commands of every process started from here on that encodes sound to AAC (the render's own, and any
    encode of the finished file's sound again)."""
    encodes: list[Sequence[str]] = []
    started = subprocess.Popen

    def counting(args: Any, *rest: Any, **kwargs: Any) -> Any:
        words = [str(a) for a in args] if isinstance(args, (list, tuple)) else []
        if any(a == "-c:a" and b == "aac" for a, b in pairwise(words)):
            encodes.append(words)
        return started(args, *rest, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", counting)
    return encodes


@pytest.mark.slow
def test_a_voice_under_a_score_is_levelled_in_the_mix_and_its_sound_encoded_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    render_mod = pytest.importorskip("nemo_notebook.engine.render")
    music_mod = pytest.importorskip("nemo_notebook.engine.music")
    wav = write_wav(tmp_path / "reader.wav", recording(RECORDINGS[0], 22050)[: SECONDS * 22050], 22050)
    path = write_clip(tmp_path / "reading.mp4", montage((float(SECONDS),)), audio=wav)
    analysis = analyze_video(path)
    clip = MediaInfo(
        "reading",
        "reading.mp4",
        MediaKind.VIDEO,
        "mp4",
        path.stat().st_size,
        analysis.duration_ms,
        320,
        180,
        30.0,
        True,
    )
    score = tmp_path / "score.wav"
    track = music_mod.generate_track(score, words="chill", duration_ms=SECONDS * 1000, seed=3)
    music = MediaInfo("score", "score.wav", MediaKind.AUDIO, "wav", score.stat().st_size, track.duration_ms)
    draft = plan_score([(clip, analysis)], music, track)
    assert any(sg.meta.get("sound") == "speech" for t in draft.tracks for sg in t.segments), "read as speech"
    encodes = _sound_encodes(monkeypatch)

    out = tmp_path / "video.mp4"
    render_mod.render_draft(
        draft, {"reading": (path, clip), "score": (score, music)}, out, quality="preview", size=(320, 180)
    )

    lufs, peak = ebu_r128(out)
    assert len(encodes) == 1, f"the sound was encoded {len(encodes)} times (main: 2, the render's and the lift's)"
    assert abs(lufs - OTHER_POSTS_LUFS) <= 0.5, f"{lufs:.1f} LUFS"
    assert peak <= CEILING_DBTP, f"{peak:.1f} dBTP"
