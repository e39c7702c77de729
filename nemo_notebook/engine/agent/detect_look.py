"""Clause → look operations: warmer or cooler colours, black and white, a film, vintage or sepia look (and colour again),
more or less contrast, no zoom or still pictures (and back), the clip used more or less, faster or slower cuts in
the chorus."""

from __future__ import annotations

import re

from .detect_pace import CALM_CUTS
from .message import Message
from .operations import Parsed, Replan, SetGrade, SetPictureMotion
from .words import CLIP_SOUND

_COLOUR = r"colou?rs?|tones?|grade|grading|look|palette|tint|hues?|temperature"
# "warmer pictures" asks for a grade; "cool video!" is praise: only the comparative goes with the picture's nouns, or
# stands alone ("make it warmer", "a bit warmer pls", "colder"; "cooler" alone only as a step: "a bit cooler")
_JUST = r"((can you |could you |pls |please )?(make (it|them|things|everything|the video) )?(a (bit|little|touch) |slightly |even |much |way )?)"
_PLEASE = r"( (please|pls|plz))?"
_SEEN = rf"{_COLOUR}|pictures?|images?|photos?|videos?|footage|visuals"
_NEUTRAL = re.compile(
    rf"\b(neutral|normal|natural|original)\s+({_COLOUR})\b|\bno (colou?r )?(grade|grading|tint)\b"
    rf"|\b(remove|drop|undo) the (warm|cool|cold)\w* (grade|tint|look|colou?rs?)|中性色|原色|恢复色调"
)
_WARM = re.compile(
    rf"\b(warm|warmth)\b.*\b({_COLOUR})\b|\b({_COLOUR})\b.*\bwarm\b|\bwarmer\b.*\b({_SEEN})\b"
    rf"|\b({_SEEN})\b.*\bwarmer\b|暖色|暖一点|暖一些|更暖|暖调"
    rf"|^{_JUST}(warmer|more warm(th)?){_PLEASE}$|^{_JUST}warm (it|them|things|everything) up{_PLEASE}$"
)
_COOL = re.compile(
    rf"\b(cool|cold)\b.*\b({_COLOUR})\b|\b({_COLOUR})\b.*\b(cool|cold)\b|\b(cooler|colder)\b.*\b({_SEEN})\b"
    rf"|\b({_SEEN})\b.*\b(cooler|colder)\b|冷色|冷一点|冷一些|更冷|冷调"
    rf"|^{_JUST}colder{_PLEASE}$|^{_JUST}(a (bit|little|touch)|slightly|even) cooler{_PLEASE}$"
)
_STILL = re.compile(
    r"\bno (camera )?(moves?|movement|motion|pans?|panning)\b|\bkeep (the )?(pictures?|photos?|images?|stills?) "
    r"(still|static)\b|\b(still|static) (pictures|photos|images)\b|\bstop (the )?(pictures? )?(moving|motion)\b"
    r"|\bdon'?t move the (pictures?|photos?|images?)\b|图片(不要动|静止)|不要镜头运动|静止"
)
_NO_ZOOM = re.compile(
    r"\bno (more )?zoom(s|ing|-?ins?)?\b|\bwithout (the )?zoom|\b(stop|less) (the )?zoom|\bdon'?t zoom|不要缩放|不要推拉|别缩放"
)
_MOVING = re.compile(
    r"\bzoom(s|ing)? again\b|\bbring back the (zooms?|moves?|motion)|\b(move|moving) (the (pictures|photos|images) )?again\b"
    r"|\bmake the (pictures|photos|images) move\b|\b(with|add|put back) (the )?(zooms?|camera moves?)\b|恢复缩放|让图片动"
)
_CLIP = r"(clips?|videos?|footage|film|movie|\w+\.(mp4|mov|webm|mkv|avi))"
_CLIP_MORE = re.compile(
    rf"\b(use|show|more of)\b.*\b{_CLIP}\b.*\bmore\b|\bmore (of )?(the |my )?{_CLIP}\b(?! sound| audio| volume)"
    r"|多用(视频|片段)|视频多一点|片段多一点"
)
_CLIP_LESS = re.compile(
    rf"\b(use|show)\b.*\b{_CLIP}\b.*\bless\b|\bless (of )?(the |my )?{_CLIP}\b(?! sound| audio| volume)|\bfewer {_CLIP}"
    r"|少用(视频|片段)|视频少一点|片段少一点"
)
_PICTURES_MORE = re.compile(
    r"\b(use|show)\b.*\b(pictures?|photos?|images?|stills)\b.*\bmore\b|\bmore (of )?(the |my )?(pictures|photos|images)\b"
    r"|多用(图片|照片)|图片多一点|照片多一点"
)
_BW = re.compile(r"\bblack[ -]?(and|&|n)[ -]?white\b|\bb ?& ?w\b|\bb/w\b|\bmonochrome\b|\bgr[ae]yscale\b|黑白")
_FILM = re.compile(
    r"\bfilm(ic)? (look|grade|grain|style|feel)\b|\bfilmic\b|\blike (a |an old )?film\b|\bfilm grain\b"
    r"|\bcinematic (look|grade|grading|colou?rs?)\b|\bfilm[- ]like\b|\b(35|16) ?mm( film)?( look)?\b|电影感|胶片"
)
_VINTAGE = re.compile(
    r"\bvintage\b|\bretro\b|\bold[- ]school look\b|\bfaded (look|colou?rs?)\b|\b(look|feel) (old|older|aged)\b"
    r"|\bold[- ]fashioned\b|复古|怀旧"
)
_SEPIA = re.compile(r"\bsepia\b|\bbrown(ish)? (old )?(photo|photograph|tone)s?\b|棕褐|老照片")
_COLOUR_AGAIN = re.compile(
    r"\b(back to|in) colou?r( again)?\b|\bcolou?r again\b|\b(remove|drop|undo|no more|take off) the "
    r"(black and white|b&w|film|vintage|retro|sepia|filter|look)\b|\bno (more )?sepia\b|\bno (filter|look)\b|恢复彩色|去掉(黑白|滤镜)"
)
_CONTRAST = re.compile(r"\bcontrast(y)?\b|\bpunchier\b|对比度?")
_LESS_CONTRAST = re.compile(
    r"\b(less|lower|softer|reduce|flatter|softer)\b[^.]*\bcontrast|\bcontrast\b[^.]*\b(down|lower|less)\b|对比度?(低|小|弱)|降低对比"
)
_CHORUS = re.compile(r"\b(chorus(es)?|refrains?|drops?|hook|loud(est)? (part|bit|section)s?)\b|副歌|高潮")
_CUTS = r"\b(cuts?|cutting|edits?|changes?|pace|pacing|shots?)\b|切|剪辑|节奏|镜头"
_FASTER = r"\b(faster|quicker|more|frequent|rapid|snappier|shorter)\b|快|更多|频繁"
_SLOWER = r"\b(slower|fewer|less|longer|calmer)\b|慢|更少|少一点"


