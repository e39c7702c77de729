"""What a cover video or a track alone is, in words: its design, for the reply that builds it (in place of the cut
pace a video of pictures and clips is told by: "fast cuts where it is loud" said of one cover held for a minute)."""

from __future__ import annotations

from ...protocol import Draft, TrackType
from ...protocol.vocabulary import COVER_VISUALIZERS, Role
from ..render.cover_phrases import phrase_pieces, staged_windows
from ..render.cover_scenes import SCENE_EFFECTS, scene_levels, scene_numbers, scene_sections
from ..render.cover_stage import scene_sizes
from ..render.sections import sections_of
from .backdrop import WORDS, WORDS_ZH
from .pulse_words import pulse_scene_words
from .replies import clock
from .tracks import indices

DESIGN_WORDS = {
    "ring": ("the ring design: the cover in a ring of bars", "圆环设计：封面在一圈频谱里"),
    "poster": ("the poster design: the cover beside big type, bars under it", "海报设计：封面旁是大标题，下面是频谱"),
    "wave": ("the wave design: the cover over a mirrored wave of its sound", "波形设计：封面下一道对称的声波"),
}
DRAWN_WORDS = {  # each scene's drawing (``cover_scenes.SCENE_EFFECTS``) as a viewer sees it
    ("poster", "spectrum"): ("bars", "频谱柱"),
    ("poster", "mirrored"): ("bars mirrored about a line", "上下对称的频谱柱"),
    ("poster", "spread"): ("the sound's shape mirrored about a line", "上下对称的声音轮廓"),
    ("wave", "line"): ("the mirrored wave", "对称的声波"),
    ("wave", "mirrored"): ("bars mirrored about a line", "上下对称的频谱柱"),
}
PULSE_WORDS = (", the cover pulsing with the beat, hardest on each downbeat", "，封面随节拍律动，每小节重拍最强")
NO_VISUALIZER_WORDS = (
    "the poster design: the cover beside big type, no visualizer (as asked)",
    "海报设计：封面旁是大标题，按要求不加可视化",
)


def design_words(draft: Draft, zh: bool) -> str:
    """The design of a cover video (``m.cover_design``) or a track alone (``m.backdrop``) as the reply says it;
    "" for any other video."""
    design, backdrop = draft.meta.get("cover_design"), draft.meta.get("backdrop")
    if isinstance(backdrop, str) and backdrop in WORDS:
        return (WORDS_ZH[backdrop] if zh else WORDS[backdrop]) + pulse_scene_words(draft, zh)
    if not isinstance(design, str) or design not in DESIGN_WORDS:
        return ""
    shown = indices(draft, Role.VISUALIZER, kind=TrackType.VIDEO)
    if not shown:
        return NO_VISUALIZER_WORDS[zh] + PULSE_WORDS[zh]
    drawn = draft.tracks[shown[0]].segments
    own = bool(drawn) and drawn[0].meta.get("effect") == COVER_VISUALIZERS[design]
    # where the picture turns as the song lifts is the plan line's to say (``cover_plan_words``: "0:56 (where the
    # song lifts)"); the Done line said it again (", the picture turning where the song lifts at 0:56")
    return DESIGN_WORDS[design][zh] + (_scenes_drawn(draft, design, zh) if own else "") + PULSE_WORDS[zh]


def _scenes_drawn(draft: Draft, design: str, zh: bool) -> str:
    """What the visualizer turns into scene by scene after the first (``cover_scenes.scene_pieces``), counted from
    the plan's sections: ", then bars mirrored about a line, then ...", and where the drawings come round again,
    in turn across how many scenes; "" where it stays one drawing."""
    effects = SCENE_EFFECTS.get(design, ())
    scenes = len(set(scene_numbers(scene_sections(draft))))
    if len(effects) < 2 or scenes < 2:
        return ""
    then = "，然后是" if zh else ", then "
    said = "".join(then + DRAWN_WORDS[design, effect][zh] for effect in effects[1:scenes])
    if scenes > len(effects):
        said += f"，{scenes}个场景轮流" if zh else f", in turn across its {scenes} scenes"
    return said


# each design in plain words (s53's blind reviewer: "the cover whole, the poster design" is jargon a musician won't
# understand)
DESIGN_NAMES = {
    "ring": ("your cover in full, in a ring of bars that move with the music", "完整的封面，围着一圈随音乐跳动的频谱"),
    "poster": ("your cover in full, beside the title in big type", "完整的封面，旁边是大字标题"),
    "wave": ("your cover in full, over a wave drawn by the song's sound", "完整的封面，下面是歌曲声音画出的波形"),
}


def cover_plan_words(draft: Draft, zh: bool) -> str:
    """The plan of a cover video as a musician reads it, for the line after the analysis (in place of "Planned 4
    scenes, one a section of the song" after "three sections", which counted the lift's scene as a section): the
    cover in full and the design in plain words (``DESIGN_NAMES``) and where each new scene begins (``cover_scenes.scene_sections``), in order,
    those where the song lifts or a section begins said so: "0:28, 0:56 (where the song lifts), 1:36, 2:16 (a new
    section) and 2:46" (the others inside a long section). "" for any other video."""
    design = draft.meta.get("cover_design")
    if not isinstance(design, str) or design not in DESIGN_NAMES:
        return ""
    spans = scene_sections(draft)
    numbers = scene_numbers(spans)
    raw = draft.meta.get("lifts_ms")
    lifts = {int(b) for b in raw if isinstance(b, int)} if isinstance(raw, list) else set()
    starts = {s.start_ms for s in sections_of(draft.meta)}
    why = {**dict.fromkeys(starts, WHY_WORDS["section"]), **dict.fromkeys(lifts, WHY_WORDS["lift"])}
    said = [
        clock(s.start_ms) + (why[s.start_ms][zh] if s.start_ms in why else "")
        for n, s in enumerate(spans)
        if n and numbers[n] != numbers[n - 1]
    ]
    name, builds = DESIGN_NAMES[design][zh], build_words(draft, zh) + stage_words(draft, zh)
    if zh:
        said_zh = (
            f"规划了封面视频：{name}" + (f"，新场景在{_listed(said, zh)}。 " if said else "，全程一个场景。 ") + builds
        )
        return of_the_recording(said_zh, draft, zh)
    return of_the_recording(
        f"Planned the cover video: {name}"
        + (f"; a new scene at {_listed(said, zh)}. " if said else "; one scene throughout. ")
        + builds,
        draft,
        zh,
    )


