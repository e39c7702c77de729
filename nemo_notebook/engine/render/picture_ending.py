"""The picture ends with the music: where the sound fades out at the end of the video, a last shot that would stop on a
lit frame fades to black with it (a blind reviewer's scored travel clip held a mean luma of 126 to its last frame
while its score faded over 2 s: 'it stops abruptly'). Under an end card the picture holds and fades only in the
card's last moments (``end_card.with_card_ending``); a music video's planned ending (``planning.ending``) and a fade
the user asked for are kept where they are as long.
"""

from __future__ import annotations

from dataclasses import replace

from ...protocol import Draft
from ..planning.sound_ending import END_SLACK_MS, music_fade_out_ms, number
from .end_card import end_card_of, with_card_ending
from .timeline import visuals_track


def with_ending(draft: Draft) -> Draft:
    """``draft`` as its end is drawn: the end card's held shot where it has one, else its last shot fading out over
    the sound's fade at the end (``music_fade_out_ms``) where that is longer than the shot's own fade."""
    if end_card_of(draft) is not None:
        return with_card_ending(draft)
    fade, track = music_fade_out_ms(draft), visuals_track(draft)
    if fade <= 0 or track is None or not track.segments:
        return draft
    last = max(track.segments, key=lambda sg: sg.end_ms)
    if last.end_ms < draft.duration_ms - END_SLACK_MS or (number(last.meta.get("fade_out_ms")) or 0) >= fade:
        return draft
    faded = last.with_meta(fade_out_ms=min(fade, last.duration_ms))
    lane = track.with_segments([faded if sg is last else sg for sg in track.segments])
    return replace(draft, tracks=tuple(lane if t is track else t for t in draft.tracks))
