"""The track alone's designed backdrop by name: "use the aurora design", "more particles", "the tunnel"; and its
palette by name: "a neon palette", "red-and-black colours", "make the background blue and gold".

The design lives on the draft (``m.backdrop``) and on each generated scene of the visuals lane (``m.design``), so a
re-plan keeps it (``making.plan_options``). A visualizer the design chose (its kind, in the middle, in the design's
light) becomes the new design's; one the user chose stays.
"""

from __future__ import annotations

import re

from ...protocol import Draft, Segment
from ...protocol.vocabulary import BACKDROPS, DESIGN_LIGHT, DESIGN_VISUALIZERS, Role
from .errors import EditError
from .message import Message
from .operations import Parsed, SetBackdrop, SetPalette
from .tracks import indices, replace_track, visuals_index

_NAMES = (
    (r"\baurora\b|northern lights|\bribbons?\b|极光", "aurora"),
    (r"\btunnel\b|\bpuls(e|ing) (design|backdrop|background|look|style|scene)s?\b|\bthe pulse\b|隧道|脉冲", "pulse"),
    (r"\bbokeh\b|\bparticles?\b|(floating|drifting) lights\b|光斑|粒子", "bokeh"),
)
# a palette's name or its colours (``planning.palettes``), heard only beside a word for colours or the backdrop
_PALETTE_NAMES = (
    (r"\bneon\b|\bcyan-and-magenta\b|\bmagenta-and-cyan\b|霓虹", "neon"),
    (r"\bred-and-black\b|\bblack-and-red\b|红黑", "ember"),
    (r"\b(blue|navy)-and-gold\b|\bgold-and-(blue|navy)\b|\broyal\b|蓝金", "royal"),
    (r"\bearth(y| tones?)\b|\bterracotta\b|大地色", "earth"),
    (r"\b(dusk|sunset)\b|黄昏|日落", "dusk"),
    (r"\b(icy|ice|glacier|cool blues?)\b|冰蓝", "glacier"),
    (r"\b(candy|pastel|pop)\b|糖果", "candy"),
    (r"\b(teal-and-copper|copper-and-teal|petrol)\b", "club"),
)
# one colour named for the backdrop ("make the background purple"): the palette whose colours it leads
_ONE_COLOUR = (
    (r"\b(red|crimson|scarlet)\b|红", "ember"),
    (r"\b(purple|violet|plum|mauve)\b|紫", "dusk"),
    (r"\b(pink|magenta)\b|粉", "candy"),
    (r"\b(blue|navy)\b|蓝", "royal"),
    (r"\b(teal|turquoise|cyan|aqua)\b|青", "club"),
    (r"\b(green|emerald)\b|绿", "earth"),
)
_BACKGROUND = r"\bbackground\b(?!\s+(music|track|score|song|tune|soundtrack|sound|noise|vocals?))|背景(?!音乐)"
_ABOUT_BACKDROP = rf"\bbackdrop\b|{_BACKGROUND}|\bpalettes?\b|配色"
_ABOUT_COLOURS = rf"\bcolou?rs?\b|\bpalettes?\b|\bscheme\b|\btones?\b|\bbackdrop\b|{_BACKGROUND}|颜色|配色|色调"
WORDS = {
    "aurora": "the aurora design: ribbons of light drifting across a sky that takes a new colour with each part of the song, "
    "over a horizon the music draws",
    "pulse": "the pulse design: a tunnel of rings that the beat pushes forward in the loud sections, a ring of bars in it",
    "bokeh": "the bokeh design: soft lights drifting at three depths over bars rising from the bottom",
}
WORDS_ZH = {
    "aurora": "极光：天空随歌曲每一段换一种颜色，光带在其中缓缓飘移，下方是随音乐起伏的地平线",
    "pulse": "脉冲：随节拍向前推进的光环隧道",
    "bokeh": "光斑：缓缓飘动的柔和光点",
}


def detect_backdrop(clause: str, msg: Message) -> list[Parsed] | None:
    """A backdrop design named in ``clause``; None when it names none."""
    del msg
    for pattern, design in _NAMES:
        if re.search(pattern, clause):
            return [SetBackdrop(design=design)]
    if re.search(_ABOUT_COLOURS, clause):
        for pattern, palette in _PALETTE_NAMES:
            if re.search(pattern, clause):
                return [SetPalette(palette=palette)]
    if re.search(_ABOUT_BACKDROP, clause):
        for pattern, palette in _ONE_COLOUR:
            if re.search(pattern, clause):
                return [SetPalette(palette=palette)]
    return None


