"""SoundFont synthesis with midirenderer: the parts' MIDI → 48 kHz stereo samples, each part at its level.

Why midirenderer: it wraps rustysynth 1.3 (a Rust SF2 synthesizer with reverb and chorus; the wheel links it
statically, so the extension needs nothing from the system but libc) in abi3 wheels for Linux, macOS and Windows
(x86-64 and ARM64), MIT, and renders a three-minute arrangement in one to three seconds of CPU here. The
alternatives fail the "pip alone" rule: pyfluidsynth needs the FluidSynth shared library from the system,
tinysoundfont declares pyaudio (no Linux wheel, and its build needs PortAudio's headers), and a synthesizer written
in numpy would not sound like the instruments. Its limits: no API for sample rate, polyphony or effects (it returns
48 kHz stereo 16-bit WAV bytes, which is what the track is delivered as), it holds the GIL while it renders, and
rendering stops at the MIDI file's last event (so the final chord is held to the track's end).

The mix sets every part's level from its measured loudness, so the balance holds whatever level the SoundFont's
samples happen to have: each part is first rendered alone for a few seconds, its level measured, and its channel
volume set; then the whole piece renders in one pass (rendering every part in full on its own would cost a fixed
overhead per pass, about a quarter of a second a minute here). Where a track has two such mixes (its high parts, and
its bass and drums), ``render_mixes`` renders the first in a process of its own (``beside``) while this one renders
the second: the GIL held by the synthesizer keeps threads from doing so.
"""

from __future__ import annotations

import contextlib
import io
import struct
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from nemo_notebook.engine.errors import EngineError
from nemo_notebook.engine.music.midi import midi_bytes
from nemo_notebook.engine.music.notes import Note, Part
from nemo_notebook.engine.music.soundfont import font_for

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Audio = npt.NDArray[np.float32]

SAMPLE_RATE = 48_000
_EXCERPT_MS = 2_500.0  # long enough for a bar or two of any part at any tempo we write, short enough to be cheap


class SynthesisError(EngineError):
    """The SoundFont synthesizer failed or is missing."""


def render_parts(parts: Sequence[Part], *, tempo_bpm: float, volumes: Sequence[int] | None = None) -> Audio:
    """Parts rendered together as float32 stereo samples at 48 kHz, shape ``(n, 2)``, from the track's time 0.

    ``volumes`` are the parts' MIDI channel volumes (CC 7, 1..127; 110 when not given).
    """
    with _failing_as_synthesis(len(parts)):
        import midirenderer

        font = font_for(preset_of(p) for p in parts)
        wav = midirenderer.render_wave_from(font, midi_bytes(parts, tempo_bpm=tempo_bpm, volumes=volumes))
    return decoded_wav(wav)


@contextlib.contextmanager
def _failing_as_synthesis(count: int) -> Iterator[None]:
    try:
        yield
    except BaseException as exc:  # a Rust panic arrives as pyo3's PanicException, a BaseException
        if isinstance(exc, KeyboardInterrupt | SystemExit | SynthesisError):
            raise
        raise SynthesisError(f"the SoundFont synthesizer failed on {count} part(s): {exc}") from exc


def decoded_wav(wav: bytes) -> Audio:
    """The synthesizer's WAV as float32 stereo: read in place when it is its usual 44-byte 16-bit stereo header.

    (soundfile took 0.1-0.15 s of CPU for a three-minute render, copying it twice; this reads it once.)
    """
    import numpy as np
    import soundfile as sf

    channels, rate, bits = struct.unpack_from("<HIxxxxxxH", wav, 22) if len(wav) >= 44 else (0, 0, 0)
    if wav[:4] == b"RIFF" and wav[36:40] == b"data" and (channels, bits) == (2, 16):
        samples = np.frombuffer(wav, dtype="<i2", offset=44).reshape(-1, 2) * np.float32(1 / 32768)
    else:
        samples, rate = sf.read(io.BytesIO(wav), dtype="float32", always_2d=True)
        samples = samples[:, :2] if samples.shape[1] >= 2 else np.repeat(samples, 2, axis=1)
    if rate != SAMPLE_RATE:
        raise SynthesisError(f"the synthesizer returned {rate} Hz audio, expected {SAMPLE_RATE} Hz")
    return np.ascontiguousarray(samples, dtype=np.float32)


def preset_of(part: Part) -> tuple[int, int]:
    """The SoundFont preset (bank, program) the part plays: bank 128 for drums (MIDI channel 10), 0 otherwise."""
    return (128 if part.is_drum else 0, part.program)


