"""How a large clip is decoded for a small copy of it: the one rule behind a preview's copy (``sources``) and the
measuring copy (``measuring``).

A clip scaled down a long way is decoded without its loop filter (deblocking and HEVC's SAO): the scale averages
away the blocks the filter would have smoothed. Where the clip has at least ``SKIP_RATE`` times the copy's rate, the
frames that no other frame is predicted from (most B-frames: about half a clip's frames where it has them, none
where it has none) are not decoded either, which the copy's rate would mostly drop. The frames left keep their
times, so cuts stay where they were: a 24 fps clip shows about 12 different frames a second in a 15 fps copy, a
30 or 60 fps clip 15. 8 s of a 4K HEVC 10-bit clip at 24 fps: 4.7 CPU s to decode without the loop filter, 2.4
without these frames too (1080p H.264: 0.61, 0.41). What "large" means is each copy's own: a preview's copy of a
clip at least twice the frame's size each way (``sources``), a measuring copy of a clip of 1280x720 or more
(``measuring``).
"""

from __future__ import annotations

SKIP_RATE = 1.5  # a clip at this many times the copy's rate is decoded without the frames nothing is predicted from


def quick_decode_args(*, large: bool, clip_fps: float, copy_fps: float) -> list[str]:
    """ffmpeg's decoder options (before its ``-i``) for a copy at ``copy_fps`` of a clip at ``clip_fps``: none
    unless the clip is ``large`` for the copy.

    >>> quick_decode_args(large=True, clip_fps=24.0, copy_fps=15)
    ['-skip_loop_filter', 'all', '-skip_frame', 'noref']
    >>> quick_decode_args(large=True, clip_fps=20.0, copy_fps=15), quick_decode_args(large=False, clip_fps=60, copy_fps=15)
    (['-skip_loop_filter', 'all'], [])
    """
    if not large:
        return []
    fewer = ["-skip_frame", "noref"] if clip_fps >= SKIP_RATE * copy_fps else []
    return ["-skip_loop_filter", "all", *fewer]
