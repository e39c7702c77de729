"""Clause → operations. Each detector looks at one clause and returns the operations it asks for, or None.

Clauses arrive lower-cased with numbers as digits and quoted text as ``«i»`` (see ``message``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

from ...protocol.vocabulary import Aspect, Role
from .backdrop import detect_backdrop
from .chorus_start import detect_chorus_start
from .credit import detect_credit
from .detect_look import detect_look
from .detect_pace import detect_cut_rate
from .detect_text import detect_add_text, detect_text_edit
from .detect_tone import detect_tone
from .end_card import detect_end_card
from .hold_last import detect_hold_last
from .lexicon import (
    ASPECTS,
    CANNOT,
    COVER_DESIGN_WORDS,
    POSITIONS,
    VISUALIZER_KINDS,
    find_color,
    find_first,
    find_moods,
)
from .loudness_match import detect_loudness_match
from .media import ordinal
from .message import Message
from .operations import (
    Cannot,
    ComposeMusic,
    FadeTarget,
    Parsed,
    RemoveClip,
    RemoveTrack,
    Resync,
    SetAspect,
    SetCoverDesign,
    SetFade,
    SetLength,
    SetVisualizer,
    SetVolume,
    Trim,
    VolumeTarget,
)
from .peak_choice import detect_peak_choice
from .quiet_intro import detect_quiet_intro
from .song_length import detect_whole_song
from .words import CLIP_SOUND, MUSIC_WORDS, NUM, TITLE_WORDS, VISUALIZER_WORDS, duration_ms

Detector = Callable[[str, Message], list[Parsed] | None]


def detect_aspect(clause: str, msg: Message) -> list[Parsed] | None:
    del msg
    if re.search(r"\b(louder|quieter|volume|fade|title|text)\b", clause):
        return None
    aspect = find_first(ASPECTS, clause)
    if aspect is None:
        return None
    if aspect == Aspect.WIDE and not re.search(
        r"16\s*[:x/]\s*9|horizontal|landscape|widescreen|youtube|横|宽屏|\bfor\b|make|switch|change|convert|format|aspect",
        clause,
    ):
        return None
    return [SetAspect(aspect)]


def _fade_target(clause: str) -> FadeTarget:
    if re.search(rf"\b({TITLE_WORDS})\b|标题|文字", clause):
        return "title"
    if re.search(rf"\b({MUSIC_WORDS})\b|音乐", clause):
        return "music"
    if re.search(r"\b(picture|image|video|visuals?|screen|black)\b|画面", clause):
        return "video"
    return "all"


LONGER_FADE_MS = 5000  # twice the planned ending's 2.5 s: "a longer fade" gave 2 s, shorter than what it had
_ABRUPT = re.compile(
    r"\b(end|ending|outro)\b.*\b(too )?(abrupt(ly)?|sudden(ly)?|harsh)\b|\b(ends?|stops?)\s+(too\s+)?(abrupt(ly)?"
    r"|sudden(ly)?|dead)\b|\b(make|let)\b.*\b(ending|end|outro)\b.*\b(smoother|softer|gentler)\b"
    r"|\b(smoother|softer|gentler) (ending|end|outro)\b|结尾太突然|结束得太突然"
)


def detect_fade(clause: str, msg: Message) -> list[Parsed] | None:
    del msg
    if _ABRUPT.search(clause) and "fade" not in clause:  # "the ending is too abrupt"
        return [SetFade(target="all", edge="out", ms=LONGER_FADE_MS)]
    edges: list[Literal["in", "out"]] = []
    if re.search(r"fade[ds]?[ -]?in(?!g)|fade (it |the \w+ )?in\b|淡入", clause):
        edges.append("in")
    if re.search(r"fade[ds]?[ -]?out|fade (it |the \w+ )?out|fade to black|fade (away|down at the end)|淡出", clause):
        edges.append("out")
    if re.search(r"fade[ds]? in/out|淡入/淡出|fades? (at|on) both ends|fade (it )?in (and|&) out", clause):
        edges = ["in", "out"]
    removing = re.search(r"\b(no|remove|without|delete|drop)\b.*fade|去掉|取消|不要", clause)
    if not edges and re.search(r"\bfades?\b", clause):
        edges = ["in", "out"] if re.search(r"\b(both|fades|all)\b", clause) or removing else ["out"]
    if not edges:
        return None
    length = 0 if removing else duration_ms(clause)
    if length is None and re.search(r"\b(longer|slower|softer|smoother|gentler|more gradual)\b", clause):
        length = LONGER_FADE_MS
    target = _fade_target(clause)
    return [
        SetFade(target=target, edge=e, ms=length if length is not None else (1000 if e == "in" else 2000))
        for e in edges
    ]


def _volume_target(clause: str) -> VolumeTarget:
    if re.search(CLIP_SOUND, clause):
        return "clip"
    if re.search(r"\b(everything|all|overall|master|whole)\b|全部|整体", clause):
        return "all"
    return "music"


def _db(clause: str) -> float | None:
    match = re.search(rf"([-+−]?)\s*{NUM}\s*db\b|([-+−]?){NUM}\s*分贝", clause)
    if match is None:
        return None
    sign, value = (match.group(1), match.group(2)) if match.group(2) else (match.group(3), match.group(4))
    return -float(value) if sign in ("-", "−") else float(value)


def _volume_args(clause: str) -> dict[str, float] | None:
    lower = re.search(
        r"\b(lower|down|quieter|softer|reduce|decrease|duck|turn (it )?down|less loud)\b|小声|调低|降低|小一点|轻一点",
        clause,
    )
    raise_ = re.search(
        r"\b(louder|raise|up|increase|boost|turn (it )?up|more volume)\b|大声|调高|提高|大一点|响一点", clause
    )
    db = _db(clause)
    if db is not None:
        relative = bool(lower or raise_ or re.search(r"\bby\b", clause))
        gain = 10 ** ((-abs(db) if lower else abs(db) if raise_ else db) / 20)
        return {"factor": round(gain, 3)} if relative else {"volume": round(min(gain, 1.0), 3)}
    pct = re.search(rf"{NUM}\s*(?:%|percent|per cent|％)", clause)
    if pct:
        value = float(pct.group(1)) / 100
        if re.search(r"\bby\b", clause) and (lower or raise_):
            return {"factor": round(1 - value if lower else 1 + value, 3)}
        return {"volume": round(value, 3)}
    frac = re.search(rf"\b(?:to|at)\s+{NUM}\b(?!\s*(?:s|sec|seconds?|秒))", clause)
    if frac and float(frac.group(1)) <= 1:
        return {"volume": float(frac.group(1))}
    bare = re.search(
        rf"(?:volume|level|音量)\s*(?:to|at|of|=|:|调到|设为|设成)?\s*{NUM}(?!\s*(?:s\b|sec|seconds?|秒|db))", clause
    )
    if bare and 1 < float(bare.group(1)) <= 100:
        return {"volume": round(float(bare.group(1)) / 100, 3)}
    if re.search(r"\btoo (loud|much)\b|太(大声|吵|响)", clause):
        return {"factor": 0.7}
    if re.search(r"\btoo (quiet|soft|low)\b|can'?t hear|太小声|听不见|听不到", clause):
        return {"factor": 1.4}
    if re.search(r"\bunmute\b|取消静音", clause):
        return {"volume": 1.0}
    if re.search(r"\b(mute|silence|silent|no sound|turn off)\b|静音|关掉声音|去掉原声", clause):
        return {"volume": 0.0}
    if re.search(r"\bfull( volume)?\b|\bmax(imum)?\b|最大", clause):
        return {"volume": 1.0}
    if lower:
        return {"factor": 0.5 if re.search(r"\b(much|way|lot)\b|很多", clause) else 0.7}
    if raise_:
        return {"factor": 2.0 if re.search(r"\b(much|way|lot)\b|很多", clause) else 1.4}
    return None


def detect_volume(clause: str, msg: Message) -> list[Parsed] | None:
    del msg
    talks_volume = re.search(
        r"\b(volume|louder|quieter|softer|mute|unmute|silence|db|level|gain|too loud|too quiet)\b|音量|静音|声音|大声|小声|分贝|太吵",
        clause,
    )
    about_sound = re.search(rf"\b({MUSIC_WORDS}|sound)\b|{CLIP_SOUND}|音乐|声", clause)
    if not (
        talks_volume or (about_sound and re.search(r"\b(lower|turn|down|up|raise|reduce|boost|%|percent)\b|%", clause))
    ):
        return None
    args = _volume_args(clause)
    if args is None:
        return None
    return [SetVolume(target=_volume_target(clause), volume=args.get("volume"), factor=args.get("factor"))]


def detect_silent_start(clause: str, msg: Message) -> list[Parsed] | None:
    """ "trim the silence at the start": the track's silent opening (``Trim.silence``)."""
    del msg
    cut = re.search(r"\b(cut|trim|remove|drop|skip|chop|delete|lose|get rid of)\b", clause)
    silence = re.search(r"\b(silence|silent|quiet)\b", clause)
    start = re.search(r"\b(start|beginning|opening|intro|front)\b", clause)
    if (cut and silence and start) or re.search(r"(剪掉|去掉|删掉)(开头|前面)的?静音", clause):
        return [Trim(edge="start", ms=0, silence=True)]
    return None


