"""Music analysis scored against tracks with known beats: mir_eval F-measure (70 ms) across 60–190 BPM."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import mir_eval
import numpy as np
import pytest

from nemo_notebook.engine.analysis import audio as audio_module
from nemo_notebook.engine.analysis import decode as decode_module
from nemo_notebook.engine.analysis.audio import analyze_audio, analyze_samples
from nemo_notebook.engine.analysis.types import AudioAnalysis
from nemo_notebook.engine.errors import MediaError
from tests.analysis.audio_synth import ENCODINGS, DrumTrack, drum_track, encode, offbeat_bass_track
from tests.conftest import shared_media

TEMPOS = (60, 75, 90, 110, 128, 140, 150, 160, 174)
# Above 180 BPM a listener taps half the played beat (a 190 BPM groove is felt at 95): see ``tempo_level.TAPPED_MAX_BPM``
FAST_TEMPOS = (190,)
VARIANTS: dict[str, dict[str, float]] = {
    "steady": {},
    "quiet intro": {"silence_s": 2.0, "quiet_intro_s": 6.0},
    "drift ±3%/min": {"drift": 0.03, "duration_s": 60.0},
    "noise, off-grid start": {"noise_db": -30.0, "first_beat_s": 0.37},
}
MIN_F_MEASURE = 0.97
Scores = dict[tuple[str, int], tuple[DrumTrack, AudioAnalysis]]


def f_measure(reference_s: np.ndarray, analysis: AudioAnalysis, *, downbeats: bool = False) -> float:
    estimated = np.asarray(analysis.downbeats_ms if downbeats else analysis.beats_ms) / 1000.0
    if downbeats:  # mir_eval's trimming drops the first 5 s, which holds only a couple of bars
        return float(mir_eval.beat.f_measure(reference_s, estimated))
    # the estimate is trimmed a tolerance window earlier than the reference: a beat placed on its onset's leading
    # edge, a few ms before the reference's 5 s beat, is that beat and not an extra one
    return float(mir_eval.beat.f_measure(mir_eval.beat.trim_beats(reference_s), estimated[estimated >= 5.0 - 0.07]))


@pytest.fixture(scope="module")
def scores() -> Scores:
    out = {}
    for variant, options in VARIANTS.items():
        for tempo in TEMPOS:
            track = drum_track(tempo, **{"duration_s": 20.0, **options})  # type: ignore[arg-type]
            out[variant, tempo] = (track, analyze_samples(track.samples, track.sample_rate_hz))
    return out


@pytest.mark.parametrize("tempo", TEMPOS)
@pytest.mark.parametrize("variant", VARIANTS)
def test_beats_match_the_played_beats(scores: Scores, variant: str, tempo: int) -> None:
    track, analysis = scores[variant, tempo]
    assert f_measure(track.beats_s, analysis) >= MIN_F_MEASURE


@pytest.mark.parametrize("tempo", TEMPOS)
@pytest.mark.parametrize("variant", VARIANTS)
def test_tempo_is_the_played_one_not_half_or_double(scores: Scores, variant: str, tempo: int) -> None:
    track, analysis = scores[variant, tempo]
    played = 60.0 / float(np.median(np.diff(track.beats_s)))
    assert analysis.tempo_bpm == pytest.approx(played, rel=0.03)


@pytest.mark.parametrize("tempo", FAST_TEMPOS)
def test_music_faster_than_a_listener_taps_is_tracked_at_half(tempo: int) -> None:
    track = drum_track(tempo, duration_s=20.0)
    analysis = analyze_samples(track.samples, track.sample_rate_hz)
    assert analysis.tempo_bpm == pytest.approx(tempo / 2, rel=0.03)
    assert f_measure(track.beats_s[::2], analysis) >= MIN_F_MEASURE or f_measure(track.beats_s[1::2], analysis) >= 0.9


@pytest.mark.parametrize("tempo", TEMPOS)
def test_downbeats_land_on_the_kick_of_beat_one(scores: Scores, tempo: int) -> None:
    for variant in VARIANTS:
        track, analysis = scores[variant, tempo]
        assert analysis.beats_per_bar == 4
        assert f_measure(track.downbeats_s, analysis, downbeats=True) >= 0.9, variant


def test_f_measure_table(scores: Scores, capsys: pytest.CaptureFixture[str]) -> None:
    """Prints the table the closing note quotes (run with ``-s`` or read it in the captured output)."""
    lines = [
        "beat F-measure (mir_eval, 70 ms) / estimated tempo",
        "variant".ljust(22) + "".join(f"{t:>12}" for t in TEMPOS),
    ]
    for variant in VARIANTS:
        cells = []
        for tempo in TEMPOS:
            track, analysis = scores[variant, tempo]
            cells.append(f"{f_measure(track.beats_s, analysis):.3f}/{analysis.tempo_bpm:>5.1f}".rjust(12))
        lines.append(variant.ljust(22) + "".join(cells))
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    assert len(lines) == 2 + len(VARIANTS)


def test_quiet_intro_gets_beats_but_silence_does_not(scores: Scores) -> None:
    track, analysis = scores["quiet intro", 128]
    assert analysis.beats_ms[0] >= 2000 - 70
    assert abs(analysis.beats_ms[0] - track.beats_s[0] * 1000) <= 70
    intro, main = analysis.energy[25:75], analysis.energy[100:]
    assert max(intro) < 0.6 < min(main[:50])
    assert analysis.energy[:15] == (0.0,) * 15


def test_no_beats_in_a_silent_break_and_back_in_time_after_it() -> None:
    track = drum_track(128, duration_s=24.0, gap_s=(10.0, 14.5))
    analysis = analyze_samples(track.samples, track.sample_rate_hz)
    assert not [b for b in analysis.beats_ms if 10_100 <= b < 14_400]
    assert f_measure(track.beats_s, analysis) >= MIN_F_MEASURE


def test_beats_follow_a_new_tempo_section() -> None:
    """120 BPM for 30 s, then 145 BPM (21 % faster, beyond the tracker's ±8 % local range) for the last 10 s: the
    beats after the switch are the new section's, within 70 ms of them."""
    track = drum_track(120, duration_s=40.0, tempo_change=(30.0, 145.0))
    analysis = analyze_samples(track.samples, track.sample_rate_hz)
    switch = float(track.beats_s[np.searchsorted(track.beats_s, 30.0)])
    after = track.beats_s[track.beats_s >= switch]
    estimated = np.asarray(analysis.beats_ms) / 1000.0
    estimated = estimated[estimated >= switch - 0.07]
    assert mir_eval.beat.f_measure(after, estimated) >= 0.9
    assert all(np.min(np.abs(estimated - t)) <= 0.07 for t in after)
    assert f_measure(track.beats_s, analysis) >= MIN_F_MEASURE


@pytest.mark.parametrize("tempo", [100, 150])
def test_three_beats_to_the_bar(tempo: int) -> None:
    track = drum_track(tempo, duration_s=20.0, beats_per_bar=3)
    analysis = analyze_samples(track.samples, track.sample_rate_hz)
    assert analysis.beats_per_bar == 3
    assert f_measure(track.downbeats_s, analysis, downbeats=True) >= 0.9


@pytest.mark.parametrize("tempo", [96, 150])
def test_a_section_starts_where_the_texture_changes(tempo: int) -> None:
    bar_s = 4 * 60.0 / tempo
    change_s = bar_s * round(12.0 / bar_s)
    track = drum_track(tempo, duration_s=26.0, texture_change_s=change_s)
    analysis = analyze_samples(track.samples, track.sample_rate_hz)
    assert analysis.sections_ms[0] == 0
    assert len(analysis.sections_ms) == 2
    assert abs(analysis.sections_ms[1] - change_s * 1000) <= bar_s * 1000 / 2
    assert analysis.sections_ms[1] in analysis.downbeats_ms


def test_a_steady_groove_is_one_section(scores: Scores) -> None:
    assert scores["steady", 128][1].sections_ms == (0,)
    assert scores["steady", 174][1].sections_ms == (0,)


def test_onsets_find_every_drum_hit(scores: Scores) -> None:
    track, analysis = scores["steady", 110]
    onsets = np.asarray(analysis.onsets_ms) / 1000.0
    hits = np.sort(np.concatenate([track.beats_s, track.beats_s[:-1] + np.diff(track.beats_s) / 2]))
    assert mir_eval.onset.f_measure(hits, onsets, window=0.05)[0] >= 0.9


def test_drum_and_bass_excerpt_is_136_bpm() -> None:
    # Its hats fall every 0.441 s and its bar (kick, snare, kick on the "and", snare) repeats every 1.765 s.
    analysis = analyze_audio(shared_media("choice-drum-bass.ogg"))
    assert analysis.tempo_bpm == pytest.approx(136.0, abs=3)
    intervals = np.diff(analysis.beats_ms)
    assert np.median(np.abs(intervals - np.median(intervals))) <= 15
    assert analysis.beats_ms[0] < 500 and analysis.beats_ms[-1] > analysis.duration_ms - 1000


def test_jazz_track_tempo_and_shape() -> None:
    analysis = analyze_audio(shared_media("vibe-ace.mp3"))
    assert analysis.tempo_bpm == pytest.approx(129.5, abs=4)
    assert 61_000 <= analysis.duration_ms <= 62_000
    assert len(analysis.energy) == pytest.approx(analysis.duration_ms / 100, abs=2)
    assert 1 <= len(analysis.sections_ms) <= 6
    assert all(b - a >= 8000 for a, b in zip(analysis.sections_ms, analysis.sections_ms[1:], strict=False))


@pytest.fixture(scope="module")
def formats(tmp_path_factory: pytest.TempPathFactory) -> tuple[DrumTrack, dict[str, Path]]:
    folder = tmp_path_factory.mktemp("formats")
    track = drum_track(150, duration_s=16.0, first_beat_s=0.2)
    wav = track.write_wav(folder / "track.wav")
    files = {ext: encode(wav, folder / f"track.{ext}") for ext in ENCODINGS if ext != "wav"}
    files["wav"] = wav
    files["mp4"] = encode(wav, folder / "video.mp4")
    files["cover.mp3"] = encode(wav, folder / "cover.mp3", with_cover=True)
    return track, files


@pytest.mark.parametrize("ext", [*ENCODINGS, "mp4", "cover.mp3"])
def test_every_format_gives_the_same_beats(formats: tuple[DrumTrack, dict[str, Path]], ext: str) -> None:
    track, files = formats
    analysis = analyze_audio(files[ext])
    assert analysis.tempo_bpm == pytest.approx(150, rel=0.01)
    assert mir_eval.beat.f_measure(track.beats_s, np.asarray(analysis.beats_ms) / 1000) >= MIN_F_MEASURE
    assert abs(analysis.duration_ms - 16_000) <= 100


def test_a_second_request_costs_nothing(
    formats: tuple[DrumTrack, dict[str, Path]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    decodes: list[Path] = []
    real_decode = decode_module.decode_audio

    def counting_decode(path: Path, **options: int) -> decode_module.DecodedAudio:
        decodes.append(path)
        return real_decode(path, **options)

    monkeypatch.setattr(decode_module, "decode_audio", counting_decode)
    path = formats[1]["mp3"]
    first = analyze_audio(path, cache_dir=tmp_path / "cache")
    copy = Path(shutil.copy(path, tmp_path / "same music, other name.mp3"))
    second = analyze_audio(path, cache_dir=tmp_path / "cache")
    third = analyze_audio(copy, cache_dir=tmp_path / "cache")
    assert first == second == third
    assert decodes == [path]  # the speed of a cached read is in the benchmark, not here


def test_same_file_same_result(formats: tuple[DrumTrack, dict[str, Path]]) -> None:
    path = formats[1]["ogg"]
    assert analyze_audio(path) == analyze_audio(path)


def test_silence_has_no_beats_and_no_energy(tmp_path: Path) -> None:
    track = drum_track(120, duration_s=10.0, silence_s=10.0)
    analysis = analyze_audio(track.write_wav(tmp_path / "silence.wav"))
    assert analysis.duration_ms == 10_000
    assert analysis.beats_ms == analysis.downbeats_ms == analysis.onsets_ms == ()
    assert analysis.tempo_bpm == 0.0
    assert set(analysis.energy) == {0.0}
    assert analysis.sections_ms == (0,)


def test_a_one_second_clip_is_analysed_without_fuss() -> None:
    track = drum_track(120, duration_s=1.0)
    analysis = analyze_samples(track.samples, track.sample_rate_hz)
    assert analysis.duration_ms == 1000
    assert analysis.sections_ms == (0,)
    assert len(analysis.energy) == pytest.approx(10, abs=1)


def test_a_video_soundtrack_is_analysed() -> None:
    analysis = analyze_audio(shared_media("big-buck-bunny-30s.mp4"))
    assert abs(analysis.duration_ms - 30_000) <= 100
    assert max(analysis.energy) == pytest.approx(1.0, abs=0.05)


def test_a_picture_is_refused_with_a_clear_message() -> None:
    with pytest.raises(MediaError, match="no audio stream"):
        analyze_audio(shared_media("big-buck-bunny-poster.jpg"))


def test_samples_at_another_rate_are_resampled() -> None:
    track = drum_track(140, duration_s=12.0)
    import librosa

    at_44k = librosa.resample(track.samples, orig_sr=22050, target_sr=44100)
    analysis = analyze_samples(at_44k, 44100)
    assert analysis.duration_ms == 12_000
    assert analysis.tempo_bpm == pytest.approx(140, rel=0.01)


def test_analysis_version_is_part_of_the_cache_key(formats: tuple[DrumTrack, dict[str, Path]], tmp_path: Path) -> None:
    analyze_audio(formats[1]["wav"], cache_dir=tmp_path)
    (entry,) = tmp_path.iterdir()
    assert entry.name.startswith(f"audio-v{audio_module.ANALYSIS_VERSION}-")


def test_beats_sit_on_the_onsets_with_no_constant_lag() -> None:
    """Each beat is placed on its onset's leading edge: soft-fronted hits (a 15 ms swell) are not marked late."""
    sr, clicks = 22050, np.arange(0.5, 19.5, 0.5)
    y = np.zeros(sr * 20)
    rng = np.random.default_rng(0)
    n = int(0.12 * sr)
    t = np.arange(n) / sr
    hit = (
        (0.6 * np.sin(2 * np.pi * 70 * t) + 0.3 * rng.standard_normal(n)) * np.minimum(t / 0.015, 1) * np.exp(-t / 0.03)
    )
    for c in clicks:
        y[int(c * sr) : int(c * sr) + n] += hit
    analysis = analyze_samples(y.astype(np.float32), sr)
    beats = np.asarray(analysis.beats_ms) / 1000
    offsets = [b - clicks[np.argmin(np.abs(clicks - b))] for b in beats]
    assert abs(float(np.median(offsets))) <= 0.015


def test_a_steady_song_keeps_its_beat_through_a_syncopated_stretch() -> None:
    """Eight seconds of off-beat stabs louder than the beats (a riff pushed an eighth ahead) inside a steady groove:
    a listener keeps tapping the groove's beat, and so does the tracker."""
    track = drum_track(140, duration_s=40.0)
    y = track.samples.astype(np.float64).copy()
    sr = track.sample_rate_hz
    rng = np.random.default_rng(1)
    n = int(0.05 * sr)
    stab = rng.standard_normal(n) * np.exp(-np.arange(n) / (0.01 * sr)) * 0.9
    beats = track.beats_s
    for a, b in itertools.pairwise(beats):
        if 16.0 <= a < 24.0:
            y[int(a * sr) : int(a * sr) + n] *= 0.3
            mid = int((a + b) / 2 * sr)
            y[mid : mid + n] += stab
    analysis = analyze_samples(y.astype(np.float32), sr)
    assert f_measure(beats, analysis) >= 0.95


@pytest.mark.parametrize("tempo", (100, 156))
def test_a_loud_off_beat_bass_does_not_pull_the_beat_off_the_hats(tempo: int) -> None:
    """A bass note on every "and", louder than the hats and snare that keep time: the beat is where the whole
    spectrum rises together (the hats'), not on the bass line half a beat from it."""
    track = offbeat_bass_track(tempo)
    analysis = analyze_samples(track.samples, track.sample_rate_hz)
    assert f_measure(track.beats_s, analysis) >= 0.95


def test_progress_is_told_as_each_stage_ends_and_not_for_a_cached_result(tmp_path: Path) -> None:
    path = drum_track(120, duration_s=8.0).write_wav(tmp_path / "drums.wav")
    told: list[float] = []
    first = analyze_audio(path, cache_dir=tmp_path / "cache", progress=told.append)
    assert told == sorted(told) and len(told) == 3 and 0 < told[0] < told[-1] < 1, told
    told.clear()
    assert analyze_audio(path, cache_dir=tmp_path / "cache", progress=told.append) == first
    assert told == []
