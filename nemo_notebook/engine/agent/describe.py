"""Words for what an operation changed, read from the draft after it (so they say what is, not what was asked)."""

from __future__ import annotations

from collections.abc import Callable

from ...protocol import Draft, TrackType
from ...protocol.vocabulary import Role
from .edits import Op
from .lexicon import COLORS
from .replies import seconds
from .timing import current_beats_per_cut
from .tracks import indices, music_indices, role_of, visuals_index

_ZH_ROLE = {
    "title": "标题",
    "text": "文字",
    "music": "音乐",
    "visualizer": "可视化",
    "clip": "原声",
    "all": "整体",
    "video": "画面",
}
_ZH_EDGE = {"in": "淡入", "out": "淡出"}


def _color_name(hex_color: object) -> str:
    return next((name for name, value in COLORS.items() if value == hex_color and name.isascii()), str(hex_color))


def _text(op: Op, before: Draft, after: Draft, zh: bool) -> str:
    a = op.args
    if op.name == "remove_text":
        return "删除了标题" if zh else "removed the title" + ("s" if a.get("which") == "all" else "")
    if op.name == "add_text":
        seg = next(
            sg
            for i in indices(after, kind=TrackType.TEXT)
            for sg in after.tracks[i].segments
            if sg.meta.get("text") == a["text"]
        )
        role = _ZH_ROLE.get(str(a.get("role")), "标题") if zh else a.get("role", "title")
        span = f"{seconds(seg.start_ms)}-{seconds(seg.end_ms)}"
        return f"添加了{role}“{a['text']}”（{span}秒）" if zh else f'added the {role} "{a["text"]}" ({span}s)'
    parts = []
    for key, en, cn in (
        ("text", "text", "文字"),
        ("color", "colour", "颜色"),
        ("position", "position", "位置"),
        ("size", "size", "字号"),
    ):
        if key in a:
            value = _color_name(a[key]) if key == "color" else a[key]
            parts.append(f"{cn}{value}" if zh else f"{en} {value}")
    if "size_factor" in a:
        parts.append(
            ("字号放大" if a["size_factor"] > 1 else "字号缩小")
            if zh
            else ("bigger" if a["size_factor"] > 1 else "smaller")
        )
    if "start_ms" in a or "duration_ms" in a:
        parts.append("时间已调整" if zh else "new timing")
    return ("标题：" if zh else "title: ") + ", ".join(parts)


def _volume(op: Op, before: Draft, after: Draft, zh: bool) -> str:
    target = str(op.args.get("target", "music"))
    if target == "clip":
        v = visuals_index(after)
        levels = [sg.meta.get("volume", 1.0) for sg in after.tracks[v].segments if sg.src] if v is not None else []
    else:
        levels = [after.tracks[i].meta.get("volume", 1.0) for i in music_indices(after)]
    pct = round(float(levels[0] if levels else 1.0) * 100)  # type: ignore[arg-type]
    name = {"clip": "the clips' own sound", "all": "everything"}.get(target, "the music")
    return f"{_ZH_ROLE.get(target, '音乐')}音量{pct}%" if zh else f"{name} at {pct}%"


def _fade(op: Op, before: Draft, after: Draft, zh: bool) -> str:
    target, edge, ms = str(op.args.get("target", "all")), str(op.args["edge"]), int(op.args["ms"])
    if ms == 0:
        return f"去掉了{_ZH_EDGE[edge]}" if zh else f"no fade-{edge}"
    if zh:
        return f"{_ZH_ROLE.get(target, '')}{_ZH_EDGE[edge]}{seconds(ms)}秒"
    what = {"all": "picture and music", "video": "picture"}.get(target, target)
    return f"{what} fade {edge} over {seconds(ms)}s"


def _cuts(op: Op, before: Draft, after: Draft, zh: bool) -> str:
    v = visuals_index(after)
    count = len(after.tracks[v].segments) if v is not None else 0
    n = current_beats_per_cut(after)
    if zh:
        return (
            f"每{n}拍一切（{count}个镜头）" if op.name == "set_cut_rate" else f"重新卡点：每{n}拍一切（{count}个镜头）"
        )
    head = "cuts every" if op.name == "set_cut_rate" else "re-synced the cuts to the beat: every"
    return f"{head} {n} beat{'s' if n != 1 else ''} ({count} shots)"


