"""Words for a clip too short for its video: where one of a clip's moments (in-points under
``clip_recency.MOMENT_NEAR_MS`` apart) comes back within ``material.MOMENT_EVERY_MS``, the planner had no other
moment of it to show there (``planning.clip_recency``: a moment at most once a minute where the clip has others,
else the one shown longest ago). The reply says which clip, how soon its moments come back, as counted on the
draft, and what would vary it."""

from __future__ import annotations

import itertools
from typing import NamedTuple

from ...protocol import Draft
from ..planning.clip_recency import MOMENT_NEAR_MS
from ..planning.material import MOMENT_EVERY_MS
from .repeats import over_shown
from .replies import seconds
from .short_material import short_material_words
from .tracks import visual_shots


class ShortClip(NamedTuple):
    """A clip whose moments come back within a minute: its name, and the soonest one came back (ms)."""

    name: str
    again_ms: int


def short_clips(draft: Draft) -> list[ShortClip]:
    """Each clip of the draft one of whose moments is on screen twice within ``MOMENT_EVERY_MS``, by name (not by
    media id, which is new at every upload: the reply named two clips in an order of luck)."""
    shown: dict[str, list[tuple[int, int]]] = {}
    names: dict[str, str] = {}
    for shot in visual_shots(draft):
        if shot.src is not None and shot.in_ms is not None:
            shown.setdefault(shot.src, []).append((shot.start_ms, shot.in_ms))
            names[shot.src] = str(shot.meta.get("name") or shot.src)
    out = []
    for src, shots in sorted(shown.items(), key=lambda item: (names[item[0]], item[0])):
        gaps = [
            abs(b[0] - a[0])
            for a, b in itertools.combinations(shots, 2)
            if abs(a[1] - b[1]) < MOMENT_NEAR_MS and abs(b[0] - a[0]) < MOMENT_EVERY_MS
        ]
        if gaps:
            out.append(ShortClip(names[src], min(gaps)))
    return out


def short_clip_words(before: Draft, after: Draft, zh: bool) -> str:
    """What to say where ``after`` shows a clip's moments again within a minute; nothing where it does not, where
    the clip is named as shown more than its ceiling (``repeats.repeat_words`` says that), or where ``before`` showed
    the same clips so. What to add is said once: ``short_material_words`` says it where it speaks too.

    Examples
    --------
    >>> short_clip_words(Draft.empty(), draft, zh=False)  # doctest: +SKIP
    'the clips are short for 60s, their moments come back: "hands.mp4" after 17s; add more clips or pictures to vary it'
    """
    over = {s.name for s in over_shown(after).values()}
    short = [s for s in short_clips(after) if s.name not in over]
    if not short or [s.name for s in short] == [s.name for s in short_clips(before)]:
        return ""
    length = seconds(after.duration_ms)
    advised = bool(short_material_words(before, after, zh))  # which says what to add, in the same reply
    if zh:
        named = "，".join(f"“{s.name}”的画面在{seconds(s.again_ms)}秒后重复" for s in short)
        return f"视频片段相对{length}秒的视频较短：{named}" + (
            "" if advised else "；添加更多视频片段或图片可让画面更丰富"
        )
    named = ", ".join(f'"{s.name}" after {seconds(s.again_ms)}s' for s in short)
    advice = "" if advised else "; add more clips or pictures to vary it"
    return f"the clips are short for {length}s, their moments come back: {named}{advice}"
