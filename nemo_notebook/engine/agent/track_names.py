"""A composed track's name, as the timeline and the replies show it: "Lo-Fi in A minor, 84 BPM", or in Chinese where
the session speaks it or the request was written in it ("低保真，A小调，84 BPM"; a Chinese request was answered with
"Upbeat Pop in F major, 119 BPM")."""

from __future__ import annotations

import re
from typing import Any

from .replies import lang_of

_GENRES_ZH = {
    "upbeat": "欢快流行", "energetic": "摇滚", "happy": "快乐流行", "calm": "平静氛围", "chill": "轻松",
    "lofi": "低保真", "sad": "悲伤抒情", "cinematic": "电影配乐", "epic": "史诗电影", "acoustic": "原声民谣",
    "electronic": "电子", "corporate": "企业宣传", "piano": "钢琴独奏", "hiphop": "嘻哈", "romantic": "浪漫抒情",
}  # fmt: skip
_SHAPES_ZH = {"epic": "史诗", "cinematic": "电影感"}  # "an epic rock track": 史诗摇滚 (``genres.title_name``)
_SHAPED_ZH = {"upbeat": "流行", "acoustic": "原声"}
_MODES_ZH = {"major": "大调", "minor": "小调"}


def track_title(generated: Any, words: str, language: str) -> str:
    """The composer's title (``GeneratedTrack.title``) with its tempo as a person says it ("124 BPM", never
    "123.565 bpm"), in Chinese for a Chinese session or request.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> track = SimpleNamespace(title="Lo-Fi in A minor, 84 BPM", style="lofi", shape="", key="A", mode="minor",
    ...                         tempo_bpm=84.2)
    >>> track_title(track, "来一首低保真", "en"), track_title(track, "a lo-fi beat", "en")
    ('低保真，A小调，84 BPM', 'Lo-Fi in A minor, 84 BPM')
    """
    title = re.sub(r"(\d+(?:\.\d+)?) bpm\b", lambda m: f"{round(float(m.group(1)))} BPM", str(generated.title))
    if lang_of(language) != "zh" and not re.search(r"[\u4e00-\u9fff]", words):
        return title
    style, shape, mode = (str(getattr(generated, name, "")) for name in ("style", "shape", "mode"))
    if style not in _GENRES_ZH or mode not in _MODES_ZH:
        return title
    lead = _SHAPES_ZH.get(shape, "") if shape != style else ""
    genre = f"{lead}{_SHAPED_ZH.get(style, _GENRES_ZH[style])}" if lead else _GENRES_ZH[style]
    return f"{genre}，{generated.key}{_MODES_ZH[mode]}，{round(float(generated.tempo_bpm))} BPM"
