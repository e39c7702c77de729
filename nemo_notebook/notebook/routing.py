"""Words after ``%nemo`` → the command they mean, as the seeds route them, in English and Chinese.

>>> route("导出").command
'export'
>>> route("send me the video").command
'export'
>>> route("make the cuts every two beats").command
'chat'

Only the start of the text decides (a leading word, or one of a few whole phrases), so that a chat message which
merely mentions "export" further on stays a chat message.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

Command = str  # one of COMMANDS

COMMANDS = (
    "studio", "chat", "upload", "timeline", "credits", "export", "session", "renders", "cancel", "report", "help",
    "near_miss",
)  # fmt: skip

_WORDS: dict[str, Command] = {
    "export": "export",
    "download": "export",
    "credits": "credits",
    "credit": "credits",
    "balance": "credits",
    "status": "timeline",
    "timeline": "timeline",
    "tracks": "timeline",
    "upload": "upload",
    "session": "session",
    "sessions": "session",
    "renders": "renders",
    "exports": "renders",
    "cancel": "cancel",
    "report": "report",
    "help": "help",
    "?": "help",
}

# Chinese has no spaces: these match at the start of the text, with or without what follows.
_CJK_PREFIXES: tuple[tuple[str, Command], ...] = (
    ("导出", "export"),
    ("下载", "export"),
    ("积分", "credits"),
    ("余额", "credits"),
    ("状态", "timeline"),
    ("时间线", "timeline"),
    ("上传", "upload"),
    ("取消", "cancel"),
    ("帮助", "help"),
)

_PHRASES: tuple[tuple[re.Pattern[str], Command], ...] = (
    (re.compile(r"^(please\s+)?send\s+(me\s+)?(the|my)\s+(video|mp4|file|export)\b"), "export"),
    (re.compile(r"^(show|list)\s+(me\s+)?(the\s+|my\s+)?(tracks|timeline)\b"), "timeline"),
    (re.compile(r"^(how\s+many|my|check\s+(my\s+)?)\s*credits\b"), "credits"),
    (re.compile(r"^(what'?s|what\s+is)\s+my\s+(balance|credit)"), "credits"),
)

_TRAILING_PUNCTUATION = "!?.,;:。！？，；："


@dataclass(frozen=True)
class Route:
    """Where ``text`` goes: ``command`` and the words that follow the command word (``rest``)."""

    command: Command
    rest: str


def route(text: str) -> Route:
    """The command ``text`` asks for; anything that is not a command is ``chat`` with the whole text as ``rest``.

    Parameters
    ----------
    text
        What the user wrote after ``%nemo`` (or in a ``%%nemo`` cell).

    Examples
    --------
    >>> route("export --quality low -o out.mp4")
    Route(command='export', rest='--quality low -o out.mp4')
    >>> route("上传 song.mp3")
    Route(command='upload', rest='song.mp3')
    """
    stripped = text.strip()
    if not stripped:
        return Route("studio", "")
    lowered = stripped.lower()
    for prefix, command in _CJK_PREFIXES:
        if stripped.startswith(prefix):
            return Route(command, _after_cjk(stripped, prefix))
    for pattern, command in _PHRASES:
        if pattern.match(lowered):
            return Route(command, "")
    first, _, rest = stripped.partition(" ")
    word = _WORDS.get(first.lower().rstrip(_TRAILING_PUNCTUATION) or first)
    if word is not None:
        return Route(word, rest.strip())
    meant = near_miss(first, rest)
    if meant is not None:
        return Route("near_miss", f"{meant} {rest}".strip())
    return Route("chat", stripped)


def near_miss(first: str, rest: str) -> str | None:
    """The command word ``first`` is a typo of, when the text reads as a command rather than a message: one word
    alone, or followed by options (``--quality``) or file names. None otherwise.

    >>> near_miss("exprot", ""), near_miss("uplaod", "song.mp3"), near_miss("expert", "tips for my video")
    ('export', 'upload', None)
    """
    word = first.lower().rstrip(_TRAILING_PUNCTUATION)
    if len(word) < 4 or not word.isalpha():
        return None
    words = rest.split()
    commandlike = not words or words[0].startswith("-") or all(_looks_like_path(w) for w in words)
    if not commandlike:
        return None
    close = difflib.get_close_matches(word, [w for w in _WORDS if len(w) > 1], n=1, cutoff=0.75)
    return close[0] if close else None


def _looks_like_path(word: str) -> bool:
    return "/" in word or word.startswith("render_") or bool(re.search(r"\.[A-Za-z0-9]{2,4}$", word.strip("'\"")))


def _after_cjk(text: str, prefix: str) -> str:
    """What follows a Chinese command word, dropping filler such as 视频 ("the video") right after 导出."""
    rest = text[len(prefix) :].strip()
    for filler in ("视频", "文件", "一下"):
        if rest.startswith(filler):
            rest = rest[len(filler) :].strip()
    return rest.strip(_TRAILING_PUNCTUATION + " ")