def render_mix(parts: Sequence[Part], *, tempo_bpm: float, length: int) -> Audio:
    """Every part at its ``level_db`` in the mix, rendered in one pass, ``length`` samples long.

    Each part's loudness is measured on a short excerpt rendered alone (its busiest few seconds), and its channel
    volume set so that it sits at ``level_db`` relative to the drums.
    """
    import numpy as np

    if not parts:
        return np.zeros((length, 2), dtype=np.float32)
    rendered = render_parts(parts, tempo_bpm=tempo_bpm, volumes=channel_volumes(parts, tempo_bpm=tempo_bpm))
    return _fitted(rendered, length)


def _fitted(rendered: Audio, length: int) -> Audio:
    import numpy as np

    if len(rendered) >= length:
        return rendered[:length]
    return np.pad(rendered, ((0, length - len(rendered)), (0, 0)))


def render_mixes(
    groups: Sequence[Sequence[Part]], *, tempo_bpm: float, length: int, done: Callable[[], None] | None = None
) -> list[Audio]:
    """Each group of parts mixed as ``render_mix`` mixes it (the same samples), the groups' passes side by side:
    every group but the last in a process of its own (``beside``), the last here meanwhile. ``done`` is told as
    each pass ends. (Epic's two passes, 3.7 and 2.6 s of CPU for three minutes, took 6.3 s one after the other.)
    """
    from nemo_notebook.engine.music.beside import PassBeside, PassFailed, can_render_beside

    aside: list[PassBeside] = []
    try:
        if can_render_beside():
            for group in groups[:-1]:
                volumes = channel_volumes(group, tempo_bpm=tempo_bpm)
                with _failing_as_synthesis(len(group)):
                    font = font_for(preset_of(p) for p in group)
                    aside.append(PassBeside(font, midi_bytes(group, tempo_bpm=tempo_bpm, volumes=volumes)))
        here = groups[len(aside) :]  # all of them when no process could be started
        mixes = []
        for group in here:
            mixes.append(render_mix(group, tempo_bpm=tempo_bpm, length=length))
            if done is not None:
                done()
        for group, running in zip(groups, aside, strict=False):
            try:
                wav = running.wav()
            except PassFailed as exc:
                raise SynthesisError(f"the SoundFont synthesizer failed on {len(group)} part(s): {exc}") from exc
            mixes.insert(len(mixes) - len(here), _fitted(decoded_wav(wav), length))
            if done is not None:
                done()
        return mixes
    finally:
        for running in aside:
            running.stop()


def channel_volumes(parts: Sequence[Part], *, tempo_bpm: float) -> list[int]:
    """CC 7 values that put every part at its ``level_db`` (the loudest part at 127)."""
    wanted = []
    for part in parts:
        measured = active_level_db(render_parts([_excerpt(part)], tempo_bpm=tempo_bpm, volumes=[127]))
        wanted.append(-60.0 if measured is None else part.level_db - measured)
    top = max(wanted)
    # Channel volume scales amplitude by (cc/127)², i.e. 40·log10(cc/127) dB, as measured on this synthesizer.
    return [max(1, min(127, round(127 * 10 ** ((gain - top) / 40)))) for gain in wanted]


def _excerpt(part: Part) -> Part:
    """The part's busiest few seconds, moved to start at 0, with its controllers as they stand then (the pedal)."""
    starts = [n.start_ms for n in part.notes]
    candidates = starts[:: max(1, len(starts) // 32)]
    begin = max(candidates, key=lambda t: sum(1 for s in starts if t <= s < t + _EXCERPT_MS))
    notes = tuple(
        Note(n.pitch, n.start_ms - begin, min(n.end_ms, begin + _EXCERPT_MS) - begin, n.velocity)
        for n in part.notes
        if begin <= n.start_ms < begin + _EXCERPT_MS - 1
    )
    standing = {c.number: c for c in sorted(part.controls, key=lambda c: c.time_ms) if c.time_ms < begin}
    controls = [replace(c, time_ms=0.0) for c in standing.values()]
    controls += [
        replace(c, time_ms=c.time_ms - begin) for c in part.controls if begin <= c.time_ms < begin + _EXCERPT_MS
    ]
    return replace(part, notes=notes, controls=tuple(controls))


def active_level_db(samples: Audio, *, block: int = 4_800) -> float | None:
    """RMS level (dBFS) of the blocks where a stem actually plays: within 30 dB of its loudest 100 ms.

    Averaging only where the part plays keeps a part that rests for half the piece from being pushed up.
    """
    import numpy as np

    blocks = len(samples) // block
    if blocks == 0:
        return None
    power = (
        np.square(samples[: blocks * block], dtype=np.float32).reshape(blocks, block * 2).mean(axis=1, dtype=np.float64)
    )
    if power.max() <= 1e-12:
        return None
    active = power[power >= power.max() * 1e-3]
    return float(10 * np.log10(active.mean()))
