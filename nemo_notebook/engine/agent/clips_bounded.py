"""Words for a clip shorter than the time the music had for it (the draft's ``m.clips_bounded``, set by
``planning.clip_time_bounded``): it is shown about once and the pictures beside it are held longer, where held-out
export 01 of stop 52 looped an 11 s clip over 28 s. The reply says so in plain words, with the clip's length and what
a viewer sees of it, counted on the draft."""

from __future__ import annotations

from typing import NamedTuple

from ...protocol import Draft
from .repeats import clip_moments
from .replies import seconds
from .tracks import visual_shots

ALL_OF_IT = 0.9  # a clip this much of whose footage is on screen is said to be shown whole


class BoundedClip(NamedTuple):
    """A clip held to its own length: its name, length, footage shown (ms, each moment once), the shots a viewer
    counts, and whether a moment of it comes back."""

    name: str
    length_ms: int
    footage_ms: int
    shots: int
    again: bool


def bounded_clips(draft: Draft) -> dict[str, BoundedClip]:
    """Each clip the plan held to its own length, by media id, as the draft shows it."""
    bounded = draft.meta.get("clips_bounded")
    if not isinstance(bounded, dict):
        return {}
    out = {}
    for src, (length, *_) in sorted(bounded.items()):
        mine = [s for s in visual_shots(draft) if s.src == src and s.in_ms is not None]
        if not mine:
            continue
        shots, different = clip_moments(draft, src)
        spans = sorted((s.in_ms or 0, (s.in_ms or 0) + s.duration_ms) for s in mine)
        name = str(mine[0].meta.get("name") or src)
        out[src] = BoundedClip(name, int(length), _union_ms(spans), shots, different < shots)
    return out


def clips_bounded_words(before: Draft, after: Draft, zh: bool) -> str:
    """What to say where ``after`` holds a clip to its own length; nothing where none is, or ``before`` said the same.

    Examples
    --------
    >>> clips_bounded_words(Draft.empty(), draft, zh=False)  # doctest: +SKIP
    '"Megamind.avi" is 11s long, so I showed all of it once, in 7 shots, and held the pictures longer rather than
    play it again'
    """
    now = bounded_clips(after)
    if not now or now == bounded_clips(before):
        return ""
    return ("；" if zh else "; ").join(_words(clip, zh) for clip in now.values())


def _words(clip: BoundedClip, zh: bool) -> str:
    whole = clip.footage_ms >= ALL_OF_IT * clip.length_ms
    if zh:
        shown = "完整地放了一遍" if whole else f"放了其中{seconds(clip.footage_ms)}秒"
        again = "（个别画面出现两次）" if clip.again else ""
        return (
            f"“{clip.name}”只有{round(clip.length_ms / 1000)}秒，所以我把它{shown}，共{clip.shots}个镜头{again}，"
            "其余时间让图片停留更久，而不是重复播放它"
        )
    shown = "all of it once" if whole else f"{seconds(clip.footage_ms)}s of it once"
    again = ", a few moments twice" if clip.again else ""
    return (
        f'"{clip.name}" is {round(clip.length_ms / 1000)}s long, so I showed {shown}, in {clip.shots} shots{again}, '
        "and held the pictures longer rather than play it again"
    )


def _union_ms(spans: list[tuple[int, int]]) -> int:
    """How much of the clip the sorted ``spans`` cover, each moment counted once."""
    total, end = 0, 0
    for a, b in spans:
        total += max(0, b - max(a, end))
        end = max(end, b)
    return total
