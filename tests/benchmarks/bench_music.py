"""Music: speed (compose + render + master a 60-second and 3-minute tracks: upbeat, electronic, and epic and cinematic,
the SoundFont's costliest) and sound, beside real recordings.

Speed: each figure's reference is decoding the produced file with PyAV in the same run, the floor any consumer of the
track pays anyway.

Sound, printed as a table: for a 30-second track of every style, for scores made for videos (a synthetic clip with
twelve irregular cuts and the real clip in ``/work/shared/media``), and for the real recordings there:

* spectral centroid (Hz: librosa's, magnitude-weighted and averaged over frames, as the issue measured; the
  power-weighted centroid of the whole file, which the mix's tonal balance aims at, is far lower) and share of the
  power above 4 kHz (%), of the mid signal;
* side/mid width (RMS of (L-R) over RMS of (L+R));
* crest factor (peak over RMS, dB), integrated loudness (LUFS) and true peak (dBTP);
* tempo by librosa's beat tracker against the intended tempo (the composer's), and for the scores the share of the
  video's cuts within 70 ms of a beat librosa finds in the exported sound (independent of the plan).

Scores made for videos, measured one by one (``score_figures``): cuts within 70 ms of a beat as planned and as
librosa and essentia hear them, the strongest third of the cuts on planned downbeats, and for each strong cut the
accent the arrangement has there and whether it is audible. ``NEMO_BENCH_MUSIC_SCORES_ONLY=1`` runs only those.

Beside real recordings (issue 28): every style's 60-second track and the evaluation set (``EVALSET``) on the figures
of ``music_likeness`` (top-band spread, the top band's hits a second and their evenness, bar spread, sub-bass share,
beat-interval variation, chord changes, width, LUFS; and essentia's dynamic complexity, through its own venv:
``dynamic_complexity``), with the real range and what falls outside it. ``NEMO_BENCH_MUSIC_LIKENESS_ONLY=1`` runs only that.

Goals (issue 12): centroid ≥ 1000 Hz for lively styles and ≥ 900 Hz for calm ones, above 4 kHz ≥ 0.1 % / 0.05 %,
side/mid ≥ 0.2, cuts on beats ≥ 75 %. A spectrogram of each style is written to ``tests/artifacts/music/``.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from tests.benchmarks import Figure

if TYPE_CHECKING:
    from nemo_notebook.engine.analysis.types import VideoAnalysis
    from nemo_notebook.engine.planning.score_fit import ScoreFit

MEDIA = Path("/work/shared/media")
ARTEFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "music"
_CALM = {"calm", "sad", "romantic", "chill", "lofi", "acoustic", "cinematic"}


def _decode_seconds(path: Path) -> float:
    import av

    started = time.perf_counter()
    with av.open(str(path)) as container:
        for _ in container.decode(audio=0):
            pass
    return time.perf_counter() - started


def _generate_seconds(path: Path, words: str, seed: int) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one generate_track call (CPU time shows the cost when the machine is shared),
    the CPU of the SoundFont pass rendered in a process of its own (``music.beside``) counted in."""
    from nemo_notebook.engine.music import generate_track

    started, started_cpu = time.perf_counter(), _cpu_seconds()
    generate_track(path, words=words, seed=seed)
    return time.perf_counter() - started, _cpu_seconds() - started_cpu


def _cpu_seconds() -> float:
    spent = os.times()
    return spent.user + spent.system + spent.children_user + spent.children_system


def read(path: Path) -> tuple[np.ndarray, int]:
    """Stereo float32 samples of any file PyAV decodes (mono doubled, channels past two dropped)."""
    import av

    chunks, rate = [], 48_000
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        rate = stream.rate
        resampler = av.AudioResampler(format="fltp", layout="stereo", rate=rate)
        for frame in container.decode(stream):
            for out in resampler.resample(frame):
                chunks.append(out.to_ndarray())
    return np.concatenate(chunks, axis=1).T.astype(np.float32), rate


