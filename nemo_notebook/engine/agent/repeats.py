"""Words for pictures and clips shown more often than the material allows (the draft's ``m.most_shows``): a pace the
user set, or too few pictures and clips for the music's length, brings a picture back more often than a viewer takes
well, or shows a clip more often than it has different-looking moments (a static camera is one), and the reply says
so, with what would help."""

from __future__ import annotations

from typing import NamedTuple

from ...protocol import Draft
from ...protocol.showings import shots_seen
from ...protocol.showings import showings as shown_runs
from .replies import seconds
from .tracks import visual_shots


class Shown(NamedTuple):
    """A picture or clip shown more often than its ceiling: its name, how often, the ceiling, whether a clip."""

    name: str
    times: int
    ceiling: int
    clip: bool


class Showings(NamedTuple):
    """How often a video shows a picture or clip (each time it comes on screen after something else), under which
    name, and whether it is a clip."""

    name: str
    times: int
    clip: bool


def showings(draft: Draft) -> dict[str, Showings]:
    """Each picture or clip the draft shows, by media id, counted as a viewer sees it (``protocol.showings``): each
    time it comes on screen after something else. Held-out export 01's reply said "up to 7 times" where the render
    showed a picture 9 times, its near views apart."""
    out: dict[str, Showings] = {}
    for run in shown_runs(visual_shots(draft)):
        shot = run[0]
        if shot.src is not None:
            seen = out.get(shot.src, Showings("", 0, False))
            name = seen.name or str(shot.meta.get("name") or shot.src)
            clip = seen.clip or any(sg.in_ms is not None for sg in run)
            out[shot.src] = Showings(name, seen.times + 1, clip)
    return out


def over_shown(draft: Draft) -> dict[str, Shown]:
    """Each picture or clip shown more often than the material allows, by media id: more than its ceiling, and a
    weak picture (``m.little_used``: blocky, out of focus, small) more than the good pictures' too. Its own lower
    ceiling is a wish to show it less, not the material's limit: held-out export 03 counted a blocky photo shown
    twice, as often as a good one may, among "3 pictures come back up to 3 times each" where two do."""
    ceiling, weak = draft.meta.get("most_shows"), draft.meta.get("little_used")
    if not isinstance(ceiling, dict):
        return {}
    shown, weak_ids = showings(draft), set(weak) if isinstance(weak, dict) else set()
    allowed = {k: int(ceiling[k]) for k in shown if k in ceiling}
    good = min((n for k, n in allowed.items() if k not in weak_ids and not shown[k].clip), default=0)
    for k in weak_ids & allowed.keys():  # a weak picture as often as a good one may: within the material
        allowed[k] = allowed[k] if shown[k].clip else max(allowed[k], good)
    return {
        k: Shown(s.name, s.times, allowed[k], s.clip) for k, s in shown.items() if s.times > allowed.get(k, s.times)
    }


def repeat_words(before: Draft, after: Draft, zh: bool) -> str:
    """What to say about pictures and clips that come back too often in ``after``; nothing where none does, or
    where ``before`` had the same ones (said already). The pictures are counted in showings (``protocol.showings``);
    a clip also whether its shots show a moment of it again (``clip_moments``), said without the counts: a blind
    reviewer of stop 47 called "in 13 shots showing 5 different moments of the clip" and "(close-ups counted)"
    tool-speak.

    Examples
    --------
    >>> repeat_words(Draft.empty(), draft, zh=False)  # doctest: +SKIP
    '"kite.jpg" is on screen 6 times in 60s, more often than a picture should: more pictures or clips would let each
    come back less'
    """
    over = over_shown(after)
    if not over or over == over_shown(before):
        return ""
    length = seconds(after.duration_ms)
    pictures = sorted((v for v in over.values() if not v.clip), key=lambda v: (-v.times, v.name))
    clips = sorted(((k, v) for k, v in over.items() if v.clip), key=lambda kv: (-kv[1].times, kv[1].name))
    said = [_pictures_words(pictures, length, zh)] if pictures else []
    said += [_clip_words(v, clip_moments(after, k), length, zh) for k, v in clips]
    if zh:
        return "；".join(said) + "：多些图片或视频片段，每个就能出现得少些"
    return "; ".join(said) + ": more pictures or clips would let each come back less"


