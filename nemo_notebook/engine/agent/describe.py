"""Words for what an operation changed, read from the draft after it (so they say what is, not what was asked)."""

from __future__ import annotations

from dataclasses import replace

from ...protocol import Draft, Segment, TrackType
from ...protocol.vocabulary import ASPECT_SIZES, AUTO, Role, credit_parts
from .backdrop import describe_backdrop, describe_palette
from .captions import describe_captions
from .chorus_start import chorus_words
from .cover_title import is_layout_credit, shown_text
from .credit import describe_credit
from .cut_words import cut_words, replanned_words, was_words
from .design_words import DESIGN_WORDS
from .end_card import describe_end_card, picture_fade_out_ms
from .hold_last import describe_hold
from .lexicon import COLORS
from .look import describe_grade, describe_motion
from .loudness_match import describe_match
from .made_words import made_words
from .operations import (
    AddCaptions,
    AddText,
    BuildMusicVideo,
    ComposeMusic,
    Edit,
    HoldLastShot,
    MatchLoudness,
    RemoveClip,
    RemoveText,
    RemoveTrack,
    Replan,
    Resync,
    SetAspect,
    SetBackdrop,
    SetCoverDesign,
    SetCredit,
    SetCutRate,
    SetEndCard,
    SetFade,
    SetGrade,
    SetLength,
    SetPalette,
    SetPictureMotion,
    SetText,
    SetVisualizer,
    SetVolume,
    Trim,
    unreachable,
)
from .peak_choice import describe_peaks
from .replies import seconds
from .song_length import parts_words
from .tracks import indices, music_indices, visual_shots

_ZH_ROLE: dict[str, str] = {
    Role.TITLE: "标题",
    Role.TEXT: "文字",
    Role.MUSIC: "音乐",
    Role.VISUALIZER: "可视化",
    "clip": "原声",
    "all": "整体",
    "video": "画面",
}
_ZH_EDGE = {"in": "淡入", "out": "淡出"}


def _color_name(hex_color: object) -> str:
    return next((name for name, value in COLORS.items() if value == hex_color and name.isascii()), str(hex_color))


def _added(edit: AddText, after: Draft, zh: bool) -> str:
    seg = next(
        sg
        for i in indices(after, kind=TrackType.TEXT)
        for sg in after.tracks[i].segments
        if shown_text(sg) == edit.text.strip() or sg.meta.get("text") == edit.text or _opens_on(sg, edit.text)
    )
    role = _ZH_ROLE.get(edit.role, "标题") if zh else edit.role
    span = f"{seconds(seg.start_ms)}-{seconds(seg.end_ms)}"
    if is_layout_credit(seg):
        return (
            f"封面标题设为“{edit.text}”（{span}秒）"
            if zh
            else f'set the title "{edit.text}" in the cover\'s layout ({span}s)'
        )
    if _opens_on(seg, edit.text):
        return describe_credit(after, zh)
    return f"添加了{role}“{edit.text}”（{span}秒）" if zh else f'added the {role} "{edit.text}" ({span}s)'


def _opens_on(segment: Segment, title: str) -> bool:
    """Whether ``segment`` is an opening title (``credit``) of ``title``."""
    text = str(segment.meta.get("text", ""))
    return segment.meta.get("layout") == "opening" and credit_parts(text)[0] == title.strip()


def _removed_text(edit: RemoveText, zh: bool) -> str:
    return "删除了标题" if zh else "removed the title" + ("s" if edit.every else "")


def _restyled(edit: SetText, zh: bool) -> str:
    parts = []
    for value, en, cn in (
        (edit.text, "text", "文字"),
        (None if edit.color is None else _color_name(edit.color), "colour", "颜色"),
        (edit.position, "position", "位置"),
        (edit.size, "size", "字号"),
    ):
        if value is not None:
            parts.append(f"{cn}{value}" if zh else f"{en} {value}")
    if edit.size_factor is not None:
        bigger = edit.size_factor > 1
        parts.append(("字号放大" if bigger else "字号缩小") if zh else ("bigger" if bigger else "smaller"))
    if edit.start is not None or edit.duration_ms is not None:
        parts.append("时间已调整" if zh else "new timing")
    return ("标题：" if zh else "title: ") + ", ".join(parts)


def _volume(edit: SetVolume, after: Draft, zh: bool) -> str:
    target = edit.target
    if target == "clip":
        levels = [sg.meta.get("volume", 1.0) for sg in visual_shots(after) if sg.src]
    else:
        levels = [after.tracks[i].meta.get("volume", 1.0) for i in music_indices(after)]
    pct = round(float(levels[0] if levels else 1.0) * 100)  # type: ignore[arg-type]
    name = {"clip": "the clips' own sound", "all": "everything"}.get(target, "the music")
    return f"{_ZH_ROLE.get(target, '音乐')}音量{pct}%" if zh else f"{name} at {pct}%"


_FADE_WHY = {
    "card": ("under the end card", "片尾卡下"),
    "shot": ("its whole last shot", "整个最后镜头"),
    "music": ("with the music, under the end card", "随音乐淡出，片尾卡下"),
    "hit": ("where the song stops: the silence after it is dark", "随歌曲停止变暗，其后的静音处为黑场"),
}


