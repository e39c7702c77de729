"""Which moment of a clip is on screen a given time after its first frame: a looped clip (an animated GIF or WebP, as a
browser plays it) wraps round, any other holds its last frame when a shot outlasts it."""

from __future__ import annotations

from ...protocol import MediaInfo

LOOPED_FORMATS = frozenset({"gif", "webp"})  # clips that loop as a browser plays them (animated GIF and WebP),
# rather than hold their last frame
LAST_FRAME_MS = 200  # a clip's last frame is read this far before its end (the end itself has no frame)


def moment_ms(info: MediaInfo, at_ms: int) -> int:
    """The time in the clip ``info`` whose frame shows ``at_ms`` after its start (which may lie past its end).

    >>> from dataclasses import replace
    >>> from nemo_notebook.protocol import MediaKind
    >>> gif = MediaInfo("g", "g.gif", MediaKind.VIDEO, "gif", 1, 3000, 320, 240, 10.0)
    >>> moment_ms(gif, 7500), moment_ms(replace(gif, format="mp4"), 7500)
    (1500, 2800)
    """
    length_ms = info.duration_ms or 0
    if length_ms <= 0 or at_ms < length_ms - LAST_FRAME_MS:
        return max(0, at_ms)
    if info.format in LOOPED_FORMATS:
        return at_ms % length_ms
    return max(0, length_ms - LAST_FRAME_MS)
