"""Words for pictures shown more often than the material allows (the draft's ``m.most_shows``): a pace the user
set, or too few pictures and clips for the music's length, brings a picture back more often than a viewer takes
well, and the reply says so, with what would help."""

from __future__ import annotations

from ...protocol import Draft
from .replies import seconds
from .tracks import visual_shots


def over_shown(draft: Draft) -> dict[str, tuple[str, int, int]]:
    """Each picture shown more often than its ceiling: media id → (name, times shown, ceiling)."""
    ceiling = draft.meta.get("most_shows")
    if not isinstance(ceiling, dict):
        return {}
    counts: dict[str, int] = {}
    names: dict[str, str] = {}
    for shot in visual_shots(draft):
        if shot.src is not None and shot.src in ceiling:
            counts[shot.src] = counts.get(shot.src, 0) + 1
            names[shot.src] = str(shot.meta.get("name") or shot.src)
    return {k: (names[k], n, int(ceiling[k])) for k, n in counts.items() if n > int(ceiling[k])}


def repeat_words(before: Draft, after: Draft, zh: bool) -> str:
    """What to say about pictures that come back too often in ``after``; nothing where none does, or where
    ``before`` had the same ones (said already).

    Examples
    --------
    >>> repeat_words(Draft.empty(), draft, zh=False)  # doctest: +SKIP
    '"kite.jpg" comes back 6 times in 60s, more than a picture should (2): add pictures or clips to show each less often'
    """
    over = over_shown(after)
    if not over or over == over_shown(before):
        return ""
    ranked = sorted(over.values(), key=lambda v: (-v[1], v[0]))
    most, ceiling = ranked[0][1], min(v[2] for v in ranked)
    length = seconds(after.duration_ms)
    if zh:
        who = f"“{ranked[0][0]}”" if len(ranked) == 1 else f"{len(ranked)}张图片（如“{ranked[0][0]}”）"
        return f"{length}秒里{who}出现了{most}次，多于一张图片应有的{ceiling}次：添加图片或视频片段，每张就出现得少些"
    if len(ranked) == 1:
        who, times = f'"{ranked[0][0]}" comes', f"{most} times"
    else:
        names = ", ".join(f'"{name}"' for name, _, _ in ranked[:2]) + (", …" if len(ranked) > 2 else "")
        who, times = f"{len(ranked)} pictures ({names}) come", f"up to {most} times each"
    return (
        f"{who} back {times} in {length}s, more than a picture should ({ceiling}): add pictures or clips to"
        " show each less often"
    )
