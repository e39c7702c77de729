"""A typed message made ready for parsing: quoted text set aside, numbers as digits, split into clauses."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numbers import words_to_digits

_QUOTES = re.compile(r"\"([^\"]+)\"|“([^”]+)”|「([^」]+)」|《([^》]+)》|‘([^’]+)’|(?<![a-z])'([^']+)'(?![a-z])", re.I)
_PLACEHOLDER = re.compile(r"«(\d+)»")
_SPLIT = re.compile(
    r"[;,，；。!?！？\n]+|\s+(?:and then|and also|and|then|also|plus)\s+|然后|并且|同时|另外|再把|再"
    r"|\s+(?=(?:with (?:the |a )?(?:title|caption)|titled|called|named)\s+«\d+»)"  # "… with the title 'X'"
)
_PAIRED = "red|black|blue|navy|gold|cyan|magenta|teal|copper"
_JOINED = [
    (re.compile(r"\bin\s+and\s+out\b"), "in/out"),
    (re.compile(r"\bblack\s+(?:and|&|n)\s+white\b"), "black-and-white"),
    (re.compile(rf"\b({_PAIRED})\s+(?:and|&)\s+({_PAIRED})\b"), r"\1-and-\2"),  # a palette: "red and black"
    (re.compile(r"\bbetween\s+(\d+(?:\.\d+)?)\s*(?:s|sec|secs|seconds?)?\s+and\s+(\d+(?:\.\d+)?)"), r"from \1 to \2"),
    (re.compile(r"淡入淡出|淡入和淡出"), "淡入/淡出"),
]


@dataclass(frozen=True)
class Message:
    """``text``: lower case, digits for numbers, quoted strings replaced by ``«i»`` (their index in ``quotes``)."""

    raw: str
    text: str
    quotes: tuple[str, ...]

    def clauses(self) -> list[str]:
        """The message cut where people join separate requests ("…, and …", "then", "然后")."""
        return [c.strip() for c in _SPLIT.split(self.text) if c and c.strip()]

    def quote(self, clause: str) -> str | None:
        """The first quoted string a clause refers to, in the user's own spelling."""
        match = _PLACEHOLDER.search(clause)
        return self.quotes[int(match.group(1))] if match else None


def prepare(raw: str) -> Message:
    """Set quoted text aside (its words stay as typed), then lower-case and turn number words into digits."""
    quotes: list[str] = []

    def keep(match: re.Match[str]) -> str:
        quotes.append(next(g for g in match.groups() if g is not None).strip())
        return f" «{len(quotes) - 1}» "

    text = _QUOTES.sub(keep, raw.strip())
    text = words_to_digits(text.lower())
    for pattern, repl in _JOINED:
        text = pattern.sub(repl, text)
    return Message(raw=raw, text=re.sub(r"[ \t]+", " ", text).strip(), quotes=tuple(quotes))
