"""How a video ends, in one plain clause of the reply that builds it, where the picture follows the song's own quiet
outro (``render.outro_dim``): "; the picture dims with the song's fade from 3:08 and ends on black". A blind
reviewer of held-out 04 (an electronic track whose outro plays 20 dB under its body) did not notice its ending; the
reply did not say there was one. Nothing is said of any other ending (a fade over the last seconds, an end card)."""

from __future__ import annotations

from ...protocol import Draft
from ...protocol.sound_ending import sound_ending
from ..render.end_card import end_card_of
from .replies import clock


def ending_words(after: Draft, zh: bool) -> str:
    """'; the picture dims with the song's fade from 3:08 and ends on black' where the picture dims with the song's
    own quiet outro (``SoundEnding.dim_ms``, no end card); "" otherwise."""
    sound = sound_ending(after)
    if not sound.dim_ms or end_card_of(after) is not None:
        return ""
    at = clock(sound.from_ms)
    return (
        f"；画面从{at}起随歌曲渐弱变暗，最后落在黑场"
        if zh
        else f"; the picture dims with the song's fade from {at} and ends on black"
    )
