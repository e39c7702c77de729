"""Planning: drafts made from analysis. ``music_video``: a video for a piece of music (beat cuts, visualizer);
``score``: music under the user's clips, or the clips cut to the music; ``sync``: a beat grid that fits the cuts."""

from __future__ import annotations

from .music_video import MusicVideoOptions, plan_music_video, recut_to_beats
from .score import plan_score, recut_clips_to_beats
from .sync import BeatGrid, choose_beat_grid, choose_tempo_and_phase

__all__ = [
    "BeatGrid",
    "MusicVideoOptions",
    "choose_beat_grid",
    "choose_tempo_and_phase",
    "plan_music_video",
    "plan_score",
    "recut_clips_to_beats",
    "recut_to_beats",
]