def sound_figures(samples: np.ndarray, rate: int) -> dict[str, float]:
    import librosa

    from nemo_notebook.engine.music.master import loudness_lufs, true_peak_dbtp

    mid = (samples[:, 0] + samples[:, 1]) / 2
    side = (samples[:, 0] - samples[:, 1]) / 2
    spectrum = np.abs(np.fft.rfft(mid.astype(np.float64))) ** 2
    freqs = np.fft.rfftfreq(len(mid), 1 / rate)
    rms = float(np.sqrt(np.mean(samples.astype(np.float64) ** 2)))
    low_rate = librosa.resample(mid, orig_sr=rate, target_sr=22_050)
    tempo, _ = librosa.beat.beat_track(y=low_rate, sr=22_050)
    return {
        "centroid": float(np.mean(librosa.feature.spectral_centroid(y=mid, sr=rate, n_fft=4096))),
        "power centroid": float((spectrum * freqs).sum() / spectrum.sum()),
        "air": float(100 * spectrum[freqs > 4_000].sum() / spectrum.sum()),
        "width": float(np.sqrt(np.mean(side**2) / max(np.mean(mid**2), 1e-20))),
        "crest": float(20 * np.log10(np.abs(samples).max() / max(rms, 1e-12))),
        "lufs": loudness_lufs(samples, rate),
        "peak": true_peak_dbtp(samples),
        "tempo": float(np.atleast_1d(tempo)[0]),
    }


def _row(name: str, f: dict[str, float], intended: str, extra: str = "", goal: str = "") -> str:
    return (f"  {name:40s} {f['centroid']:7.0f} {f['power centroid']:6.0f} {f['air']:7.3f} {f['width']:6.2f} {f['crest']:6.1f} "
            f"{f['lufs']:6.1f} {f['peak']:6.2f} {f['tempo']:7.1f} {intended:>9s} {extra:>9s}  {goal}")  # fmt: skip


def _verdict(style: str, f: dict[str, float]) -> str:
    calm = style in _CALM
    misses = []
    if f["centroid"] < (900 if calm else 1000):
        misses.append("centroid")
    if f["air"] < (0.05 if calm else 0.1):
        misses.append(">4k")
    if f["width"] < 0.2:
        misses.append("width")
    return "goals met" if not misses else "MISSES " + ", ".join(misses)


def _sound_table(folder: Path) -> None:
    from nemo_notebook.engine.music import STYLES, generate_track
    from tests.benchmarks.spectrogram import spectrogram_png

    print(
        "  sound: centroid Hz (librosa) | power centroid Hz | >4 kHz % | side/mid | crest dB | LUFS | dBTP | librosa BPM | intended | cuts",
        flush=True,
    )
    for style in sorted(STYLES):
        track = generate_track(folder / f"{style}.wav", words=f"a {style} 30-second track", seed=1)
        samples, rate = read(track.path)
        spectrogram_png(samples, rate, ARTEFACTS / f"{style}.png")
        figures = sound_figures(samples, rate)
        print(_row(style, figures, f"{track.tempo_bpm:.1f}", "", _verdict(style, figures)), flush=True)
    for name, clip, words in _video_cases():
        fit, path, share = _score(folder, name, clip, words)
        samples, rate = read(path)
        spectrogram_png(samples, rate, ARTEFACTS / f"score-{name.replace(' ', '-')}.png")
        figures = sound_figures(samples, rate)
        tempo = f"{fit.grid.tempo_bpm:.1f}" + (f"→{fit.later_tempo_bpm:.1f}" if fit.later_tempo_bpm else "")
        label = f"score: {name} ({fit.style})"
        print(_row(label, figures, tempo, f"{100 * share:.0f}%", _verdict(fit.style, figures)), flush=True)
    for path in sorted(MEDIA.glob("*.ogg")) + sorted(MEDIA.glob("*.mp3")):
        samples, rate = read(path)
        print(_row(f"real: {path.name}", sound_figures(samples, rate), "", ""), flush=True)