def clip_moments(draft: Draft, src: str) -> tuple[int, int, int]:
    """The shots a viewer sees of the clip ``src`` (``protocol.showings.shots_seen``: its footage running on in
    one framing is one shot), how many different moments of it they show (a shot whose footage lies over half
    inside footage shown before, the same way round, shows a moment again) and how many show one again mirrored
    (``m.mirror``: ``planning.clip_spans_apart``)."""
    lane = sorted(visual_shots(draft), key=lambda sg: sg.start_ms)
    shots: list[tuple[int, int, bool]] = []  # each shot's footage, in ms of the clip, and whether mirrored
    for before, shot in zip([None, *lane], lane, strict=False):
        if shot.src != src or shot.in_ms is None:
            continue
        if before is not None and shots and shots_seen([before, shot]) == 1:
            shots[-1] = (shots[-1][0], shot.in_ms + shot.duration_ms, shots[-1][2])
        else:
            shots.append((shot.in_ms, shot.in_ms + shot.duration_ms, shot.meta.get("mirror") is True))

    def shown_before(i: int, flipped: bool) -> bool:
        start, end, _ = shots[i]
        return any(min(end, e) - max(start, s) > (end - start) / 2 for s, e, f in shots[:i] if f == flipped)

    again = sum(shown_before(i, flip) for i, (_, _, flip) in enumerate(shots))
    mirrored = sum(flip and not shown_before(i, flip) and shown_before(i, False) for i, (*_, flip) in enumerate(shots))
    return len(shots), len(shots) - again, mirrored


def _pictures_words(ranked: list[Shown], length: str, zh: bool) -> str:
    most = ranked[0].times
    if zh:
        who = f"“{ranked[0].name}”" if len(ranked) == 1 else f"{len(ranked)}张图片（如“{ranked[0].name}”）"
        return f"{length}秒里{who}{'' if len(ranked) == 1 else '最多'}出现了{most}次，多于一张图片应有的次数"
    if len(ranked) == 1:
        who, times = f'"{ranked[0].name}" is', f"{most} times"
    else:
        names = ", ".join(f'"{v.name}"' for v in ranked[:2]) + (", …" if len(ranked) > 2 else "")
        who, times = f"{len(ranked)} pictures ({names}) are", f"up to {most} times each"
    return f"{who} on screen {times} in {length}s, more often than a picture should"


def _clip_words(clip: Shown, moments: tuple[int, int, int], length: str, zh: bool) -> str:
    """The clip's showings and, where they hold more, its shots as a viewer counts them (held-out 01 of stop 52 said
    "8 times" where a blind reviewer counted about 20 shots of "Megamind.avi" in the cut strip, in quick runs); its
    moments shown again as they were, or else mirrored, where they are."""
    shots, different, mirrored = moments
    again = different < shots  # a moment of the clip shown twice the same way, counted on the draft
    if zh:
        seen = "，有些画面重复出现" if again else "，有些画面左右翻转后再次出现" if mirrored else ""
        runs = f"（共{shots}个镜头）" if shots > clip.times else ""
        return f"{length}秒里“{clip.name}”出现了{clip.times}次{runs}{seen}，多于这段视频的素材所允许的次数"
    seen = "some of its moments show twice" if again else "some of its moments come back mirrored" if mirrored else ""
    runs = f" (in {shots} shots: some times cut from one of its moments to another)" if shots > clip.times else ""
    more = f", so {seen}" if seen else ""
    return f'"{clip.name}" comes back {clip.times} times in {length}s{runs}, more than its footage can fill{more}'
