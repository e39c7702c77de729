"""The picture dims with a song's own quiet outro: from where the song falls into it (``SoundEnding.dim_ms``: the
song's own decay, longer than the video's ending fade) the pictures, cover and backdrop dim to ``DIM_LEVEL`` of
their brightness, and from ``SoundEnding.black_from_ms`` (1.5 s before the sound has gone) the last shot's own
fade takes them to black. The visualizer and texts are laid over the dimmed picture, so the visualizer keeps drawing the
outro at full brightness until that last fade (``visualizer_timing.closing_fade``).

Held-out 04 (an electronic track whose last 8 s play 12 LU under its body, -29 LUFS short-term to its last frame)
either faded its picture and visualizer to black over those 8 s, or held them lit to the last 2.5 s and faded
there: a blind reviewer asked for the picture to follow the outro, and found both "essentially black" while the
music still played.
"""

from __future__ import annotations

from ...protocol import Draft
from ...protocol.sound_ending import DIM_LEVEL, sound_ending
from .end_card import end_card_of
from .graph import seconds

BLACK = 16 / 255  # the video's black (TV range): the dim scales the picture's light above it


def outro_dim(draft: Draft) -> str:
    """An ``eq`` dimming the picture linearly to ``DIM_LEVEL`` over the song's quiet outro, held there to the end
    (its luma above black and its colour scaled alike); "" where the song has no such outro or an end card draws
    the ending (``end_card.picture_dim``)."""
    sound = sound_ending(draft)
    if not sound.dim_ms or end_card_of(draft) is not None:
        return ""
    start = seconds(sound.from_ms)
    level = f"(1-{1 - DIM_LEVEL:g}*clip((t-{start})/{seconds(sound.dim_ms)},0,1))"
    return (
        f"eq=contrast='{level}':brightness='({level}-1)*{0.5 - BLACK:.4f}':saturation='{level}':eval=frame"
        f":enable='gte(t,{start})'"
    )
