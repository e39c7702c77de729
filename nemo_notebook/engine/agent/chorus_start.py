"""“start at the chorus”, as musicians say it ("skip to the chorus", "begin with the chorus", "从副歌开始"): the video
starts where the song's chorus first comes in, on its downbeat (``Trim.chorus``): the first section after the opening
at the song's full level (``m.chorus_start_ms``, ``planning.chorus_start``), where the music has sections; where it
has none, the reply says so and offers a time instead.
"""

from __future__ import annotations

import re

from ...protocol import Draft
from .errors import EditError
from .operations import Parsed, Trim
from .replies import clock, seconds
from .timing import trim

LOUDEST = "loudest"  # a section's level in ``m.sections`` (``planning.cutting.section_spans``)
OFFERED_START_MS = 30_000
"""Where no chorus is found, the reply offers to start here instead ("start at 0:30") where ``LEFT_MS`` is left
after it, else a quarter into the video."""
LEFT_MS = 10_000

_HEAD = r"^(?:please |can you |could you |just )*(?:make (?:it|the video) |have (?:it|the video) |let(?: i|')?t )?"
_CHORUS = r"(?:the |its |first |the first )*(?:chorus|refrain|hook)\b"
_WORDS = re.compile(
    rf"{_HEAD}(?:start|begin|open)s?(?: (?:the |my )?(?:video|song|it))? (?:at|from|on|with) {_CHORUS}"
    rf"|{_HEAD}(?:skip|jump|go|cut) (?:straight |right )?(?:ahead )?to {_CHORUS}"
    r"|从副歌开始|从副歌部分开始|直接(?:跳|切)到副歌|跳到副歌"
)


def detect_chorus_start(clause: str) -> list[Parsed] | None:
    """ "start at the chorus", "skip to the chorus", "begin with the chorus": ``Trim(chorus=True)``."""
    return [Trim(edge="start", ms=0, chorus=True)] if _WORDS.search(clause) else None


def chorus_start_ms(draft: Draft) -> int | None:
    """Where the chorus first comes in (ms): ``m.chorus_start_ms`` (``planning.chorus_start``: the first section at
    the song's full level after its opening), else, for a draft planned before it, the first "loudest" section's
    start on the downbeat nearest it; 0 where the video already starts there or past it, None where the music has
    no sections or none is louder than the rest."""
    stored = draft.meta.get("chorus_start_ms")
    if isinstance(stored, int):
        return stored
    raw = draft.meta.get("sections")
    starts = [
        item["start_ms"]
        for item in (raw if isinstance(raw, list) else [])
        if isinstance(item, dict) and item.get("level") == LOUDEST and isinstance(item.get("start_ms"), int)
    ]
    if not starts or len(starts) == len(raw if isinstance(raw, list) else []):
        return None
    first = max(min(starts), 0)
    downbeats = draft.meta.get("downbeats_ms")
    bars = sorted(int(d) for d in downbeats) if isinstance(downbeats, list) else []
    bar_ms = (bars[-1] - bars[0]) / (len(bars) - 1) if len(bars) > 1 else 0.0
    near = [d for d in bars if abs(d - first) <= bar_ms and d >= 0]
    return min(near, key=lambda d: abs(d - first)) if near else first


def trim_to_chorus(draft: Draft) -> Draft:
    """The video started where its chorus first comes in (``chorus_start_ms``); an ``EditError`` that says why not
    and offers a time (``OFFERED_START_MS``) where no chorus is found."""
    start_ms = chorus_start_ms(draft)
    if start_ms == 0:
        raise EditError("the video already starts at the chorus")
    if start_ms is None:
        offer = (
            OFFERED_START_MS if draft.duration_ms >= OFFERED_START_MS + LEFT_MS else draft.duration_ms // 4000 * 1000
        )
        said = f' (say "start at {clock(offer)}" to start there instead)' if offer > 0 else ""
        raise EditError(
            "I can't find a chorus in this song: no part of it is louder than the rest" + said
            if draft.meta.get("sections")
            else "I can't find a chorus in this music: it has one section" + said
        )
    return trim(draft, "start", start_ms)


def chorus_words(cut_ms: int, after: Draft, zh: bool) -> str:
    """The reply to a video started at its chorus ``cut_ms`` into the song.

    >>> chorus_words(42_000, Draft.empty(), zh=False)
    'now starts at the chorus, 0:42 (cut the first 42s, now 0s)'
    """
    if zh:
        return f"现在从副歌开始（{clock(cut_ms)}），剪掉了前{seconds(cut_ms)}秒"
    return f"now starts at the chorus, {clock(cut_ms)} (cut the first {seconds(cut_ms)}s, now {seconds(after.duration_ms)}s)"
