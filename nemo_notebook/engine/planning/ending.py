"""How a music video ends: with the music. The last shot fades to black over the last seconds; a song cut short
fades out with it (a song that ends by itself keeps its own ending in the sound)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from ...protocol import Segment

ENDING_FADE_MS = 2500
SONG_END_SLACK_MS = 500  # a cut this close to the song's own end is its end
HELD_MS = 4500  # an end card's 4 s (``render.end_card.END_CARD_MS``) and its fade in: one shot under all of it


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


def held_ending(shots: list[Segment], duration_ms: int, footage_ms: Mapping[str, int]) -> list[Segment]:
    """``shots`` with the last held over the last ``HELD_MS`` (where an end card shows): the shots that would begin
    there are dropped and the one before runs to the end, a clip only where it has the footage (``footage_ms``, each
    clip's length by its id; otherwise the shots are left as they are). The cuts kept stay on their beats."""
    held_from = duration_ms - HELD_MS
    kept = [sg for sg in shots if sg.start_ms <= held_from]
    if not kept or len(kept) == len(shots):
        return shots
    last = kept[-1]
    if last.in_ms is not None and last.in_ms + duration_ms - last.start_ms > footage_ms.get(last.src or "", 0):
        return shots
    return [*kept[:-1], replace(last, duration_ms=duration_ms - last.start_ms)]
