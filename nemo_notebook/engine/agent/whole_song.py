"""The whole song: how long a video that plays all of a track lasts, as the planner makes it (as long as the song
sounds: a song that stops into silence ends a moment after its last sound, ``planning.song_ending.sounding_ms``), so
that a length asked later, a release pack's full video or a shorter version's "the whole song" measure against the
video the user has, not the file's silent tail."""

from __future__ import annotations

from ...protocol import MediaInfo
from .context import AgentContext


def whole_song_ms(ctx: AgentContext, track: MediaInfo) -> int:
    """How long a video that plays all of ``track`` lasts (its sounding length; its file's where it sounds to the
    end)."""
    from ..planning.song_ending import sounding_ms

    return sounding_ms(ctx.audio_analysis(track.id), track.duration_ms)


def plays_whole_song(ctx: AgentContext, track: MediaInfo, length_ms: int) -> bool:
    """Whether ``length_ms`` is the whole of ``track``: as long as it sounds, within ``SONG_END_SLACK_MS``."""
    from ..planning.ending import SONG_END_SLACK_MS

    return length_ms >= whole_song_ms(ctx, track) - SONG_END_SLACK_MS
