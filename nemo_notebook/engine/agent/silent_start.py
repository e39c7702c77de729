"""Words for a track that opens on silence (the draft's ``m.silent_start_ms``, ``planning.talk.silent_start_ms``):
the video keeps the silent opening, which a viewer takes for a broken file unless told, so the reply says how long
it is and how to cut it."""

from __future__ import annotations

from ...protocol import Draft
from .replies import seconds

TRIM_WORDS = "trim the silence at the start"


def silent_start_words(before: Draft, after: Draft, zh: bool) -> str:
    """How long ``after``'s track is silent at its start and how to cut it; nothing where it is not, or where
    ``before`` said the same.

    >>> silent_start_words(Draft.empty(), Draft.empty().with_meta(silent_start_ms=8000), zh=False)
    'the track is silent for its first 8s, and so the video opens on that silence (say "trim the silence at the start" to cut it)'
    """
    silent_ms = after.meta.get("silent_start_ms")
    if not isinstance(silent_ms, int) or silent_ms <= 0 or silent_ms == before.meta.get("silent_start_ms"):
        return ""
    if zh:
        return f"音乐开头有{seconds(silent_ms)}秒静音，视频也以这段静音开场（说“剪掉开头的静音”即可去掉）"
    return (
        f"the track is silent for its first {seconds(silent_ms)}s, and so the video opens on that silence"
        f' (say "{TRIM_WORDS}" to cut it)'
    )
