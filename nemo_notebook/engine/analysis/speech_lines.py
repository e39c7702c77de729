"""Where in a clip someone speaks: its lines, the stretches of voice-like sound between pauses long enough for the
music under it to come back up.

A frame is voice-like as ``speech`` finds it (level, telephone-band share, peaky spectrum). Voice-like frames closer
than ``LINE_GAP_MS`` join into one line: the pauses between words and phrases (Megamind.avi's dialogue: 0.1-0.6 s)
stay inside it, so music ducked under a line does not pump on every syllable. A line shorter than ``SHORTEST_LINE_MS``
(a click, a breath, a single syllable-like sound in the ambience) is left out. Megamind.avi (11.2 s) reads as two
lines, 0.0-7.7 s and 9.4-10.6 s, around the 1.7 s pause a blind reviewer heard the music stay down through.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..errors import MediaError
from .speech import _HOP, SAMPLE_RATE_HZ, _frame_features, is_audible, speech_ratio

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

LINE_GAP_MS = 1000
"""Voice-like frames closer than this are one line; a longer pause ends it."""
SHORTEST_LINE_MS = 300
"""A line shorter than this is no line."""


def speech_lines_ms(
    samples: npt.NDArray[np.float32], sample_rate_hz: int = SAMPLE_RATE_HZ
) -> tuple[tuple[int, int], ...]:
    """(start, end) in ms of each line spoken in ``samples`` (mono, -1..1, at ``sample_rate_hz``), in order.

    Examples
    --------
    >>> import numpy as np
    >>> speech_lines_ms(np.zeros(16_000, dtype=np.float32))
    ()
    """
    import numpy as np

    if samples.size < 4 * 512:
        return ()
    voice_like, _ = _frame_features(samples, sample_rate_hz)
    hop_ms = _HOP * 1000.0 / sample_rate_hz
    frames = np.flatnonzero(voice_like)
    if not frames.size:
        return ()
    breaks = np.flatnonzero(np.diff(frames) * hop_ms >= LINE_GAP_MS)
    firsts = np.concatenate([frames[:1], frames[breaks + 1]])
    lasts = np.concatenate([frames[breaks], frames[-1:]])
    length_ms = samples.size * 1000.0 / sample_rate_hz
    lines = []
    for first, last in zip(firsts, lasts, strict=True):
        start, end = first * hop_ms, min(length_ms, last * hop_ms + 512 * 1000.0 / sample_rate_hz)
        if end - start >= SHORTEST_LINE_MS:
            lines.append((round(start), round(end)))
    return tuple(lines)


class ClipSound(NamedTuple):
    """A clip's own sound: whether it is audible, its ``speech_ratio`` and its lines (ms from the clip's start)."""

    has_audio: bool
    speech_ratio: float
    lines_ms: tuple[tuple[int, int], ...]


def clip_sound(path: Path, windows: list[tuple[float, float]] | None) -> ClipSound:
    """The clip's sound, from the whole of it or from the ``windows`` (ms) the pictures were read in, whose lines
    are not placed on the clip (none); a sound stream that will not decode counts as none."""
    import numpy as np

    from .decode import decode_audio

    spans: list[tuple[int, int | None]] = [(round(a), round(b)) for a, b in windows] if windows else [(0, None)]
    try:
        parts = [
            decode_audio(path, sample_rate_hz=SAMPLE_RATE_HZ, channels=1, start_ms=start, max_duration_ms=span).samples
            for start, span in spans
        ]
    except MediaError:
        return ClipSound(False, 0.0, ())
    samples = np.concatenate(parts) if len(parts) > 1 else parts[0]
    if not is_audible(samples):
        return ClipSound(False, 0.0, ())
    return ClipSound(True, speech_ratio(samples, SAMPLE_RATE_HZ), () if windows else speech_lines_ms(samples))
