"""Words for a video whose pictures are few for its length: a driving minute from five photos and two clips shows
each photo about four times (in the loud sections a bar at a time, each showing in other framings:
``planning.reframes``), more than the ``material.repeats_allowed`` a viewer takes unremarked, and within each
picture's ceiling, so the reply named nothing. Here it says how many pictures and clips for how long, how often a
picture is seen (counted on the draft), and what would vary it."""

from __future__ import annotations

from typing import NamedTuple

from ...protocol import Draft, TrackType
from ...protocol.showings import showing_lengths_ms
from ...protocol.vocabulary import Role
from ..planning.material import repeats_allowed
from .repeats import over_shown, showings
from .replies import seconds
from .tracks import indices, visual_shots

SAID_SLOWER = 0.8  # shots held longer are said where the plan has at most this share of the shots the music asks


class Short(NamedTuple):
    """Sources shown, the video's length (ms), how often a picture is seen (the pictures' mean, rounded), and
    whether every picture shown again is shown in more than one framing."""

    sources: int
    length_ms: int
    times: int
    framed: bool


def short_material(draft: Draft) -> Short | None:
    """What the draft's material is for its length, where its pictures come back more often than
    ``repeats_allowed``; None where they do not, where the video has no pictures, or one (a cover video)."""
    shown = showings(draft)
    pictures = {k: s.times for k, s in shown.items() if not s.clip}
    if not pictures or len(shown) < 2:  # one picture with a song is a cover video: its scenes are the design
        return None
    times = round(sum(pictures.values()) / len(pictures))
    if times <= repeats_allowed(draft.duration_ms):
        return None
    framings: dict[str, set[str]] = {}
    for shot in visual_shots(draft):
        if shot.src in pictures:
            framings.setdefault(shot.src, set()).add(str(shot.meta.get("framing", "wide")))
    framed = all(len(framings.get(k, ())) >= 2 for k, n in pictures.items() if n >= 2)
    return Short(len(shown), draft.duration_ms, times, framed)


def short_material_words(before: Draft, after: Draft, zh: bool) -> str:
    """What to say where ``after``'s pictures are few for its length; where some are named as shown more than their
    ceiling (``repeats.repeat_words`` says that) or none is seen too often, only how much longer the shots are held
    for the material (``_held_longer``); nothing where ``before`` said the same.

    Examples
    --------
    >>> short_material_words(Draft.empty(), draft, zh=False)  # doctest: +SKIP
    '7 pictures and clips for 60s: each picture is seen about 4 times, in different framings; add more to vary it'
    """
    short = short_material(after)
    if short is None or over_shown(after):  # pictures named as shown too often: how much longer the shots are held
        return _held_longer(before, after, zh)
    if short == short_material(before):
        return ""
    length = seconds(short.length_ms)
    if zh:
        framed = "，每次取景不同" if short.framed else ""
        return f"{short.sources}个图片和视频片段配{length}秒：每张图片大约出现{short.times}次{framed}；添加更多素材可让画面更丰富"
    framed = ", in different framings" if short.framed else ""
    return (
        f"{short.sources} pictures and clips for {length}s: each picture is seen about {short.times} times{framed};"
        " add more pictures or clips to vary it"
    )


def _held_longer(before: Draft, after: Draft, zh: bool) -> str:
    """What to say where the plan made the shots longer for the material (``m.material_slowed``: the shots the
    music's pace asked for and those planned) and no picture is seen more than ``repeats_allowed`` on average: cuts
    slower than the music's pace for want of pictures went unsaid. Said as a viewer sees it: how long a picture stays
    on screen at most (its longest showing, ``protocol.showings``) and how often the beat would cut (the video's
    length over the shots the music asked for); held-out export 01 read "the shots are held about 3.8 times as long
    as the music's pace asks", a ratio no viewer sees, and a blind reviewer called "the beat would cut about every
    0.9 s; the pictures' moves keep the beat" jargon, and "add pictures or clips for faster cutting" a contradiction
    under a calm film. Said beside ``repeats.repeat_words`` where some pictures still
    come back more often than their ceiling (whole bars leave a few shots more), without its advice then (that one
    says what to add); nothing where ``before`` said the same."""
    slowed = after.meta.get("material_slowed")
    if not isinstance(slowed, list) or slowed == before.meta.get("material_slowed"):
        return ""
    asked, planned = slowed
    if planned > SAID_SLOWER * asked:  # a shot or two fewer is the music's own rounding to bars
        return ""
    sources, length = showings(after), seconds(after.duration_ms)
    clips = sum(s.clip for s in sources.values())
    mixed = 0 < clips < len(sources)
    longest = _secs(max(showing_lengths_ms(visual_shots(after)), default=0))
    pace = _secs(after.duration_ms / max(asked, 1))
    advised = bool(over_shown(after))  # ``repeats.repeat_words`` says what to add, in the same reply
    shown = bool(indices(after, Role.VISUALIZER, kind=TrackType.VIDEO))  # the visualizer named only where there is one
    if zh:
        advice = "" if advised else "；添加更多图片或视频片段可切得更快"
        keep = "画面运动和可视化效果" if shown else "画面运动"
        return (
            f"{len(sources)}{'个图片和视频片段' if mixed else '段视频' if clips else '张图片'}配{length}秒的音乐："
            f"每个画面最长停留{longest}秒，而按节拍大约每{pace}秒就可以切一次，{keep}跟着节拍{advice}"
        )
    advice = "" if advised else "; add pictures or clips to change picture more often"
    moves = "the pictures move to the beat, and so does the visualizer" if shown else "the pictures move to the beat"
    return (
        f"{len(sources)} {'pictures and clips' if mixed else 'clips' if clips else 'pictures'} for {length}s of music:"
        f" each stays on screen up to {longest} s, as there are too few to change picture as often as the music would"
        f" (about every {pace} s); {moves}{advice}"
    )


def _secs(ms: float) -> str:
    """Seconds as a person says them: whole from 2 s up ("6"), else to a tenth ("0.7")."""
    return f"{ms / 1000:.0f}" if ms >= 2000 else f"{ms / 1000:.1f}"
