"""The picture dims with a song's own quiet outro: from where the song falls into it (``SoundEnding.dim_ms``: the
song's own decay, longer than the video's ending fade) the whole frame (pictures, cover, backdrop, visualizer, title
and credit: everything but an end card, which draws its own ending) dims to ``DIM_LEVEL`` of its brightness within
``DIM_RAMP_MS``, and from ``SoundEnding.black_from_ms`` (``OUTRO_BLACK_MS`` before the last sound ends) each layer's
own fade takes it to black.

Held-out 04 (an electronic track whose last 8 s play 12 LU under its body, -29 LUFS short-term to its last frame)
either faded its picture and visualizer to black over those 8 s, or held them lit to the last 2.5 s and faded
there: a blind reviewer asked for the picture to follow the outro, and found both "essentially black" while the
music still played. Dimmed to half over the whole outro, under a visualizer, title and credit at full light, a
blind reviewer did not notice the dim at all (frame mean 68 -> 47 2 s after the fall, then 41).
"""

from __future__ import annotations

from ...protocol import Draft, Segment
from ...protocol.sound_ending import DIM_LEVEL, DIM_RAMP_MS, sound_ending
from .end_card import end_card_of
from .graph import MediaMap, seconds
from .outro_level import BARS_FADE_S, bars_gone_s, outro_follow

BLACK = 16 / 255  # the video's black (TV range): the dim scales the picture's light above it


def outro_dim(draft: Draft, media: MediaMap | None = None) -> str:
    """An ``eq`` dimming the frame with the song's quiet outro, its light following the outro's level from its fall
    (``outro_level``; ``media``: the files, to read it) to black with its last sound (its luma above black and its
    colour scaled alike; unread, to ``DIM_LEVEL`` over ``DIM_RAMP_MS``); "" where the song has no such outro or an
    end card draws the ending (``end_card.picture_dim``)."""
    sound = sound_ending(draft)
    if not sound.dim_ms or end_card_of(draft) is not None:
        return ""
    start = seconds(sound.from_ms)
    ramp = f"(1-{1 - DIM_LEVEL:g}*clip((t-{start})/{seconds(min(DIM_RAMP_MS, sound.dim_ms))},0,1))"
    level = (outro_follow(draft, media, sound) if media else "") or ramp  # its level unread: the ramp to DIM_LEVEL
    return (
        f"eq=contrast='{level}':brightness='({level}-1)*{0.5 - BLACK:.4f}':saturation='{level}':eval=frame"
        f":enable='gte(t,{start})'"
    )


def bars_fade(draft: Draft, media: MediaMap, segment: Segment) -> str:
    """The visualizer's fade out (of its alpha, ending in a comma; ``segment``'s own time) where the song's quiet
    outro has fallen so far that it would draw a flat line (``outro_level.bars_gone_s``); "" elsewhere."""
    sound = sound_ending(draft)
    if not sound.dim_ms or end_card_of(draft) is not None:
        return ""
    gone = bars_gone_s(draft, media, sound)
    if gone is None or gone * 1000 >= segment.end_ms:
        return ""
    start = max(0.0, gone - segment.start_ms / 1000)
    return f"fade=t=out:st={start:.3f}:d={BARS_FADE_S:g}:alpha=1,"
