"""The words the agent knows, English and Chinese, each mapped to what it means on the draft."""

from __future__ import annotations

import re
from typing import TypeVar

from ...protocol.vocabulary import Aspect, Position, Visualizer

Meaning = TypeVar("Meaning")

COLORS: dict[str, str] = {
    "white": "#ffffff", "black": "#000000", "red": "#ff3b30", "orange": "#ff9500", "yellow": "#ffcc00",
    "gold": "#ffd700", "golden": "#ffd700", "green": "#34c759", "teal": "#30b0c7", "cyan": "#32d5ff",
    "blue": "#0a84ff", "navy": "#1c3f94", "purple": "#af52de", "violet": "#8e44ad", "pink": "#ff2d92",
    "magenta": "#ff00ff", "grey": "#8e8e93", "gray": "#8e8e93", "silver": "#c0c0c0", "brown": "#a2845e",
    "白色": "#ffffff", "白": "#ffffff", "黑色": "#000000", "黑": "#000000", "红色": "#ff3b30", "红": "#ff3b30",
    "橙色": "#ff9500", "橙": "#ff9500", "黄色": "#ffcc00", "黄": "#ffcc00", "金色": "#ffd700", "绿色": "#34c759",
    "绿": "#34c759", "青色": "#32d5ff", "蓝色": "#0a84ff", "蓝": "#0a84ff", "紫色": "#af52de", "紫": "#af52de",
    "粉色": "#ff2d92", "粉红": "#ff2d92", "灰色": "#8e8e93", "银色": "#c0c0c0",
}  # fmt: skip
_COLOR_RE = re.compile(
    r"#[0-9a-f]{6}\b|\b("
    + "|".join(k for k in COLORS if k.isascii())
    + r")\b|("
    + "|".join(k for k in sorted(COLORS, key=len, reverse=True) if not k.isascii())
    + ")"
)

POSITIONS: tuple[tuple[str, Position], ...] = (
    (r"lower[ -]?third", Position.LOWER_THIRD),
    (r"\b(top|upper|up top|at the top|顶部|上方|上面|顶端)\b|顶部|上方|上面", Position.TOP),
    (r"\b(bottom|lower|down below)\b|底部|下方|下面|底端", Position.BOTTOM),
    (r"\b(center|centre|middle|centered|centred)\b|中间|居中|中央|正中", Position.CENTER),
    (r"\b(full ?screen|full)\b|全屏", Position.FULL),
)

VISUALIZER_KINDS: tuple[tuple[str, Visualizer], ...] = (
    (r"\b(circular|circle|radial|ring)\b|圆形|环形|圆环", Visualizer.CIRCULAR),
    (r"\bmirror(ed)?\b|symmetric|对称|镜像", Visualizer.MIRRORED),
    (r"\b(glow(ing|y)?|neon|particles?)\b|发光|光晕|粒子|霓虹", Visualizer.GLOW),
    (r"\bline (wave(form)?|visuali[sz]er)|thin line|线条", Visualizer.LINE),
    (r"spectrum|bars?\b|equali[sz]er|eq\b|频谱|柱状", Visualizer.SPECTRUM),
    (r"wave(form|s)?|oscilloscope|line\b|波形|波浪", Visualizer.WAVES),
    (r"cqt|piano[ -]?roll|notes?\b|constant[ -]q", Visualizer.CQT),
    (r"vectorscope|lissajous|scope|stereo|矢量", Visualizer.VECTORSCOPE),
)

_LAYOUT = r"\s+(design|style|layout|look|template|version|one)\b"
_ZH_LAYOUT = r"(设计|样式|风格|版式)"
COVER_DESIGN_WORDS: tuple[tuple[str, str], ...] = (
    (rf"\bvinyl\b|\brecord{_LAYOUT}|\b(ring|circle|circular|round|radial){_LAYOUT}|黑胶|唱片|圆环{_ZH_LAYOUT}", "ring"),
    (rf"\bposter{_LAYOUT}|\b(like|as) a poster\b|海报", "poster"),
    (
        rf"\bminimal(ist)?{_LAYOUT}|\b(make|keep) it minimal(ist)?\b|\b(wave|waveform|line|simple|clean){_LAYOUT}"
        rf"|极简|简约|波形{_ZH_LAYOUT}",
        "wave",
    ),
)
"""The cover video's designs by name ("use the ring design", "poster style", "minimal"), before the visualizer's
kinds: "a waveform design" is a layout, "a waveform" a visualizer."""

ASPECTS: tuple[tuple[str, Aspect], ...] = (
    (
        r"9\s*[:x/]\s*16|\b(vertical|portrait|tall|phone|mobile|tiktok|tik tok|douyin|reels?|shorts|stor(y|ies)|snapchat)\b|竖屏|竖版|竖的|抖音|快手",
        Aspect.TALL,
    ),
    (r"1\s*[:x/]\s*1|\b(square|instagram|insta|ig|feed post)\b|方形|正方形|方的", Aspect.SQUARE),
    (
        r"16\s*[:x/]\s*9|\b(horizontal|landscape|widescreen|wide|youtube|yt|tv|desktop|cinema|normal)\b|横屏|横版|宽屏|横的",
        Aspect.WIDE,
    ),
)

