"""Clause → the cut rate: how often the pictures change, in words people use ("the pictures change too fast, slow it
down", "hold each photo longer", "calmer cutting", "faster cuts", "cut every 2 beats", "on the downbeats")."""

from __future__ import annotations

import re

from .message import Message
from .operations import Parsed, SetCutRate
from .words import NUM

_SHOWN = r"(pictures?|photos?|pics?|pix|images?|slides?|shots?|scenes?|clips?|cuts?|it|they|things)"
_TOO = r"(way\s+|much\s+|a bit\s+|a little\s+)?(too|to)\s+"  # "to fast": the typo people make
_CUTTING = r"(cuts?|cutting|edits?|editing|the edit|pace|pacing)"
# how people say the pictures change too fast or too slowly, without the words "cut" and "slower"
_TOO_FAST = (
    rf"\b{_SHOWN}\s+((are|is)\s+)?(change|changes|changing|switch\w*|flip\w*|go|goes|going|move|moves|moving|fly"
    rf"|flies|flying|jump\w*|come|comes|coming|flash\w*( by| past)?|whizz\w*( by| past)?)\s+{_TOO}(fast|quick(ly)?|often)\b"
    rf"|\b{_CUTTING}\s+((is|are|feels?|seems?)\s+)?(so\s+|too\s+|a bit\s+|very\s+)?rushed\b"
    r"|^\s*(it'?s|it is|this is|that'?s)\s+(way\s+|a bit\s+)?too (frantic|hectic|rushed)\b"
    r"|\bmore time (on|for|with) (each|every|the) (pictures?|photos?|pics?|images?|shots?)\b"
    r"|\b(each|every) (pictures?|photos?|pics?|images?)\b.*\blonger\b"
    rf"|\b{_CUTTING}\s+((is|are|feels?)\s+)?{_TOO}(fast|quick|frantic|hectic|choppy|busy)\b"
    rf"|\b(it'?s|it is)\s+(cutting|changing|switching)\s+{_TOO}(fast|quick(ly)?|often)\b"
    r"|\btoo (many|much) (cuts|changes|cutting|switching)\b|\btoo choppy\b|\b(less|not so) (frantic|hectic|choppy)\b"
    r"|\b(hold|keep|show|stay( on)?|linger( on)?|leave)\b(?!.*\b(last|final|first|opening|closing)\b)"
    r".*\b(pictures?|photos?|pics?|images?|shots?)\b.*\blonger\b"
    r"|\b(pictures?|photos?|pics?|images?|shots?)\b.*\b(stay|linger|last|remain)\b.*\blonger\b"
    r"|\blet (each|the|every) (pictures?|photos?|pics?|images?|shots?) breathe\b"
    r"|\blonger (shots|takes)\b|\b(slow|calm) (down )?(the )?(cuts|cutting|editing|pictures|photos|pace)( down)?\b"
    r"|\b(double|twice) the (cut|shot|picture|photo)s? (length|duration)\b|\bhalve the (cut|cutting) (rate|speed)\b"
    r"|\bcut half as (often|fast)\b|(停留|停|显示|展示|保持).{0,3}(久|长)[一1]?点|(切换?|换|变|剪)得?太(快|频繁)"
)
# words for slower cuts that win over "more" and over a word for fast: "a more relaxed pace", "more breathing room
# between cuts", "less frequent cuts", "not so many cuts" (each read as faster cuts before: "more", "frequent"); the calm
# word next to the pace it qualifies ("a chill track with faster cuts" asks for faster cuts)
_EASY = r"(relaxed|chill(ed|er)?|gentler|gentle|laid[- ]back|mellow(er)?|leisurely|unhurried)"
_PACED = r"(cuts|cutting|edits?|editing|pace|pacing|changes)"
CALM_CUTS = (
    rf"\b{_EASY}\s+{_PACED}\b|\b{_PACED}\s+((is|are|should be|feels?|a bit|a little|more|much)\s+)*{_EASY}\b"
    r"|\bbreathing (room|space)\b|\broom to breathe\b"
    r"|\b(less|not so|not as) (frequent(ly)?|rapid(ly)?|quick(ly)?|fast|often|snappy|many)\b"
)
_TOO_SLOW = (
    rf"\b{_SHOWN}\s+((are|is)\s+)?(change|changes|changing|switch\w*|move|moves|moving)\s+{_TOO}slow(ly)?\b"
    rf"|\b{_CUTTING}\s+((is|are|feels?)\s+)?{_TOO}slow\b"
    r"|\bshorter (shots|takes)\b|\bspeed up (the )?(cuts|cutting|editing|pictures|pace)\b"
    r"|\b(halve|half) the (cut|shot|picture|photo)s? (length|duration)\b|\bcut twice as (often|fast)\b"
    r"|(切换?|换|变|剪)得?太慢"
)


def detect_cut_rate(clause: str, msg: Message) -> list[Parsed] | None:
    if re.fullmatch(
        r"\s*(and |so |please |just )*slow (it|them|things|everything|this)? ?down( please| a bit)?\s*", clause
    ):
        # "…change too fast, slow it down": the same request said twice is made once
        return [] if re.search(_TOO_FAST, msg.text) else [SetCutRate(factor=2.0)]
    clause = re.sub(r"\bevery other (beat|bar|measure)\b", r"every 2 \1s", clause)  # "cut every other beat"
    every = re.search(rf"(?:every|each|per)\s+{NUM}?\s*(beats?|bars?|measures?)|每\s*{NUM}?\s*个?(拍|小节)", clause)
    if every:
        count = every.group(1) or every.group(3) or "1"
        unit = every.group(2) or every.group(4)
        if unit.startswith(("bar", "measure", "小节")):
            beats = max(round(float(count) * 4), 1)
            return [SetCutRate(bars=beats // 4) if beats % 4 == 0 else SetCutRate(beats_per_cut=beats)]
        return [SetCutRate(beats_per_cut=max(round(float(count)), 1))]
    if re.search(r"\b(on|at) (the |every )?(downbeats?|bars?|measures?)\b|小节", clause):
        return [SetCutRate(bars=1)]
    if re.search(_TOO_FAST, clause):
        return [SetCutRate(factor=2.0)]
    if re.search(_TOO_SLOW, clause):
        return [SetCutRate(factor=0.5)]
    cuts = re.search(r"\b(cuts?|cutting|edits?|editing|changes?|switch(es|ing)?|pace|pacing)\b|切|剪辑|节奏", clause)
    if cuts and re.search(CALM_CUTS, clause):
        return [SetCutRate(factor=2.0)]
    if cuts and re.search(r"\b(faster|quicker|more( often)?|frequent|rapid|snappier|double)\b|快|更多|频繁", clause):
        return [SetCutRate(factor=0.5)]
    if cuts and re.search(r"\b(slower|fewer|less( often)?|longer|calmer|half)\b|慢|更少|少一点", clause):
        return [SetCutRate(factor=2.0)]
    return None
