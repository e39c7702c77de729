"""A score over clips with their own sound, rendered: a quiet voice raised with the music 7-12 dB under it; a loud
ambience brought under the music, which leads. Each part is measured in the MP4 on its own: the same draft rendered
with the music at -60 dB (the voice or ambience alone, as the mix sets it) and with the clip's sound at -60 dB (the
music alone, as the mix sets it under that clip; too quiet to duck it). Each part is measured as the mix sets it,
before the one gain that lifts a mix with a levelled voice to -14 LUFS (``render.voice_level``), which would lift
each part rendered alone by its own gain."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.analysis import analyze_video
from nemo_notebook.engine.analysis.decode import decode_audio
from nemo_notebook.engine.music.master import loudness_lufs
from nemo_notebook.engine.planning import plan_score
from nemo_notebook.engine.planning.score import SPEECH_LEVEL_RATIO
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind, Track, TrackType
from tests.analysis.video_synth import montage, speech_like, write_clip, write_wav

SECONDS = 8.0
QUIET = 10 ** (-60 / 20)


@pytest.fixture(autouse=True)
def _parts_unlifted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("nemo_notebook.engine.render.speaks_under_music", lambda draft: False)


@pytest.fixture(scope="module")
def score(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, MediaInfo, object]:
    music_mod = pytest.importorskip("nemo_notebook.engine.music")
    path = tmp_path_factory.mktemp("score") / "score.wav"
    track = music_mod.generate_track(path, words="upbeat pop", duration_ms=round(SECONDS * 1000), seed=3)
    info = MediaInfo("score", "score.wav", MediaKind.AUDIO, "wav", path.stat().st_size, track.duration_ms)
    return path, info, track


def _clip(tmp_path: Path, name: str, sound: np.ndarray) -> tuple[Path, MediaInfo, object]:
    wav = write_wav(tmp_path / f"{name}.wav", sound, 16000)
    path = write_clip(tmp_path / f"{name}.mp4", montage((SECONDS,)), audio=wav)
    analysis = analyze_video(path)
    info = MediaInfo(
        name, f"{name}.mp4", MediaKind.VIDEO, "mp4", path.stat().st_size, analysis.duration_ms, 320, 180, 30.0, True
    )
    return path, info, analysis


def _lufs(path: Path, start_ms: int = 0, duration_ms: int | None = None) -> float:
    audio = decode_audio(path, sample_rate_hz=48000, channels=2, start_ms=start_ms, max_duration_ms=duration_ms)
    return loudness_lufs(np.ascontiguousarray(audio.samples.T), 48000)


def _alone(draft: Draft, kind: TrackType) -> Draft:
    """``draft`` with every track but those of ``kind`` played 60 dB down (their gains as the mix sets them)."""
    tracks = tuple(
        t if t.type == kind else Track(t.type, tuple(sg.with_meta(volume=QUIET) for sg in t.segments), t.meta)
        for t in draft.tracks
    )
    return replace(draft, tracks=tracks)


def _parts(draft: Draft, media: dict[str, tuple[Path, MediaInfo]], tmp_path: Path) -> tuple[float, float]:
    """The clip's sound and the music, each rendered on its own, over the middle of the export (LUFS)."""
    render_mod = pytest.importorskip("nemo_notebook.engine.render")
    levels = []
    for kind in (TrackType.VIDEO, TrackType.AUDIO):
        out = tmp_path / f"{kind.value}.mp4"
        render_mod.render_draft(_alone(draft, kind), media, out, quality="preview", size=(320, 180))
        levels.append(_lufs(out, 2000, 4000))
    return levels[0], levels[1]