def _visualizer(op: Op, before: Draft, after: Draft, zh: bool) -> str:
    found = indices(after, Role.VISUALIZER, kind=TrackType.VIDEO)
    if not found:
        return "关闭了可视化" if zh else "visualizer off"
    m = after.tracks[found[0]].segments[0].meta
    details = f"{m.get('effect')}, {_color_name(m.get('color'))}, {m.get('position')}"
    return f"可视化：{details}" if zh else f"visualizer: {details}"


def _simple(op: Op, before: Draft, after: Draft, zh: bool) -> str:
    a = op.args
    if op.name == "set_aspect":
        size = _FRAME_SIZES.get(str(a["aspect"]))
        if zh:
            return f"画面比例{a['aspect']}（{size}）" if size else f"画面比例{a['aspect']}"
        return f"the picture is now {a['aspect']} ({size})" if size else f"the picture is now {a['aspect']}"
    if op.name == "set_length":
        return f"时长剪到{seconds(after.duration_ms)}秒" if zh else f"now {seconds(after.duration_ms)}s long"
    if op.name == "trim":
        edge = ("前" if a["edge"] == "start" else "后") if zh else ("first" if a["edge"] == "start" else "last")
        return (
            f"剪掉了{edge}{seconds(int(a['ms']))}秒"
            if zh
            else f"cut the {edge} {seconds(int(a['ms']))}s (now {seconds(after.duration_ms)}s)"
        )
    if op.name == "remove_track":
        return f"删除了{_ZH_ROLE.get(str(a['target']), a['target'])}" if zh else f"removed the {a['target']}"
    if op.name == "remove_clip":
        return f"删除了第{int(a['index']) + 1}个片段" if zh else f"removed clip {int(a['index']) + 1}"
    return op.name.replace("_", " ")


_FRAME_SIZES = {"16:9": "1920×1080", "9:16": "1080×1920", "1:1": "1080×1080"}


def _made(op: Op, before: Draft, after: Draft, zh: bool) -> str:
    v = visuals_index(after)
    shots = len(after.tracks[v].segments) if v is not None else 0
    music = [after.tracks[i] for i in music_indices(after)]
    name = music[0].name if music else ""
    bpm = after.meta.get("bpm")
    # a composed track's name already says its tempo
    tempo = f", {round(float(bpm))} BPM" if isinstance(bpm, (int, float)) and "BPM" not in name else ""
    if op.name == "build_music_video":
        return (
            f"用“{name}”做了音乐视频（{shots}个镜头{tempo}）"
            if zh
            else f'built a music video from "{name}" ({shots} shots{tempo})'
        )
    if op.name == "compose_music" and not music_indices(before):
        return f"生成了“{name}”，配上可视化" if zh else f'composed "{name}" and set it under a visualizer'
    roles = {role_of(t) for t in music}
    if Role.BGM in roles:
        return f"配上了“{name}”{tempo}" if zh else f'scored the video with "{name}"{tempo}'
    return f"音乐换成了“{name}”{tempo}" if zh else f'the music is now "{name}"{tempo}'


_DESCRIBERS: dict[str, Callable[[Op, Draft, Draft, bool], str]] = {
    "add_text": _text,
    "set_text": _text,
    "remove_text": _text,
    "set_volume": _volume,
    "set_fade": _fade,
    "set_cut_rate": _cuts,
    "resync": _cuts,
    "set_visualizer": _visualizer,
    "build_music_video": _made,
    "compose_music": _made,
}


def describe(op: Op, before: Draft, after: Draft, lang: str) -> str:
    """A few words for what ``op`` did to ``before`` to make ``after``, in ``lang``."""
    return _DESCRIBERS.get(op.name, _simple)(op, before, after, lang == "zh")
