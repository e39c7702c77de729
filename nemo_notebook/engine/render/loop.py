"""A draft that plays as a seamless loop (``m.loop_ms``), and one without sound (``m.silent``): a Spotify Canvas.

A loop ``d`` ms long with a ``loop_ms`` crossfade is rendered from ``d + loop_ms`` ms of the timeline (its last shot
held that much longer): the MP4 plays the timeline from ``loop_ms`` on, and over its last ``loop_ms`` the timeline's
end dissolves into its first ``loop_ms``, so that its last frame is the frame just before its first and the player's
jump back to the start is one frame of motion, not a cut.
"""

from __future__ import annotations

from dataclasses import replace

from ...protocol import Draft
from .graph import Canvas, Graph, seconds
from .timeline import frame_at, visuals_track

MIN_LOOP_MS = 200


def loop_length_ms(draft: Draft) -> int:
    """The crossfade of a looping draft (``m.loop_ms``), at most half its length; 0 for a draft that does not loop."""
    value = draft.meta.get("loop_ms")
    if not isinstance(value, (int, float)) or isinstance(value, bool) or value < MIN_LOOP_MS:
        return 0
    return min(int(value), draft.duration_ms // 2)


def is_silent(draft: Draft) -> bool:
    """True for a draft whose MP4 has no sound stream at all (``m.silent``), such as a Spotify Canvas."""
    return draft.meta.get("silent") is True


def looped_source(draft: Draft, loop_ms: int) -> Draft:
    """The timeline a loop is rendered from: ``loop_ms`` longer, its last shot held that much longer."""
    if loop_ms <= 0:
        return draft
    longer = replace(draft, duration_ms=draft.duration_ms + loop_ms)
    track = visuals_track(draft)
    if track is None or not track.segments:
        return longer
    last = max(track.segments, key=lambda sg: sg.end_ms)
    held = [replace(sg, duration_ms=sg.duration_ms + loop_ms) if sg is last else sg for sg in track.segments]
    return longer.with_tracks([track.with_segments(held) if t is track else t for t in draft.tracks])


def build_loop(graph: Graph, video: str, canvas: Canvas, loop_ms: int) -> str:
    """``video`` (``canvas`` long: the loop and ``loop_ms`` more) as a loop ``loop_ms`` shorter whose end dissolves
    into its start; the label of the result."""
    fade = frame_at(loop_ms, canvas.fps)
    head, body, out = graph.label("loophead"), graph.label("loopbody"), graph.label("loop")
    a, b = graph.label("loopa"), graph.label("loopb")
    graph.add(f"{video}split{a}{b}")
    graph.add(f"{a}trim=start_frame={fade},setpts=PTS-STARTPTS,fps={canvas.fps}{body}")
    graph.add(f"{b}trim=end_frame={fade},setpts=PTS-STARTPTS,fps={canvas.fps}{head}")
    offset = seconds((canvas.frames - 2 * fade) * 1000 / canvas.fps)
    graph.add(f"{body}{head}xfade=transition=fade:duration={seconds(fade * 1000 / canvas.fps)}:offset={offset}{out}")
    return out
