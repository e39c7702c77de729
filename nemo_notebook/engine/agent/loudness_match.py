"""The artist's master at the loudness of other posts: "match the loudness of other posts", "normalize the
loudness", and "make it louder" where the video plays the user's own recording as mastered.

A master plays as it was made (``render.master_level``), so a quiet one (-19.6 LUFS) is quiet on a feed that plays
others at about -14. Asked, the whole song is raised by one gain, the target less its loudness as the draft plays it
(BS.1770, measured here once and kept on the draft as ``m.loudness_match``): no compression and no limiting, so its
loudness range stays. Where that gain would lift its true peak past ``protocol.loudness``'s ceiling (-1 dBTP, the
render's too), the render raises it only as far as the peak allows, and the reply says so. A reply to a music video
of a master quieter than ``OFFER_BELOW_LUFS`` offers the words (``loudness_words``: a listener's words, the figures
in one details line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache, partial
from pathlib import Path

from ...protocol import Draft, MediaInfo
from ...protocol.loudness import TRUE_PEAK_CEILING_DBTP
from .context import AgentContext
from .errors import EditError
from .heard_level import heard_level, own_segments
from .loudness_words import louder_words, quiet_words, raised_words, turned_down_words
from .message import Message
from .operations import MatchLoudness, Parsed, SetVolume
from .short_words import is_short, short_sound_words

OFFER_BELOW_LUFS = -16.0
_MATCH = re.compile(
    r"\b(match|same|like)\b.*\bloud(ness)?\b.*\b(other|posts?|videos?|songs?|tracks?|streaming|spotify|youtube|tiktok)\b"
    r"|\bas loud as (other|the other|everything|every)\b|\bnormali[sz](e|ed|ing|ation)\b.*\b(loudness|audio|sound|volume|levels?|master|it)\b"
    r"|\bloudness normali[sz]ation\b|\b-?14 ?lufs\b|\bstreaming loudness\b|\bquiet(er)? (compared|next) to other\b"
    r"|\bmatch (the )?loudness\b|\bloudness\b.*\blike (other|the other|posts|videos|songs)\b|\bnormali[sz]e (it )?to\b"
    r"|\bas loud as (tiktok|youtube|spotify|instagram|reels|the radio)\b"
)
_AS_MASTERED = re.compile(r"\b(play|keep|leave|back to)\b.*\bas (it was )?mastered\b|\b(original|my own) loudness\b")


@dataclass(frozen=True)
class Played:
    """The user's recording as the draft plays it: integrated loudness (LUFS) and true peak (dBTP, 4x oversampled)."""

    loudness_lufs: float
    true_peak_dbtp: float

    def gain_db(self, target_lufs: float) -> float:
        """The one gain the render gives it: toward ``target_lufs``, at most as far as the ceiling."""
        return max(0.0, min(target_lufs - self.loudness_lufs, TRUE_PEAK_CEILING_DBTP - self.true_peak_dbtp))


def detect_loudness_match(clause: str, msg: Message) -> list[Parsed] | None:
    del msg
    if _AS_MASTERED.search(clause):
        return [MatchLoudness(target_lufs=None)]
    return [MatchLoudness()] if _MATCH.search(clause) else None


def louder_as_gain(ops: list[Parsed], draft: Draft) -> list[Parsed]:
    """A "louder" without a level, for the user's own master played as mastered, is the match: one gain, never the
    music's volume pushed into the limiter."""
    if draft.meta.get("loudnorm") is not False:
        return ops
    return [
        MatchLoudness()
        if isinstance(op, SetVolume) and op.target in ("music", "all") and op.volume is None and (op.factor or 0) > 1
        else op
        for op in ops
    ]


def match_loudness(edit: MatchLoudness, draft: Draft, ctx: AgentContext) -> Draft:
    """``draft`` with ``m.loudness_match`` set (the song measured as played) or taken off (``target_lufs`` None)."""
    if draft.meta.get("loudnorm") is not False:
        raise EditError("the music already plays as loud as other posts (it is not your own recording)")
    if edit.target_lufs is None:  # neither raised nor limited (``peak_choice``)
        if "loudness_match" not in draft.meta and "peak_limit" not in draft.meta:
            raise EditError("your song already plays as loud as your file")
        return replace(draft, meta={k: v for k, v in draft.meta.items() if k not in ("loudness_match", "peak_limit")})
    played = played_loudness(draft, ctx)
    if played is None:
        raise EditError("I can't measure your song's loudness")
    if draft.meta.get("loudness_match") == _match(edit.target_lufs, played):
        raise EditError("your song is already turned up as far as it goes before its loudest moments would distort:"
                        " louder would change how your song sounds")  # fmt: skip
    return draft.with_meta(loudness_match=_match(edit.target_lufs, played))


def _match(target_lufs: float, played: Played) -> dict[str, float]:
    return {"target_lufs": target_lufs, "source_lufs": played.loudness_lufs, "source_peak_dbtp": played.true_peak_dbtp}