MOOD_WORDS = (
    "upbeat", "happy", "joyful", "cheerful", "bright", "energetic", "exciting", "epic", "cinematic", "dramatic",
    "calm", "chill", "relaxed", "relaxing", "peaceful", "gentle", "soft", "dreamy", "ambient", "lo-fi", "lofi",
    "sad", "melancholic", "dark", "moody", "mysterious", "tense", "romantic", "warm", "uplifting", "inspiring",
    "groovy", "funky", "jazzy", "jazz", "rock", "electronic", "edm", "house", "techno", "hip-hop", "hiphop", "pop",
    "piano", "acoustic", "orchestral", "folk", "tropical", "summer", "fast", "slow", "driving", "playful",
    "欢快", "快乐", "轻松", "安静", "舒缓", "史诗", "电影感", "动感", "悲伤", "浪漫", "温暖", "激昂", "梦幻", "活泼",
)  # fmt: skip

# Things people ask for that the engine cannot do yet, with the words to say so.
CANNOT: tuple[tuple[str, str, str], ...] = (
    (r"stickers?|emojis?|贴纸|表情", "add stickers or emoji", "添加贴纸或表情"),
    (r"transitions?|cross ?fades? between|dissolves?|wipes?|转场", "add transitions between clips", "添加转场"),
    (r"\bfilters?\b|\blut\b|colou?r grad|black and white|黑白|滤镜|调色", "apply colour filters", "添加滤镜或调色"),
    (r"slow[ -]?mo(tion)?|speed (it )?up(?! (the )?(cuts|cutting|editing|pictures|pace))|playback speed|\b\d+(\.\d+)?x speed|reverse|倒放|慢动作|加速|变速", "change playback speed or direction", "改变播放速度或方向"),
    (r"voice ?over|narrat|text[ -]to[ -]speech|\btts\b|配音|旁白", "record or generate a voice-over", "生成配音或旁白"),
    (r"auto(matic)?[ -]?(subtitles?|captions?)|transcri|lyrics|歌词|自动字幕", "hear the words to write captions (paste them after \"captions:\" and I time them to the speech, or paste SRT or LRC lines with times)", "听写字幕（把文字粘贴在“字幕：”后面，我按语音排好时间；或粘贴带时间的SRT或LRC）"),
    (r"green ?screen|chroma|remove (the )?background|抠图|绿幕", "remove backgrounds", "抠图或绿幕"),
    (r"\b4k\b|\b8k\b|upscal|超分", "render above 1080p", "输出高于1080p的视频"),
    (r"\b(rotate|flip|mirror)\b|旋转|翻转|镜像", "rotate or flip the picture", "旋转或翻转画面"),
    (r"\b(4\s*[:x/]\s*3|4\s*[:x/]\s*5|21\s*[:x/]\s*9|3\s*[:x/]\s*4)\b", "make that aspect ratio (I make 16:9, 9:16 and 1:1)", "做这个画面比例（支持16:9、9:16和1:1）"),
    (r"\blogo\b|watermark|水印", "add logos or watermarks", "添加标志或水印"),
    (r"\bgifs?\b|animated (text|title)|3d|particles?|粒子", "animate text or add effects beyond titles and visualizers", "添加动画特效"),
    (r"visuali[sz]er.{0,30}\b(bigger|larger|smaller|taller|shorter|size|resize)\b|\b(bigger|larger|smaller|taller)\s+visuali[sz]er|可视化.{0,6}(放大|缩小|大一点|小一点|大小)", 'resize the visualizer except by moving it ("visualizer full screen" fills the picture, "in the middle" is taller than "at the bottom")', "单独调整可视化的大小（大小随位置而定：全屏最大，中间比底部高）"),
    (r"\bupload\b.*\b(to|on) (youtube|tiktok|instagram)|\bpost (it|this)\b|发布到", "publish videos to other sites", "发布到其他网站"),
)  # fmt: skip

ORDINALS: dict[str, int] = {
    "first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3, "fifth": 4, "5th": 4,
    "sixth": 5, "6th": 5, "seventh": 6, "7th": 6, "eighth": 7, "8th": 7, "ninth": 8, "9th": 8, "tenth": 9, "10th": 9,
    "last": -1, "final": -1,
}  # fmt: skip


def find_color(text: str) -> str | None:
    """The first colour named in ``text`` as "#rrggbb"."""
    match = _COLOR_RE.search(text)
    if match is None:
        return None
    word = match.group(0)
    return word if word.startswith("#") else COLORS[word]


def find_first(table: tuple[tuple[str, Meaning], ...], text: str) -> Meaning | None:
    """The meaning of the first pattern of ``table`` found in ``text``."""
    for pattern, meaning in table:
        if re.search(pattern, text):
            return meaning
    return None


_COMPARATIVES = {"darker": "dark", "calmer": "calm", "happier": "happy", "sadder": "sad", "brighter": "bright",
                 "moodier": "moody", "dreamier": "dreamy", "chiller": "chill", "funkier": "funky", "jazzier": "jazzy",
                 "gentler": "gentle", "groovier": "groovy"}  # fmt: skip
"""Moods said as a change ("make the music darker"); not "softer" (a volume) nor "faster"/"slower" (a pace)."""


def find_moods(text: str) -> list[str]:
    """Mood and genre words in ``text``, in the order of the lexicon, comparatives as their mood ("darker": dark)."""
    text = re.sub(r"[a-z]+", lambda m: _COMPARATIVES.get(m.group(0), m.group(0)), text)
    return [w for w in MOOD_WORDS if re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", text)]
