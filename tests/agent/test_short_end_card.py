"""A short's end card keeps the cut its plan made on the last downbeat before the music fades
(``planning.shorts.closing_cut``): held-out 02's card came up at 26.0 s and held one still from 24.63 s, 5.4 s,
while the song played at full loudness to 27.6 s."""

from __future__ import annotations

from nemo_notebook.engine.agent.end_card import held_for_card
from nemo_notebook.engine.planning.ending import ClipRoom
from nemo_notebook.engine.planning.shorts import CARD_CUT_MS
from nemo_notebook.protocol.sound_ending import sound_ending
from tests.planning.test_short_ending import _short
from tests.planning.test_shorts import _shots


def test_a_shorts_card_keeps_its_cut_on_the_downbeat_before_the_fade() -> None:
    draft = _short(3, from_hook=True).with_meta(end_card={"title": "Night Drive"})
    planned = _shots(draft)[-1].start_ms
    card_from = sound_ending(draft).card_from_ms
    assert card_from < planned <= card_from + CARD_CUT_MS, (card_from, planned)
    assert _shots(held_for_card(draft, ClipRoom()))[-1].start_ms == planned
    whole = draft.with_meta(short=False)  # a whole video holds one shot under all of its card and its fade in
    assert _shots(held_for_card(whole, ClipRoom()))[-1].start_ms < card_from
