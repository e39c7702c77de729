"""A coarse loudness envelope of an audio or video file, for the timeline picture (a few hundred points).

PyAV and numpy load when the first envelope is asked for, never at ``%load_ext``.
"""

from __future__ import annotations

from pathlib import Path

from .timeline_svg import Envelope

ENVELOPE_RATE_HZ = 8000


def envelope_from_file(path: str | Path, *, points: int = 400) -> Envelope:
    """Peak level of ``path``'s first audio stream in ``points`` equal slices, scaled so the loudest is 1.

    Parameters
    ----------
    path
        An audio file, or a video with sound.
    points
        How many slices the whole length is cut into.

    Returns
    -------
    Envelope
        ``peaks`` in 0..1 and the decoded length in milliseconds; no peaks when the file has no sound.
    """
    import av
    import numpy as np

    chunks: list[np.ndarray] = []
    with av.open(str(path)) as container:
        if not container.streams.audio:
            return Envelope((), 0)
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="flt", layout="mono", rate=ENVELOPE_RATE_HZ)
        for frame in container.decode(stream):
            for out in resampler.resample(frame):
                chunks.append(np.abs(out.to_ndarray().reshape(-1)))
    if not chunks:
        return Envelope((), 0)
    samples = np.concatenate(chunks)
    duration_ms = int(len(samples) * 1000 / ENVELOPE_RATE_HZ)
    slices = np.array_split(samples, max(1, min(points, len(samples))))
    peaks = np.array([float(s.max()) if len(s) else 0.0 for s in slices])
    top = float(peaks.max()) or 1.0
    return Envelope(tuple(round(float(p) / top, 3) for p in peaks), duration_ms)