def detect_look(clause: str, msg: Message) -> list[Parsed] | None:
    del msg
    if _CHORUS.search(clause) and re.search(_CUTS, clause):
        if re.search(CALM_CUTS, clause):  # "a more relaxed pace in the chorus"
            return [Replan(chorus_factor=2.0)]
        if re.search(_FASTER, clause):
            return [Replan(chorus_factor=0.5)]
        if re.search(_SLOWER, clause):
            return [Replan(chorus_factor=2.0)]
    if not re.search(CLIP_SOUND, clause):  # "more of the clip's sound" is a volume
        if _CLIP_LESS.search(clause):
            return [Replan(clip_factor=0.5, words=clause)]
        if _CLIP_MORE.search(clause):
            return [Replan(clip_factor=2.0, words=clause)]
        if _PICTURES_MORE.search(clause):  # the pictures' share grows as the clips' shrinks
            return [Replan(clip_factor=0.5)]
    found = _look(clause)
    if found is not None:  # "a warm cinematic look": the film look, and a step warmer
        warmer = [SetGrade(step=1)] if _WARM.search(clause) else [SetGrade(step=-1)] if _COOL.search(clause) else []
        return [found, *warmer]
    if _NEUTRAL.search(clause):
        return [SetGrade(neutral=True)]
    much = 2 if re.search(r"\b(much|way|a lot|lots)\b|很多|多一点", clause) else 1
    if _WARM.search(clause):
        return [SetGrade(step=much)]
    if _COOL.search(clause):
        return [SetGrade(step=-much)]
    if _MOVING.search(clause):
        return [SetPictureMotion(mode="moving")]
    if _STILL.search(clause):
        return [SetPictureMotion(mode="still")]
    if _NO_ZOOM.search(clause):
        return [SetPictureMotion(mode="no_zoom")]
    return None


def _look(clause: str) -> SetGrade | None:
    """A named look, colour again, or a contrast step, as the clause asks; None for none of these."""
    if _COLOUR_AGAIN.search(clause):
        return SetGrade(look="colour")
    for pattern, look in ((_BW, "bw"), (_SEPIA, "sepia"), (_VINTAGE, "vintage"), (_FILM, "film")):
        if pattern.search(clause):
            return SetGrade(look=look)
    if _CONTRAST.search(clause):
        much = 2 if re.search(r"\b(much|way|a lot|lots)\b|很多", clause) else 1
        return SetGrade(contrast=-much if _LESS_CONTRAST.search(clause) else much)
    return None