def _fade(edit: SetFade, after: Draft, zh: bool) -> str:
    target, edge, ms = edit.target, edit.edge, edit.ms
    if ms == 0:
        return f"去掉了{_ZH_EDGE[edge]}" if zh else f"no fade-{edge}"
    picture_ms, set_by = picture_fade_out_ms(after)
    if edge == "out" and target in ("all", "video") and 0 < picture_ms < ms:  # the last shot or the card is shorter
        why = _FADE_WHY[set_by][zh]
        if zh:
            return f"{'音乐淡出' + seconds(ms) + '秒，' if target == 'all' else ''}画面淡出{seconds(picture_ms)}秒（{why}）"
        music = f"music fade out over {seconds(ms)}s, " if target == "all" else ""
        return f"{music}picture fade out over {seconds(picture_ms)}s ({why})"
    if zh:
        return f"{_ZH_ROLE.get(target, '')}{_ZH_EDGE[edge]}{seconds(ms)}秒"
    what = {"all": "picture and music", "video": "picture"}.get(target, target)
    return f"{what} fade {edge} over {seconds(ms)}s"


def _visualizer(after: Draft, zh: bool) -> str:
    found = indices(after, Role.VISUALIZER, kind=TrackType.VIDEO)
    if not found:
        return "关闭了可视化" if zh else "visualizer off"
    m = after.tracks[found[0]].segments[0].meta
    color, position = m.get("color"), m.get("position")
    auto_color = "颜色取自画面" if zh else "colour from the pictures"
    auto_position = "避开主体" if zh else "placed off the subject"
    colour = auto_color if color in (None, AUTO) else _color_name(color)
    place = auto_position if position in (None, AUTO) else str(position)
    details = f"{m.get('effect')}, {colour}, {place}"
    return f"可视化：{details}" if zh else f"visualizer: {details}"


def _cover_design(edit: SetCoverDesign, after: Draft, zh: bool) -> str:
    en, chinese = DESIGN_WORDS.get(edit.design, (edit.design, edit.design))
    return chinese if zh else en


def _aspect(edit: SetAspect, zh: bool) -> str:
    width, height = ASPECT_SIZES[edit.aspect]
    return (
        f"画面比例{edit.aspect}（{width}×{height}）" if zh else f"the picture is now {edit.aspect} ({width}×{height})"
    )


def _trimmed(edit: Trim, after: Draft, zh: bool) -> str:
    if zh:
        return f"剪掉了{'前' if edit.edge == 'start' else '后'}{seconds(edit.ms)}秒"
    edge = "first" if edit.edge == "start" else "last"
    return f"cut the {edge} {seconds(edit.ms)}s (now {seconds(after.duration_ms)}s)"


def describe(edit: Edit, before: Draft, after: Draft, lang: str) -> str:
    """A few words for what ``edit`` did to ``before`` to make ``after``, in ``lang`` ("en" or "zh").

    Examples
    --------
    >>> describe(SetLength(7000), Draft(duration_ms=9000), Draft(duration_ms=7000), "en")
    'now 7s long'
    >>> describe(SetLength(7000), Draft(duration_ms=9000), Draft(duration_ms=7000), "zh")
    '时长剪到7秒'
    """
    zh = lang == "zh"
    match edit:
        case AddText():
            return _added(edit, after, zh)
        case SetText():
            return _restyled(edit, zh)
        case RemoveText():
            return _removed_text(edit, zh)
        case SetAspect():
            return _aspect(edit, zh)
        case SetVolume():
            return _volume(edit, after, zh)
        case SetFade():
            return _fade(edit, after, zh)
        case SetVisualizer():
            return _visualizer(after, zh)
        case SetCoverDesign():
            return _cover_design(edit, after, zh)
        case SetEndCard():
            return describe_end_card(edit, after, zh)
        case SetCredit():
            return describe_credit(after, zh)
        case SetGrade():
            return describe_grade(edit, after, zh)
        case SetBackdrop():
            return describe_backdrop(edit, after, zh)
        case SetPalette():
            return describe_palette(edit, after, zh)
        case SetPictureMotion():
            return describe_motion(edit, after, zh)
        case Replan():
            return replanned_words(edit, before, after, zh)
        case RemoveTrack():
            return f"删除了{_ZH_ROLE.get(edit.target, edit.target)}" if zh else f"removed the {edit.target}"
        case SetLength():
            length = f"时长剪到{seconds(after.duration_ms)}秒" if zh else f"now {seconds(after.duration_ms)}s long"
            return length + parts_words(after, zh)
        case Trim() if edit.chorus:
            return chorus_words(before.duration_ms - after.duration_ms, after, zh)
        case Trim():
            return _trimmed(replace(edit, ms=before.duration_ms - after.duration_ms), after, zh)
        case SetCutRate():
            return cut_words(edit, after, zh) + was_words(before, after, zh)
        case Resync():
            return cut_words(edit, after, zh)
        case RemoveClip():
            return f"删除了第{edit.index + 1}个片段" if zh else f"removed clip {edit.index + 1}"
        case BuildMusicVideo() | ComposeMusic():
            return made_words(edit, before, after, zh)
        case HoldLastShot():
            return describe_hold(before, after, zh)
        case MatchLoudness():
            return (
                describe_match(edit, after, zh) if edit.limit_peaks is None else describe_peaks(edit, before, after, zh)
            )
        case AddCaptions():
            return describe_captions(after, zh)
        case _:
            unreachable(edit)