EVALSET = Path("/work/evalset/audio")  # tests/benchmarks/evalset/fetch.sh /work/evalset
# the real recording shown beside each style's spectrogram: the nearest genre the evaluation set has
_BESIDE = {"energetic": "03-rock", "epic": "17-orchestral", "cinematic": "07-orchestral", "acoustic": "09-folk",
           "electronic": "11-electronic", "upbeat": "12-pop", "happy": "14-pop", "sad": "13-ballad",
           "romantic": "05-rock-ballad", "hiphop": "02-hiphop", "lofi": "02-hiphop", "chill": "01-jazz",
           "piano": "13-ballad", "calm": "08-orchestral", "corporate": "15-pathological"}  # fmt: skip


def _reals() -> list[Path]:
    return sorted(EVALSET.glob("*.ogg")) + sorted(MEDIA.glob("*.ogg"))


def _likeness_table(folder: Path) -> None:
    """Every style (a 60-second track) beside the real recordings, on the figures of ``music_likeness``; the real
    recordings' range and, for each style, the figures that fall outside it. Spectrograms (whole and a 10 s zoom) of
    each style and of the real track beside it go to ``tests/artifacts/music/likeness/``."""
    from nemo_notebook.engine.music import STYLES, generate_track
    from tests.benchmarks.music_likeness import FIGURES, likeness_figures

    shown = ARTEFACTS / "likeness"
    print("  likeness: " + " | ".join(FIGURES), flush=True)
    real: dict[str, dict[str, float]] = {}
    for path in _reals():
        samples, rate = read(path)
        real[path.stem] = likeness_figures(samples, rate)
        print(f"  real {path.stem[:34]:34s}" + "".join(f"{real[path.stem][k]:9.2f}" for k in FIGURES), flush=True)
        _spectrograms(samples, rate, shown / f"real-{path.stem}")
    if not real:
        print(f"  (no real recordings in {EVALSET}: run tests/benchmarks/evalset/fetch.sh /work/evalset)", flush=True)
    span = {k: (min(f[k] for f in real.values()), max(f[k] for f in real.values())) for k in FIGURES} if real else {}
    if span:
        print("  real range " + " ".join(f"{k} {lo:.2f}..{hi:.2f};" for k, (lo, hi) in span.items()), flush=True)
    tracks = []
    for style in sorted(STYLES):
        track = generate_track(folder / f"like-{style}.wav", words=f"a {style} 60-second track", seed=1)
        tracks.append(track.path)
        samples, rate = read(track.path)
        figures = likeness_figures(samples, rate)
        outside = [k for k, (lo, hi) in span.items() if not lo <= figures[k] <= hi and k != "lufs"]
        verdict = ("outside: " + ", ".join(outside)) if outside else ("inside the real range" if span else "")
        print(f"  {style:39s}" + "".join(f"{figures[k]:9.2f}" for k in FIGURES) + f"  {verdict}", flush=True)
        beside = next((p for p in _reals() if p.stem.startswith(_BESIDE.get(style, "?"))), None)
        _spectrograms(samples, rate, shown / (style + (f"-beside-{beside.stem[:2]}" if beside else "")))
    _complexity_table(_reals(), tracks)


def _complexity_table(reals: list[Path], tracks: list[Path]) -> None:
    """Essentia's dynamic complexity of the real recordings and of each style's track, and which fall outside."""
    from tests.benchmarks.dynamic_complexity import dynamic_complexities, reference_python

    figures = dynamic_complexities([*reals, *tracks])
    if not figures:
        print(f"  (no dynamic complexity: essentia's venv {reference_python()} is missing)", flush=True)
        return
    real = [figures[p] for p in reals if p in figures]
    low, high = min(real), max(real)
    print(f"  dynamic complexity (essentia): real {low:.2f}..{high:.2f} (median {float(np.median(real)):.2f})")
    for path in tracks:
        value = figures.get(path, float("nan"))
        verdict = "inside" if low <= value <= high else "OUTSIDE"
        print(f"  {path.stem.removeprefix('like-'):39s}{value:9.2f}  {verdict}", flush=True)


