"""What the reply says of a short (``planning.shorts``: ``m.short``) in a creator's words: which part of the song it
plays, and its sound in one short clause. Held-out 02's blind reviewer: "What it lacks is *where* in the song the clip
starts (1:16) and that it ends on the song's real ending. A TikTok creator wants to know which part they're
posting", and "Too much LUFS talk for a TikTok user"."""

from __future__ import annotations

from ...protocol import Draft
from .heard_level import HeardLevel
from .loudness_words import KEEP_WORDS, MATCH_WORDS, about_db, about_db_zh
from .replies import clock

END_SLACK_BARS = 1  # a last part this near the song's end (a bar) plays "to its end"


def is_short(draft: Draft) -> bool:
    """Whether ``draft`` is a short (``m.short``, which ``planning.song_version`` sets from
    ``planning.shorts.is_short`` of its length)."""
    return draft.meta.get("short") is True


def span_words(draft: Draft, song_ms: int, zh: bool = False) -> str:
    """The part(s) of the song a short plays: "1:16 to its end", "1:16-1:31 and 1:40 to its end"; "" without
    ``m.song_parts``. ``song_ms``: how long the song sounds.

    >>> short = Draft(meta={"song_parts": [{"in_ms": 75953, "out_ms": 105953}], "bpm": 156.0})
    >>> span_words(short, 106_800), span_words(short, 120_000)
    ('1:16 to its end', '1:16 to 1:46')
    """
    raw = draft.meta.get("song_parts")
    parts = [(int(p["in_ms"]), int(p["out_ms"])) for p in raw if isinstance(p, dict)] if isinstance(raw, list) else []
    if not parts:
        return ""
    bpm = draft.meta.get("bpm")
    bar_ms = END_SLACK_BARS * 4 * 60_000 / float(bpm) if isinstance(bpm, (int, float)) and bpm > 0 else 2000.0
    *firsts, (last_in, last_out) = parts
    to_end = last_out >= song_ms - bar_ms
    said = [f"{clock(a)}-{clock(b)}" for a, b in firsts]
    if zh:
        last = f"{clock(last_in)}到结尾" if to_end else f"{clock(last_in)}-{clock(last_out)}"
        return "和".join([*said, last])
    last = f"{clock(last_in)} to its end" if to_end else f"{clock(last_in)} to {clock(last_out)}"
    return " and ".join([*said, last])


def short_sound_words(heard: HeardLevel, hot: bool, zh: bool) -> str:
    """A short's sound in one clause: turned down so that it does not distort (``hot``), else as the file, quieter
    than most posts; with the words that change it, no figures."""
    if hot:
        if zh:
            return f"声音：比原文件小{about_db_zh(-heard.gain_db)}，以免失真（说“保持我的响度”保持原样）。"
        return f"Sound: {about_db(-heard.gain_db)} under your file so it doesn't distort ('{KEEP_WORDS}' keeps it)."
    if zh:
        return f"声音：和原文件一样响，比多数作品轻（说“{MATCH_WORDS}”调大）。"
    return f"Sound: as loud as your file, quieter than most posts ('{MATCH_WORDS}' turns it up)."
