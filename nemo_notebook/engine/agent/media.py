"""Which of the session's files the user means: by name (fuzzy), by ordinal ("the second clip"), or the only one."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...protocol import MediaInfo, MediaKind
from .lexicon import ORDINALS

_KIND_WORDS: dict[MediaKind, str] = {
    MediaKind.AUDIO: r"tracks?|songs?|music|audio|mp3|tunes?|音乐|歌曲?|曲子|音频",
    MediaKind.VIDEO: r"clips?|videos?|footage|movies?|films?|视频|片段",
    MediaKind.IMAGE: r"pictures?|photos?|images?|pics?|stills?|图片|照片",
}
_ZH_ORDINAL = re.compile(r"第\s*(\d+)\s*(?:个|段|张|首)?")


def squash(text: str) -> str:
    """Lower case letters and digits only: "AB2N_0330.mp3" and "ab2n 0330" both → "ab2n0330"."""
    return re.sub(r"[\W_]+", "", text.lower())


def _stem(name: str) -> str:
    return name.rsplit(".", 1)[0] if "." in name else name


def by_name(text: str, media: Sequence[MediaInfo]) -> MediaInfo | None:
    """The file whose name (without extension, ignoring case and separators) the text mentions; the longest wins."""
    said = text.lower()
    hits = [m for m in media if len(squash(_stem(m.name))) >= 3 and _says(said, squash(_stem(m.name)))]
    if not hits:
        words = [squash(w) for w in re.findall(r"[\w-]{3,}", text)]
        hits = [m for m in media if any(len(w) >= 4 and w in squash(_stem(m.name)) and not w.isalpha() for w in words)]
    return max(hits, key=lambda m: len(m.name)) if hits else None


def _says(text: str, name: str) -> bool:
    """Whether lower-case ``text`` holds ``name`` (squashed) as a word of its own, separators allowed between its
    letters ("ab2n 0330"), a plural s after it: "tree" is not said in "street" nor "megamind" in "megamindful"."""
    letters = r"[\W_]*".join(re.escape(c) for c in name)
    return re.search(rf"(?<![a-z0-9]){letters}s?(?![a-z0-9])", text) is not None


def ordinal(text: str, kind: MediaKind | None = None) -> int | None:
    """The index an ordinal names next to a kind word ("the second clip" → 1, "第二个视频" → 1, "last photo" → -1)."""
    words = "|".join(_KIND_WORDS.values()) if kind is None else _KIND_WORDS[kind]
    words += r"|ones?"
    match = re.search(rf"\b({'|'.join(ORDINALS)})\s+(?:\w+\s+)?(?:{words})", text)
    if match:
        return ORDINALS[match.group(1)]
    match = re.search(
        r"(?:clip|video|picture|photo|image|track|song|shot)\s*(?:number|no\.?|#)?\s*(\d+)\b(?!\s*(?:s\b|sec|seconds?|%|秒))",
        text,
    )
    if match:
        return int(match.group(1)) - 1
    match = _ZH_ORDINAL.search(text)
    return int(match.group(1)) - 1 if match else None


def of_kind(media: Sequence[MediaInfo], *kinds: MediaKind) -> list[MediaInfo]:
    return [m for m in media if m.kind in kinds]


def named(text: str, candidates: Sequence[MediaInfo], kind: MediaKind) -> MediaInfo | None:
    """The one of ``candidates`` (files of ``kind``) the text names: by name, else by ordinal; None when it names none."""
    found = by_name(text, candidates)
    if found is not None:
        return found
    index = ordinal(text, kind)
    return candidates[index] if index is not None and -len(candidates) <= index < len(candidates) else None


def pick(text: str, media: Sequence[MediaInfo], kind: MediaKind) -> MediaInfo | None:
    """The file of ``kind`` the text means: named, else by ordinal, else the latest upload of that kind."""
    candidates = of_kind(media, kind)
    found = named(text, candidates, kind)
    return found if found is not None or not candidates else candidates[-1]


def mentions(text: str, kind: MediaKind) -> bool:
    return re.search(_KIND_WORDS[kind], text) is not None
