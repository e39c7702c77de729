"""Words for the user: the hosted agent's screen talk rewritten for a notebook, and a draft's changes in words.

The hosted agent speaks as if the user had its web editor ("click Export", "打开素材面板", "drag the clip…"). In a
notebook those are a call or a magic, so the client rewrites them. It does so while the words stream: it holds back
the last ``HOLD_CHARS`` characters, longer than any phrase it rewrites, so a phrase split across chunks is still
found, and what it has given out never changes.
"""

from __future__ import annotations

import difflib
import re

from ..protocol import Draft, Track
from ..protocol.summary import describe_track

EXPORT_HERE = "run `session.export()` (or `%nemo export`)"
TIMELINE_HERE = "look at the timeline with `session.timeline()` (or `%nemo status`)"
STATE_HERE = "read the session with `session.state()` (or `%nemo status`)"
CHAT_HERE = "ask me in a chat message to move"
EXPORT_ZH = "运行 `%nemo export`（或 `session.export()`）"
TIMELINE_ZH = "用 `%nemo status`（或 `session.timeline()`）查看时间线"
STATE_ZH = "用 `%nemo status`（或 `session.state()`）"
CHAT_ZH = "用一句聊天指令告诉我移动"

_Q_OPEN = "[\"'“「『]?"
_Q_CLOSE = "[\"'”」』]?"
_RULES: tuple[tuple[str, str], ...] = (
    (rf"\b(?:click|tap|press|hit|select)(?:\s+on)?\s+(?:the\s+)?{_Q_OPEN}export{_Q_CLOSE}(?:\s+button)?", EXPORT_HERE),
    (rf"\bthe\s+{_Q_OPEN}export{_Q_CLOSE}\s+button\b", "`session.export()` (or `%nemo export`)"),
    (rf"(?-i:{_Q_OPEN[:-1]}Export{_Q_CLOSE[:-1]})", "`%nemo export`"),
    (r"\bpreview(?:\s+it)?\s+(?:in|on)\s+(?:the\s+)?timeline\b", TIMELINE_HERE),
    (r"\bopen\s+(?:the\s+)?timeline\b", TIMELINE_HERE),
    (r"\bopen\s+(?:the\s+)?(?:\w+\s+){0,2}?(?:panel|tab|window|editor|sidebar|library)\b", STATE_HERE),
    (r"\bdrag(?:\s+and\s+drop)?\b", CHAT_HERE),
    (
        r"\b(?:click|tap|press)(?:\s+on)?\s+(?:the\s+)?[\"'“]?(\w[\w ]{0,19}?)[\"'”]?\s+button\b",
        'say "{0}" in the chat',
    ),
    (rf"点击{_Q_OPEN}导出{_Q_CLOSE}(?:按钮)?", EXPORT_ZH),
    (r"导出按钮", "`%nemo export`"),
    (r"(?:在时间线(?:上|中|里)?预览|预览时间线)", TIMELINE_ZH),
    (r"打开(?:时间线|时间轴)", TIMELINE_ZH),
    (r"打开.{0,8}?(?:面板|窗口|页面|编辑器|素材库)", STATE_ZH),
    (r"(?:拖拽|拖动)", CHAT_ZH),
    (rf"点击{_Q_OPEN}([^\s」』”\"']{{1,10}}?){_Q_CLOSE}按钮", "在聊天中说「{0}」"),
)
_PATTERN = re.compile("|".join(f"(?P<r{i}>{rx})" for i, (rx, _) in enumerate(_RULES)), re.IGNORECASE)
HOLD_CHARS = 64
_TRIGGERS = ("click", "tap", "press", "hit", "select", "export", "preview", "open", "drag", "点击", "导出", "预览",
             "时间", "打开", "拖")  # fmt: skip
_LEAD_CHARS = 12
"""Every rule's match contains a trigger word and starts at most this many characters before it."""


def _replace(match: re.Match[str]) -> str:
    index = int((match.lastgroup or "r0")[1:])
    template = _RULES[index][1]
    if "{0}" in template:
        inner = [g for g in match.groups()[match.re.groupindex[f"r{index}"] :] if g is not None]
        template = template.format(inner[0].strip() if inner else "")
    return _keep_capital(match.group(0), template)


def _keep_capital(original: str, replacement: str) -> str:
    if original[:1].isupper() and replacement[:1].islower():
        return replacement[0].upper() + replacement[1:]
    return replacement


def rewrite_screen_words(text: str) -> str:
    """``"Click Export to download"`` → ``"Run `session.export()` (or `%nemo export`) to download"``."""
    return _PATTERN.sub(_replace, text)


class StreamingRewriter:
    """Rewrites screen words in text that arrives in pieces; the pieces it returns add up to the rewritten whole.

    Only the text not yet given out is kept for matching (at most ``HOLD_CHARS`` plus the newest piece), with the
    one character before it so that word boundaries read as in the whole text: a long message costs linear time.
    """

    def __init__(self) -> None:
        self._pieces: list[str] = []
        self._pending = ""
        self._before = ""

    @property
    def text(self) -> str:
        """Everything fed so far, as it came."""
        return "".join(self._pieces)

    @property
    def has_text(self) -> bool:
        return bool(self._pieces)

    def feed(self, piece: str) -> str:
        self._pieces.append(piece)
        self._pending += piece
        return self._give(final=False)

    def flush(self) -> str:
        return self._give(final=True)

    def _give(self, *, final: bool) -> str:
        text = self._before + self._pending
        offset = len(self._before)
        cut = len(text) if final else _hold_from(text, offset)
        out: list[str] = []
        pos = offset
        for match in _PATTERN.finditer(text, _scan_from(text, offset)):
            if match.start() >= cut:
                break
            if match.end() > cut:
                cut = match.start()
                break
            out += [text[pos : match.start()], _replace(match)]
            pos = match.end()
        out.append(text[pos:cut])
        if cut > offset:
            self._before = text[cut - 1 : cut]
        self._pending = text[cut:]
        return "".join(out)


