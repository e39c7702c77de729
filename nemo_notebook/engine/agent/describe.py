"""Words for what an operation changed, read from the draft after it (so they say what is, not what was asked)."""

from __future__ import annotations

from dataclasses import replace

from ...protocol import Draft, Segment, TrackType
from ...protocol.vocabulary import ASPECT_SIZES, AUTO, CALM_DESIGN, Role, credit_parts
from .backdrop import describe_backdrop, describe_palette
from .captions import describe_captions
from .cover_title import is_layout_credit, shown_text
from .credit import describe_credit
from .design_words import DESIGN_WORDS, cover_made, design_words
from .end_card import describe_end_card, picture_fade_out_ms
from .hold_last import describe_hold
from .lexicon import COLORS
from .look import describe_grade, describe_motion
from .loudness_match import describe_match
from .narration import shot_count
from .opening_words import opening_words
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
from .replan import describe_replan
from .replies import seconds
from .song_length import parts_words
from .timing import current_beats_per_cut
from .tracks import indices, music_indices, role_of, visual_shots

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


def _cuts(edit: SetCutRate | Resync, after: Draft, zh: bool) -> str:
    count = shot_count(after)
    n = current_beats_per_cut(after)
    rate = isinstance(edit, SetCutRate)
    if zh:
        return f"每{n}拍一切（{count}个镜头）" if rate else f"重新卡点：每{n}拍一切（{count}个镜头）"
    raw_bar = after.meta.get("beats_per_bar", 4)
    bar = raw_bar if isinstance(raw_bar, int) and raw_bar > 0 else 4
    if rate and after.meta.get("cut_on_downbeats") and n % bar == 0:
        bars = n // bar
        return f"cuts on every {'bar' if bars == 1 else f'{bars} bars'} ({n} beats, {count} shots)"
    head = "cuts every" if rate else "re-synced the cuts to the beat: every"
    return f"{head} {n} beat{'s' if n != 1 else ''} ({count} shots)"


def _was(before: Draft, after: Draft, zh: bool) -> str:
    """How the cut rate was before a change of it, so that the reply says by how much ("" if it did not change)."""
    was, now = current_beats_per_cut(before), current_beats_per_cut(after)
    shots = shot_count(before)  # the count the reply gave then
    if was == now or not shots:
        return ""
    if zh:
        return f"，之前每{was}拍一切（{shots}个镜头）"
    ratio = now / was
    named = {2.0: "twice", 0.5: "half", 4.0: "four times", 0.25: "a quarter", 3.0: "three times", 1 / 3: "a third"}
    how = next((words for r, words in named.items() if abs(r - ratio) < 1e-6), f"{ratio:.2g} times")  # "0.25 times"
    return f", {how} as long a shot as before (every {was} beat{'s' if was != 1 else ''}, {shots} shots)"


def _replanned(edit: Replan, before: Draft, after: Draft, zh: bool) -> str:
    """A new plan's cut rate and what else it changed, each as a change of its own."""
    rate = SetCutRate(beats_per_cut=edit.beats_per_cut)
    parts = [_cuts(rate, after, zh) + _was(before, after, zh)] if edit.beats_per_cut else []
    if edit.chorus_factor is not None or edit.clip_factor is not None or not parts:
        parts.append(describe_replan(edit, before, after, zh))
    return ("；" if zh else "; ").join(parts)


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


def _for_a_video_later(edit: BuildMusicVideo | ComposeMusic, zh: bool) -> str:
    if not (isinstance(edit, ComposeMusic) and edit.awaits_video):
        return ""
    if zh:
        return "（还没有视频：上传后说“给我的视频配乐并对齐剪辑点”，音乐会按视频的长度和剪辑点重新生成）"
    return (
        ' (there is no video here yet: upload it, then say "add background music to my video and sync it to the'
        ' cuts", and the music is made again to its length and cuts)'
    )


PACE_WORDS = {
    "calm": (
        "calm music, so long shots that dissolve into each other",
        "音乐舒缓：长镜头（两小节以上），叠化转场",
    ),
    "flowing": ("flowing music, so shots of a bar or more", "音乐流畅：每个镜头一小节以上"),
    "driving": ("driving music, so fast cuts where it is loud", "音乐有力：响亮处快切"),
}


CALM_VISUALIZER_WORDS = '; the visualizer is a thin, low wave (say "spectrum bars" for bars)'


def _pace_words(after: Draft, zh: bool) -> str:
    """How the music's character set the cuts, and the picture the video opens on (``m.pace``, ``m.opening``)."""
    made = design_words(after, zh)  # a cover or a track alone: what was made, not how often it cuts
    words = (made, made) if made else PACE_WORDS.get(str(after.meta.get("pace")))
    out = f"{'；' if zh else '; '}{words[1] if zh else words[0]}" if words else ""
    lanes = indices(after, Role.VISUALIZER, kind=TrackType.VIDEO)
    if lanes and any(sg.meta.get("design") == CALM_DESIGN for sg in after.tracks[lanes[0]].segments):
        out += "；可视化是一条低而细的波形线（说“频谱柱”可换成柱状）" if zh else CALM_VISUALIZER_WORDS
    return out + opening_words(after, zh)


