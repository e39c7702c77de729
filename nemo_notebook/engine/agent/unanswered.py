"""What the parser hears that is not an edit: ``Ask`` (something is missing before a request can run) and ``Cannot``
(a request the engine cannot do yet). Part of ``operations.Parsed``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Ask:
    """What is missing before a request can run: a message key for ``replies``."""

    key: str


@dataclass(frozen=True)
class Cannot:
    """A request the engine cannot do yet, in words for each language."""

    en: str
    zh: str

    def words(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en