def _hold_from(text: str, offset: int) -> int:
    """Where words must wait for more: a little before a trigger word among the last ``HOLD_CHARS`` characters, or
    before one that may be arriving at the end; the end of the text when neither, as nothing there can be rewritten
    (words that never name a button are given out at once, not 64 characters late).

    >>> text = 'Analysing "vibe-ace.mp3"… '
    >>> _hold_from(text, 0) == len(text), _hold_from("Now cl", 0), _hold_from("Now press the Expo", 0)
    (True, 0, 0)
    """
    lower = text.lower()
    start = max(offset, len(text) - HOLD_CHARS - max(map(len, _TRIGGERS)))
    found = [i for i in (lower.find(t, start) for t in _TRIGGERS) if i >= 0]
    found += [len(text) - k for t in _TRIGGERS for k in range(1, len(t)) if _arriving(lower, t[:k])]
    return max(offset, min(found) - _LEAD_CHARS) if found else len(text)


def _arriving(lower: str, prefix: str) -> bool:
    """Whether ``lower`` ends with ``prefix`` where a trigger word could begin (Latin ones at a word's start)."""
    if not lower.endswith(prefix):
        return False
    before = lower[-len(prefix) - 1 : -len(prefix)]
    return not prefix.isascii() or not before.isalnum()


def _scan_from(text: str, offset: int) -> int:
    """Where a rule could first match: a little before the first trigger word, or the end when there is none."""
    lower = text.lower()
    found = [i for i in (lower.find(t, offset) for t in _TRIGGERS) if i >= 0]
    return max(offset, min(found) - _LEAD_CHARS) if found else len(text)


def describe_changes(before: Draft, after: Draft) -> tuple[str, ...]:
    """What changed from ``before`` to ``after``, one phrase each, in the timeline's one-line words.

    >>> from nemo_notebook.protocol import Draft
    >>> describe_changes(Draft.empty(), Draft.empty())
    ()
    """
    old = [t for t in before.tracks if t.segments]
    new = [t for t in after.tracks if t.segments]
    old_words = [describe_track(t) for t in old]
    new_words = [describe_track(t) for t in new]
    changes: list[str] = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        changes += _opcode_changes(tag, old[i1:i2], new[j1:j2])
    return tuple(changes + _meta_changes(before, after))


def _opcode_changes(tag: str, old: list[Track], new: list[Track]) -> list[str]:
    if tag == "equal":
        return [_edited(a, b) for a, b in zip(old, new, strict=True) if a.to_wire() != b.to_wire()]
    pairs = min(len(old), len(new)) if tag == "replace" else 0
    out = [f"changed {describe_track(a)} → {describe_track(b)}" for a, b in zip(old[:pairs], new[:pairs], strict=True)]
    out += [f"removed {describe_track(a)}" for a in old[pairs:]]
    out += [f"added {describe_track(b)}" for b in new[pairs:]]
    return out


def _edited(old: Track, new: Track) -> str:
    if len(old.segments) != len(new.segments):
        return f"re-cut {describe_track(new)} ({len(old.segments)} → {len(new.segments)} pieces)"
    return f"edited {describe_track(new)}"


_META_LABELS = (("aspect", "aspect ratio"), ("fps", "frame rate"), ("bpm", "tempo"))


def _meta_changes(before: Draft, after: Draft) -> list[str]:
    out = []
    for key, label in _META_LABELS:
        old, new = before.meta.get(key), after.meta.get(key)
        if old != new and new is not None:
            shown = _meta_value(key, new)
            out.append(f"{label} {_meta_value(key, old)} → {shown}" if old is not None else f"{label} set to {shown}")
    return out


def _meta_value(key: str, value: object) -> str:
    """A draft setting as a person reads it: "124 BPM" rather than "123.565", "24 fps" rather than "24"."""
    if key == "bpm" and isinstance(value, (int, float)):
        return f"{round(value)} BPM"
    if key == "fps" and isinstance(value, (int, float)):
        return f"{value:g} fps"
    return str(value)


def cut_sentence(changes: tuple[str, ...]) -> str:
    """A reply for a turn whose stream the network cut: what the state says changed, and what to do."""
    if not changes:
        return (
            "The connection dropped before the reply finished, and the timeline has not changed (yet): "
            "check it with `%nemo status` or session.state() before sending the message again."
        )
    return "The connection dropped before the reply finished, but the timeline changed: " + "; ".join(changes) + "."


def changes_sentence(changes: tuple[str, ...]) -> str:
    """A reply for a turn whose stream carried no words."""
    if not changes:
        return "Done. The timeline did not change."
    return "Done. What changed: " + "; ".join(changes) + "."