def set_backdrop(draft: Draft, edit: SetBackdrop) -> Draft:
    """Every generated scene of the visuals lane in ``edit.design``, and the design's visualizer where the old
    design had chosen it."""
    if edit.design not in BACKDROPS:
        raise EditError(f"I know the designs {', '.join(BACKDROPS)}, not {edit.design!r}")
    v = visuals_index(draft)
    lane = draft.tracks[v].segments if v is not None else ()
    if v is None or not any(_generated(sg) for sg in lane):
        raise EditError(
            "the video shows your pictures and clips: the aurora, pulse and bokeh designs are for a track alone"
        )
    old = draft.meta.get("backdrop")
    if old == edit.design:
        raise EditError(f"the video already has {WORDS[edit.design]}")
    scenes = [sg.with_meta(design=edit.design) if _generated(sg) else sg for sg in lane]
    new = replace_track(draft, v, draft.tracks[v].with_segments(scenes)).with_meta(backdrop=edit.design)
    return _visualizer_of(new, old if isinstance(old, str) else "", edit.design)


def set_palette(draft: Draft, edit: SetPalette) -> Draft:
    """Every generated scene of the visuals lane in ``edit.palette``'s colours, each in its own variant (quiet, loud,
    the drop) and its turn kept clear of mud; the draft remembers that the user named it (a re-plan keeps it)."""
    from ..planning.backgrounds import clear_of_mud
    from ..planning.palettes import PALETTES

    if edit.palette not in PALETTES:
        raise EditError(f"I know the palettes {', '.join(PALETTES)}, not {edit.palette!r}")
    v = visuals_index(draft)
    lane = draft.tracks[v].segments if v is not None else ()
    if v is None or not any(_generated(sg) for sg in lane):
        raise EditError("the video shows your pictures and clips: a palette is for a track alone's backdrop")
    if draft.meta.get("palette") == edit.palette and draft.meta.get("palette_named"):
        raise EditError(f"the video already has the {edit.palette} palette")
    scenes = []
    for sg in lane:
        if _generated(sg):
            variant = str(sg.meta.get("variant") or ("loud" if sg.meta.get("effect") == "pulse" else "quiet"))
            colors = list(getattr(PALETTES[edit.palette], variant))
            turn = sg.meta.get("hue_deg", 0)
            turn = clear_of_mud(colors, turn if isinstance(turn, int) else 0)
            sg = sg.with_meta(palette=edit.palette, colors=colors, hue_deg=turn)
        scenes.append(sg)
    new = replace_track(draft, v, draft.tracks[v].with_segments(scenes))
    return new.with_meta(palette=edit.palette, palette_named=True)


def describe_palette(edit: SetPalette, after: Draft, zh: bool) -> str:
    from ..planning.palettes import PALETTES

    scenes = _scenes(after)
    if zh:
        return f"背景配色换成{edit.palette}（{scenes}个场景）"
    return f"the backdrop in the {edit.palette} palette, {PALETTES[edit.palette].words} ({scenes} scenes)"


def _scenes(draft: Draft) -> int:
    """How many generated scenes the visuals lane has."""
    v = visuals_index(draft)
    return sum(_generated(sg) for sg in draft.tracks[v].segments) if v is not None else 0


def _generated(segment: Segment) -> bool:
    return segment.src is None and segment.meta.get("role") == Role.BACKGROUND


def _visualizer_of(draft: Draft, old: str, design: str) -> Draft:
    """The visualizer lane with the new design's kind and place where the old design had chosen it (its kind and
    place, in the designs' light)."""
    if old not in DESIGN_VISUALIZERS:
        return draft
    chosen = {"effect": DESIGN_VISUALIZERS[old][0], "position": DESIGN_VISUALIZERS[old][1], "color": DESIGN_LIGHT}
    for i in indices(draft, Role.VISUALIZER):
        track = draft.tracks[i]
        if all(all(sg.meta.get(k) == value for k, value in chosen.items()) for sg in track.segments):
            effect, position = DESIGN_VISUALIZERS[design]
            segments = [sg.with_meta(effect=effect, position=position) for sg in track.segments]
            draft = replace_track(draft, i, track.with_segments(segments))
    return draft


def describe_backdrop(edit: SetBackdrop, after: Draft, zh: bool) -> str:
    scenes = _scenes(after)
    if zh:
        return f"背景换成{WORDS_ZH[edit.design]}（{scenes}个场景，每段一个）"
    return f"{WORDS[edit.design]} ({scenes} scenes, one a section of the song)"
