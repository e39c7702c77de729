"""Pure edits of the pictures' look: a warmer or cooler colour grade, a named look, contrast, brightness and
saturation steps, and how the pictures move (zooms and pans, pans only, or still). All live on the draft
(``m.warmth``, ``m.look``, ``m.contrast``, ``m.brightness``, ``m.saturation``, ``m.picture_motion``), so a re-plan
keeps them (``keep_look``), and each has its reversal ("cooler colours", "darker", "zoom again")."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from ...protocol import Draft, Segment
from ...protocol.vocabulary import LOOKS, MAX_CONTRAST, MIN_ZOOM_SHOT_MS, PANS, PICTURE_MOTIONS, ZOOMS, Motion
from .errors import EditError
from .operations import SetGrade, SetPictureMotion
from .tracks import replace_track, visual_shots, visuals_index

MAX_WARMTH = 3
LOOK_WORDS = {"bw": "black and white", "film": "film (teal shadows, warm highlights, lifted blacks, a light vignette; no grain)",
              "vintage": "vintage (faded, warm, dark corners)", "sepia": "sepia (an old photograph's brown tones)"}  # fmt: skip
LOOK_WORDS_ZH = {"bw": "黑白", "film": "电影胶片", "vintage": "复古", "sepia": "棕褐色老照片"}
# each step's ends, and what one step does (``render.looks``; measured in ``tests/render/test_looks.py``)
LEVELS = {"contrast": ("high", "low"), "brightness": ("bright", "dark"), "saturation": ("vivid", "muted")}
LEVEL_WORDS = {
    "contrast": ("more contrast", "less contrast", "each step spreads the picture's tones ~12 %"),
    "brightness": ("brighter", "darker", "each step moves mid-grey 18 of 255 levels, black and white kept"),
    "saturation": ("more saturated", "less saturated", "each step adds or takes a quarter of the colours' strength"),
}
LEVEL_WORDS_ZH = {"contrast": ("对比度更高", "对比度更低"), "brightness": ("画面更亮", "画面更暗"),
                  "saturation": ("色彩更浓", "色彩更淡")}  # fmt: skip


def warmth(draft: Draft) -> int:
    """The draft's colour grade: steps warmer (> 0) or cooler (< 0), 0 neutral."""
    value = draft.meta.get("warmth", 0)
    return int(value) if isinstance(value, (int, float)) else 0


def set_grade(draft: Draft, edit: SetGrade) -> Draft:
    """One step warmer or cooler (at most ``MAX_WARMTH`` either way), or neutral again; a look, or a contrast,
    brightness or saturation step."""
    if edit.look is not None:
        return _set_look(draft, edit.look)
    for key in LEVELS:
        if getattr(edit, key):
            return _set_level(draft, key, getattr(edit, key))
    current = warmth(draft)
    wanted = 0 if edit.neutral else max(-MAX_WARMTH, min(MAX_WARMTH, current + edit.step))
    if wanted == current and not edit.neutral:
        raise EditError(f"the colours are already as {'warm' if edit.step > 0 else 'cool'} as I make them")
    return draft.with_meta(warmth=wanted)


def look_of(draft: Draft) -> str:
    value = draft.meta.get("look")
    return value if isinstance(value, str) and value in LOOKS else ""


def contrast_of(draft: Draft) -> int:
    return level_of(draft, "contrast")


def level_of(draft: Draft, key: str) -> int:
    """The draft's ``m.contrast``, ``m.brightness`` or ``m.saturation`` step, 0 when none."""
    value = draft.meta.get(key, 0)
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0


def _set_look(draft: Draft, look: str) -> Draft:
    if look not in LOOKS:  # "colour": the look taken off
        if not look_of(draft):
            raise EditError(
                "the pictures already show their own colours (no black and white, film, vintage or sepia look)"
            )
        return replace(draft, meta={k: v for k, v in draft.meta.items() if k != "look"})  # keeps the draft's extra
    if look_of(draft) == look:
        raise EditError(f"the video already has the {LOOK_WORDS[look]} look")
    return draft.with_meta(look=look)


def _set_level(draft: Draft, key: str, step: int) -> Draft:
    current = level_of(draft, key)
    wanted = max(-MAX_CONTRAST, min(MAX_CONTRAST, current + step))
    if wanted == current:
        end = LEVELS[key][0 if step > 0 else 1]
        raise EditError(f"the {key} is already as {end} as I make it" if key != "saturation"
                        else f"the colours are already as {end} as I make them")  # fmt: skip
    return draft.with_meta(**{key: wanted})


def _pictures(draft: Draft, media_ms: Mapping[str, int]) -> tuple[int, list[int]]:
    """The visuals lane and the indices of its picture shots (a picture has a move; a clip has a length)."""
    v = visuals_index(draft)
    if v is None:
        raise EditError("there are no pictures on the timeline")
    lane = draft.tracks[v].segments
    found = sorted(
        (j for j, sg in enumerate(lane) if "motion" in sg.meta and sg.src is not None and sg.src not in media_ms),
        key=lambda j: lane[j].start_ms,
    )
    if not found:
        raise EditError("there are no pictures on the timeline to move or keep still (clips move by themselves)")
    return v, found


