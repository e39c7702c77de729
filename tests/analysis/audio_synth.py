"""Click-and-drum tracks with known beats, for scoring the audio analysis (tests and benchmarks share it).

A bar of 4/4 is kick on 1 and 3, snare on 2 and 4, closed hats on every eighth, and a bass note that changes on
every downbeat; a 3/4 bar is kick on 1, snare on 2 and 3. Options add a quiet intro, slow tempo drift (as a live
band drifts), background noise, and a change of texture (pad chords, a busier hat) for section tests.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

SAMPLE_RATE_HZ = 22050
_BASS_HZ = (55.0, 43.65, 65.41, 49.0)  # A1 F1 C2 G1: one per bar, so harmony changes on the downbeat
_PAD_HZ = ((220.0, 277.18, 329.63), (174.61, 220.0, 261.63), (261.63, 329.63, 392.0), (196.0, 246.94, 293.66))


@dataclass(frozen=True, eq=False)
class DrumTrack:
    """A synthesized track and where its beats are (seconds)."""

    samples: npt.NDArray[np.float32]
    sample_rate_hz: int
    beats_s: npt.NDArray[np.float64]
    downbeats_s: npt.NDArray[np.float64]
    tempo_bpm: float

    def write_wav(self, path: Path) -> Path:
        import soundfile

        soundfile.write(str(path), self.samples, self.sample_rate_hz, subtype="PCM_16")
        return path


def beat_times(
    tempo_bpm: float,
    duration_s: float,
    *,
    first_beat_s: float = 0.0,
    drift: float = 0.0,
    tempo_change: tuple[float, float] | None = None,
) -> npt.NDArray[np.float64]:
    """Beat times (s) from ``first_beat_s``; ``drift`` bends the tempo by ±drift along one sine period per minute;
    ``tempo_change`` (time s, BPM) switches to another tempo from the first beat at or after that time."""
    times = [first_beat_s]
    while True:
        t = times[-1]
        base = tempo_change[1] if tempo_change is not None and t >= tempo_change[0] else tempo_bpm
        bpm = base * (1.0 + drift * math.sin(2 * math.pi * t / 60.0))
        if t + 60.0 / bpm >= duration_s - 0.05:
            return np.asarray(times)
        times.append(t + 60.0 / bpm)


def drum_track(
    tempo_bpm: float,
    *,
    duration_s: float = 20.0,
    first_beat_s: float = 0.0,
    beats_per_bar: int = 4,
    drift: float = 0.0,
    silence_s: float = 0.0,
    quiet_intro_s: float = 0.0,
    quiet_gain_db: float = -24.0,
    noise_db: float | None = None,
    texture_change_s: float | None = None,
    gap_s: tuple[float, float] | None = None,
    tempo_change: tuple[float, float] | None = None,
    seed: int = 0,
) -> DrumTrack:
    """Synthesize a drum-and-bass-note track (mono float32 at 22.05 kHz) with known beats.

    ``silence_s`` of digital silence come first (no beats there), then ``quiet_intro_s`` of the same groove at
    ``quiet_gain_db``; ``noise_db`` adds white noise at that level (dBFS RMS) over everything. ``gap_s`` is a
    stretch of silence (start, end) in the middle, a band's break; its beats are not in ``beats_s``.
    ``tempo_change`` (time s, BPM) switches the tempo there (a new section at another tempo).
    """
    rng = np.random.default_rng(seed)
    sr = SAMPLE_RATE_HZ
    out = np.zeros(int(duration_s * sr) + sr, dtype=np.float64)
    beats = beat_times(
        tempo_bpm, duration_s, first_beat_s=silence_s + first_beat_s, drift=drift, tempo_change=tempo_change
    )
    kick, snare, hat = _kick(sr), _snare(sr, rng), _hat(sr, rng)
    for i, t in enumerate(beats):
        pos, period = int(t * sr), (beats[i + 1] - t if i + 1 < len(beats) else beats[i] - beats[i - 1])
        slot = i % beats_per_bar
        late = texture_change_s is not None and t >= texture_change_s
        if slot == 0 or (beats_per_bar == 4 and slot == 2):
            _add(out, pos, kick * (1.0 if slot == 0 else 0.8))
        else:
            _add(out, pos, snare * 0.7)
        subdivisions = 4 if late else 2
        for k in range(subdivisions):
            _add(out, pos + int(k * period / subdivisions * sr), hat * (0.12 if k % 2 == 0 else 0.08))
        if slot == 0:
            bar_len = int(period * beats_per_bar * sr)
            _add(out, pos, _bass(sr, _BASS_HZ[(i // beats_per_bar) % 4], bar_len) * 0.25)
            if late:
                _add(out, pos, _pad(sr, _PAD_HZ[(i // beats_per_bar) % 4], bar_len) * 0.12)
    out = out[: int(duration_s * sr)]
    _shape_intro(out, sr, silence_s, quiet_intro_s, quiet_gain_db)
    if noise_db is not None:
        out[int(silence_s * sr) :] += rng.standard_normal(len(out) - int(silence_s * sr)) * 10 ** (noise_db / 20)
    out *= 0.5 / max(np.abs(out).max(), 1e-9)
    downbeats = beats[::beats_per_bar]
    if gap_s is not None:
        out[int(gap_s[0] * sr) : int(gap_s[1] * sr)] = 0.0
        sounding = (beats < gap_s[0] - 0.01) | (beats >= gap_s[1])
        downbeats = downbeats[(downbeats < gap_s[0] - 0.01) | (downbeats >= gap_s[1])]
        beats = beats[sounding]
    return DrumTrack(out.astype(np.float32), sr, beats, downbeats, tempo_bpm)


def offbeat_bass_track(tempo_bpm: float, *, duration_s: float = 30.0, seed: int = 0) -> DrumTrack:
    """Hats on every beat and a light snare on 2 and 4 keep time over a loud bass note on every "and" (a driving
    off-beat bass line): the beats are the hats', the loudest onsets lie half a beat from them."""
    rng = np.random.default_rng(seed)
    sr = SAMPLE_RATE_HZ
    out = np.zeros(int(duration_s * sr) + sr, dtype=np.float64)
    beats = beat_times(tempo_bpm, duration_s)
    hat, snare = _hat(sr, rng), _snare(sr, rng)
    t = np.arange(int(0.18 * sr)) / sr
    period = 60.0 / tempo_bpm
    for i, beat in enumerate(beats):
        _add(out, int(beat * sr), hat * 0.15)
        if i % 2 == 1:
            _add(out, int(beat * sr), snare * 0.15)
        f = _BASS_HZ[(i // 4) % 4] * 2
        note = np.sin(2 * np.pi * f * t) + 0.5 * np.sin(4 * np.pi * f * t) + 0.3 * np.sin(6 * np.pi * f * t)
        _add(out, int((beat + period / 2) * sr), note * np.minimum(1.0, t / 0.003) * np.exp(-t / 0.08) * 0.6)
    out = out[: int(duration_s * sr)]
    out *= 0.5 / max(np.abs(out).max(), 1e-9)
    return DrumTrack(out.astype(np.float32), sr, beats, beats[::4], tempo_bpm)


def four_on_the_floor_track(tempo_bpm: float, *, duration_s: float = 20.0, seed: int = 0) -> DrumTrack:
    """A kick on every beat, a clap-like snare with it on 2 and 4, open hats on every "and" and a bass note on each
    "and" too (a house groove): every beat is a kick."""
    rng = np.random.default_rng(seed)
    sr = SAMPLE_RATE_HZ
    out = np.zeros(int(duration_s * sr) + sr, dtype=np.float64)
    beats = beat_times(tempo_bpm, duration_s)
    kick, snare, hat = _kick(sr), _snare(sr, rng), _hat(sr, rng)
    period = 60.0 / tempo_bpm
    for i, beat in enumerate(beats):
        pos, offbeat = int(beat * sr), int((beat + period / 2) * sr)
        _add(out, pos, kick)
        if i % 2 == 1:
            _add(out, pos, snare * 0.6)
        _add(out, offbeat, hat * 0.2)
        _add(out, offbeat, _bass(sr, _BASS_HZ[(i // 4) % 4], int(period / 2 * sr)) * 0.2)
    out = out[: int(duration_s * sr)]
    out *= 0.5 / max(np.abs(out).max(), 1e-9)
    return DrumTrack(out.astype(np.float32), sr, beats, beats[::4], tempo_bpm)


def slow_bass_track(tempo_bpm: float, *, attack_s: float = 0.08, duration_s: float = 20.0, seed: int = 0) -> DrumTrack:
    """A sustained bass line with no drums but quiet hats on the beats: a note every two beats, swelling in over
    ``attack_s`` and held until the next (a synth or bowed bass); it has low-band onsets on every other beat but no
    kick."""
    rng = np.random.default_rng(seed)
    sr = SAMPLE_RATE_HZ
    out = np.zeros(int(duration_s * sr) + sr, dtype=np.float64)
    beats = beat_times(tempo_bpm, duration_s)
    hat = _hat(sr, rng)
    length = int(2 * 60.0 / tempo_bpm * sr)
    t = np.arange(length) / sr
    shape = np.minimum(1.0, t / attack_s) * np.minimum(1.0, (t[-1] - t) / 0.03)
    for i, beat in enumerate(beats):
        _add(out, int(beat * sr), hat * 0.05)
        if i % 2 == 0:
            f = _BASS_HZ[(i // 2) % 4]
            tone = np.sin(2 * np.pi * f * t) + 0.4 * np.sin(4 * np.pi * f * t) + 0.2 * np.sin(6 * np.pi * f * t)
            _add(out, int(beat * sr), tone * shape * 0.3)
    out = out[: int(duration_s * sr)]
    out *= 0.5 / max(np.abs(out).max(), 1e-9)
    return DrumTrack(out.astype(np.float32), sr, beats, beats[::4], tempo_bpm)


def calm_pad_track(tempo_bpm: float, *, duration_s: float = 30.0, seed: int = 0) -> DrumTrack:
    """An ambient piece with no drums: pad chords swelling in over a beat on every downbeat (a chord a bar) and a
    soft bell-like note on each beat, its attack 40 ms, a quiet bass under each chord; loud and soft bars alternate
    in fours, as phrases do."""
    rng = np.random.default_rng(seed)
    sr = SAMPLE_RATE_HZ
    out = np.zeros(int(duration_s * sr) + 4 * sr, dtype=np.float64)
    beats = beat_times(tempo_bpm, duration_s)
    beat_s = 60.0 / tempo_bpm
    note = np.arange(int(beat_s * sr)) / sr
    for i, t in enumerate(beats):
        bar = i // 4
        gain = 1.0 if (bar // 4) % 2 else 0.6
        if i % 4 == 0:
            length = int(4 * beat_s * sr)
            pad = _pad(sr, _PAD_HZ[bar % 4], length) * np.minimum(1.0, np.arange(length) / (beat_s * sr))
            _add(out, int(t * sr), pad * 0.12 * gain)
            bass = np.sin(2 * np.pi * _BASS_HZ[bar % 4] * 2 * np.arange(length) / sr)
            _add(out, int(t * sr), bass * np.minimum(1.0, np.arange(length) / (0.5 * sr)) * 0.15 * gain)
        pitch = _PAD_HZ[bar % 4][i % 3] * 2 * (1 + 0.002 * rng.standard_normal())
        bell = np.sin(2 * np.pi * pitch * note) * np.minimum(1.0, note / 0.04) * np.exp(-note / 0.6)
        _add(out, int(t * sr), bell * 0.1 * gain)
    out = out[: int(duration_s * sr)]
    out *= 0.5 / max(np.abs(out).max(), 1e-9)
    return DrumTrack(out.astype(np.float32), sr, beats, beats[::4], tempo_bpm)


def rubato_strings_track(
    tempo_bpm: float,
    *,
    duration_s: float = 40.0,
    rubato: float = 0.12,
    ornament_gain: float = 0.35,
    beats_per_bar: int = 4,
    seed: int = 0,
) -> DrumTrack:
    """A slow string piece played rubato, with no drums: a legato melody whose note changes on every beat over
    sustained chords, both bowed with vibrato and an uneven bow (onsets at every phase), and a soft grace note
    halfway between the beats (``ornament_gain`` of a melody note). The chord changes on every downbeat
    (``beats_per_bar``). The tempo swings by ±``rubato`` over each 10 s phrase."""
    rng = np.random.default_rng(seed)
    sr = SAMPLE_RATE_HZ
    n = int(duration_s * sr)
    out = np.zeros(n + 4 * sr, dtype=np.float64)
    times = [0.3]
    while times[-1] < duration_s - 1.0:
        t = times[-1]
        times.append(t + 60.0 / (tempo_bpm * (1.0 + rubato * math.sin(2 * math.pi * t / 10.0))))
    beats = np.asarray(times)
    # the uneven bow: the level wanders by ±25 % with a new value every 70 ms
    knots_s = np.arange(0.0, len(out) / sr + 0.07, 0.07)
    bow = 1.0 + 0.25 * np.interp(np.arange(len(out)) / sr, knots_s, rng.uniform(-1, 1, len(knots_s)))
    for i, t in enumerate(beats):
        length = int((beats[i + 1] - t if i + 1 < len(beats) else 1.0) * sr) + int(0.05 * sr)
        bar = i // beats_per_bar
        pitch = _PAD_HZ[bar % 4][i % 3] * 2 * (1.5 if i % 2 else 1.0)
        _add(out, int(t * sr), _bowed(sr, pitch, length, 0.06) * 0.3)
        if i % beats_per_bar == 0:
            for f in _PAD_HZ[bar % 4]:
                _add(out, int(t * sr), _bowed(sr, f, int((beats_per_bar + 0.2) * 60.0 / tempo_bpm * sr), 0.3) * 0.1)
        if i + 1 < len(beats):
            grace = (t + beats[i + 1]) / 2
            _add(out, int(grace * sr), _bowed(sr, pitch * 1.122, int(0.12 * sr), 0.02) * 0.3 * ornament_gain)
    out = (out * bow)[:n]
    out *= 0.5 / max(np.abs(out).max(), 1e-9)
    return DrumTrack(out.astype(np.float32), sr, beats, beats[::beats_per_bar], tempo_bpm)


def _bowed(sr: int, freq_hz: float, length: int, attack_s: float) -> npt.NDArray[np.float64]:
    """A bowed string: six harmonics falling off as 1/k, a 5.5 Hz vibrato of ±0.6 %, swelling in over ``attack_s``
    and fading over the last 50 ms."""
    t = np.arange(length) / sr
    phase = 2 * np.pi * np.cumsum(freq_hz * (1.0 + 0.006 * np.sin(2 * np.pi * 5.5 * t))) / sr
    tone = sum(np.sin(k * phase) / k for k in range(1, 7))
    fade = np.minimum(1.0, (t[-1] - t) / 0.05) if length > 1 else np.ones(length)
    return np.asarray(tone) * np.minimum(1.0, t / attack_s) * fade


def _shape_intro(out: npt.NDArray[np.float64], sr: int, silence_s: float, quiet_s: float, gain_db: float) -> None:
    out[: int(silence_s * sr)] = 0.0
    quiet = slice(int(silence_s * sr), int((silence_s + quiet_s) * sr))
    out[quiet] *= 10 ** (gain_db / 20)


def _add(out: npt.NDArray[np.float64], pos: int, sound: npt.NDArray[np.float64]) -> None:
    end = min(len(out), pos + len(sound))
    if 0 <= pos < end:
        out[pos:end] += sound[: end - pos]


def _kick(sr: int) -> npt.NDArray[np.float64]:
    t = np.arange(int(0.25 * sr)) / sr
    freq = 50 + 100 * np.exp(-t / 0.03)
    return np.sin(2 * np.pi * np.cumsum(freq) / sr) * np.exp(-t / 0.08)


def _snare(sr: int, rng: np.random.Generator) -> npt.NDArray[np.float64]:
    t = np.arange(int(0.2 * sr)) / sr
    noise = rng.standard_normal(len(t)) * np.exp(-t / 0.05)
    return 0.6 * noise + 0.5 * np.sin(2 * np.pi * 190 * t) * np.exp(-t / 0.06)


def _hat(sr: int, rng: np.random.Generator) -> npt.NDArray[np.float64]:
    t = np.arange(int(0.05 * sr)) / sr
    return np.diff(rng.standard_normal(len(t) + 1)) * np.exp(-t / 0.012)


def _bass(sr: int, freq_hz: float, length: int) -> npt.NDArray[np.float64]:
    t = np.arange(length) / sr
    tone = (
        np.sin(2 * np.pi * freq_hz * t) + 0.4 * np.sin(4 * np.pi * freq_hz * t) + 0.2 * np.sin(6 * np.pi * freq_hz * t)
    )
    return tone * np.minimum(1.0, t / 0.01) * np.exp(-t / 2.0)


def _pad(sr: int, chord_hz: tuple[float, ...], length: int) -> npt.NDArray[np.float64]:
    t = np.arange(length) / sr
    tone = sum(np.sin(2 * np.pi * f * t) + 0.3 * np.sin(4 * np.pi * f * t) for f in chord_hz)
    return np.asarray(tone) * np.minimum(1.0, t / 0.2)


# ffmpeg arguments per container: every format the product accepts for music, plus a video with the track as sound.
ENCODINGS: dict[str, tuple[str, ...]] = {
    "wav": ("-c:a", "pcm_s16le"),
    "flac": ("-c:a", "flac"),
    "ogg": ("-c:a", "libvorbis", "-q:a", "5"),
    "m4a": ("-c:a", "aac", "-b:a", "160k"),
    "aac": ("-c:a", "aac", "-b:a", "160k", "-f", "adts"),
    "mp3": ("-c:a", "libmp3lame", "-b:a", "192k"),
}


def encode(source: Path, target: Path, *, with_cover: bool = False) -> Path:
    """Encode ``source`` (any audio) as ``target`` (its suffix picks the format) with the bundled ffmpeg; an MP3
    ``with_cover`` also carries a PNG picture stream, as tagged downloads do."""
    import subprocess

    from nemo_notebook.engine.ffmpeg import ffmpeg_exe

    cmd = [ffmpeg_exe(), "-v", "error", "-y", "-i", str(source)]
    if target.suffix == ".mp4":
        cmd += ["-f", "lavfi", "-i", "color=c=navy:s=64x64:r=10", "-shortest", "-map", "1:v", "-map", "0:a"]
        cmd += ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac"]
    elif with_cover:
        cover = target.with_suffix(".cover.png")
        subprocess.run(
            [
                ffmpeg_exe(),
                "-v",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "color=c=red:s=32x32",
                "-frames:v",
                "1",
                str(cover),
            ],
            check=True,
            timeout=60,
        )
        cmd += [
            "-i",
            str(cover),
            "-map",
            "0:a",
            "-map",
            "1:v",
            "-c:v",
            "png",
            "-disposition:v",
            "attached_pic",
            *ENCODINGS["mp3"],
        ]
    else:
        cmd += list(ENCODINGS[target.suffix.lstrip(".")])
    subprocess.run([*cmd, str(target)], check=True, capture_output=True, timeout=120)
    return target
