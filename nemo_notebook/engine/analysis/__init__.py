"""Audio and video analysis: rhythm, energy and sections of music; cuts, motion, colour and mood of clips.

``analyze_audio(path)`` and ``analyze_video(path)`` return frozen values (see ``types``); heavy libraries load on
first use.
"""

from __future__ import annotations

from .audio import analyze_audio
from .decode import DecodedAudio, decode_audio
from .types import AudioAnalysis, VideoAnalysis
from .video import analyze_video

__all__ = ["AudioAnalysis", "DecodedAudio", "VideoAnalysis", "analyze_audio", "analyze_video", "decode_audio"]
