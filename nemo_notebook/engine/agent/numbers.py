"""Numbers as people type them: digits, English words ("twenty five", "one and a half") and Chinese (二十五, 两, 半).

``words_to_digits`` rewrites a message so that the parser only ever sees digits: "three seconds" → "3 seconds",
"fifty percent" → "50 percent", "三秒" → "3秒", "百分之五十" → "50%".
"""

from __future__ import annotations

import re

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_WORD = "|".join([*_TENS, *_UNITS, "hundred", "half", "quarter"])
_EN_NUMBER = re.compile(
    rf"(?<![a-z])(?:(?:{_WORD})(?:[\s-]+(?:and[\s-]+)?(?:a[\s-]+)?(?:{_WORD}))*|a\s+(?:half|quarter|couple(?:\s+of)?)|couple\s+of)(?![a-z])",
    re.IGNORECASE,
)
_SINGLE_A = re.compile(r"\ban?\s+(second|sec|beat|bar|minute|min)\b", re.IGNORECASE)
_HALF_A = re.compile(r"\bhalf\s+an?\s+(second|sec|beat|bar|minute|min)\b", re.IGNORECASE)

_ZH_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_ZH_NUMBER = re.compile(r"[零〇一二两三四五六七八九十百]+")
_ZH_PERCENT = re.compile(r"百分之\s*([零〇一二两三四五六七八九十百\d.]+)")
_ZH_HALF = re.compile(r"(\d+)(秒|分钟|拍|小节)半")


def _en_value(phrase: str) -> float | None:
    words = [w for w in re.split(r"[\s-]+", phrase.lower()) if w and w not in {"and", "a", "of"}]
    total, current = 0.0, 0.0
    for word in words:
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word == "half":
            current += 0.5
        elif word == "quarter":
            current += 0.25
        elif word == "couple":
            current += 2
        else:
            return None
    return total + current


def _format(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _en_replace(match: re.Match[str]) -> str:
    value = _en_value(match.group(0))
    return match.group(0) if value is None else _format(value)


def zh_value(text: str) -> int | None:
    """一 → 1, 十五 → 15, 二十 → 20, 一百二十 → 120; None for what is not a Chinese numeral."""
    total, current = 0, 0
    for ch in text:
        if ch in _ZH_DIGITS:
            current = current * 10 + _ZH_DIGITS[ch] if current and ch in "零〇" else _ZH_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def _zh_replace(match: re.Match[str]) -> str:
    word = match.group(match.lastindex or 0)
    value = zh_value(word)
    return word if value is None else str(value)


def words_to_digits(text: str) -> str:
    """Rewrite number words as digits, leaving everything else alone.

    Examples
    --------
    >>> words_to_digits("make the cuts every two beats and fade out over one and a half seconds")
    'make the cuts every 2 beats and fade out over 1.5 seconds'
    >>> words_to_digits("音量百分之五十，标题三秒")
    '音量50%，标题3秒'
    """
    text = _HALF_A.sub(r"0.5 \1", text)
    text = _SINGLE_A.sub(r"1 \1", text)
    text = re.sub(r"\ba\s+hundred\b", "one hundred", text, flags=re.IGNORECASE)
    text = _EN_NUMBER.sub(_en_replace, text)
    text = _ZH_PERCENT.sub(lambda m: f"{_zh_replace(m) if not m.group(1)[0].isdigit() else m.group(1)}%", text)
    text = _ZH_NUMBER.sub(_zh_replace, text)
    return _ZH_HALF.sub(lambda m: f"{int(m.group(1)) + 0.5:g}{m.group(2)}", text)
