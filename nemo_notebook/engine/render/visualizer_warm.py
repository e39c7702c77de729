"""A visualizer's drawing read warm: from a little of the sound before its segment (``pre_roll``), the frames of it
dropped (``warmed``), so that its first frame is drawn as the next ones are.

A cover video's new visualizer on a scene's cut (held-out 04 at 28.03 s, s56) drew its bars only on their left part,
thinning out to the right, whole from the next frame: its own input of the song (``visualizer._overlay``) was an
MP3 sought to the segment's in-point, whose first frames decode without what came before them (the decoder's
overlap and bit reservoir); showcqt, centring each frame's transform on its time, drew the first frame from that,
its short windows of the high notes the most. (A WAV sought alike: the cut frame's bars 0.9 of their width.)

The warm sound's times are counted from its samples (``asetpts=N/SR/TB``), never taken from ``adelay``: the silence
adelay lays before the sound carries no time when the filter graph reaches it before the sound's first frame has
arrived from the decoder, a race. Then every frame of the drawing had the same time: the overlay showed its first
frame and nothing after (a vectorscope test blank in 2 % of runs of the same command), or showcqt and the blends
after it spun without end (a render stopped by ``stall`` in 1 of 40 runs; none in 300 after).
"""

from __future__ import annotations

import math

WARM_S = 0.2  # the sound a drawing reads before its first frame (``pre_roll``), whose frames it drops (``warmed``)


def warm_frames(rate: int) -> int:
    """The frames of a drawing at ``rate`` that read the sound before its segment (``WARM_S``, whole frames).

    >>> warm_frames(30), warm_frames(15), warm_frames(24)
    (6, 3, 5)
    """
    return math.ceil(WARM_S * rate - 1e-9)


def warmed(drawing: str, rate: int) -> str:
    """``drawing`` (an audio-to-video filter, then a chain) with its ``warm_frames`` dropped after the first filter:
    its first frame drawn from the sound around the segment's first moment, not from half a window of silence."""
    first, _, rest = drawing.partition(",")
    dropped = f"{first},trim=start_frame={warm_frames(rate)},setpts=PTS-STARTPTS"
    return f"{dropped},{rest}" if rest else dropped


def pre_roll(in_ms: int, rate: int) -> tuple[float, float, str]:
    """For a drawing at ``rate`` of the sound from ``in_ms``: where its read starts (s, ``warm_frames`` earlier, 0 at
    the most), how much longer it is (s), and the filters, each with a comma before it, that bring it to
    ``warm_frames`` whole frames before ``in_ms`` (silence laid before the sound's start) and put the segment's first
    moment at 0 (the frames before it at negative times: the sound's lifts stay on the segment's clock)."""
    lead = warm_frames(rate) / rate
    start = max(0.0, in_ms / 1000 - lead)
    silent = round((lead - (in_ms / 1000 - start)) * 48000)
    pad = f",adelay=delays={silent}S:all=1" if silent > 0 else ""
    return start, in_ms / 1000 - start, f"{pad},asetpts=N/SR/TB-{lead:.9f}/TB"
