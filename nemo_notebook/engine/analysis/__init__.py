"""Audio and video analysis: rhythm, energy and sections of music; cuts, motion, colour and mood of clips.

``analyze_audio(path)`` and ``analyze_video(path)`` return frozen values (see ``types``); heavy libraries load on
first use.
"""

from __future__ import annotations

from .types import AudioAnalysis, VideoAnalysis

__all__ = ["AudioAnalysis", "VideoAnalysis"]
