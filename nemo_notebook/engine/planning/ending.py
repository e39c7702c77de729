"""How a music video ends: with the music. The last shot fades to black over the last seconds; a song cut short
fades out with it (a song that ends by itself keeps its own ending in the sound)."""

from __future__ import annotations

from dataclasses import replace

from ...protocol import Segment

ENDING_FADE_MS = 2500
SONG_END_SLACK_MS = 500  # a cut this close to the song's own end is its end


def ending_ms(duration_ms: int) -> int:
    return min(ENDING_FADE_MS, duration_ms // 4)


def ending(shots: list[Segment], duration_ms: int) -> list[Segment]:
    """The video ends with the music: its last shot fades to black over the last seconds (a song that ends by itself
    keeps its own ending in the sound; one cut short fades with the picture, `lanes.music_track`)."""
    if not shots:
        return shots
    last = shots[-1]
    fade = min(ending_ms(duration_ms), last.duration_ms)
    return [*shots[:-1], replace(last, meta={**last.meta, "fade_out_ms": fade})]


def without_ending(shot: Segment) -> Segment:
    """``shot`` without the ending's fade, for a shot re-used elsewhere on a re-cut timeline."""
    if "fade_out_ms" not in shot.meta:
        return shot
    return replace(shot, meta={k: v for k, v in shot.meta.items() if k != "fade_out_ms"})
