"""The choice a hot master leaves its artist (issue 29): where its true peak passes the ceiling (-1 dBTP), the
render lowers the whole song by one gain (``render.master_level``), and the reply says so and names the other way;
"keep my loudness", "keep it loud", "don't turn my song down" keep the song at its own loudness and hold only its
overs with a true-peak limiter (``render.peak_limit``, ``m.peak_limit``); "turn it down instead", "no limiter" go
back to the one gain.

The reply to the choice says what the limiter did, measured on the song as the draft plays it through the render's
own limiter (ffmpeg's EBU R128 meter, before and after): held-out 04's master, -14.7 LUFS in, -14.8 out, its
+1.7 dB peaks held 3.2 dB down.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from ...protocol import Draft
from ...protocol.loudness import TRUE_PEAK_CEILING_DBTP
from ..render.master_level import LOWERED_TO_DBTP
from ..render.peak_limit import PEAK_LIMITER, limits_peaks
from ..report.loudness import Loudness
from .context import AgentContext
from .errors import EditError
from .heard_level import joined_graph, own_segments, played_inputs
from .loudness_match import match_loudness, own_spans, played_loudness
from .loudness_words import down_again_words, limited_words
from .message import Message
from .operations import MatchLoudness, Parsed

_SONG = r"(it|my song|the song|my track|the track|my master|the master|the music|my music)"
_KEEP = re.compile(
    rf"\bkeep (my|its|the|our|the song'?s|my song'?s) (own |original )?(loudness|level|volume)\b|\bkeep {_SONG} loud\b"
    rf"|\b(don'?t|do not|never) (turn|bring) {_SONG} down\b|\b(use|with|try) a (true[- ]peak )?limiter\b"
    r"|\blimit (the|its|my) (over|peak)s\b|保持(我的|原来的)?响度|不要调低"
)
_DOWN = re.compile(
    rf"\b(turn|bring) {_SONG} down instead\b|\bno limiter\b|\bwithout (a|the) limiter\b|\b(remove|drop|take off) the"
    r" limiter\b|\b(don'?t|do not) limit\b|整首(歌)?(均匀)?(调小|调低)|不要限幅|去掉限幅"
)


def loudness_edit(edit: MatchLoudness, draft: Draft, ctx: AgentContext) -> Draft:
    """``draft`` as the loudness the user asked for: the peaks' choice (``edit.limit_peaks``: ``choose_peaks``), a
    hot master made louder (``louder_limited``), else one gain toward the target (``loudness_match``)."""
    if edit.limit_peaks is not None:
        return choose_peaks(edit, draft, ctx)
    played = played_loudness(draft, ctx) if draft.meta.get("loudnorm") is False else None
    if edit.target_lufs is not None and played is not None and played.true_peak_dbtp > TRUE_PEAK_CEILING_DBTP:
        return louder_limited(edit.target_lufs, draft, ctx)
    return match_loudness(edit, draft, ctx)


def louder_limited(target_lufs: float, draft: Draft, ctx: AgentContext) -> Draft:
    """``draft`` with a hot master ("make it louder": its true peak past the ceiling) raised toward ``target_lufs``
    and its overs held by the limiter (``m.loudness_match`` and ``m.peak_limit``, with ``raised_db``: the raise,
    measured through the gain and the render's limiter). Held-out 04's master (-14.7 LUFS, +1.7 dBTP) played
    turned down evenly to -17.5 LUFS, and four blind reviewers in a row asked for it louder."""
    played = played_loudness(draft, ctx)
    if played is None:
        raise EditError("I can't measure your song's loudness")
    match = {"target_lufs": target_lufs, "source_lufs": played.loudness_lufs, "source_peak_dbtp": played.true_peak_dbtp}
    if limits_peaks(draft.meta) and draft.meta.get("loudness_match") == match:
        raise EditError("your song already plays at the usual level of posts, only its loudest moments held down")
    raised = round(max(0.0, target_lufs - played.loudness_lufs), 2)
    before, after = limited_loudness(tuple(own_spans(draft, ctx)), _fades(draft, ctx), raised)
    figures = {
        "source_lufs": before.integrated_lufs, "source_peak_dbtp": before.true_peak_dbtp,
        "limited_lufs": after.integrated_lufs, "limited_peak_dbtp": after.true_peak_dbtp, "raised_db": raised,
    }  # fmt: skip
    return draft.with_meta(loudness_match=match, peak_limit=figures)


def detect_peak_choice(clause: str, msg: Message) -> list[Parsed] | None:
    del msg
    if _DOWN.search(clause):
        return [MatchLoudness(target_lufs=None, limit_peaks=False)]
    return [MatchLoudness(target_lufs=None, limit_peaks=True)] if _KEEP.search(clause) else None


def choose_peaks(edit: MatchLoudness, draft: Draft, ctx: AgentContext) -> Draft:
    """``draft`` with ``m.peak_limit`` set (its figures measured now; the raise toward other posts taken off, the
    song at its own loudness) or taken off (``edit.limit_peaks`` False)."""
    if draft.meta.get("loudnorm") is not False:
        raise EditError("the music is not your own recording: it already plays as loud as other posts")
    if not edit.limit_peaks:
        if not limits_peaks(draft.meta):
            raise EditError("your song is already turned down evenly, and only as far as its loudest moments"
                            " need to stay clean")  # fmt: skip
        return replace(draft, meta={k: v for k, v in draft.meta.items() if k not in ("peak_limit", "loudness_match")})
    played = played_loudness(draft, ctx)
    if played is None:
        raise EditError("I can't measure your song's loudness")
    if played.true_peak_dbtp <= TRUE_PEAK_CEILING_DBTP:
        raise EditError("your song already plays as loud as your file: even its loudest moments play cleanly, so"
                        " nothing turns it down")  # fmt: skip
    if limits_peaks(draft.meta):
        raise EditError("your song already plays as loud as your file, only its loudest moments held down")
    before, after = limited_loudness(tuple(own_spans(draft, ctx)), _fades(draft, ctx))
    figures = {
        "source_lufs": before.integrated_lufs, "source_peak_dbtp": before.true_peak_dbtp,
        "limited_lufs": after.integrated_lufs, "limited_peak_dbtp": after.true_peak_dbtp,
    }  # fmt: skip
    kept = {k: v for k, v in draft.meta.items() if k != "loudness_match"}
    return replace(draft, meta={**kept, "peak_limit": figures})


@lru_cache(maxsize=8)
def limited_loudness(
    spans: tuple[tuple[Path, int, int], ...], fades: tuple[str, ...], raised_db: float = 0.0
) -> tuple[Loudness, Loudness]:
    """The loudness of ``spans`` ((path, in ms, duration ms), played one after another) as they are, and as the
    video plays them: through each span's ``fades`` (``render.segment_fades``, one a span), raised by ``raised_db``
    ("make it louder") and through the render's ``PEAK_LIMITER``, by ffmpeg's EBU R128 meter. Without the fades, a song the video fades out where the recording
    stops was said 0.5 LU louder than the export measured (-18.2 against -18.7 LUFS, tests/acceptance/test_keep_loudness.py).

    Raises
    ------
    MediaError
        ffmpeg cannot read a span.
    """
    from ..report.loudness import ebu_r128_of_command

    command = played_inputs(spans)
    return (
        ebu_r128_of_command(command, joined_graph(fades, faded=False)),
        ebu_r128_of_command(command, f"{joined_graph(fades, faded=True)},volume={raised_db:.2f}dB,{PEAK_LIMITER}"),
    )


def _fades(draft: Draft, ctx: AgentContext) -> tuple[str, ...]:
    """The fades of the user's own recording's segments, in ``own_spans``'s order."""
    from ..render.segment_fades import segment_fades

    return tuple(segment_fades(sg) for _, sg in own_segments(draft, ctx))


def describe_peaks(edit: MatchLoudness, before: Draft, after: Draft, zh: bool) -> str:
    """What the choice did: the loudness in and out and how far the limiter held the loudest peak down; or, back to
    the one gain, how far the song now plays turned down (``before``'s figures)."""
    figures = after.meta.get("peak_limit") if edit.limit_peaks else before.meta.get("peak_limit")
    keys = ("source_lufs", "limited_lufs", "source_peak_dbtp", "limited_peak_dbtp")
    if not isinstance(figures, dict) or not all(isinstance(figures.get(k), (int, float)) for k in keys):
        return "按原文件的响度播放" if zh else "your song plays as loud as your file"
    lufs, out, peak, held = (float(figures[k]) for k in keys)
    if not edit.limit_peaks:
        return down_again_words(peak - LOWERED_TO_DBTP, zh)
    return limited_words(lufs, out, peak - held, zh)
