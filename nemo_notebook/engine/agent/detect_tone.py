"""Clause → the pictures' light and colour strength: brighter or darker ("make it brighter", "too dark", "lower the
exposure"), more or less saturated ("more vivid", "make the colours pop", "muted colours", "desaturate"). Music,
titles, the visualizer and the backdrop have their own words for these ("make the music darker" is a mood): a clause
that names them is left to their detectors."""

from __future__ import annotations

import re

from .message import Message
from .operations import Parsed, SetGrade
from .words import MUSIC_WORDS, TITLE_WORDS, VISUALIZER_WORDS

_ELSEWHERE = re.compile(
    rf"\b({MUSIC_WORDS}|{TITLE_WORDS}|{VISUALIZER_WORDS}|mood|vibe|backdrop|background|font|type|end card|credits?)"
    r"|\b(sound|voice|volume|loud)"
)
_COLOURS = r"colou?rs?|hues?|tones?"
_UP = r"(more|increase|raise|turn up|up|boost|crank up|push|higher)"
_DOWN = r"(less|lower|reduce|decrease|turn down|down|cut|drop|bring down)"
_BRIGHTER = re.compile(
    rf"\bbright(er|en\w*)\b|\blight(er|en\w*)\b|\btoo (dark|dim|gloomy)\b|\b{_UP} (the )?(brightness|exposure|light)\b"
    r"|\b(brightness|exposure)\b.*\b(up|higher)\b|亮一点|更亮|调亮|太暗"
)
_DARKER = re.compile(
    rf"\bdark(er|en\w*)\b|\bdim(mer)?\b|\btoo (bright|light)\b|\b{_DOWN} (the )?(brightness|exposure)\b"
    r"|\b(brightness|exposure)\b.*\b(down|lower)\b|暗一点|更暗|调暗|太亮"
)
_VIVID = re.compile(
    rf"\bmore (saturat\w*|vivid|vibrant|colou?rful|intense|colou?r)\b|\bsaturate\b|\b{_UP} (the )?(saturation|{_COLOURS})\b"
    rf"|\b(richer|stronger|bolder|deeper|brighter|vivid|vibrant|intense|saturated|popping) ({_COLOURS})\b"
    rf"|\b({_COLOURS}) pop\b|\bpop (the )?({_COLOURS})\b|\bvivid\b|\bvibrant\b"
    rf"|\b({_COLOURS}) (are|look|seem|feel) (dull|flat|washed[- ]out|faded|pale|weak)\b|饱和度?(高|更高)|色彩更浓|更鲜艳|鲜艳一点"
)
_MUTED = re.compile(
    rf"\bless (saturat\w*|vivid|vibrant|colou?rful|intense|colou?r)\b|\bdesaturat\w*|\b{_DOWN} (the |some )?(saturation|{_COLOURS})\b"
    rf"|\b(tone|dial) down the ({_COLOURS}|saturation)\b|\bdrain (some )?colou?r|\b(muted|subtler|duller|paler|softer|calmer|weaker) ({_COLOURS}|look)\b"
    rf"|\bmore muted\b|\btoo (saturated|vivid|colou?rful|vibrant)\b|\b({_COLOURS}) (are |look )?too (strong|vivid|saturated|intense|loud)\b"
    rf"|\b({_COLOURS}) less (intense|strong|vivid)\b|饱和度?(低|更低|降低)|色彩更淡|淡一点"
)


def detect_tone(clause: str, msg: Message) -> list[Parsed] | None:
    """A brightness or saturation step (two for "much", "way", "a lot"), or None."""
    del msg
    if _ELSEWHERE.search(clause):
        return None
    much = 2 if re.search(r"\b(much|way|a lot|lots|very)\b|很多", clause) else 1
    if _MUTED.search(clause):  # before the vivid words: "less vivid"
        return [SetGrade(saturation=-much)]
    if _VIVID.search(clause):  # before the light words: "brighter colours" are stronger ones
        return [SetGrade(saturation=much)]
    if _DARKER.search(clause):
        return [SetGrade(brightness=-much)]
    if _BRIGHTER.search(clause):
        return [SetGrade(brightness=much)]
    return None
