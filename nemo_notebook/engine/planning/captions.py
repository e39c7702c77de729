"""Captions from words a person gives: timed lines (SRT, WebVTT, LRC) placed as written, or plain words spread over
where a recording speaks, changing in its pauses.

The engine does not transcribe: it cannot hear which word is said when. Plain words are split into caption lines
(sentences, then at commas or between words, ``MAX_LINE_CHARS`` a line and two lines a caption) and laid over the
speech in proportion to their length: the speech is the track's 100 ms levels within ``VOICE_RANGE`` of its loud
passages, and a pause is a stretch of at least ``MIN_PAUSE_MS`` below that. Each caption's start moves to the
nearest place within ``SNAP_MS`` where the voice starts again after a pause (``LEAD_MS`` before it), so a caption
changes where the speaker stops, not mid-word; the caption before it ends ``HOLD_MS`` after the voice stops, so that
a longer pause shows no words. Over a whole talk this keeps each caption within a phrase or two of its words; it is not word
by word, and the reply says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..analysis.types import AudioAnalysis

MAX_LINE_CHARS = 42  # a caption line a viewer reads at a glance (broadcasters' guides: 37-42)
MIN_CAPTION_MS = 1000
GAP_MS = 80  # between one caption's end and the next one's start
VOICE_RANGE = 0.5  # energy (0..1 over 40 dB) at or above this is voice: within 20 dB of the loud passages
MIN_PAUSE_MS = 250
SNAP_MS = 1500
LEAD_MS = 150  # a caption shows this much before the voice it goes with starts
READABLE_CPS = 17.0  # characters a second most viewers read comfortably
PHRASE_PAUSE_MS = 600  # a pause this long ends a spoken phrase: a caption of its own where the words allow
MIN_PHRASE_CHARS = 12  # a shorter piece ("And so,") joins the next rather than flash by alone
HOLD_MS = 500  # a caption stays this long after its voice stops where a pause follows; off in a longer pause


@dataclass(frozen=True)
class Cue:
    """One caption: its text (one or two lines) and where it shows, in ms of the recording."""

    start_ms: int
    end_ms: int
    text: str


_SRT_TIME = re.compile(r"(\d{1,2}:)?(\d{1,2}):(\d{2})[.,](\d{1,3})\s*-->\s*(\d{1,2}:)?(\d{1,2}):(\d{2})[.,](\d{1,3})")
_LRC_LINE = re.compile(r"^\s*((?:\[\d{1,3}:\d{2}(?:[.:]\d{1,3})?\])+)\s*(.*)$")
_LRC_STAMP = re.compile(r"\[(\d{1,3}):(\d{2})(?:[.:](\d{1,3}))?\]")


def timed_cues(text: str) -> list[Cue] | None:
    """The cues of SRT or WebVTT (``00:00:01,000 --> 00:00:03,500`` then lines) or LRC (``[00:12.30] a line``)
    text, sorted by start; None when ``text`` has no such times."""
    if _SRT_TIME.search(text):
        return _srt(text)
    lrc = [m for line in text.splitlines() if (m := _LRC_LINE.match(line))]
    if len(lrc) >= 2:
        return _lrc(lrc)
    return None


def _ms(hours: str | None, minutes: str, seconds: str, fraction: str) -> int:
    whole = int(hours[:-1]) * 3600 if hours else 0
    return (whole + int(minutes) * 60 + int(seconds)) * 1000 + int(fraction.ljust(3, "0")[:3])


def _srt(text: str) -> list[Cue]:
    cues: list[Cue] = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        lines = block.split("\n")
        at = next((i for i, line in enumerate(lines) if _SRT_TIME.search(line)), None)
        if at is None:
            continue
        m = _SRT_TIME.search(lines[at])
        assert m is not None
        words = " ".join(re.sub(r"<[^>]+>", "", line).strip() for line in lines[at + 1 :] if line.strip())
        start, end = _ms(*m.groups()[:4]), _ms(*m.groups()[4:])
        if words and end > start:
            cues.append(Cue(start, end, wrap(words)))
    return sorted(cues, key=lambda c: c.start_ms)


def _lrc(lines: Sequence[re.Match[str]]) -> list[Cue]:
    starts: list[tuple[int, str]] = []
    for m in lines:
        for stamp in _LRC_STAMP.finditer(m.group(1)):
            starts.append((_ms(None, stamp.group(1), stamp.group(2), stamp.group(3) or "0"), m.group(2).strip()))
    starts.sort()
    cues = []
    for (start, words), (following, _) in zip(starts, [*starts[1:], (starts[-1][0] + 4000, "")], strict=True):
        if words:
            cues.append(Cue(start, max(following - GAP_MS, start + MIN_CAPTION_MS), wrap(words)))
    return cues


def wrap(words: str, chars: int = MAX_LINE_CHARS) -> str:
    """``words`` as one line, or as few lines of even length as keep each within ``chars`` (two of a caption in
    16:9; three of a long one in 9:16, whose lines are shorter: ``agent.caption_lines``), split between words."""
    words = " ".join(words.split())
    if len(words) <= chars or " " not in words:
        return words
    return "\n".join(_by_words(words, chars))


def caption_lines(words: str, chars: int = MAX_LINE_CHARS) -> list[str]:
    """Plain words cut into captions of at most two 16:9 lines: at sentence ends, then at commas, then between words;
    each wrapped at ``chars``."""
    text = " ".join(words.split())
    out: list[str] = []
    for sentence in re.split(r"(?<=[.!?。！？])\s+", text):
        out += _fit(sentence, 2 * MAX_LINE_CHARS)
    return [wrap(line, chars) for line in out if line.strip()]


def _fit(sentence: str, limit: int) -> list[str]:
    if len(sentence) <= limit:
        return [sentence]
    pieces = [p for p in re.split(r"(?<=[,;:，；：])\s+", sentence) if p]
    if len(pieces) > 1:
        merged: list[str] = []
        for piece in pieces:
            if merged and len(merged[-1]) + 1 + len(piece) <= limit:
                merged[-1] += " " + piece
            else:
                merged.append(piece)
        return (
            [line for piece in merged for line in _fit(piece, limit)] if len(merged) > 1 else _by_words(sentence, limit)
        )
    return _by_words(sentence, limit)


def _by_words(sentence: str, limit: int) -> list[str]:
    count = -(-len(sentence) // limit)  # as few captions as fit, of even length
    target = len(sentence) / count
    lines: list[str] = []
    line = ""
    for word in sentence.split(" "):
        if line and len(line) + 1 + len(word) > max(target, len(word)) * 1.15 and len(lines) < count - 1:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line]


def phrase_lines(words: str, speech: Speech, chars: int = MAX_LINE_CHARS) -> list[str]:
    """Plain words cut into captions phrase by phrase (at sentence ends and commas, a piece under
    ``MIN_PHRASE_CHARS`` joined to the next) where the recording pauses between as many phrases at least
    (``PHRASE_PAUSE_MS``), so that each caption can go with one phrase and leave the screen in its pause (issue 27:
    JFK's "And so, my fellow Americans, / ask not what your country can do for you, / ask what you can do for your
    country."); else ``caption_lines``."""
    text = " ".join(words.split())
    pieces: list[str] = []
    for piece in re.split(r"(?<=[.!?。！？,;:，；：])\s+", text):
        pieces.append(f"{pieces.pop()} {piece}" if pieces and len(pieces[-1]) < MIN_PHRASE_CHARS else piece)
    if len(pieces) > 1 and len(pieces[-1]) < MIN_PHRASE_CHARS:
        pieces[-2:] = [f"{pieces[-2]} {pieces[-1]}"]
    fits = all(len(piece) <= 2 * MAX_LINE_CHARS for piece in pieces)
    if fits and 1 < len(pieces) <= speech.phrases():
        return [wrap(piece, chars) for piece in pieces]
    return caption_lines(words, chars)


@dataclass(frozen=True)
class Speech:
    """Where a recording speaks: its voiced stretches (start, end) in ms, in order."""

    stretches: tuple[tuple[int, int], ...]

    @property
    def voiced_ms(self) -> int:
        return sum(end - start for start, end in self.stretches)

    def at_voiced(self, voiced_ms: float) -> int:
        """The recording's time at which ``voiced_ms`` of speech has passed."""
        left = voiced_ms
        for start, end in self.stretches:
            if left <= end - start:
                return round(start + left)
            left -= end - start
        return self.stretches[-1][1] if self.stretches else 0

    def phrases(self) -> int:
        """How many phrases the speech falls into: stretches apart by ``PHRASE_PAUSE_MS`` or more."""
        gaps = [b[0] - a[1] for a, b in zip(self.stretches, self.stretches[1:], strict=False)]
        return (1 + sum(gap >= PHRASE_PAUSE_MS for gap in gaps)) if self.stretches else 0

    def resumes(self) -> list[int]:
        """Where the voice starts again after each pause, in ms."""
        return [start for start, _ in self.stretches[1:]]


def find_speech(analysis: AudioAnalysis) -> Speech:
    """The voiced stretches of ``analysis`` (100 ms levels within ``VOICE_RANGE``), pauses under ``MIN_PAUSE_MS``
    bridged."""
    hop = max(analysis.energy_hop_ms, 1)
    stretches: list[tuple[int, int]] = []
    for i, level in enumerate(analysis.energy):
        if level < VOICE_RANGE:
            continue
        start = i * hop
        if stretches and start - stretches[-1][1] < MIN_PAUSE_MS:
            stretches[-1] = (stretches[-1][0], start + hop)
        else:
            stretches.append((start, start + hop))
    return Speech(tuple(stretches))


def spread_over_speech(lines: Sequence[str], speech: Speech) -> list[Cue]:
    """``lines`` laid over ``speech`` in proportion to their length, each start moved to the nearest restart of the voice
    after a pause within ``SNAP_MS``; empty when there is no speech."""
    if not lines or not speech.stretches:
        return []
    weights = [len(line.replace("\n", " ")) + 4 for line in lines]  # +4: a short line still takes a moment to say
    total = sum(weights)
    resumes = [t - LEAD_MS for t in speech.resumes()]
    starts: list[int] = []
    done = 0
    for weight in weights:
        at = speech.at_voiced(speech.voiced_ms * done / total)
        near = [p for p in resumes if abs(p - at) <= SNAP_MS and (not starts or p > starts[-1] + MIN_CAPTION_MS)]
        starts.append(min(near, key=lambda p: abs(p - at)) if near and done else at)
        done += weight
    starts[0] = speech.stretches[0][0]
    end_of_speech = speech.stretches[-1][1] + 300
    cues: list[Cue] = []
    for i, line in enumerate(lines):
        start = max(starts[i], cues[-1].end_ms + GAP_MS) if cues else starts[i]
        end = _ended_before_pause(start, starts[i + 1], speech) if i + 1 < len(lines) else end_of_speech
        cues.append(Cue(start, max(end, start + MIN_CAPTION_MS), line))
    return cues


def _ended_before_pause(start_ms: int, next_start_ms: int, speech: Speech) -> int:
    """Where a caption followed by one at ``next_start_ms`` ends: ``HOLD_MS`` after the voice stops before the pause
    the next one starts after, so that the screen is clear in a pause longer than that (a viewer reads a caption
    left on through a pause as words still being said), else just before the next one."""
    plain = next_start_ms - GAP_MS
    voice = next_start_ms + LEAD_MS
    if any(first < voice < last for first, last in speech.stretches):  # the next one starts mid-phrase
        return plain
    stopped = [last for _, last in speech.stretches if start_ms < last <= voice]
    return min(plain, stopped[-1] + HOLD_MS) if stopped else plain


def reading_speed_cps(cues: Sequence[Cue]) -> float:
    """Characters a second the viewer must read, over all the cues."""
    shown_s = sum(c.end_ms - c.start_ms for c in cues) / 1000
    return sum(len(c.text.replace("\n", " ")) for c in cues) / shown_s if shown_s > 0 else 0.0
