"""Captions a person gives in words: heard in a message ("captions: …", pasted SRT, WebVTT or LRC lines), laid on a
"Captions" text track timed to the draft's recording (``planning.captions``), and said back with how they were timed.

A second set of captions replaces the first. Times in SRT/LRC are times in the recording; where the draft plays the
recording cut (a shorter version of a song) each caption follows its words to where they play, and captions of parts
left out are dropped.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ...protocol import Draft, Segment, Track, TrackType
from ...protocol.vocabulary import Position, Role
from ..planning.captions import (
    READABLE_CPS,
    Cue,
    find_speech,
    phrase_lines,
    reading_speed_cps,
    spread_over_speech,
    timed_cues,
)
from .caption_lines import CAPTION_SIZE, caption_chars, captions_fitted
from .context import AgentContext
from .errors import EditError
from .making import Work
from .operations import AddCaptions
from .tracks import indices, music_indices

CAPTION_FADE_MS = 120
MIN_SHOWN_MS = 500  # a caption cut shorter than this by the song's edit is dropped

_ASKED = re.compile(
    r"^\s*(?:please\s+)?(?:(?:add|put|show|burn|use|make|with)\s+(?:in\s+)?(?:these\s+|the\s+|some\s+)?)?"
    r"(?:captions|subtitles|lyrics|字幕|歌词)\s*(?:[:：]|(?:saying|that say|reading)\b)\s*(.+)$",
    re.I | re.S,
)


def captions_request(raw: str) -> AddCaptions | None:
    """The captions a message gives: timed lines (SRT, WebVTT, LRC) anywhere in it, or the words after "captions:"
    ("subtitles:", "lyrics:"); None when it gives none."""
    if timed_cues(raw):
        return AddCaptions(text=raw.strip())
    asked = _ASKED.match(raw)
    if asked is None:
        return None
    words = asked.group(1).strip().strip("\"'“”‘’「」")
    return AddCaptions(text=words) if words.strip() else None


_GIVEN = re.compile(
    r"^(?P<ask>.+?)[\s,;.]+(?:and\s+|with\s+)?(?:here\s+are\s+)?(?:the\s+|its\s+|my\s+|his\s+|her\s+|their\s+)?"
    r"(?:words|transcript|script|captions|subtitles|lyrics)(?:\s+(?:are|is|say|go|read))?\s*[:：]\s*(?P<words>\S.*)$",
    re.I | re.S,
)


def words_given(raw: str) -> tuple[str, AddCaptions] | None:
    """A request that also gives the words said ("make a video for my podcast, the words are: …", issue 27): the
    request without them, and the captions they make; None where the message gives no words after its request."""
    given = _GIVEN.match(raw.strip())
    if given is None:
        return None
    words = given.group("words").strip().strip("\"'“”‘’「」")
    return (given.group("ask").strip(), AddCaptions(text=words)) if words else None


def add_captions(edit: AddCaptions, draft: Draft, ctx: AgentContext) -> Work:
    """``draft`` with a Captions track made from ``edit``'s words, replacing any it had."""
    timed = timed_cues(edit.text)
    audio = _recording(draft)
    if timed is None:
        if audio is None:
            raise EditError(
                "captions need the recording they go with: make the video from it first, then add the captions"
            )
        analysis = ctx.audio_analysis(audio[0])
        speech = find_speech(analysis)
        timed = spread_over_speech(phrase_lines(edit.text, speech, caption_chars(draft)), speech)
        if not timed:
            raise EditError(
                "I can't hear anyone speak in this track, so I can't time the captions: paste them with times (SRT or LRC)"
            )
        mode = "spread"
    else:
        mode = "timed"
    placed = [c for cue in timed for c in _on_timeline(cue, draft, audio)]
    if not placed:
        raise EditError("none of those captions' times fall inside this video: check they are in the recording's time")
    yield from ()
    track = Track(
        type=TrackType.TEXT,
        segments=tuple(_segment(cue) for cue in placed),
        meta={"role": Role.TEXT, "name": "Captions", "captions": mode},
    )
    kept = [t for t in draft.tracks if not t.meta.get("captions")]
    made = replace(draft.with_tracks((*kept, track)), duration_ms=max(draft.duration_ms, placed[-1].end_ms))
    return captions_fitted(made)


def _recording(draft: Draft) -> tuple[str, list[Segment]] | None:
    """The voice track's media, else the music's, with the segments that play it."""
    for i in (*indices(draft, Role.VOICE, kind=TrackType.AUDIO), *music_indices(draft)):
        segments = [sg for sg in draft.tracks[i].segments if sg.src]
        if segments:
            src = segments[0].src
            assert src is not None
            return src, [sg for sg in segments if sg.src == src]
    return None


def _on_timeline(cue: Cue, draft: Draft, audio: tuple[str, list[Segment]] | None) -> list[Cue]:
    if audio is None:
        return [cue] if cue.start_ms < max(draft.duration_ms, 1) or not draft.tracks else []
    out = []
    for sg in audio[1]:
        first = sg.in_ms or 0
        start, end = max(cue.start_ms, first), min(cue.end_ms, first + sg.duration_ms)
        if end - start >= MIN_SHOWN_MS:
            out.append(Cue(sg.start_ms + start - first, sg.start_ms + end - first, cue.text))
    return out


def _segment(cue: Cue) -> Segment:
    style = {"size": CAPTION_SIZE, "color": "#ffffff", "position": Position.LOWER_THIRD}
    fade = min(CAPTION_FADE_MS, (cue.end_ms - cue.start_ms) // 4)
    meta = {"text": cue.text, "role": Role.TEXT, "style": style, "fade_in_ms": fade, "fade_out_ms": fade}
    return Segment(start_ms=cue.start_ms, duration_ms=cue.end_ms - cue.start_ms, meta=meta)


def describe_captions(after: Draft, zh: bool) -> str:
    """How many captions there are now, how they were timed, and a word when they come faster than people read."""
    track = next((t for t in after.tracks if t.meta.get("captions")), None)
    if track is None:
        return "没有添加字幕" if zh else "no captions added"
    n = len(track.segments)
    cues = [Cue(sg.start_ms, sg.end_ms, str(sg.meta.get("text", ""))) for sg in track.segments]
    cps = reading_speed_cps(cues)
    if track.meta.get("captions") == "timed":
        said = f"添加了{n}条字幕，按给出的时间" if zh else f"added {n} captions at the times given"
    else:
        said = (
            f"添加了{n}条字幕，按语音的停顿分布（不是逐字对齐）"
            if zh
            else f"added {n} captions spread over the speech, changing in its pauses (not word by word: paste SRT or"
            " LRC lines for exact times)"
        )
    if cps > READABLE_CPS:
        said += (
            f"；每秒约{cps:.0f}个字符，偏快"
            if zh
            else f"; they ask about {cps:.0f} characters a second, more than most"
            f" people read ({READABLE_CPS:.0f}): fewer words would be easier to follow"
        )
    return said


__all__ = ["add_captions", "captions_request", "describe_captions", "words_given"]
