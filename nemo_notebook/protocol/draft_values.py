"""The values of a draft checked against the vocabulary's types, for a server that is about to render it.

`Draft.from_wire` checks the draft's shape and stays a tolerant reader (a client reads whatever a server sends);
`check_values` is the stricter judge a server applies to a draft it is handed: every key of
``protocol.vocabulary``'s records that is present must have its type and a sensible range, so that a draft which
cannot render is refused at once, naming the field, instead of failing in ffmpeg minutes later. Unknown keys and
null values pass.

>>> from .draft import Draft
>>> check_values(Draft.from_wire({"t": [{"tt": 1, "sg": [{"s": 0, "d": 10, "m": {"volume": "loud"}}]}], "d": 10}))
Traceback (most recent call last):
...
nemo_notebook.protocol.draft.DraftFormatError: draft.t[0].sg[0].m.volume: must be a number from 0 to 1
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Any

from .draft import Draft, DraftFormatError, Segment, Track
from .vocabulary import ASPECT_SIZES

MAX_TEXT_CHARS = 2_000
MAX_TEXT_SIZE = 1_000
MAX_BPM = 1_000.0
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
Check = Callable[[Any, str], None]


def _number(value: Any, where: str, low: float, high: float, words: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise DraftFormatError(where, f"must be {words}")
    if not low <= value <= high:
        raise DraftFormatError(where, f"must be {words}")
    return float(value)


def _at_least_one(value: Any, where: str, high: float, what: str) -> None:
    _number(value, where, 1.0, high, f"{what} from 1 to {high:g}")


def _unit(value: Any, where: str) -> None:
    _number(value, where, 0.0, 1.0, "a number from 0 to 1")


def _ms(value: Any, where: str) -> None:
    _number(value, where, 0.0, math.inf, "a finite number of milliseconds, 0 or more")


def _bpm(value: Any, where: str) -> None:
    _number(value, where, 0.0, MAX_BPM, f"a tempo from 0 (none found) to {MAX_BPM:g} beats a minute")


def _flag(value: Any, where: str) -> None:
    if not isinstance(value, bool):
        raise DraftFormatError(where, "must be true or false")


def _word(value: Any, where: str) -> None:
    if not isinstance(value, str) or len(value) > 200 or _CONTROL.search(value):
        raise DraftFormatError(where, "must be a short string without control characters")


def _text(value: Any, where: str) -> None:
    if not isinstance(value, str) or len(value) > MAX_TEXT_CHARS:
        raise DraftFormatError(where, f"must be a string of at most {MAX_TEXT_CHARS} characters")
    if _CONTROL.search(value):
        raise DraftFormatError(where, "holds a control character (a NUL, say): only text, tabs and line breaks")


def _times(value: Any, where: str) -> None:
    if not isinstance(value, list):
        raise DraftFormatError(where, "must be a list of milliseconds")
    for i, item in enumerate(value):
        _ms(item, f"{where}[{i}]")


def _words(value: Any, where: str) -> None:
    if not isinstance(value, list):
        raise DraftFormatError(where, "must be a list of strings")
    for i, item in enumerate(value):
        _word(item, f"{where}[{i}]")


def _aspect(value: Any, where: str) -> None:
    if value not in ASPECT_SIZES:
        raise DraftFormatError(where, f"must be one of {', '.join(ASPECT_SIZES)}")


def _style(value: Any, where: str) -> None:
    if not isinstance(value, Mapping):
        raise DraftFormatError(where, "must be an object like {'size': 96, 'color': '#ffffff', 'position': 'center'}")
    _check_meta(value, where, _STYLE)


_STYLE: dict[str, Check] = {
    "size": lambda v, w: _at_least_one(v, w, MAX_TEXT_SIZE, "a size in pixels"),
    "color": _word,
    "position": _word,
}
_DRAFT_META: dict[str, Check] = {
    "aspect": _aspect,
    "bpm": _bpm,
    "beats_ms": _times,
    "downbeats_ms": _times,
    "loudnorm": _flag,
    "cut_on_downbeats": _flag,
    "beats_per_cut": lambda v, w: _at_least_one(v, w, 64, "a number of beats"),
}
_TRACK_META: dict[str, Check] = {"role": _word, "name": _word, "volume": _unit, "duck": _flag}
_SEGMENT_META: dict[str, Check] = {
    "role": _word,
    "name": _word,
    "motion": _word,
    "effect": _word,
    "position": _word,
    "color": _word,
    "colors": _words,
    "opacity": _unit,
    "volume": _unit,
    "text": _text,
    "style": _style,
    "fade_in_ms": _ms,
    "fade_out_ms": _ms,
}


def _check_meta(meta: Mapping[str, Any], where: str, checks: Mapping[str, Check]) -> None:
    for key, check in checks.items():
        if meta.get(key) is not None:  # null is as good as absent: the renderer uses its default
            check(meta[key], f"{where}.{key}")


def _check_segment(segment: Segment, where: str) -> None:
    if segment.duration_ms <= 0:
        raise DraftFormatError(f"{where}.d", "must be more than 0 ms: a segment lasts some time")
    _check_meta(segment.meta, f"{where}.m", _SEGMENT_META)


def _check_track(track: Track, where: str) -> None:
    _check_meta(track.meta, f"{where}.m", _TRACK_META)
    for j, segment in enumerate(track.segments):
        _check_segment(segment, f"{where}.sg[{j}]")


def check_values(draft: Draft) -> None:
    """Refuse a draft whose known values have the wrong type or range.

    Raises
    ------
    DraftFormatError
        Naming the field (``draft.t[0].sg[1].m.volume``) and what it must be.
    """
    if draft.duration_ms <= 0 and not draft.is_empty:  # an empty draft is refused for being empty
        raise DraftFormatError("d", "must be more than 0 ms: the length of the export")
    _check_meta(draft.meta, "m", _DRAFT_META)
    for i, track in enumerate(draft.tracks):
        _check_track(track, f"t[{i}]")
