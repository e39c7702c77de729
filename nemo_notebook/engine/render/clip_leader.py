"""A clip's leader: the flat, dark frames some clips open on, shown as its first picture instead.

Megamind.avi's first frame (0.042-0.083 s) is flat black (luma 16, no variation); held-out export 07 opens on that
clip from its start, and its first three frames (0-0.1 s) were that black, graded, while the clip's first word ("Oh",
from 0.04 s) already played: a blind reviewer saw "three dark, flat frames before the first picture" (ab68d). A copy
read from the clip's start (``sources``) drops such a leader and holds the first picture over its time instead
(``leader_filters``): the picture keeps its time, and so does the sound, which is read apart from it. A leader longer
than ``LEADER_MOST_MS`` is left as it is: black that long is the clip's own opening, not a blank frame before it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

LEADER_MOST_MS = 200
"""A run of flat, dark frames at a clip's start up to this long is a leader (about five frames at 24-30 fps)."""
FLAT_SPREAD = 2.0
"""A frame whose luma (0-255) varies by less than this (standard deviation) is flat."""
DARK_LUMA = 40.0
"""A flat frame whose mean luma (0-255) is under this is dark."""


def leader_ms(path: Path) -> int:
    """Where the clip at ``path`` shows its first picture (ms from its start) after a leader of flat, dark frames
    up to ``LEADER_MOST_MS`` long; 0 where it has none, or where its frames cannot be read."""
    import av

    try:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            flat = False
            for frame in container.decode(stream):
                if frame.time is None:
                    return 0
                at_ms = round(frame.time * 1000)
                if at_ms > LEADER_MOST_MS:
                    return 0
                luma = frame.to_ndarray(format="gray").astype(np.float32)
                if float(luma.std()) >= FLAT_SPREAD or float(luma.mean()) >= DARK_LUMA:
                    return at_ms if flat else 0
                flat = True
    except (av.FFmpegError, OSError, IndexError):
        return 0
    return 0


def leader_filters(lead_ms: int) -> str:
    """Filters (each followed by a comma) that drop a clip's frames before ``lead_ms`` and hold its first frame
    after them over that time, its later frames at their own times; none where ``lead_ms`` is 0.

    >>> leader_filters(0), leader_filters(83)
    ('', 'trim=start=0.083,setpts=PTS-STARTPTS,tpad=start_duration=0.083:start_mode=clone,')
    """
    if lead_ms <= 0:
        return ""
    at = f"{lead_ms / 1000:.3f}"
    return f"trim=start={at},setpts=PTS-STARTPTS,tpad=start_duration={at}:start_mode=clone,"
