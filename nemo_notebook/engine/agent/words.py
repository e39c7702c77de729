"""Patterns shared by the detectors: numbers with units and the nouns for what an edit is about."""

from __future__ import annotations

import re

NUM = r"(\d+(?:\.\d+)?)"
SECONDS = rf"{NUM}\s*-?\s*(?:s\b|secs?\b|seconds?\b|秒)"
MINUTES = rf"{NUM}\s*-?\s*(?:m\b|mins?\b|minutes?\b|分钟)"
TITLE_WORDS = r"titles?|texts?|captions?|subtitles?|headings?|headlines?|words|标题|文字|字幕"
MUSIC_WORDS = r"music|song|soundtrack|track|bgm|score|audio|tune|beat\b|背景音乐|配乐|音乐|歌"
CLIP_SOUND = r"(clip|clips|video|videos|original|own|its|their|camera|ambient|natural|footage)('s|s')?\s+(own\s+)?(sound|audio|volume)|原声|视频的?声音|原音|现场声"
VISUALIZER_WORDS = r"visuali[sz]er|waveform|spectrum|oscilloscope|equali[sz]er|可视化|频谱|波形"


def duration_ms(clause: str) -> int | None:
    """A length in the clause: "3 seconds", "1.5s", "2 minutes", "3秒", "1分钟"."""
    match = re.search(SECONDS, clause)
    if match:
        return round(float(match.group(1)) * 1000)
    match = re.search(MINUTES, clause)
    return round(float(match.group(1)) * 60_000) if match else None
