"""A segment's own fades as ffmpeg filters: the render plays them (``audio_mix``), and the agent measures the song
through them before it is rendered (``agent.heard_level``)."""

from __future__ import annotations

from ...protocol import Segment
from .graph import seconds


def segment_fades(segment: Segment) -> str:
    """A segment's fades in and out, in straight steps of amplitude; a song's fade over its last phrase
    (``m.fade_out_phrase``, ``planning.song_ending``) as the square of the time left."""
    out = ""
    fade_in, fade_out = segment.meta.get("fade_in_ms"), segment.meta.get("fade_out_ms")
    if isinstance(fade_in, (int, float)) and fade_in > 0:
        out += f",afade=t=in:st=0:d={seconds(min(fade_in, segment.duration_ms))}"
    if isinstance(fade_out, (int, float)) and fade_out > 0:
        length = min(fade_out, segment.duration_ms)
        curve = ":curve=qua" if segment.meta.get("fade_out_phrase") is True else ""
        out += f",afade=t=out:st={seconds(segment.duration_ms - length)}:d={seconds(length)}{curve}"
    return out
