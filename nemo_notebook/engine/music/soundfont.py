"""The General MIDI SoundFont the composer plays its acoustic parts on, shipped in the package (MIT).

``assets/soundfont/`` holds a cut of Frank Wen's Fluid (R3) GM SoundFont (MIT; ``LICENSE-FluidR3.txt`` beside it):
only the presets the styles play, made by ``tools/curate_soundfont.py``. It is stored in two files so that the
wheel carries it losslessly at half its size:

* ``NemoGM.sf2``: the SoundFont 2 file with an empty ``smpl`` chunk (its names, presets, instruments, zones and
  sample headers);
* ``NemoGM-samples.flac``: the ``smpl`` chunk's 16-bit samples, as one mono FLAC stream.

``soundfont_bytes`` joins them into the complete SoundFont (once a process: decoding takes about 0.3 s of CPU).
"""

from __future__ import annotations

import functools
import struct
from importlib import resources
from pathlib import Path

from nemo_notebook.engine.errors import EngineError

_FONT, _SAMPLES, _LICENCE = "NemoGM.sf2", "NemoGM-samples.flac", "LICENSE-FluidR3.txt"


class SoundFontMissingError(EngineError):
    """The shipped SoundFont's files are missing or damaged."""


def soundfont_path() -> Path:
    """The shipped SoundFont's file (without its samples; ``soundfont_bytes`` gives the whole font)."""
    return _asset(_FONT)


def samples_path() -> Path:
    """The FLAC stream that holds the shipped SoundFont's samples."""
    return _asset(_SAMPLES)


def licence_path() -> Path:
    """The licence of the shipped SoundFont (MIT, Frank Wen's Fluid R3)."""
    return _asset(_LICENCE)


def _asset(name: str) -> Path:
    return Path(str(resources.files("nemo_notebook") / "assets" / "soundfont" / name))


@functools.cache
def soundfont_bytes() -> bytes:
    """The whole shipped SoundFont 2 file, its samples decoded into its ``smpl`` chunk."""
    import soundfile as sf

    for path in (soundfont_path(), samples_path()):
        if not path.is_file():
            raise SoundFontMissingError(
                f"the SoundFont file {path} is missing; reinstall nemo-notebook (pip install --force-reinstall "
                "nemo-notebook)"
            )
    samples, _ = sf.read(str(samples_path()), dtype="int16", always_2d=False)
    return with_samples(soundfont_path().read_bytes(), samples.astype("<i2").tobytes())


def with_samples(font: bytes, samples: bytes) -> bytes:
    """The SoundFont 2 file ``font`` (whose ``smpl`` chunk is empty) with ``samples`` as its ``smpl`` chunk."""
    if font[:4] != b"RIFF" or font[8:12] != b"sfbk":
        raise SoundFontMissingError("the shipped SoundFont is damaged (no RIFF sfbk header); reinstall nemo-notebook")
    parts, offset = [], 12
    while offset + 8 <= len(font):
        cid, size = font[offset : offset + 4], struct.unpack_from("<I", font, offset + 4)[0]
        body = font[offset + 8 : offset + 8 + size]
        if cid == b"LIST" and body[:4] == b"sdta":
            body = b"sdta" + chunk(b"smpl", samples)
        parts.append(chunk(cid, body))
        offset += 8 + size + (size & 1)
    return chunk(b"RIFF", b"sfbk" + b"".join(parts))


def chunk(cid: bytes, payload: bytes) -> bytes:
    """One RIFF chunk: its id, its size, its payload and a pad byte when the size is odd."""
    return cid + struct.pack("<I", len(payload)) + payload + (b"\0" if len(payload) & 1 else b"")
