"""How loud the music is on each downbeat of a video, for the cover's pulse (``cover_motion``): the RMS level, in
dB full scale, of the sound the music lane plays from 30 ms before the beat to 200 ms after it, read from the file
(mono at 8 kHz, decoded once per file). A rock chorus reads -5 to -9 dB, a ballad -12 to -17, a folk song -15 to
-27 (the evaluation set's 10th-90th percentiles). ``lift_db``: how much louder the music plays over the 3 s after
a moment than over the 3 s before, for the flash at a cover's scene change (``cover_light``).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ...protocol import Draft, Segment, TrackType
from ...protocol.vocabulary import Role
from .graph import MediaMap

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

RATE_HZ = 8_000
BEFORE_MS, AFTER_MS = 30, 200
SILENT_DB = -90.0
LIFT_SPAN_MS = 3000  # a turn's lift: the music's level over this long after it against this long before


def downbeat_levels_db(draft: Draft, media: MediaMap, beats_ms: Sequence[float]) -> list[float] | None:
    """The level (dB) the music plays at each of ``beats_ms`` (video times); None where the draft has no music
    lane whose file can be read."""
    music = _music_segments(draft)
    if not music or any(sg.src not in media for sg in music):
        return None
    out = []
    for beat in beats_ms:
        playing = next((sg for sg in music if sg.start_ms <= beat < sg.end_ms), None)
        if playing is None or playing.src is None:
            out.append(SILENT_DB)
            continue
        at_ms = (playing.in_ms or 0) + beat - playing.start_ms
        samples = _decoded(str(media[playing.src][0]))
        if samples is None:
            return None
        window = samples[max(0, int((at_ms - BEFORE_MS) * RATE_HZ / 1000)) : int((at_ms + AFTER_MS) * RATE_HZ / 1000)]
        power = float((window.astype("float64") ** 2).mean()) if len(window) else 0.0
        out.append(10 * math.log10(power) if power > 1e-9 else SILENT_DB)
    return out


def lift_db(draft: Draft, media: MediaMap, at_ms: int, span_ms: int = LIFT_SPAN_MS) -> float | None:
    """How much louder (dB, RMS) the music plays over the ``span_ms`` after ``at_ms`` (a video time) than over the
    ``span_ms`` before it: + where the song lifts there, about 0 where it goes on as loud, - where it falls; None
    where the draft has no music lane whose file can be read or either side has no sound of it."""
    music = _music_segments(draft)
    if not music or any(sg.src not in media for sg in music):
        return None
    sides = []
    for start, end in ((at_ms - span_ms, at_ms), (at_ms, at_ms + span_ms)):
        total, count = 0.0, 0
        for sg in music:
            a, b = max(start, sg.start_ms), min(end, sg.end_ms)
            samples = _decoded(str(media[sg.src][0])) if b > a and sg.src is not None else None
            if b > a and samples is None:
                return None
            if samples is None:
                continue
            offset = (sg.in_ms or 0) - sg.start_ms
            window = samples[max(0, int((a + offset) * RATE_HZ / 1000)) : max(0, int((b + offset) * RATE_HZ / 1000))]
            total += float((window.astype("float64") ** 2).sum())
            count += len(window)
        if not count or total / count <= 1e-9:
            return None
        sides.append(10 * math.log10(total / count))
    return sides[1] - sides[0]


def _music_segments(draft: Draft) -> list[Segment]:
    for track in draft.tracks_of(TrackType.AUDIO):
        if track.meta.get("role", Role.MUSIC) == Role.MUSIC and track.segments:
            return [sg for sg in track.segments if sg.src]
    return []


@functools.lru_cache(maxsize=4)
def _decoded(path: str) -> npt.NDArray[np.float32] | None:
    from ..analysis.decode import decode_audio
    from ..errors import MediaError

    try:
        return decode_audio(Path(path), sample_rate_hz=RATE_HZ, channels=1).samples
    except MediaError:
        return None