STAGE_WORDS = (
    "Inside the longer scenes the cover takes the middle of the frame for a phrase or two, larger, the song's shape "
    "behind it and the title small beside it ({times}). ",
    "较长的场景里，封面会移到画面中央一两个乐句，更大，背后是歌曲的波形，标题小字在旁（{times}）。",
)


def stage_words(draft: Draft, zh: bool) -> str:
    """Where a wide poster's cover takes the stage (``render.cover_phrases``), by time; "" where it never does
    (another design or shape, or no scene long enough)."""
    aspect = str(draft.meta.get("aspect", ""))
    w, _, h = aspect.partition(":")
    wide = w.isdigit() and h.isdigit() and int(w) > 1.2 * int(h)
    if draft.meta.get("cover_design") != "poster" or not wide:
        return ""
    windows = staged_windows(phrase_pieces(draft, scene_sections(draft)))
    if not windows:
        return ""
    return STAGE_WORDS[zh].format(times=_listed([clock(a) for a, _ in windows], zh))


# the words for a song said of a talk or steady noise (``m.talk``, ``m.steady_noise``), longest first: a voice memo's
# wave design was "a wave drawn by the song's sound" (s54-audit27)
RECORDING_WORDS = (
    (
        ("the song's sound", "the sound of your recording"),
        ("with the music", "with the sound"),
        ("the song", "your recording"),
    ),
    (("歌曲声音", "录音的声音"), ("随音乐", "随声音"), ("歌曲", "录音")),
)


def of_the_recording(words: str, draft: Draft, zh: bool) -> str:
    """``words`` as said of the draft's sound: a song's words where it is music, "your recording" where it is talk
    or steady noise, which is no song.

    >>> of_the_recording("a wave drawn by the song's sound", Draft(tracks=(), duration_ms=1, meta={"talk": True}), zh=False)
    'a wave drawn by the sound of your recording'
    """
    if not (draft.meta.get("talk") or draft.meta.get("steady_noise")):
        return words
    for song, recording in RECORDING_WORDS[zh]:
        words = words.replace(song, recording)
    return words


# how the video builds with the song (``cover_stage.scene_sizes``), the ring's cover the same size in its bars; the
# loudest parts (plural, "get") where they are several runs apart
BUILD_WORDS = {
    "sized": (
        "The loudest part of the song ({spans}) gets the cover at its largest, in the brightest light; the quieter "
        "parts a smaller cover in dimmer light. ",
        "歌曲最响的部分（{spans}）封面最大、光最亮；安静些的部分封面小一些、光暗一些。",
    ),
    "ring": (
        "The loudest part of the song ({spans}) gets the brightest light; the quieter parts dimmer light. ",
        "歌曲最响的部分（{spans}）光最亮；安静些的部分光暗一些。",
    ),
}


def build_words(draft: Draft, zh: bool) -> str:
    """How the cover video builds with the song, as a musician says it: where its loudest parts are (each run of
    the scenes that show the cover at its full size, ``cover_stage.scene_sizes`` of ``cover_scenes.scene_levels``,
    by time: "0:56-1:36 and 2:16-2:46") and that they get the cover at its largest in the brightest light; "" where
    every scene is alike."""
    spans = scene_sections(draft)
    sizes = scene_sizes(scene_levels(draft, spans))
    if all(size >= 1 for size in sizes):
        return ""
    runs: list[tuple[int, int]] = []
    for span, size in zip(spans, sizes, strict=True):
        if size < 1:
            continue
        if runs and runs[-1][1] == span.start_ms:
            runs[-1] = (runs[-1][0], span.end_ms)
        else:
            runs.append((span.start_ms, span.end_ms))
    said = [f"{clock(a)}-{clock(b)}" for a, b in runs]
    kind = "ring" if draft.meta.get("cover_design") == "ring" else "sized"
    words = BUILD_WORDS[kind][zh].format(spans=_listed(said, zh))
    if len(runs) > 1:
        words = words.replace("loudest part of the song", "loudest parts of the song").replace(") gets", ") get")
    return words


WHY_WORDS = {"section": (" (a new section)", "（新段落）"), "lift": (" (where the song lifts)", "（歌曲抬升处）")}


def _listed(said: list[str], zh: bool) -> str:
    """ "0:08, 0:15 and 0:23" (in Chinese joined with 、 and 和)."""
    join, last = ("、", "和") if zh else (", ", " and ")
    return said[0] if len(said) == 1 else join.join(said[:-1]) + last + said[-1]


def cover_made(name: str, words: str, zh: bool, video: str) -> str:
    """The Done line's words for a cover video: what it is (``video``: "a 3:16 widescreen music video"), its tempo
    and design (``words``), no count of its scenes (the plan's line, ``cover_plan_words``, says them by time)."""
    return f"用“{name}”和封面做了{video}（{words}）" if zh else f'{video} of "{name}" with its cover ({words})'