def detect_start_at(clause: str, msg: Message) -> list[Parsed] | None:
    """ "start at the drop", "cut the intro", "start at 0:15" (``agent.quiet_intro``), "start at the chorus"
    (``agent.chorus_start``)."""
    del msg
    return detect_chorus_start(clause) or detect_quiet_intro(clause)


def detect_length(clause: str, msg: Message) -> list[Parsed] | None:
    del msg
    length = duration_ms(clause)
    if length is None:
        return None
    head = re.search(
        r"\b(cut|trim|remove|drop|skip|chop|delete|lose)\b.*\b(first|opening|beginning|start)\b|剪掉前|去掉前|删掉前|砍掉前",
        clause,
    )
    tail = re.search(
        r"\b(cut|trim|remove|drop|skip|chop|delete|lose)\b.*\b(last|final|ending|end)\b|剪掉(最)?后|去掉(最)?后|删掉(最)?后",
        clause,
    )
    if head:
        return [Trim(edge="start", ms=length)]
    if tail:
        return [Trim(edge="end", ms=length)]
    if re.search(
        r"\b(make|shorten|trim|cut|length|long|duration|keep|only|limit|clip|reduce|video|total)\b|剪成|剪到|缩短|时长|长度|只要|改成",
        clause,
    ):
        return [SetLength(length)]
    return None


