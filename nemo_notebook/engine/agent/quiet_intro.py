"""A long quiet intro (``m.quiet_intro_ms``, ``planning.quiet_intro``): the reply offers to start the video where the
music turns loud, in words it then understands ("start at the drop"), as a video editor would for a track whose
first 14 s a viewer scrolls past (held-out 06). "start at 0:15" and "cut the intro" work too (``detect``)."""

from __future__ import annotations

import re

from ...protocol import Draft
from .operations import Parsed, Trim
from .replies import clock, seconds

DROP_WORDS = "start at the drop"
MOSTLY_SILENT_MS = 2000
"""An intro that sounds for less than this after the track's silent start is that silence (``silent_start``)."""
_CLOCK = r"(\d{1,2}):([0-5]\d)"
_SECONDS = r"(\d+(?:\.\d+)?)\s*(?:s|secs?|seconds?)"


def quiet_intro_words(before: Draft, after: Draft, zh: bool) -> str:
    """How long ``after`` opens quietly and the words that start it where the music turns loud; nothing where it
    does not, or where ``before`` said the same.

    >>> quiet_intro_words(Draft.empty(), Draft.empty().with_meta(quiet_intro_ms=14533), zh=False)
    'the first 14.5s are very quiet; say "start at the drop" to begin at 0:15, where the music comes in'
    """
    drop_ms = after.meta.get("quiet_intro_ms")
    if not isinstance(drop_ms, int) or drop_ms <= 0 or drop_ms == before.meta.get("quiet_intro_ms"):
        return ""
    silent_ms = after.meta.get("silent_start_ms")
    if isinstance(silent_ms, int) and drop_ms - silent_ms < MOSTLY_SILENT_MS:  # the silence is the intro: said so
        return ""
    if zh:
        return f"开头{seconds(drop_ms)}秒很安静；说“从高潮开始”即可从{clock(drop_ms)}音乐响起处开始"
    return f'the first {seconds(drop_ms)}s are very quiet; say "{DROP_WORDS}" to begin at {clock(drop_ms)}, where the music comes in'


def detect_quiet_intro(clause: str) -> list[Parsed] | None:
    """ "start at the drop", "cut the intro", "skip the quiet intro": start where the music turns loud
    (``Trim.intro``); "start at 0:15", "begin at 15 s", "start the video at 0:15": start there."""
    head = r"^(?:please |can you |could you )*(?:make (?:it|the video) |have (?:it|the video) )?(?:start|begin|open)s?(?: (?:the |my )?(?:video|song|it))?"
    if re.search(
        rf"{head} (?:at|from|on|with) (?:the )?(?:drop|beat drop|first drop|loud part|first loud moment)\b", clause
    ) or re.search(
        r"\b(?:cut|skip|trim|remove|drop|lose)\b (?:out )?(?:the |that )?(?:quiet |slow |long |silent )?intro\b|从高潮开始|剪掉前奏|去掉前奏",
        clause,
    ):
        return [Trim(edge="start", ms=0, intro=True)]
    at = re.search(rf"{head} (?:at|from) (?:{_CLOCK}|{_SECONDS})\s*$", clause)
    if at is None:
        return None
    minutes, secs, plain = at.groups()
    ms = round((int(minutes) * 60 + int(secs)) * 1000) if minutes is not None else round(float(plain) * 1000)
    return [Trim(edge="start", ms=ms)] if ms > 0 else None
