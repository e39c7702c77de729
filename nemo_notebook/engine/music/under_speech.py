"""The pad out of the voice's way where a score plays under a clip's speech, and a pocket in the mix for the voice.

A held pad note sits on the words as nothing short does: under held-out export 07's dialogue (0-11 s) a blind
reviewer heard "a sustained pad note at ~900 Hz (0-4 s) and one at ~550 Hz (5-9 s)" inside the voice range, and asked
for a darker or lower pad. The synthesised pad is a filtered saw (``voices``: its filter never closes under 1.4
kHz), so an octave lower it still put more of its power between 400 and 1200 Hz than under 400 (measured on export
07's pad alone: +2 dB either way): under speech it is thinned out instead, its notes silent there; the chords go on
in the short stabs or strums, which leave the gaps between the words open. The stabs' chords carry most of that band
(the piano at -7 dB to the pad's -14): the pad silenced left 07's 400-1200 Hz under speech where it was against the
whole (-8.0 dB, -8.2 before), so the mix also cuts a broad pocket there (``voice_pocket``: -6 dB at 800 Hz, which
put that band at -11.8 dB). Only in the styles that groove (pop, dance and the steady ones, ``speech_spans``): in
calm music, a ballad or a trailer the pad or the strings are the bed itself, and play on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from nemo_notebook.engine.music.notes import Note, Part
from nemo_notebook.engine.music.shapes import FAMILIES

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from nemo_notebook.engine.music.brief import MusicBrief

    Audio = npt.NDArray[np.float32]

SHORTEST_MS = 250.0  # what is left of a pad note outside the speech plays only this long or longer
_GROOVE_FAMILIES = frozenset({"pop", "dance", "steady"})
# The pocket: a broad cut round the voice's lower formants, where the chords' overtones sit (the stabs' and the pad's
# 2nd and 3rd harmonics, 440-1200 Hz), faded in and out over ``_EDGE_MS`` at the speech's ends
POCKET_HZ, POCKET_DB, _POCKET_Q, _EDGE_MS = 800.0, -6.0, 0.7, 250.0


def speech_spans(brief: MusicBrief) -> tuple[tuple[int, int], ...]:
    """The spans of ``brief.speech_ms`` the music makes room in: all of them in the styles that groove (pop, dance,
    the steady ones), none in a song that swells or arcs (calm, a ballad, a trailer), whose pad or strings are the
    bed itself."""
    return brief.speech_ms if FAMILIES.get(brief.form_style) in _GROOVE_FAMILIES else ()


def voice_pocket(mix: Audio, speech_ms: Sequence[tuple[int, int]], *, sample_rate: int) -> Audio:
    """The mix with a ``POCKET_DB`` peaking cut at ``POCKET_HZ`` during each span of ``speech_ms`` (float32 stereo,
    the same length), faded in and out over ``_EDGE_MS``: the voice's lower formants kept clear of the chords."""
    import numpy as np

    from nemo_notebook.engine.music.colour import peaking
    from nemo_notebook.engine.music.iir import filtered

    if not speech_ms or not len(mix):
        return mix
    sos = peaking(POCKET_HZ, POCKET_DB, _POCKET_Q, sample_rate).astype(np.float32)
    edge = round(_EDGE_MS * sample_rate / 1000)
    out: Audio = mix.copy()
    for start, end in speech_ms:
        first = max(0, round(start * sample_rate / 1000) - edge)
        last = min(len(mix), round(end * sample_rate / 1000) + edge)
        if last - first < 2 * edge:
            continue
        wet = np.ones(last - first, dtype=np.float32)
        ramp = np.linspace(0.0, 1.0, edge, dtype=np.float32)
        wet[:edge] = ramp if first > 0 else 1.0
        wet[-edge:] = ramp[::-1] if last < len(mix) else 1.0
        cut = filtered(sos, mix[first:last], axis=0)
        out[first:last] = cut * wet[:, None] + mix[first:last] * (1 - wet[:, None])
    return out


def under_speech(part: Part, speech_ms: Sequence[tuple[int, int]]) -> Part:
    """``part`` with a pad's notes silent during each span of ``speech_ms`` (start, end in ms): a note that runs into
    one ends where it starts, one that runs out of it starts where it ends; other parts as they were.

    Examples
    --------
    >>> pad = Part("pad", 89, False, (Note(62, 0.0, 4000.0, 80), Note(66, 9_000.0, 14_000.0, 80)), -14.0, 64, 60)
    >>> [(n.start_ms, n.end_ms) for n in under_speech(pad, [(2_000, 11_000)]).notes]
    [(0.0, 2000.0), (11000.0, 14000.0)]
    """
    if part.name != "pad" or not speech_ms:
        return part
    notes = [piece for note in part.notes for piece in _outside(note, speech_ms)]
    return replace(part, notes=tuple(notes))


def _outside(note: Note, speech_ms: Sequence[tuple[int, int]]) -> list[Note]:
    pieces = [note]
    for start, end in speech_ms:
        kept = []
        for piece in pieces:
            if piece.end_ms <= start or piece.start_ms >= end:
                kept.append(piece)
                continue
            kept += [replace(piece, end_ms=float(start))] if piece.start_ms < start else []
            kept += [replace(piece, start_ms=float(end))] if piece.end_ms > end else []
        pieces = kept
    return [p for p in pieces if p.end_ms - p.start_ms >= SHORTEST_MS]