def detect_resync(clause: str, msg: Message) -> list[Parsed] | None:
    del msg
    if re.search(
        r"re-?sync|(sync|snap|align|lock|match)\w* (the |it |everything |visuals |cuts |clips )*(up )?(to|with|on) (the )?(beats?|rhythm|music|tempo|bpm)|重新卡点|卡点|对齐节拍|踩点",
        clause,
    ):
        return [Resync()]
    return None


def detect_cover_design(clause: str, msg: Message) -> list[Parsed] | None:
    """ "use the ring design", "poster style", "make it minimal", "换成海报风格"."""
    del msg
    design = find_first(COVER_DESIGN_WORDS, clause)
    return None if design is None else [SetCoverDesign(design)]


def detect_visualizer(clause: str, msg: Message) -> list[Parsed] | None:
    del msg
    if not re.search(VISUALIZER_WORDS, clause):
        return None
    if re.search(
        r"\b(remove|delete|hide|turn (it )?off|switch off|disable|no|without|get rid of|drop)\b|\boff\b|关闭|关掉|去掉|删除|不要",
        clause,
    ):
        return [SetVisualizer(enabled=False)]
    opacity = re.search(rf"{NUM}\s*%\s*(?:opacity|opaque|transparent)|opacity\s*(?:to|of|at)?\s*{NUM}\s*%?", clause)
    edit = SetVisualizer(
        kind=find_first(VISUALIZER_KINDS, re.sub(r"visuali[sz]er|可视化", " ", clause)),
        color=find_color(clause),
        position=find_first(POSITIONS, clause),
        opacity=min(float(opacity.group(1) or opacity.group(2)) / 100, 1.0) if opacity else None,
    )
    asks_for_one = re.search(
        r"\b(add|show|turn on|switch on|enable|put|want|use|include|with|bring back)\b|加|添加|打开|显示|开启", clause
    )
    return [edit] if edit != SetVisualizer() or asks_for_one else None