def keep_loudness_match(old: Draft, new: Draft, ctx: AgentContext) -> Draft:
    """``new`` (a re-plan of ``old``) raised toward ``old``'s target too, measured again as ``new`` plays the song;
    its peaks limited where ``old``'s were (``m.peak_limit``, its figures as measured for the reply)."""
    limit, match = old.meta.get("peak_limit"), old.meta.get("loudness_match")
    if isinstance(limit, dict) and new.meta.get("loudnorm") is False:
        return new.with_meta(peak_limit=limit, **({"loudness_match": match} if isinstance(match, dict) else {}))
    match = old.meta.get("loudness_match")
    target = match.get("target_lufs") if isinstance(match, dict) else None
    if not isinstance(target, (int, float)) or new.meta.get("loudnorm") is not False:
        return new
    try:
        return match_loudness(MatchLoudness(target_lufs=float(target)), new, ctx)
    except EditError:
        return new


def played_loudness(draft: Draft, ctx: AgentContext) -> Played | None:
    """The user's own recording as ``draft`` plays it (its music segments from files the user uploaded)."""
    spans = own_spans(draft, ctx)
    return _measured(tuple(spans)) if spans else None


def own_spans(draft: Draft, ctx: AgentContext) -> list[tuple[Path, int, int]]:
    """The stretches of files the user uploaded that ``draft``'s music plays: (path, in ms, duration ms)."""
    return [(path, sg.in_ms or 0, sg.duration_ms) for path, sg in own_segments(draft, ctx)]


@lru_cache(maxsize=16)
def _measured(spans: tuple[tuple[Path, int, int], ...]) -> Played | None:
    from ..analysis.played import played_sound
    from ..analysis.true_peak import span_true_peak_dbtp

    sound = played_sound(spans, true_peaks=True)
    if sound is None:
        return None
    # each span's true peak, kept where the render's gain reads it (one measure for each file content and span)
    peaks = [
        span_true_peak_dbtp(p, a, d, partial(_audible, peak))
        for (p, a, d), peak in zip(spans, sound.true_peaks_dbtp, strict=True)
    ]
    loudest = max((peak for peak in peaks if peak is not None), default=None)
    return None if loudest is None else Played(round(sound.loudness_lufs, 1), round(loudest, 2))


def _audible(peak_dbtp: float | None) -> float | None:
    """A true peak as a file's own measure says it: None for silence."""
    return peak_dbtp if peak_dbtp is not None and peak_dbtp > -150 else None


def offer_words(draft: Draft, ctx: AgentContext, song: MediaInfo, zh: bool) -> str:
    """What a music video of the user's own recording says of its level: that it was turned down, where its loudest
    moment passes the ceiling; the offer of the loudness of other posts, where it is quieter than
    ``OFFER_BELOW_LUFS`` (for steady noise, what the video does instead); a short's in one clause
    (``short_words``); else ""."""
    del song
    if draft.meta.get("loudnorm") is not False or "loudness_match" in draft.meta or "peak_limit" in draft.meta:
        return ""
    played = played_loudness(draft, ctx)
    recording = "recording" if draft.meta.get("talk") or draft.meta.get("steady_noise") else "song"
    hot = played is not None and played.true_peak_dbtp > TRUE_PEAK_CEILING_DBTP
    if played is None or (not hot and (zh or played.loudness_lufs >= OFFER_BELOW_LUFS)):
        return ""
    heard = heard_level(draft, ctx)
    if heard is None:
        return ""
    if is_short(draft) and not draft.meta.get("steady_noise"):  # a feed's creator: one clause, no figures
        return short_sound_words(heard, hot, zh)
    if hot:
        return turned_down_words(heard, played.true_peak_dbtp, recording, zh)
    return quiet_words(heard, recording, noise=bool(draft.meta.get("steady_noise")))


def describe_match(edit: MatchLoudness, after: Draft, zh: bool) -> str:
    limit = after.meta.get("peak_limit")
    if edit.target_lufs is not None and isinstance(limit, dict) and isinstance(limit.get("raised_db"), (int, float)):
        return louder_described(limit, zh)
    match = after.meta.get("loudness_match")
    figures = (
        [match.get(k) for k in ("target_lufs", "source_lufs", "source_peak_dbtp")] if isinstance(match, dict) else []
    )
    if edit.target_lufs is None or not all(isinstance(f, (int, float)) for f in figures) or not figures:
        if zh:
            return "你的歌按原文件播放，只在最响处会失真时才整首均匀调低"
        return "your song plays as your file again, turned down evenly only where its loudest moments would distort"
    target, lufs, peak = (float(f) for f in figures)  # type: ignore[arg-type]
    gain = Played(lufs, peak).gain_db(target)
    return raised_words(gain, target - lufs - gain, peak, zh)


def louder_described(limit: dict[str, object], zh: bool) -> str:
    """A hot master made louder (``peak_choice.louder_limited``'s figures)."""
    keys = ("source_lufs", "limited_lufs", "source_peak_dbtp", "limited_peak_dbtp", "raised_db")
    lufs, out, peak, held, raised = (float(v) if isinstance(v := limit.get(k), (int, float)) else 0.0 for k in keys)
    return louder_words(lufs, out, peak + raised - held, zh)
