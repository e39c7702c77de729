"""How many shots the pictures and clips can fill before the video keeps showing the same thing.

Cut on the beat at the rate the music's loudness asks, a song with few pictures showed each of them again and again
(five photos under an ambient track: 51 cuts, every photo 10-11 times; ten sources under a rock song: each 4-9
times). Here the material sets a ceiling: a picture may come back ``REPEATS_PER_MINUTE`` times a minute (at least
``MIN_REPEATS`` times in all), a clip offers a new shot for every ``CLIP_SHOT_MS`` of its length, each once a
``MOMENT_EVERY_MS`` (the same moment of a clip twice in a minute is a repeat a viewer sees). Where the music
asks for more shots than that, every shot is made proportionally longer (still whole beats, bars and phrases, and
never past ``cutting.MAX_SHOT_MS``): the pictures' slow moves, the visualizer and the accents carry the beat instead.

Each visual has its own ceiling too (``most_shows``): among clips, pictures would otherwise share the shots equally
with them (five photos and two clips, a driving minute: each photo 7-9 times). A picture keeps to its ceiling, the
clips take the other shots (``shot_order``), and where even they cannot fill the video, the shots get longer.

A clip's stretches are counted by how different they look, not only by its length (``analysis.looks``): a 79 s
static street camera counted as 53 stretches, and a viewer saw the same street in 15 of 30 sampled frames. A clip
offers at most ``LOOK_SLACK`` more stretches than it has looks: one look, a picture that moves, comes back up to
1.5 times as often as a photo. And they are counted at the length the shots will have: the longer the shots, the
fewer different ones a clip has (a 10 s montage of 1.2-2.4 s shots counted for 1.5 s shots filled 14 shots of 2 s
from 3 in-points).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from ...protocol import MediaKind

REPEATS_PER_MINUTE = 1.5
MIN_REPEATS = 2
MOMENT_EVERY_MS = 60_000  # a clip's moment (a stretch of its length) comes back at most once in this long
CLIP_SHOT_MS = 1500
LOOK_SLACK = 0.5  # stretches a clip offers beyond its different looks (its motion holds a viewer a little longer)


def repeats_allowed(duration_ms: int) -> float:
    """How many times a picture (or a clip's stretch of ``CLIP_SHOT_MS``) may be shown in ``duration_ms``."""
    return max(float(MIN_REPEATS), REPEATS_PER_MINUTE * duration_ms / 60_000)


def most_shows(
    visuals: Sequence[tuple[Any, Any]],
    duration_ms: int,
    weights: Sequence[float],
    shot_ms: float = CLIP_SHOT_MS,
    *,
    moments_once: bool = True,
) -> list[int]:
    """The most shots each visual may fill in a video of ``duration_ms``: a picture ``repeats_allowed`` times its
    weight over the clips' mean weight (at least once: "use the clip more" leaves the pictures fewer shots, "less"
    more), a clip as many as it has stretches (``stretches``) times ``repeats_allowed`` (times its weight where the
    user asked for more of it), each stretch of its length at most once a ``MOMENT_EVERY_MS`` (a 10 s clip held
    to 9 shots of a minute showed its moments twice, its first frame three times) unless ``moments_once`` is
    False (a pace the user set: the clip's moments again share the shots the pictures cannot fill).

    Examples
    --------
    >>> most_shows([(photo, None), (thirty_second_clip, None)], 60_000, [1.0, 1.0])  # doctest: +SKIP
    [2, 20]
    """
    repeats = repeats_allowed(duration_ms)
    moments = max(1.0, duration_ms / MOMENT_EVERY_MS) if moments_once else repeats
    clips = [w for (info, _), w in zip(visuals, weights, strict=True) if info.kind == MediaKind.VIDEO]
    clip_weight = sum(clips) / len(clips) if clips else 1.0
    out = []
    for (info, video), weight in zip(visuals, weights, strict=True):
        if info.kind == MediaKind.VIDEO:
            shows = min(by_length(info, video, shot_ms) * moments, stretches(info, video, shot_ms) * repeats)
            out.append(max(1, math.floor(shows * max(weight, 1.0))))
        else:
            out.append(max(1, round(repeats * weight / clip_weight)))
    return out


def stretches(info: Any, video: Any, shot_ms: float = CLIP_SHOT_MS) -> float:
    """How many different shots of ``shot_ms`` (at least ``CLIP_SHOT_MS``) a clip has: as many as fit side by side in
    its length (the longer the shots, the fewer: a 10 s clip has 6.7 of 1.5 s, 2.5 of 4 s), at least one, and no more
    than its different looks and ``LOOK_SLACK`` (``distinct_looks``)."""
    looks = distinct_looks(video)
    length = by_length(info, video, shot_ms)
    return length if looks is None else min(length, looks + LOOK_SLACK)


def by_length(info: Any, video: Any, shot_ms: float = CLIP_SHOT_MS) -> float:
    """How many shots of ``shot_ms`` (at least ``CLIP_SHOT_MS``) fit side by side in a clip's length, at least one."""
    duration_ms = float(getattr(video, "duration_ms", 0) or info.duration_ms or 0)
    return max(1.0, duration_ms / max(float(shot_ms), CLIP_SHOT_MS))


def distinct_looks(video: Any) -> int | None:
    """How many different-looking moments a clip's analysis found (``VideoAnalysis.looks``); None where the clip
    has no analysis or its analysis no looks."""
    looks = getattr(video, "looks", ())
    return len(set(looks)) if looks else None


def shared_evenly(room: Sequence[int], even: Sequence[bool], new: int) -> list[int]:
    """The showings beyond the ceilings that the loudest sections' bar-long showings add (``new`` of them, at most
    the ``room`` the pictures with framings make: ``reframes.framing_room``), shared evenly by the pictures marked
    ``even`` (the good ones: not weak): held-out export 01's two photos with near views took them all, 8 showings
    each where the others had 2-5 ("the flower and the ladybird 8 shots each in 107 s", a blind reviewer).

    >>> shared_evenly([3, 3, 0, 0, 0], [True, True, True, True, False], 6)
    [2, 2, 2, 2, 0]
    """
    total = min(sum(room), new)
    takers = sum(1 for e in even if e)
    each = -(-total // takers) if takers else 0
    return [each if e else 0 for e in even]