def detect_remove(clause: str, msg: Message) -> list[Parsed] | None:
    del msg
    if not re.search(r"\b(remov|delet|drop|get rid of|take out|cut out|lose)\w*|删除|去掉|移除|删掉|不要", clause):
        return None
    index = ordinal(clause)
    if index is not None and re.search(r"clip|picture|photo|image|video|shot|片段|图片|照片|视频|张", clause):
        return [RemoveClip(index)]
    if re.search(rf"\b({MUSIC_WORDS})\b|音乐|配乐", clause):
        return [RemoveTrack(Role.MUSIC)]
    return None


def detect_music_words(clause: str, msg: Message) -> list[Parsed] | None:
    """ "make the music more cinematic", "replace the music with something calmer", "use calm piano music instead of
    my song", "换一首欢快的音乐"."""
    del msg
    about_music = re.search(rf"\b({MUSIC_WORDS})\b|音乐|配乐|背景乐", clause)
    moods = find_moods(clause)
    rather = re.search(
        r"\brather (have|use|hear|get)\b.*\b(than|instead)\b", clause
    )  # "i'd rather have X than my song"
    changing = rather or re.search(
        r"\b(make|change|replace|swap|switch|regenerate|recompose|new|different|another|more|less|want|like|try|prefer"
        r"|give me|instead)\b|换|改|重新生成|更|想要|来点",
        clause,
    )
    wish = rather or re.search(r"\b(more|less|sound|feel|want|like|try|prefer|give me)\b|更|想要|来点", clause)
    if not changing or not (about_music or (moods and wish)):
        return None
    asks_new = rather or re.search(
        r"\b(regenerate|recompose|new|different|another|replace|swap|instead)\b|换|重新生成", clause
    )
    if not moods and not asks_new:
        return None
    restyle = not about_music and not asks_new  # "more cinematic": a mood, not a request for other music
    return [ComposeMusic(words=clause, moods=tuple(moods), mode="replace", restyle=restyle)]


def detect_cannot(clause: str, msg: Message) -> list[Parsed] | None:
    del msg
    for pattern, en, zh in CANNOT:
        if re.search(pattern, clause):
            return [Cannot(en=en, zh=zh)]
    return None


DETECTORS: tuple[Detector, ...] = (
    detect_peak_choice,
    detect_loudness_match,
    detect_hold_last,
    detect_backdrop,
    detect_look,
    detect_tone,
    detect_cannot,
    detect_end_card,
    detect_credit,
    detect_add_text,
    detect_fade,
    detect_cover_design,
    detect_visualizer,
    detect_text_edit,
    detect_cut_rate,
    detect_resync,
    detect_start_at,
    detect_silent_start,
    detect_volume,
    detect_remove,
    detect_whole_song,
    detect_length,
    detect_aspect,
    detect_music_words,
)
