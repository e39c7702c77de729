"""One line for pictures and clips that come back often: how many there are for how long, how often they come on
screen, and what would vary it. Stop 56's blind reviewers read a bullet per file shown more often than the material
allows ("4 pictures (…) are on screen up to 7 times each …"; "Megamind.avi" comes back 7 times …"), then "I had 9
pictures and clips for 38 shots, so most are on screen 4 to 7 times", as a scolding said twice over."""

from __future__ import annotations

from ...protocol import Draft
from .repeats import clip_moments, over_shown, showings
from .replies import clock, seconds
from .short_material import framed_anew, how_often, short_material_words

MINUTE_MS = 60_000


def repetition_words(before: Draft, after: Draft, zh: bool) -> str:
    """Where pictures or clips of ``after`` come back more often than the material allows (``repeats.over_shown``),
    one line for all of them: '9 pictures and clips for 1:47, so most are on screen 4 to 7 times, "messi5.jpg" only
    twice; some moments of "Megamind.avi" show twice: more pictures or clips would let each come back less'; nothing
    where ``before`` had the same ones (said already); else what ``short_material.short_material_words`` says."""
    over = over_shown(after)
    if not over:
        return short_material_words(before, after, zh)
    if over == over_shown(before):
        return ""
    shown = showings(after)
    clips = sum(s.clip for s in shown.values())
    length = clock(after.duration_ms) if after.duration_ms >= MINUTE_MS else f"{seconds(after.duration_ms)}s"
    often = how_often(after, zh) + (
        ("，每次取景都不同" if zh else ", each time framed differently") if framed_anew(after) else ""
    )
    again = [(over[k].name, _moments_words(clip_moments(after, k), zh)) for k in sorted(over) if over[k].clip]
    if zh:
        kind = "个图片和视频片段" if 0 < clips < len(shown) else "段视频" if clips else "张图片"
        moments = "".join(f"；“{name}”{said}" for name, said in again if said)
        return f"{len(shown)}{kind}配{length}：{often}{moments}；多些图片或视频片段，每个就能出现得少些"
    kind = "pictures and clips" if 0 < clips < len(shown) else "clips" if clips else "pictures"
    moments = "".join(f'; some moments of "{name}" {said}' for name, said in again if said)
    return (
        f"{len(shown)} {kind} for {length}, so {often}{moments}: more pictures or clips would let each come back less"
    )


def _moments_words(moments: tuple[int, int, int], zh: bool) -> str:
    """Whether a clip's shots show a moment of it again as it was, or else mirrored (``repeats.clip_moments``)."""
    shots, different, mirrored = moments
    if different < shots:
        return "有些画面重复出现" if zh else "show twice"
    if mirrored:
        return "有些画面左右翻转后再次出现" if zh else "come back mirrored"
    return ""
