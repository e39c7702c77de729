"""Words for weak pictures and clips that a video shows less than the others (the draft's ``m.little_used``,
``planning.quality``): a fixed camera where little changes, footage or a photo out of focus, a picture too small for
the frame, a plain picture (a texture with nothing standing out) or a blocky one. The reply says which, how often each is on screen, and why, so that a user who uploaded it knows it was
not forgotten; and which it left out, blurred and plain at once (a smooth gradient: ``planning.quality.EMPTY``)."""

from __future__ import annotations

from ...protocol import Draft
from ...protocol.showings import showings as shown_runs
from ..planning.quality import BLOCKY, COARSE, FIXED_CAMERA, OUT_OF_FOCUS, PARTLY_SOFT, SMALL
from .repeats import over_shown, showings
from .tracks import visual_shots

WHY = {
    FIXED_CAMERA: "a fixed camera where little changes",
    OUT_OF_FOCUS: "out of focus",
    PARTLY_SOFT: "mostly out of focus",
    SMALL: "too small for the video's size",
    COARSE: "plain: nothing in it stands out",
    BLOCKY: "blocky when enlarged",
}
WHY_ZH = {
    FIXED_CAMERA: "固定机位，画面变化很少",
    OUT_OF_FOCUS: "画面失焦",
    PARTLY_SOFT: "大部分画面失焦",
    SMALL: "分辨率太低",
    COARSE: "画面单调，没有突出的内容",
    BLOCKY: "放大后显得粗糙",
}


def little_used_words(before: Draft, after: Draft, zh: bool) -> str:
    """Which weak pictures and clips ``after`` shows less, how often and why; nothing where none is, or where
    ``before`` said the same.

    Examples
    --------
    >>> little_used_words(Draft.empty(), draft, zh=False)  # doctest: +SKIP
    'shown less than the others: "vtest.avi" once (a fixed camera where little changes)'
    >>> little_used_words(Draft.empty(), calm_draft, zh=False)  # doctest: +SKIP
    'shown less than the others: "Wood.jpg" once (plain: nothing in it stands out), in a shorter shot'
    """
    little, left = shown_less(after), _left_out(after)
    said = [] if not little or little == shown_less(before) else [_less(little, zh, _brief(after))]
    if left and left != _left_out(before):
        names = ("，" if zh else ", ").join((f"“{name}”" if zh else f'"{name}"') for name in left)
        said.append(
            f"未使用{names}（纯色渐变，没有可看的内容）" if zh else f"left out {names}: plain, nothing to look at"
        )
    return ("；" if zh else "; ").join(said)


def _less(little: list[tuple[str, int, str]], zh: bool, brief: set[str]) -> str:
    """The line naming each weak visual, how often and why; "in a shorter shot" where its showings are ``brief``."""
    if zh:
        short = {name: "，镜头较短" if name in brief else "" for name, _, _ in little}
        return "较少使用：" + "，".join(
            f"“{name}”{n}次（{WHY_ZH.get(why, why)}{short[name]}）" for name, n, why in little
        )
    parts = [
        f'"{name}" {times_said(n)} ({WHY.get(why, why)})' + (f", in {_shorter(n)}" if name in brief else "")
        for name, n, why in little
    ]
    return "shown less than the others: " + ", ".join(parts)


def _shorter(n: int) -> str:
    return "a shorter shot" if n == 1 else "shorter shots"


BRIEF = 0.8  # a weak visual whose showings last less than this share of the others' median is said to be brief


def _brief(draft: Draft) -> set[str]:
    """The names of the weak visuals (``m.little_used``) whose showings last less, on average, than ``BRIEF`` of
    the other visuals' median showing (``planning.prominence.weak_holds_shortened`` cut them down)."""
    weak = draft.meta.get("little_used")
    if not isinstance(weak, dict):
        return set()
    lengths: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    for run in shown_runs(visual_shots(draft)):
        if run[0].src is not None:
            lengths.setdefault(run[0].src, []).append(sum(sg.duration_ms for sg in run))
            names[run[0].src] = str(run[0].meta.get("name") or run[0].src)
    strong = sorted(ms for k, runs in lengths.items() if k not in weak for ms in runs)
    if not strong:
        return set()
    median = strong[len(strong) // 2]
    return {names[k] for k in weak if k in lengths and sum(lengths[k]) / len(lengths[k]) < BRIEF * median}


def _left_out(draft: Draft) -> list[str]:
    """The names of the pictures the draft leaves out as empty (``m.left_out``: ``planning.quality.EMPTY``)."""
    left = draft.meta.get("left_out")
    return sorted(str(name) for name in left.values()) if isinstance(left, dict) else []


def shown_less(draft: Draft) -> list[tuple[str, int, str]]:
    """(name, showings, why) of each weak visual the draft shows within its own ceiling (shown more often, it is
    not shown less than the others; more than the material allows, the reply says so instead: ``repeats``)."""
    why, ceiling = draft.meta.get("little_used"), draft.meta.get("most_shows")
    if not isinstance(why, dict):
        return []
    over, most = over_shown(draft), ceiling if isinstance(ceiling, dict) else {}
    shown = showings(draft)
    return sorted(
        (s.name, s.times, str(why[k]))
        for k, s in shown.items()
        if k in why and k not in over and s.times <= int(most.get(k, s.times))
    )


def times_said(n: int) -> str:
    """ "once", "twice", "3 times"."""
    return {1: "once", 2: "twice"}.get(n, f"{n} times")
