"""Clause → title and text operations: add a title or caption, restyle, retime, rename or remove it."""

from __future__ import annotations

import re
from typing import Any, TypedDict

from ...protocol.vocabulary import Position, Role
from .lexicon import POSITIONS, find_color, find_first
from .media import ordinal
from .message import Message
from .operations import AT_END, AddText, Ask, Parsed, RemoveText, SetText, Start, TextRef
from .words import NUM, SECONDS, TITLE_WORDS, duration_ms


class _Timing(TypedDict, total=False):
    start: Start
    duration_ms: int


class _Style(TypedDict, total=False):
    color: str
    position: Position
    size: int
    size_factor: float


def _timing(clause: str) -> _Timing:
    """Start and length of a title: "for 3 s", "from 2 to 5 s", "at 10 s", "the first 3 s", "at the end"."""
    out: _Timing = {}
    span = re.search(rf"(?:from|between)\s+{NUM}\s*(?:s|secs?|seconds?)?\s+(?:to|until|till|-)\s+{SECONDS}", clause)
    span = span or re.search(rf"{NUM}\s*(?:s|秒)?\s*(?:-|到|至)\s*{SECONDS}", clause)
    if span:
        first_s, last_s = float(span.group(1)), float(span.group(2))
        return {"start": round(first_s * 1000), "duration_ms": round(max(last_s - first_s, 0.1) * 1000)}
    start = re.search(rf"(?:at|starting at|start at|starts at|from|after|在)\s*{SECONDS}", clause)
    moved = re.search(rf"\b(?:move|shift|push|delay)\w*\b.*?\bto\s*{SECONDS}", clause)
    if moved and not start:
        return {"start": round(float(moved.group(1)) * 1000)}
    if start:
        out["start"] = round(float(start.group(1)) * 1000)
        clause = clause.replace(start.group(0), " ")
    elif re.search(r"\bat the end\b|\bending\b|结尾|最后", clause):
        out["start"] = AT_END
    length = duration_ms(clause)
    if length is not None:
        out["duration_ms"] = length
    return out


def _style(clause: str) -> _Style:
    out: _Style = {}
    color = find_color(clause)
    if color:
        out["color"] = color
    position = find_first(POSITIONS, re.sub(r"\b(turn|bring|move)\s+(it\s+)?(up|down)\b", " ", clause))
    raised = re.search(r"\b(move|shift|push|put|bring)\b.*\b(up|down)\b", clause)
    if raised and not position:
        position = Position.TOP if raised.group(2) == "up" else Position.BOTTOM
    if position and re.search(r"\b(at|to|on|in|near|move|put|place|position)\b|放|移|在|到", clause):
        out["position"] = position
    size = re.search(rf"(?:size|font)\s*(?:to|of|=|:)?\s*{NUM}|{NUM}\s*(?:px|pt|pixels?|号)", clause)
    if size:
        out["size"] = round(float(size.group(1) or size.group(2)))
    elif re.search(r"\b(bigger|larger|increase the size)\b|大一点|大一些|放大|更大", clause):
        out["size_factor"] = 1.5 if re.search(r"\bmuch\b|很多", clause) else 1.25
    elif re.search(r"\b(smaller|tinier|decrease the size)\b|小一点|小一些|缩小|更小", clause):
        out["size_factor"] = 0.6 if re.search(r"\bmuch\b|很多", clause) else 0.8
    elif re.search(r"\b(huge|giant|massive)\b|超大", clause):
        out["size"] = 180
    elif re.search(r"\b(big|large)\b", clause):
        out["size"] = 128
    elif re.search(r"\b(small|tiny)\b", clause):
        out["size"] = 48
    return out


def _unquoted_title(clause: str) -> str | None:
    pattern = rf"(?:{TITLE_WORDS})(?![a-z])\s*(?:saying|that says|reading|which says|of|called|named|:|：)?\s*(.+?)"
    match = re.search(
        pattern + rf"(?:\s+(?:for|at|from|in|on|lasting|between|starting|until)\b.*|\s*{NUM}\s*秒.*)?$", clause
    )
    if match is None:
        return None
    text = match.group(1).strip(" '\".,")
    stop = r"(it|one|that|this|a|the|here|there|\d.*)|(for|at|from|in|on|to|lasting|between|starting|until|bigger|smaller)\b.*"
    if not text or re.fullmatch(stop, text) or len(text) > 60:
        return None
    return text if re.search(r"[\u4e00-\u9fff]", text) else text.title()


def _which_text(clause: str, msg: Message) -> TextRef:
    index = ordinal(clause.replace("title", "clip").replace("text", "clip"))
    if index is not None and re.search(rf"\b\w+\s+(?:{TITLE_WORDS})", clause):
        return index
    return msg.quote(clause)


def detect_add_text(clause: str, msg: Message) -> list[Parsed] | None:
    adding = rf"\b(add|put|insert|show|write|create|place|display|overlay|type|give it)\b.*\b({TITLE_WORDS})\b"
    bare_quote = r"^(add|put|show|write|display|type|insert|overlay)\s+«\d+»"
    said_with = r"^(with (the |a )?(title|caption)|titled|called|named)\s+«\d+»"  # split off the big request
    zh = "添加标题|加标题|加上标题|加个标题|添加文字|加文字|添加字幕|加字幕|写上"
    if not re.search(rf"{adding}|{bare_quote}|{said_with}|^(title|caption|text)\s*[:：]\s*\S|{zh}", clause):
        return None
    if re.search(r"\b(change|rename|edit|update|replace)\b|改成|改为", clause):
        return None
    text = msg.quote(clause) or _unquoted_title(clause)
    if not text:
        explicit = re.search(rf"{adding}|{zh}", clause) and not _style(clause) and not _timing(clause)
        captions = re.search(r"\b(captions|subtitles|lyrics)\b|字幕|歌词", clause)
        return [Ask("need_caption_text" if captions else "need_title_text")] if explicit else None
    worded = re.search(r"\b(texts?|captions?|subtitles?|words)\b|文字|字幕", clause) or re.search(bare_quote, clause)
    role = Role.TEXT if worded and not re.search(r"\btitles?\b|标题", clause) else Role.TITLE
    return [AddText(text=text, role=role, **_timing(clause), **_style(clause))]


def detect_text_edit(clause: str, msg: Message) -> list[Parsed] | None:
    if not re.search(rf"\b({TITLE_WORDS})\b|标题|文字|字幕", clause):
        return None
    if re.search(r"\b(remove|delete|drop|hide|get rid of|take (it )?(out|off)|no)\b|删除|去掉|移除|删掉|不要", clause):
        which = _which_text(clause, msg)
        every = which is None and re.search(r"\ball\b|所有|全部", clause) is not None
        return [RemoveText(which=which, every=every)]
    args: dict[str, Any] = {**_style(clause), **_timing(clause)}
    quoted = msg.quote(clause)
    if quoted and re.search(r"\b(to|say|says|read|reads|into|as)\b|改成|改为|换成", clause):
        args["text"] = quoted
    elif quoted:
        args["which"] = quoted
    which = _which_text(clause, msg) if "which" not in args and "text" not in args else args.get("which")
    if which is not None:
        args["which"] = which
    return [SetText(**args)] if set(args) - {"which"} else None
