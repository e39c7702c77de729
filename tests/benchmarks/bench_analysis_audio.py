"""Audio analysis: time for a 3-minute MP3 once warm (goal < 3 s) against just decoding it, and beat F-measures
(mir_eval, 70 ms) on synthesized drum tracks at 60–190 BPM against librosa's default ``beat_track``.

``python -m tests.benchmarks analysis_audio``
"""

from __future__ import annotations

import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tests.benchmarks import Figure

TEMPOS = (60, 75, 90, 110, 128, 140, 150, 160, 174, 190)
VARIANTS: dict[str, dict[str, float]] = {
    "steady": {},
    "quiet intro": {"silence_s": 2.0, "quiet_intro_s": 6.0},
    "drift ±3%/min": {"drift": 0.03, "duration_s": 60.0},
    "noise": {"noise_db": -30.0, "first_beat_s": 0.37},
    "all at once": {
        "silence_s": 1.5,
        "quiet_intro_s": 6.0,
        "drift": 0.03,
        "noise_db": -35.0,
        "first_beat_s": 0.21,
        "duration_s": 60.0,
    },
}


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory() as folder:
        track = _three_minute_track(Path(folder))
        figures = _speed(track, Path(folder) / "cache")
    return figures + _f_measures()


def _three_minute_track(folder: Path) -> Path:
    from nemo_notebook.engine.ffmpeg import ffmpeg_exe
    from tests.conftest import REPO_MEDIA, SHARED_MEDIA

    source = next(p for p in (SHARED_MEDIA / "vibe-ace.mp3", REPO_MEDIA / "vibe-ace.mp3") if p.exists())
    target = folder / "vibe-ace-3min.mp3"
    cmd = [ffmpeg_exe(), "-v", "error", "-y", "-stream_loop", "3", "-i", str(source), "-t", "180", "-map", "0:a"]
    subprocess.run([*cmd, "-c:a", "libmp3lame", "-b:a", "192k", str(target)], check=True, timeout=300)
    return target


def _median_time(action: Callable[[], object], repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _speed(track: Path, cache_dir: Path) -> list[Figure]:
    from nemo_notebook.engine.analysis.audio import SAMPLE_RATE_HZ, analyze_audio
    from nemo_notebook.engine.analysis.decode import decode_audio

    analyze_audio(track)  # warm: imports, numba compilation, file cache
    decode_s = _median_time(lambda: decode_audio(track, sample_rate_hz=SAMPLE_RATE_HZ))
    analyze_s = _median_time(lambda: analyze_audio(track))
    analyze_audio(track, cache_dir=cache_dir)
    cached_s = _median_time(lambda: analyze_audio(track, cache_dir=cache_dir))
    return [
        Figure(
            "analyze_audio, 3-min MP3, warm", analyze_s, "s", decode_s, "decode only (PyAV → 22.05 kHz mono)", goal=3.0
        ),
        Figure("analyze_audio again, cached", cached_s, "s", analyze_s, "uncached analysis"),
    ]


def _f_measures() -> list[Figure]:
    import librosa
    import mir_eval
    import numpy as np

    from nemo_notebook.engine.analysis.audio import analyze_samples
    from tests.analysis.audio_synth import drum_track

    figures = []
    for variant, options in VARIANTS.items():
        for tempo in TEMPOS:
            track = drum_track(tempo, **{"duration_s": 20.0, **options})  # type: ignore[arg-type]
            ours = analyze_samples(track.samples, track.sample_rate_hz)
            bpm, beats_s = librosa.beat.beat_track(y=track.samples, sr=track.sample_rate_hz, units="time")
            reference = mir_eval.beat.trim_beats(track.beats_s)
            f_ours = mir_eval.beat.f_measure(reference, mir_eval.beat.trim_beats(np.asarray(ours.beats_ms) / 1000))
            f_librosa = mir_eval.beat.f_measure(reference, mir_eval.beat.trim_beats(np.asarray(beats_s)))
            name = f"beat F, {variant}, {tempo} BPM (found {ours.tempo_bpm:.1f}; librosa {float(np.atleast_1d(bpm)[0]):.1f})"
            figures.append(Figure(name, float(f_ours), "F", float(f_librosa), "librosa default"))
    return figures
