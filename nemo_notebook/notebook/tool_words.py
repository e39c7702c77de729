"""The agent's tool calls in words a person understands: ``build_music_video`` → "Building the music video".

The embedded engine names its edit operations (``engine/agent/operations.py``); the hosted service has its own tools
whose names are not documented, so a name not listed here is turned into words from its parts.

>>> doing("build_music_video")
'Building the music video'
>>> doing("fetchStockFootage")
'Fetch stock footage'
"""

from __future__ import annotations

import re

_WORDS = {
    "build_music_video": "Building the music video",
    "compose_music": "Composing the music",
    "analyse_music": "Analysing the music",
    "analyze_music": "Analysing the music",
    "analyse_video": "Analysing the video",
    "analyze_video": "Analysing the video",
    "score_video": "Scoring the video",
    "add_text": "Adding the text",
    "set_text": "Changing the text",
    "remove_text": "Removing the text",
    "set_aspect": "Changing the shape of the picture",
    "set_volume": "Setting the volume",
    "set_fade": "Adding the fade",
    "set_visualizer": "Changing the visualizer",
    "set_grade": "Changing the colours",
    "set_picture_motion": "Changing how the pictures move",
    "replan_music_video": "Planning the video again",
    "remove_track": "Removing a track",
    "set_length": "Changing the length",
    "trim": "Trimming",
    "set_cut_rate": "Changing how often it cuts",
    "resync": "Putting the cuts back on the beat",
    "remove_clip": "Removing a clip",
    "replace_music": "Replacing the music",
    "undo": "Undoing the last change",
    "render": "Rendering",
    "export": "Exporting",
}
_PARTS = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


def doing(name: str) -> str:
    """What a tool does, as a short phrase; an unknown name becomes its words (``plan_cuts`` → "Plan cuts")."""
    known = _WORDS.get(name) or _WORDS.get(name.lower())
    if known:
        return known
    words = " ".join(part.lower() for part in _PARTS.findall(name)) or "Working"
    return words[:1].upper() + words[1:]
