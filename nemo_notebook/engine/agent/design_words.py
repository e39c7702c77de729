"""What a cover video or a track alone is, in words: its design, for the reply that builds it (in place of the cut
pace a video of pictures and clips is told by: "fast cuts where it is loud" said of one cover held for a minute)."""

from __future__ import annotations

from ...protocol import Draft, TrackType
from ...protocol.vocabulary import COVER_VISUALIZERS, Role
from ..render.cover_scenes import SCENE_EFFECTS, scene_numbers, scene_sections
from .backdrop import WORDS, WORDS_ZH
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
        return WORDS_ZH[backdrop] if zh else WORDS[backdrop]
    if not isinstance(design, str) or design not in DESIGN_WORDS:
        return ""
    shown = indices(draft, Role.VISUALIZER, kind=TrackType.VIDEO)
    if not shown:
        return NO_VISUALIZER_WORDS[zh] + PULSE_WORDS[zh]
    drawn = draft.tracks[shown[0]].segments
    own = bool(drawn) and drawn[0].meta.get("effect") == COVER_VISUALIZERS[design]
    return (
        DESIGN_WORDS[design][zh]
        + (_scenes_drawn(draft, design, zh) if own else "")
        + _lifts(draft, zh)
        + PULSE_WORDS[zh]
    )


def _lifts(draft: Draft, zh: bool) -> str:
    """Where the picture turns because the song lifts inside a section (``m.lifts_ms``, the planner's
    ``lifts.lifts_ms``): ", the picture turning where the song lifts at 0:56"; "" where it does not."""
    raw = draft.meta.get("lifts_ms")
    lifts = [clock(b) for b in raw if isinstance(b, int)] if isinstance(raw, list) else []
    if not lifts:
        return ""
    if zh:
        return f"，歌曲在{'和'.join(lifts)}处抬升时画面随之翻转"
    return f", the picture turning where the song lifts at {' and '.join(lifts)}"


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