# why a video was cut calmly rather than on beats (the draft's ``m.talk`` or ``m.steady_noise``)
CALM_WORDS = {
    "talk": (
        "听起来是说话而不是音乐，所以画面在停顿处平稳地淡入淡出，不按节拍剪辑",
        "it sounds like talk rather than music, so the pictures change calmly in its pauses, dissolving into each"
        " other, not on beats",
    ),
    "steady_noise": (
        "听起来是平稳的噪声（雨声、嗡嗡声、静电），不是音乐，没有节拍可对，画面平稳地淡入淡出",
        "it sounds like steady noise (rain, a hum, static) rather than music, with no beat to cut to, so the pictures"
        " change calmly, dissolving into each other",
    ),
}


def _made(edit: BuildMusicVideo | ComposeMusic, before: Draft, after: Draft, zh: bool) -> str:
    shots = shot_count(after)
    music = [after.tracks[i] for i in music_indices(after)]
    name = music[0].name if music else ""
    bpm = after.meta.get("bpm")
    # a composed track's name already says its tempo
    tempo = f", {round(float(bpm))} BPM" if isinstance(bpm, (int, float)) and "BPM" not in name else ""
    tempo = "" if after.meta.get("pace") == "calm" else tempo  # calm shots dissolve: no cut keeps the beat
    calm = next((reason for reason in CALM_WORDS if after.meta.get(reason)), None)
    if isinstance(edit, BuildMusicVideo) and calm is not None:  # talk or steady noise: no beat was cut to
        zh_words, en_words = CALM_WORDS[calm]
        return (
            f"“{name}”{zh_words}：{shots}个镜头"
            if zh
            else f'built a video from "{name}" ({shots} shot{"" if shots == 1 else "s"}): {en_words}'
        )
    if isinstance(edit, BuildMusicVideo):
        pace, scenes = _pace_words(after, zh), bool(design_words(after, zh))  # a cover's scenes: one a section
        if after.meta.get("cover_design"):  # its scenes said by time in the plan's line, not counted again here
            return cover_made(name, tempo[2:] + pace if tempo else pace[1:].lstrip(), zh)
        return (
            f"用“{name}”做了音乐视频（{shots}个{'场景' if scenes else '镜头'}{tempo}{pace}）"
            if zh
            else f'built a music video from "{name}" ({shots} {"scene" if scenes else "shot"}'
            f"{'' if shots == 1 else 's'}{tempo}{pace})"
        )
    if Role.BGM in {role_of(t) for t in music}:  # a score under clips: say where it sits in the mix
        level = music[0].meta.get("volume")
        under = (
            (
                f"，音量{round(float(level) * 100)}%"
                if zh
                else f", at {round(float(level) * 100)}% under the clips' sound"
            )
            if isinstance(level, (int, float)) and level < 1
            else ""
        )
        return f"配上了“{name}”{tempo}{under}" if zh else f'scored the video with "{name}"{tempo}{under}'
    if not music_indices(before):
        later = _for_a_video_later(edit, zh)
        if indices(after, Role.VISUALIZER, kind=TrackType.VIDEO):  # only claim the visualizer that is there
            return (
                f"生成了“{name}”，配上可视化{later}"
                if zh
                else f'composed "{name}" and set it under a visualizer{later}'
            )
        return f"生成了“{name}”{later}" if zh else f'composed "{name}"{later}'
    old = [before.tracks[i].name for i in music_indices(before)]
    if old and old[0] and old[0] != name:
        return (
            f"音乐从“{old[0]}”换成了“{name}”{tempo}"
            if zh
            else f'the music is now "{name}"{tempo} in place of "{old[0]}"'
        )
    return f"音乐换成了“{name}”{tempo}" if zh else f'the music is now "{name}"{tempo}'


def describe(edit: Edit, before: Draft, after: Draft, lang: str) -> str:
    """A few words for what ``edit`` did to ``before`` to make ``after``, in ``lang`` ("en" or "zh").

    Examples
    --------
    >>> describe(SetLength(7000), before, after, "en")
    'now 7s long'
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
            return _replanned(edit, before, after, zh)
        case RemoveTrack():
            return f"删除了{_ZH_ROLE.get(edit.target, edit.target)}" if zh else f"removed the {edit.target}"
        case SetLength():
            length = f"时长剪到{seconds(after.duration_ms)}秒" if zh else f"now {seconds(after.duration_ms)}s long"
            return length + parts_words(after, zh)
        case Trim():
            return _trimmed(replace(edit, ms=before.duration_ms - after.duration_ms), after, zh)
        case SetCutRate():
            return _cuts(edit, after, zh) + _was(before, after, zh)
        case Resync():
            return _cuts(edit, after, zh)
        case RemoveClip():
            return f"删除了第{edit.index + 1}个片段" if zh else f"removed clip {edit.index + 1}"
        case BuildMusicVideo() | ComposeMusic():
            return _made(edit, before, after, zh)
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
