"""The composer's piano: the Salamander Grand Piano in velocity layers, its loudness following the velocity as before
while its timbre changes with it, and its licence (CC BY 3.0) shipped beside the SoundFont."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

import nemo_notebook
from nemo_notebook.engine.music import synth
from nemo_notebook.engine.music.notes import Note, Part
from nemo_notebook.engine.music.sf2 import SoundFont, parse_sf2
from nemo_notebook.engine.music.soundfont import piano_licence_path, soundfont_path
from tests.music.zones import samples_played

PACKAGE = Path(nemo_notebook.__file__).parent


def _samples_played(font: SoundFont, key: int, velocity: int) -> frozenset[int]:
    """The samples the grand piano (0:0) sounds for a note."""
    return samples_played(font, 0, key, velocity)


def test_the_shipped_piano_plays_each_key_from_at_least_four_velocity_layers_of_its_own_recordings() -> None:
    font = parse_sf2(soundfont_path().read_bytes())  # headers only: the samples are in the FLAC beside it
    for key in (36, 48, 60, 72, 84):
        layers = {_samples_played(font, key, velocity) for velocity in range(1, 128)}
        assert frozenset() not in layers, key  # every velocity sounds
        assert len(layers) >= 4, (key, layers)  # Fluid's piano: one recording (a stereo pair) for every velocity
        recorded = [s for layer in layers for s in layer]
        assert len(recorded) == len(set(recorded)), key  # each layer a recording of its own
        assert {font.samples[s].original_pitch for s in recorded} <= set(range(key - 1, key + 2)), key


def _piano_note(pitch: int, velocity: int) -> tuple[float, float]:
    """Level (dBFS) and the share of the spectrum above 2 kHz (dB) of the first second of one piano note."""
    part = Part("arp", 0, False, (Note(pitch, 0.0, 1_500.0, velocity),), reverb=0)
    audio = synth.render_parts([part], tempo_bpm=120.0)[: synth.SAMPLE_RATE].mean(axis=1)
    power = np.abs(np.fft.rfft(audio * np.hanning(len(audio)))) ** 2
    freqs = np.fft.rfftfreq(len(audio), 1 / synth.SAMPLE_RATE)
    return 10 * float(np.log10(power.sum() / len(audio) ** 2)), 10 * float(
        np.log10(power[freqs > 2_000].sum() / power.sum())
    )


def test_a_soft_piano_note_is_a_darker_recording_not_a_filtered_loud_one() -> None:
    # the share of the spectrum above 2 kHz, loud (110) over soft (40): Fluid's one sample, darkened by a filter
    # cutoff per velocity, gave 2.2, 3.8, 3.0, 2.9 and 1.1 dB at C2-C6; the recorded layers 17.7, 11.7, 14.4, 6.9, 13.4
    for pitch, margin_db in ((36, 8.0), (48, 6.0), (60, 8.0), (72, 4.5), (84, 6.0)):
        soft, loud = _piano_note(pitch, 40)[1], _piano_note(pitch, 110)[1]
        assert loud - soft > margin_db, (pitch, soft, loud)


def test_from_one_velocity_layer_to_the_next_the_timbre_steps_and_the_loudness_does_not() -> None:
    font = parse_sf2(soundfont_path().read_bytes())
    bounds = [v for v in range(1, 127) if _samples_played(font, 60, v) != _samples_played(font, 60, v + 1)]
    assert len(bounds) >= 3
    for velocity in bounds:  # a velocity step's 0.15-0.26 dB (40·log10), measured 0.13-0.32 across the layers'
        (below_db, below_tone), (above_db, above_tone) = _piano_note(60, velocity), _piano_note(60, velocity + 1)
        assert 0.0 < above_db - below_db < 0.6, velocity
        assert above_tone - below_tone > 0.5, velocity  # 6.6, 5.1, 2.8 and 1.1 dB more above 2 kHz


def test_the_piano_recordings_licence_ships_beside_the_soundfont_and_the_font_credits_them() -> None:
    licence = piano_licence_path()
    assert licence.parent == PACKAGE / "assets" / "soundfont"
    text = licence.read_text()
    assert "Salamander Grand Piano V3" in text and "Alexander Holm" in text and "CC BY 3.0" in text
    assert "creativecommons.org/licenses/by/3.0" in text and "Changes made" in text  # the licence's three duties
    wheel_data = re.search(r"nemo_notebook = \[(.*)\]", (PACKAGE.parent / "pyproject.toml").read_text())
    assert wheel_data and '"assets/soundfont/*"' in wheel_data.group(1)  # the wheel carries the folder
    info = dict(parse_sf2(soundfont_path().read_bytes()).info)
    assert b"Salamander Grand Piano V3 by Alexander Holm" in info[b"ICMT"] and b"CC BY 3.0" in info[b"ICMT"]


def _side_over_mid(samples: np.ndarray) -> float:
    mid, side = (samples[:, 0] + samples[:, 1]) / 2, (samples[:, 0] - samples[:, 1]) / 2
    return float(np.sqrt(np.mean(side**2) / np.mean(mid**2)))


def test_a_solo_piano_is_as_wide_as_a_recorded_pair_of_microphones_hears_one(tmp_path: Path) -> None:
    import soundfile as sf

    from nemo_notebook.engine.music import generate_track

    track = generate_track(tmp_path / "piano.wav", words="a solo piano 20-second track", seed=1)
    samples, _ = sf.read(track.path, dtype="float64", always_2d=True)
    # one microphone a key, panned +-20 %: side/mid 0.28 (30 s, seed 1); real pianos 0.5-0.8; spread, 0.53
    assert 0.45 <= _side_over_mid(samples) <= 0.8


def test_the_spread_widens_a_stem_and_leaves_its_mono_sum_as_it_was() -> None:
    from nemo_notebook.engine.music.mixbus import Stem, mix

    rate = 48_000
    t = np.arange(rate) / rate
    tone = (0.2 * np.sin(2 * np.pi * 330 * t) * np.exp(-3 * t)).astype(np.float32)
    audio = np.stack([tone, tone], axis=1)
    plain, spread = (
        mix([Stem("piano", audio, -6.0, send=0.0, spread=gain)], sample_rate=rate, length=rate) for gain in (0.0, 0.5)
    )
    assert _side_over_mid(plain) < 0.01 and _side_over_mid(spread) >= 0.3
    mono, widened = plain.sum(axis=1), spread.sum(axis=1)
    # the mono sum is the same sound (what differs, 27 dB under it, is the bus compressor meeting wider channels)
    assert 10 * np.log10(np.mean((mono - widened) ** 2) / np.mean(mono**2)) <= -20.0


@pytest.mark.parametrize(("words", "seed"), [("a solo piano 20-second track", 1), ("a sad piano track, 20 seconds", 2),
                                             ("calm piano music, 20 seconds", 3)])  # fmt: skip
def test_a_solo_pianos_left_hand_reaches_the_sub_bass_of_a_real_recording(
    words: str, seed: int, tmp_path: Path
) -> None:
    """The SoundFont's low keys carry their fundamental 35 dB under the note's whole: a solo piano's power under
    60 Hz was -36 dB of the mix (real recordings -26.3 to -4.6). The left hand plays from E1, at the right hand's
    level, its body's low end lifted at 50 Hz, and spread as the right hand is."""
    import soundfile as sf

    from nemo_notebook.engine.music import generate_track
    from tests.benchmarks.music_likeness import sub_bass_share

    track = generate_track(tmp_path / "piano.wav", words=words, seed=seed)
    samples, rate = sf.read(track.path, dtype="float64", always_2d=True)
    assert track.instruments == ("piano",)
    assert -26.0 <= sub_bass_share(samples.mean(axis=1), rate) <= -12.0  # -36.5, -36.0, -35.9 on main; now about -24
    assert 0.45 <= _side_over_mid(samples) <= 0.8
    assert abs(track.loudness_lufs + 14) <= 0.1 and track.true_peak_dbtp <= -1.0


def test_a_minute_of_solo_piano_keeps_its_top_band_moving_as_a_recording_does(tmp_path: Path) -> None:
    """The 6-16 kHz band's level over 50 ms frames, 90th less 10th percentile: 11.4 dB for a 60 s solo piano (the
    room's bed 45 dB under the music filling the band between the notes; real recordings 12.1-52); its floor now
    50 dB under: 16.2."""
    import soundfile as sf

    from nemo_notebook.engine.music import generate_track
    from tests.benchmarks.music_likeness import top_band_spread

    track = generate_track(tmp_path / "piano.wav", words="a piano 60-second track", seed=1)
    samples, rate = sf.read(track.path, dtype="float64", always_2d=True)
    assert top_band_spread(samples.mean(axis=1), rate) >= 13.5
