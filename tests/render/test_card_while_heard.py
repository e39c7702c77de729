"""An end card over a long fade comes up while the music is still heard (``SoundEnding.card_from_ms``, s53), and the
Timeline line and the reply say where it shows.

Held-out 03 (a calm recording that stops at 1:35 while its music still plays, faded out by the engine over its last
8 s from 1:27): its card showed over the last 4 s, 91.3-95.3 s, where a blind reviewer (s52) measured the music at
about -42 dB: "the end card plays mostly over silence". The engine's fade (square in amplitude) is 6 dB down 2.4 s
in; the card now comes up there, at 89.7 s. On main c5bba5c the first test fails: the card begins at 91.3 s, and the
Timeline line says "(91.3-95.3s)".
"""

from __future__ import annotations

from nemo_notebook.engine.agent.end_card import card_words
from nemo_notebook.engine.render.end_card import card_start_ms
from nemo_notebook.protocol import Draft, Segment, Track, TrackType
from nemo_notebook.protocol.summary import summarize

END_MS, FADE_MS = 95_300, 8000
CARD: dict[str, object] = {"title": "Love Theme", "artist": "Ryan Reilly"}


def _draft(fade_ms: int) -> Draft:
    music = Segment(0, END_MS, src="m_song", in_ms=0, meta={"fade_out_ms": fade_ms})
    picture = Segment(0, END_MS, src="m_pic")
    tracks = (Track(TrackType.VIDEO, (picture,)), Track(TrackType.AUDIO, (music,), meta={"role": "music"}))
    return Draft(tracks=tracks, duration_ms=END_MS, meta={"end_card": CARD})


def test_a_card_over_a_long_fade_comes_up_while_the_music_is_heard() -> None:
    start = card_start_ms(_draft(FADE_MS))
    assert start is not None and END_MS - FADE_MS + 2000 <= start <= END_MS - FADE_MS + 2600, start  # main: 91300
    assert summarize(_draft(FADE_MS)).endswith('End card: "Love Theme / Ryan Reilly" (89.7-95.3s)')
    assert "over the last 6 s" in card_words(CARD, False, _draft(FADE_MS))


def test_a_card_over_a_short_fade_shows_over_the_last_4_s() -> None:
    assert card_start_ms(_draft(2500)) == END_MS - 4000
    assert "over the last 4 s" in card_words(CARD, False, _draft(2500))
