"""The produced sound: synthesised voices, the drum kit, the mix bus and its reverb, tonal balance; and music that
is not a loop (no melody note clashing with its chord on a strong beat, an arrangement that builds, fills)."""

from __future__ import annotations

import numpy as np
import pytest

from nemo_notebook.engine.music import STYLES, brief_from_words, compose
from nemo_notebook.engine.music.balance import balance, target_for
from nemo_notebook.engine.music.drumkit import KICK, render_kit
from nemo_notebook.engine.music.mixbus import Stem, _impulse_response, compress, mix
from nemo_notebook.engine.music.notes import Note
from nemo_notebook.engine.music.produce import PRODUCED, instruments, voice_for
from nemo_notebook.engine.music.voices import render_voice

SR = 48_000


@pytest.mark.parametrize("style", sorted(STYLES))
def test_no_melody_note_clashes_with_its_chord_on_a_strong_beat(style: str) -> None:
    piece = compose(brief_from_words(f"a {style} 60-second track"), seed=4)
    beat_ms = 60_000 / piece.tempo_bpm
    first = piece.beats_ms[0]
    final_ms = next(s.start_ms for s in piece.sections if s.name == "ending")
    checked = 0
    for part in piece.parts:
        if part.name not in ("lead", "counter"):
            continue
        for note in part.notes:
            beat = (note.start_ms - first) / beat_ms
            if abs(beat - round(beat)) * beat_ms > 12 or round(beat) % 2:  # beats one and three only
                continue
            half = min(round(beat) // 2, len(piece.half_bar_chords) - 1)  # the chord of the half bar it starts in
            if note.start_ms >= final_ms - 15:  # the final chord, even when it lands half way through a bar
                half = len(piece.half_bar_chords) - 1
            now = piece.half_bar_chords[half]
            assert note.pitch % 12 in now.pitch_classes, (style, part.name, note, now)
            checked += 1
    assert checked or STYLES[style].melody_density < 0.3


def test_the_arrangement_builds_and_fills_mark_the_phrases() -> None:
    piece = compose(brief_from_words("an upbeat 3-minute track"), seed=2)
    names = [s.name for s in piece.sections]
    assert names[1] == "intro" or names[0] == "intro"
    assert "verse" in names and "chorus" in names and "bridge" in names and "outro" in names
    energy = {s.name: s.energy for s in piece.sections}
    assert energy["chorus"] > energy["verse"] > energy["intro"]
    choruses = [s for s in piece.sections if s.name == "chorus"]
    assert choruses[-1].energy >= choruses[0].energy  # the last chorus lifts
    count = {s.name: 0 for s in piece.sections}
    for section in piece.sections:  # more parts play in the chorus than in the verse
        count[section.name] = max(count[section.name], _parts_playing(piece, section.start_ms, section.end_ms))
    assert count["chorus"] > count["verse"]


def _parts_playing(piece, start: float, end: float) -> int:  # type: ignore[no-untyped-def]
    return sum(1 for p in piece.parts if any(start <= n.start_ms < end for n in p.notes))


def test_produced_styles_play_synthesised_instruments_and_acoustic_ones_the_soundfont() -> None:
    for style in PRODUCED:
        piece = compose(brief_from_words(f"a {style} 20-second track"), seed=1)
        voices = {p.name: voice_for(p, style) for p in piece.parts}
        assert voices["bass"] == "bass" and voices.get("drums", "kit") == "kit"
        assert any(v in ("pad", "supersaw", "square", "keys", "bell", "pluck") for v in voices.values())
    cinematic = compose(brief_from_words("a cinematic 20-second track"), seed=1)
    assert all(voice_for(p, "cinematic") is None for p in cinematic.parts if p.name in ("bass", "drums"))
    assert "synth drums" in instruments(compose(brief_from_words("an electronic 20-second track"), seed=1))


@pytest.mark.parametrize("voice", ["supersaw", "pad", "square", "bass", "keys", "bell", "pluck"])
def test_every_voice_sounds_at_its_pitch_in_stereo_and_stays_band_limited(voice: str) -> None:
    rate = SR // 2
    audio = render_voice(voice, [Note(57, 0.0, 600.0, 100)], rate, rate, seed=1)
    assert audio.shape == (rate, 2) and np.isfinite(audio).all() and np.abs(audio).max() > 0.01
    spectrum = np.abs(np.fft.rfft(audio[: rate // 2, 0] + audio[: rate // 2, 1])) ** 2
    freqs = np.fft.rfftfreq(rate // 2, 1 / rate)
    peak = freqs[np.argmax(spectrum[freqs > 50]) + np.sum(freqs <= 50)]
    fundamental = 220.0 / (2 if voice == "bass" else 1)  # the bass's sub sits an octave down
    assert min(abs(peak - fundamental * k) for k in (1, 2, 3)) < 8
    assert spectrum[freqs > 9_000].sum() < 0.01 * spectrum.sum()  # the filter closes the top: no fizz, no aliasing
    if voice in ("supersaw", "pad"):  # detuned voices spread left and right
        side = audio[:, 0] - audio[:, 1]
        assert np.sqrt(np.mean(side**2)) > 0.1 * np.sqrt(np.mean((audio[:, 0] + audio[:, 1]) ** 2))


def test_velocity_opens_the_filter() -> None:
    rate = SR // 2

    def brightness(velocity: int) -> float:
        """The share of the attack's power above 1.5 kHz."""
        audio = render_voice("supersaw", [Note(57, 0.0, 400.0, velocity)], rate // 2, rate).mean(axis=1)
        spectrum = np.abs(np.fft.rfft(audio[: int(0.15 * rate)])) ** 2
        freqs = np.fft.rfftfreq(int(0.15 * rate), 1 / rate)
        return float(spectrum[freqs > 1_500].sum() / spectrum.sum())

    assert brightness(120) > brightness(50) * 1.5


def test_the_kit_puts_the_kick_on_its_own_stem_with_a_falling_pitch() -> None:
    kick, kit = render_kit([Note(KICK, 100.0, 200.0, 120), Note(42, 500.0, 600.0, 100)], SR, SR)
    assert np.abs(kick[: int(0.09 * SR)]).max() == 0 and np.abs(kick).max() > 0.3
    assert np.abs(kit[: int(0.49 * SR)]).max() == 0 and np.abs(kit).max() > 0.01
    body = kick[int(0.1 * SR) : int(0.3 * SR), 0]
    crossings = np.flatnonzero(np.diff(np.signbit(body)))
    early, late = np.diff(crossings[:6]).mean(), np.diff(crossings[-6:]).mean()
    assert late > early * 1.3  # the pitch falls


def test_the_reverb_decays_in_its_time_and_is_decorrelated_left_and_right() -> None:
    ir = _impulse_response(SR // 2, 2.0).astype(np.float64)
    energy = np.cumsum((ir**2).sum(axis=1)[::-1])[::-1]
    decay_db = 10 * np.log10(np.maximum(energy / energy[0], 1e-12))
    t60 = np.argmax(decay_db < -60) / (SR // 2) if (decay_db < -60).any() else len(ir) / (SR // 2)
    assert 1.2 < t60 <= 2.2
    correlation = np.corrcoef(ir[:, 0], ir[:, 1])[0, 1]
    assert abs(correlation) < 0.3


def test_the_pump_ducks_a_stem_after_every_kick_and_the_bus_stays_finite() -> None:
    length = 2 * SR
    tone = np.tile(np.sin(2 * np.pi * 330 * np.arange(length) / SR)[:, None], (1, 2)).astype(np.float32)
    kicks = [0.5, 1.0, 1.5]
    pumped = mix([Stem("pad", tone, -6.0, pump=0.8, send=0.0)], sample_rate=SR, length=length, kicks_s=kicks)
    level = np.abs(pumped[:, 0])
    after = level[int(0.51 * SR) : int(0.53 * SR)].max()
    before = level[int(0.45 * SR) : int(0.49 * SR)].max()
    assert after < 0.5 * before and np.isfinite(pumped).all()
    loud = (np.ones((SR, 2)) * 0.9).astype(np.float32)
    assert np.abs(compress(loud, SR)[-100:]).max() < 0.9  # above the threshold the bus comes down


def test_balance_lifts_a_dull_narrow_mix_to_its_target_and_leaves_a_good_one() -> None:
    rng = np.random.default_rng(0)
    from scipy.signal import butter, sosfilt

    dull = sosfilt(butter(4, 400, fs=SR, output="sos"), rng.standard_normal((3 * SR, 2)), axis=0)
    dull = (dull[:, :1] + 0.05 * dull).astype(np.float32)  # nearly mono
    out = balance(dull, style="upbeat", sample_rate=SR)
    spectrum = np.abs(np.fft.rfft(out.mean(axis=1))) ** 2
    freqs = np.fft.rfftfreq(len(out), 1 / SR)
    assert (spectrum * freqs).sum() / spectrum.sum() > (np.abs(np.fft.rfft(dull.mean(axis=1))) ** 2 * freqs).sum() / (
        np.abs(np.fft.rfft(dull.mean(axis=1))) ** 2
    ).sum()

    def width(x: np.ndarray) -> float:
        return float(np.sqrt(np.mean((x[:, 0] - x[:, 1]) ** 2) / np.mean((x[:, 0] + x[:, 1]) ** 2)))

    assert width(out) > 1.5 * width(dull)  # widened, by at most 1.8×: what is mono stays mono
    hiss = (0.1 * rng.standard_normal((SR, 2))).astype(np.float32)  # white: most of its power above 4 kHz

    def air(x: np.ndarray) -> float:
        power = np.abs(np.fft.rfft(x.mean(axis=1))) ** 2
        return float(power[np.fft.rfftfreq(len(x), 1 / SR) > 4_000].sum() / power.sum())

    assert air(balance(hiss, style="calm", sample_rate=SR)) < air(hiss)  # the top comes down
    assert target_for("calm").centroid_hz >= 900 and target_for("electronic").centroid_hz >= 1000
