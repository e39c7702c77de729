"""The General MIDI SoundFont the composer plays its acoustic parts on, shipped in the package (MIT, CC BY 3.0, CC0).

``assets/soundfont/`` holds a cut of Frank Wen's Fluid (R3) GM SoundFont (MIT; ``LICENSE-FluidR3.txt`` beside it):
only the presets the styles play, made by ``tools/curate_soundfont.py``; its piano (program 0) is instead
Alexander Holm's Salamander Grand Piano V3 in five velocity layers (CC BY 3.0; ``LICENSE-Salamander.txt``), and its
string sections (48, 49) soft and loud recordings of the Versilian Studios Chamber Orchestra 2 (CC0, as adapted for
MuseScore_General, MIT; ``LICENSE-VSCO-strings.txt``) by ``tools/vsco_strings.py``. It is
stored in two files so that the wheel carries it losslessly at a third of its size:

* ``NemoGM.sf2``: the SoundFont 2 file with an empty ``smpl`` chunk (its names, presets, instruments, zones and
  sample headers);
* ``NemoGM-samples.flac``: the ``smpl`` chunk's 16-bit samples, as one mono FLAC stream.

``soundfont_bytes`` joins them into the complete 104 MB SoundFont (once a process: decoding took 1.4 s of CPU on a
loaded two-core machine, 1.1 s for the 75 MB font with Fluid's strings), and ``font_for`` cuts from it a SoundFont
holding only some presets (kept for the process too): the synthesizer parses the whole font it is given on every
render; one note on the piano's preset alone (31 MB) took 0.011 s of CPU, on Fluid's piano (7 MB) 0.005 s.
"""

from __future__ import annotations

import functools
import struct
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from nemo_notebook.engine.errors import EngineError
from nemo_notebook.engine.music.sf2 import chunk

if TYPE_CHECKING:
    from nemo_notebook.engine.music.sf2 import SoundFont

_FONT, _SAMPLES, _LICENCE = "NemoGM.sf2", "NemoGM-samples.flac", "LICENSE-FluidR3.txt"
_PIANO_LICENCE, _STRINGS_LICENCE = "LICENSE-Salamander.txt", "LICENSE-VSCO-strings.txt"


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


def piano_licence_path() -> Path:
    """The licence and attribution of the shipped SoundFont's piano (CC BY 3.0, the Salamander Grand Piano V3)."""
    return _asset(_PIANO_LICENCE)


def strings_licence_path() -> Path:
    """The licence and attribution of the shipped SoundFont's string sections (CC0 recordings, MIT adaptation)."""
    return _asset(_STRINGS_LICENCE)


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


def font_for(presets: Iterable[tuple[int, int]]) -> bytes:
    """The shipped SoundFont cut down to ``presets`` as (bank, program) (bank 128: drum kits).

    The whole font when it lacks one of them, so that the synthesizer falls back as it would on the whole font.
    """
    return _font_for(frozenset(presets))


@functools.lru_cache(maxsize=32)
def _font_for(presets: frozenset[tuple[int, int]]) -> bytes:
    from nemo_notebook.engine.music.sf2 import sf2_bytes, subset

    font = _parsed()
    if not presets <= {(p.bank, p.program) for p in font.presets}:
        return soundfont_bytes()
    return sf2_bytes(subset(font, presets))


@functools.cache
def _parsed() -> SoundFont:
    from nemo_notebook.engine.music.sf2 import parse_sf2

    return parse_sf2(soundfont_bytes())


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