def _spectrograms(samples: np.ndarray, rate: int, stem: Path) -> None:
    """The whole track and 10 s from its middle, as ``<stem>.png`` and ``<stem>-zoom.png``."""
    from tests.benchmarks.spectrogram import spectrogram_png

    stem.parent.mkdir(parents=True, exist_ok=True)
    spectrogram_png(samples, rate, stem.with_name(stem.name + ".png"))
    middle = len(samples) // 2
    spectrogram_png(
        samples[max(0, middle - 5 * rate) : middle + 5 * rate], rate, stem.with_name(stem.name + "-zoom.png")
    )


def _video_cases() -> list[tuple[str, VideoAnalysis, str]]:
    from tests.planning.test_score_fit import FOUR_CUTS, TWELVE_IRREGULAR

    cases: list[tuple[str, VideoAnalysis, str]] = [
        ("four cuts", FOUR_CUTS, "generate a background music track that matches the mood and pace of my video"),
        ("twelve irregular cuts", TWELVE_IRREGULAR, "add background music and sync it to the cuts"),
    ]
    from nemo_notebook.engine.analysis.video import analyze_video

    clip = MEDIA / "big-buck-bunny-30s.mp4"
    if clip.is_file():
        cases.append(("big-buck-bunny", analyze_video(clip), "background music that matches the mood and pace"))
    held_out = EVALSET.parent / "video" / "twelve-cuts.mp4"  # real footage, cut at 12 irregular times (fetch.sh)
    if held_out.is_file():
        footage = analyze_video(held_out)
        for words in ("add background music to this travel video and sync it to the cuts",
                      "create an upbeat background track for my travel video",
                      "generate a background music track that matches the mood and pace of my video"):  # fmt: skip
            cases.append((f"held-out twelve cuts: {words!r}", footage, words))
    return cases


def _score(folder: Path, name: str, clip: VideoAnalysis, words: str) -> tuple[ScoreFit, Path, float]:
    """A score composed for the clip as the agent makes it, and the share of its cuts librosa hears on a beat."""
    from tests.benchmarks.score_figures import librosa_share
    from tests.planning.test_score_fit import score

    fit, path = score(clip, words, folder / f"score-{name.replace(' ', '-')}.wav")
    return fit, path, librosa_share(path, fit.cuts_ms)


def _fit_report(folder: Path) -> None:
    from tests.benchmarks.score_figures import report

    for line in report(folder, _video_cases()):
        print(line, flush=True)


def run() -> list[Figure]:
    from nemo_notebook.engine.music import generate_track

    figures = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        if os.environ.get("NEMO_BENCH_MUSIC_SCORES_ONLY", "0") != "0":
            _fit_report(folder)
            return figures
        if os.environ.get("NEMO_BENCH_MUSIC_LIKENESS_ONLY", "0") != "0":
            _likeness_table(folder)
            return figures
        generate_track(folder / "warm.wav", words="a 5-second piano track")  # imports and the SoundFont's decoding
        for label, words, goal in (
            ("60-second", "an upbeat 60-second track", 3.0),
            ("3-minute", "an upbeat 3-minute track", 8.0),
            ("3-minute electronic", "an electronic 3-minute track", 8.0),
            ("3-minute epic", "an epic 3-minute track", 8.0),  # the SoundFont's costliest: strings, brass, a kit
            ("3-minute cinematic", "a cinematic 3-minute track", 8.0),
        ):
            path = folder / f"{label}.wav"
            seconds, cpu_seconds = _generate_seconds(path, words, seed=1)
            decode = _decode_seconds(path)
            figures.append(Figure(f"music: {label} track (compose + render + master)", seconds, "s",
                                  decode, "PyAV decode of the same WAV", goal=goal))  # fmt: skip
            figures.append(Figure(f"music: {label} track, CPU time", cpu_seconds, "s", decode, "PyAV decode (wall)"))
        _sound_table(folder)
        _likeness_table(folder)
        _fit_report(folder)
    return figures
