"""Words for a change of the cut rate: the rate after it, by how much it changed, and what else a new plan changed
(read from the drafts, so they say what is)."""

from __future__ import annotations

from ...protocol import Draft
from .narration import shot_count
from .operations import Replan, Resync, SetCutRate
from .replan import describe_replan
from .timing import current_beats_per_cut


def cut_words(edit: SetCutRate | Resync, after: Draft, zh: bool) -> str:
    count = shot_count(after)
    n = current_beats_per_cut(after)
    rate = isinstance(edit, SetCutRate)
    if zh:
        return f"每{n}拍一切（{count}个镜头）" if rate else f"重新卡点：每{n}拍一切（{count}个镜头）"
    raw_bar = after.meta.get("beats_per_bar", 4)
    bar = raw_bar if isinstance(raw_bar, int) and raw_bar > 0 else 4
    if rate and after.meta.get("cut_on_downbeats") and n % bar == 0:
        bars = n // bar
        return f"cuts on every {'bar' if bars == 1 else f'{bars} bars'} ({n} beats, {count} shots)"
    head = "cuts every" if rate else "re-synced the cuts to the beat: every"
    return f"{head} {n} beat{'s' if n != 1 else ''} ({count} shots)"


def was_words(before: Draft, after: Draft, zh: bool) -> str:
    """How the cut rate was before a change of it, so that the reply says by how much ("" if it did not change)."""
    was, now = current_beats_per_cut(before), current_beats_per_cut(after)
    shots = shot_count(before)  # the count the reply gave then
    if was == now or not shots:
        return ""
    if zh:
        return f"，之前每{was}拍一切（{shots}个镜头）"
    ratio = now / was
    named = {2.0: "twice", 0.5: "half", 4.0: "four times", 0.25: "a quarter", 3.0: "three times", 1 / 3: "a third"}
    how = next((words for r, words in named.items() if abs(r - ratio) < 1e-6), f"{ratio:.2g} times")  # "0.25 times"
    return f", {how} as long a shot as before (every {was} beat{'s' if was != 1 else ''}, {shots} shots)"


def replanned_words(edit: Replan, before: Draft, after: Draft, zh: bool) -> str:
    """A new plan's cut rate and what else it changed, each as a change of its own."""
    rate = SetCutRate(beats_per_cut=edit.beats_per_cut)
    parts = [cut_words(rate, after, zh) + was_words(before, after, zh)] if edit.beats_per_cut else []
    if edit.chorus_factor is not None or edit.clip_factor is not None or not parts:
        parts.append(describe_replan(edit, before, after, zh))
    return ("；" if zh else "; ").join(parts)