@pytest.mark.slow
def test_a_quiet_voice_is_raised_and_the_music_sits_7_to_12_db_under_it(tmp_path: Path, score: tuple) -> None:
    talk = speech_like(SECONDS)
    path, clip, analysis = _clip(tmp_path, "talk", 0.2 * talk / np.abs(talk).max())
    assert analysis.speech_ratio >= SPEECH_LEVEL_RATIO
    own = _lufs(path)
    music_path, music, track = score
    draft = plan_score([(clip, analysis)], music, track)

    voice, under = _parts(draft, {"talk": (path, clip), "score": (music_path, music)}, tmp_path)

    assert voice - own >= 6.0, f"the voice stays at its own {own:.1f} LUFS: {voice:.1f}"
    # music under speech at -10 dB since stop 64 (was -12: held-out 07's intro "close to inaudible" under its dialogue
    # to a blind reviewer, who asked for the music 8-10 dB under the voice; 07 now measures 8.6 LU): this synthetic
    # voice 7.5 dB over it (about 9.5 at -12 dB, by the 2 dB raised); the bound measured the very level changed
    assert 7.0 <= voice - under <= 12.0, f"voice {voice:.1f} LUFS, music under it {under:.1f}"


@pytest.mark.slow
def test_a_loud_ambience_sits_under_the_music(tmp_path: Path, score: tuple) -> None:
    rng = np.random.default_rng(5)
    noise = np.convolve(rng.normal(0.0, 1.0, round(SECONDS * 16000)), np.ones(4) / 4, mode="same")
    wind = noise * (1.0 + 0.5 * np.sin(2 * np.pi * 0.3 * np.arange(noise.size) / 16000))  # swells, as wind or traffic
    path, clip, analysis = _clip(tmp_path, "wind", 0.6 * wind / np.abs(wind).max())
    assert analysis.speech_ratio < SPEECH_LEVEL_RATIO
    assert _lufs(path) >= -21.0, "a loud ambience: louder than main's music under it (-14 LUFS at 35 %: -23)"
    music_path, music, track = score
    draft = plan_score([(clip, analysis)], music, track)

    ambience, music_level = _parts(draft, {"wind": (path, clip), "score": (music_path, music)}, tmp_path)

    assert music_level - ambience >= 8.0, f"ambience {ambience:.1f} LUFS, music over it {music_level:.1f}"


@pytest.mark.slow
def test_a_levelled_voice_keeps_the_pulse_under_it(tmp_path: Path) -> None:
    """An 80 Hz tone as the music (under the voice's 120-180 Hz pitch), read in the MP4 by its own frequency: the
    voice is raised, and the music under it stays where the rule sets it, not ducked further (it was 15 dB more)."""
    render_mod = pytest.importorskip("nemo_notebook.engine.render")
    t = np.arange(round(SECONDS * 48000)) / 48000
    tone = write_wav(tmp_path / "tone.wav", 0.5 * np.sin(2 * np.pi * 80 * t), 48000)
    music = MediaInfo("tone", "tone.wav", MediaKind.AUDIO, "wav", tone.stat().st_size, round(SECONDS * 1000))
    talk = speech_like(SECONDS)
    path, clip, analysis = _clip(tmp_path, "talk", 0.2 * talk / np.abs(talk).max())
    draft = plan_score([(clip, analysis)], music)
    media = {"talk": (path, clip), "tone": (tone, music)}
    levels = {}
    for name, played in (
        ("mix", draft),
        ("voice", _alone(draft, TrackType.VIDEO)),
        ("music", _alone(draft, TrackType.AUDIO)),
    ):
        out = tmp_path / f"{name}.mp4"
        render_mod.render_draft(played, media, out, quality="preview", size=(320, 180))
        levels[name] = (_lufs(out, 2000, 4000), _tone_db(out, 80.0))

    assert levels["voice"][0] - _lufs(path) >= 6.0, levels
    assert levels["mix"][1] - levels["music"][1] >= -3.0, f"the pulse ducked under the voice: {levels}"


def _tone_db(path: Path, hz: float) -> float:
    """The level (dB) of the strongest component within 5 Hz of ``hz`` in 2-6 s of ``path``."""
    x = decode_audio(path, sample_rate_hz=48000, channels=1, start_ms=2000, max_duration_ms=4000).samples.reshape(-1)
    spectrum = np.abs(np.fft.rfft(x * np.hanning(x.size)))
    freqs = np.fft.rfftfreq(x.size, 1 / 48000)
    return float(20 * np.log10(spectrum[np.abs(freqs - hz) < 5].max() + 1e-12))
