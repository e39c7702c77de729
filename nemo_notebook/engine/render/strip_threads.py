"""A small layer's filters held to one thread each (``threads=1``), the frame's own left to share the machine.

ffmpeg cuts a filter's frame into slices and hands them to its threads (every core, unless ``threads`` says
otherwise), which pays for a 1080p frame but not for a strip: the visualizer's 40 filters on a 1728×162 strip woke
two threads for each of their few hundred microseconds of work, on every frame. Held to one thread, they did the
same work, the frames identical, for 1.1–1.3 s less CPU a minute of 1080p video (the ``music_video`` benchmark's
draft, its filters alone: 13.9 and 14.3 s → 12.7 and 13.0 s, at load 15–17 on two cores).
"""

from __future__ import annotations

import re

SMALL_SHARE = 0.25  # a layer at most this share of the frame's area is drawn on one thread
_LABELS = re.compile(r"^((?:\[[^\]]*\])*)(.*?)((?:\[[^\]]*\])*)$", re.S)


def small_layer(width: int, height: int, frame_width: int, frame_height: int) -> bool:
    """Whether a layer of ``width`` × ``height`` pixels is small enough for one thread (``SMALL_SHARE``)."""
    return width * height <= SMALL_SHARE * frame_width * frame_height


def one_thread(chain: str) -> str:
    """``chain`` (input labels, filters, output labels) with ``threads=1`` given to each of its filters.

    >>> one_thread("[a]lut=c0='min(255,val*2)',vflip,split[b][c]")
    "[a]lut=c0='min(255,val*2)':threads=1,vflip=threads=1,split=threads=1[b][c]"
    """
    found = _LABELS.match(chain)
    if found is None:  # pragma: no cover - the pattern matches any text
        return chain
    head, body, tail = found.groups()
    filters = [f"{f}{':' if '=' in f else '='}threads=1" for f in _filters(body)]
    return f"{head}{','.join(filters)}{tail}"


def _filters(body: str) -> list[str]:
    """The filters of a chain's body: split at its commas, but for those inside quotes or escaped."""
    out, current, quoted, escaped = [], "", False, False
    for ch in body:
        if ch == "," and not quoted and not escaped:
            out.append(current)
            current = ""
            continue
        quoted = quoted != (ch == "'" and not escaped)
        escaped = ch == "\\" and not escaped
        current += ch
    return [*out, current]
