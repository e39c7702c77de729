"""The final picture held longer: "hold the last shot", "linger on the final picture", "make the last shot longer".

Each time the last shot is held ``HOLD_STEP_MS`` or more longer (from the bar or beat at or before), inside the
song's length: the shots that would begin in that time are dropped. A closing picture is held from that beat, the
shot before it cut there; a closing clip as under an end card (``planning.ending.held_ending``: only where its
footage allows). The ending's fade is laid again on the held shot.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from ...protocol import Draft, Segment
from ...protocol.sound_ending import sound_ending
from .end_card import cut_grid
from .errors import EditError
from .message import Message
from .narration import shot_count
from .operations import HoldLastShot, Parsed
from .replies import seconds
from .tracks import replace_track, visual_shots, visuals_index

HOLD_STEP_MS = 3000
_LAST = r"(last|final|ending|closing|end)"
_SHOT = r"(shots?|pictures?|photos?|images?|frames?|clips?|scenes?)"
_HOLD = re.compile(
    rf"\b(hold|linger on|stay on|keep|extend|lengthen|let)\b.*\b{_LAST} {_SHOT}\b"
    rf"|\b{_LAST} {_SHOT}\b.*\b(longer|too short|stay longer|breathe|last longer)\b|\blonger {_LAST} {_SHOT}\b"
    rf"|\bhold (on )?the end( longer)?\b|最后一个镜头(停留|长一点|久一点)|结尾画面(停留|长一点)"
)


def detect_hold_last(clause: str, msg: Message) -> list[Parsed] | None:
    del msg
    return [HoldLastShot(ms=HOLD_STEP_MS)] if _HOLD.search(clause) else None


def hold_last_shot(draft: Draft, edit: HoldLastShot, media_ms: Mapping[str, int]) -> Draft:
    """``draft`` with its last shot ``edit.ms`` longer (the shots before it that would begin there dropped)."""
    from ..planning.ending import ClipRoom, ending, held_ending

    index = visuals_index(draft)
    if index is None or draft.meta.get("cover_design") or draft.meta.get("backdrop"):
        raise EditError("this video has no cut to move: its one picture is held to the end already")
    shots = sorted(draft.tracks[index].segments, key=lambda sg: sg.start_ms)
    if len(shots) < 2:
        raise EditError("the video is one shot: the last shot is held from the start")
    wanted = shots[-1].duration_ms + edit.ms
    grid = cut_grid(draft, shots)
    held = _picture_held(shots, draft.duration_ms, grid, wanted) if shots[-1].in_ms is None else None
    held = _joined_repeats(held or held_ending(shots, draft.duration_ms, ClipRoom(media_ms), grid, held_ms=wanted))
    if held == shots or held[-1].duration_ms <= shots[-1].duration_ms:
        raise EditError("the last shot can't be held longer: the clip has no more footage without a cut")
    sound = sound_ending(draft)  # the held shot fades as the sound ends, as the planned one did
    return replace_track(draft, index, draft.tracks[index].with_segments(tuple(ending(held, draft.duration_ms, sound))))


def _joined_repeats(shots: list[Segment]) -> list[Segment]:
    """``shots`` with a still that follows itself joined into one shot: a cut between two showings of one picture is
    no cut a viewer sees (a montage with few pictures can show the picture held at the end just before it)."""
    joined: list[Segment] = []
    for sg in shots:
        before = joined[-1] if joined else None
        if before is not None and before.src == sg.src and before.in_ms is None and sg.in_ms is None:
            joined[-1] = replace(sg, start_ms=before.start_ms, duration_ms=sg.end_ms - before.start_ms)
        else:
            joined.append(sg)
    return joined


def _picture_held(shots: list[Segment], duration_ms: int, grid: list[float], wanted_ms: int) -> list[Segment] | None:
    """The closing picture held from the last beat ``wanted_ms`` or more before the end, the shots from there
    dropped and the one before cut there (or dropped too, where it would last under ``MIN_BEFORE_MS``)."""
    from ..planning.ending import MIN_BEFORE_MS

    cut = max((round(b) for b in grid if 0 < b <= duration_ms - wanted_ms), default=None)
    kept = [sg for sg in shots[:-1] if cut is not None and sg.start_ms < cut]
    if cut is None or not kept:
        return None
    if cut - kept[-1].start_ms < MIN_BEFORE_MS:
        cut = kept.pop().start_ms
    if not kept:
        return None
    held = replace(shots[-1], start_ms=cut, duration_ms=duration_ms - cut)
    return [*kept[:-1], replace(kept[-1], duration_ms=min(kept[-1].duration_ms, cut - kept[-1].start_ms)), held]


def describe_hold(before: Draft, after: Draft, zh: bool) -> str:
    was, now = _last_shot_ms(before), _last_shot_ms(after)
    shots = shot_count(after)
    if zh:
        return f"最后一个镜头停留{seconds(now)}秒（之前{seconds(was)}秒），共{shots}个镜头"
    return f"the last shot now holds {seconds(now)}s (was {seconds(was)}s), {shots} shots in all"


def _last_shot_ms(draft: Draft) -> int:
    shots = visual_shots(draft)
    return max(shots, key=lambda sg: sg.end_ms).duration_ms if shots else 0
