"""The true peak of a stretch of a file's sound, measured once for each content of the file: the agent measures a
user's song as the draft plays it (to word a loudness match or offer one), and the render's master gain reads the same
figure instead of decoding the song again (a 3-minute render measured it a second time, about 14 s wall under load).

True peak: the sound decoded at 48 kHz, oversampled four times (polyphase), the largest magnitude, dBTP.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from .cache import Latest, known_key

_RATE = 48000
_CHUNK_S = 10
WHOLE_MS = 10**10  # a duration past the end of any file: its whole sound
_KEPT: Latest[float | None] = Latest(64)


def span_true_peak_dbtp(
    path: Path, in_ms: int, duration_ms: int, measure: Callable[[], float | None] | None = None
) -> float | None:
    """The true peak of ``path``'s sound from ``in_ms`` for ``duration_ms``, kept for the file's content and the
    span (the 64 latest); None without sound or unreadable. ``measure`` measures it where it is not kept (a caller
    that has decoded the span already), else the file is decoded here."""
    measured = measure or (lambda: true_peak_dbtp(path, in_ms, duration_ms))
    try:
        key = (known_key(path), in_ms, duration_ms)
    except OSError:
        return measured()
    return _KEPT.get(key, measured)


def true_peak_dbtp(path: Path, in_ms: int = 0, duration_ms: int = WHOLE_MS) -> float | None:
    """The true peak of ``path``'s sound from ``in_ms`` for ``duration_ms``, measured now (an encoded export, which
    changes between measures); None without sound or unreadable."""
    import av
    import numpy as np
    from scipy.signal import resample_poly

    peak = 0.0
    try:
        with av.open(str(path)) as container:
            stream = container.streams.audio[0]
            resampler = av.AudioResampler(format="flt", layout="stereo", rate=_RATE)
            if in_ms > 0:
                container.seek(int(in_ms * 1000), any_frame=False)  # microseconds: the container's time base
            start, end = in_ms / 1000, (in_ms + duration_ms) / 1000
            pending: list[np.ndarray] = []
            held = 0
            for frame in container.decode(stream):
                if frame.time is not None and frame.time > end:
                    break
                for out in resampler.resample(frame):
                    if frame.time is not None and frame.time + out.samples / _RATE < start:
                        continue
                    samples = out.to_ndarray().reshape(-1, 2)
                    pending.append(samples)
                    held += len(samples)
                if held >= _CHUNK_S * _RATE:
                    peak = max(peak, _oversampled_peak(np.concatenate(pending), resample_poly))
                    pending, held = [pending[-1][-64:]], 64  # overlap: the filter's edge
            if pending:
                peak = max(peak, _oversampled_peak(np.concatenate(pending), resample_poly))
    except (av.FFmpegError, OSError, IndexError, ValueError):
        return None
    return 20 * math.log10(peak) if peak > 0 else None


def _oversampled_peak(samples: object, resample_poly: object) -> float:
    import numpy as np

    up = resample_poly(samples, 4, 1, axis=0)  # type: ignore[operator]
    return float(np.max(np.abs(up))) if len(up) else 0.0