def _move(mode: str, n: int, sg: Segment, previous: str) -> str:
    if mode == "still":
        return Motion.NONE.value
    current = str(sg.meta.get("motion", ""))
    if mode == "no_zoom" and current in PANS and current != previous:
        return current
    moves = PICTURE_MOTIONS if mode == "moving" and sg.duration_ms >= MIN_ZOOM_SHOT_MS else PANS
    move = moves[n % len(moves)]
    return moves[(n + 1) % len(moves)] if move == previous else move


def set_picture_motion(draft: Draft, edit: SetPictureMotion, media_ms: Mapping[str, int]) -> Draft:
    """Pictures that pan but never zoom ("no_zoom"), keep still ("still"), or zoom and pan in turn ("moving")."""
    v, found = _pictures(draft, media_ms)
    segments = list(draft.tracks[v].segments)
    previous = ""
    for n, j in enumerate(found):
        previous = _move(edit.mode, n, segments[j], previous)
        segments[j] = segments[j].with_meta(motion=previous)
    if edit.mode != "moving":  # a punch-in on the kick is a zoom too, and a pulse on the downbeat
        zooms = ("punch_ms", "pulse_ms")
        segments = [replace(sg, meta={k: v for k, v in sg.meta.items() if k not in zooms}) for sg in segments]
    new = replace_track(draft, v, draft.tracks[v].with_segments(segments))
    return new.with_meta(picture_motion=edit.mode)


def keep_look(old: Draft, new: Draft, media_ms: Mapping[str, int]) -> Draft:
    """``new`` (a re-plan of ``old``) with ``old``'s colour grade, picture motion and end card."""
    if warmth(old):
        new = new.with_meta(warmth=warmth(old))
    if look_of(old):
        new = new.with_meta(look=look_of(old))
    for key in LEVELS:
        if level_of(old, key):
            new = new.with_meta(**{key: level_of(old, key)})
    if isinstance(old.meta.get("end_card"), dict):
        new = new.with_meta(end_card=old.meta["end_card"])
    mode = old.meta.get("picture_motion")
    if mode in ("no_zoom", "still"):
        try:
            new = set_picture_motion(new, SetPictureMotion(mode=mode), media_ms)
        except EditError:  # no pictures in the new plan: nothing to keep still
            new = new.with_meta(picture_motion=mode)
    return new


def describe_grade(edit: SetGrade, after: Draft, zh: bool) -> str:
    if edit.look is not None:
        look = look_of(after)
        if not look:
            return (
                "恢复原来的颜色"
                if zh
                else "the pictures' own colours again (no black and white, film, vintage or sepia look)"
            )
        return f"{LOOK_WORDS_ZH[look]}效果" if zh else f"a {LOOK_WORDS[look]} look on the pictures and clips"
    for key in LEVELS:
        if getattr(edit, key):
            return _describe_level(key, getattr(edit, key) > 0, level_of(after, key), zh)
    level = warmth(after)
    if level == 0:
        return "色调恢复中性" if zh else "neutral colours again (no warm or cool grade)"
    warm = level > 0
    if zh:
        return f"画面{'更暖' if warm else '更冷'}（{'暖' if warm else '冷'}色调 {abs(level)}/{MAX_WARMTH}）"
    kind = "warm" if warm else "cool"
    return f"{kind}er colours: a {kind} grade on the pictures and clips (step {abs(level)} of {MAX_WARMTH})"


def _describe_level(key: str, up: bool, level: int, zh: bool) -> str:
    if zh:
        return f"{LEVEL_WORDS_ZH[key][0 if up else 1]}（{level:+d}/{MAX_CONTRAST}）"
    more, less, step = LEVEL_WORDS[key]
    where = "as the pictures came" if level == 0 else f"step {level:+d} of {MAX_CONTRAST}"
    return f"{more if up else less}: {where} ({step})"


def describe_motion(edit: SetPictureMotion, after: Draft, zh: bool) -> str:
    moves = [str(sg.meta.get("motion")) for sg in visual_shots(after) if "motion" in sg.meta]
    zooms = sum(m in ZOOMS for m in moves)
    pans = sum(m in PANS for m in moves)
    if edit.mode == "still":
        return (
            f"图片保持静止（{len(moves)}个镜头）"
            if zh
            else f"the pictures keep still ({len(moves)} shots, no zoom or pan)"
        )
    if edit.mode == "no_zoom":
        return f"不再缩放：图片只平移（{pans}个镜头）" if zh else f"no zoom: the pictures only pan ({pans} shots)"
    if zooms == 0 and pans:  # every picture shot is too short for a zoom to show
        short = MIN_ZOOM_SHOT_MS // 1000
        if zh:
            return f"图片可以再缩放了，但每个图片镜头都短于{short}秒，只能平移（{pans}个镜头）"
        return (
            f"the pictures may zoom again, but every picture shot is under {short}s, too short for a zoom: {pans} pans"
        )
    return (
        f"图片又动起来了：{zooms}次缩放，{pans}次平移" if zh else f"the pictures move again: {zooms} zooms, {pans} pans"
    )


def shares(draft: Draft, src: str | None = None) -> float:
    """The share (0..1) of the visuals lane's time that ``src`` fills, or every clip when None (a clip shot has an
    in-point, a picture none)."""
    lane = visual_shots(draft)
    total = sum(sg.duration_ms for sg in lane)
    if src is not None:
        return sum(sg.duration_ms for sg in lane if sg.src == src) / total if total else 0.0
    return sum(sg.duration_ms for sg in lane if sg.in_ms is not None and sg.src) / total if total else 0.0
