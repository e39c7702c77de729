"""A calm video that closes on its opening picture closes in the opening's view and move (held-out 03: the leaf with
raindrops closed in its close view, panning over a picture enlarged again, "upscaled and smeary" to a blind
reviewer, who asked to "close on the opening framing so it rhymes")."""

from __future__ import annotations

from nemo_notebook.engine.planning.closing_rhyme import closes_as_opened
from nemo_notebook.protocol import Segment

OPENING = {"motion": "zoom_out", "move_from": "edge"}
CLOSE = {"motion": "pan_left", "framing": "close", "zoom": 1.16, "fade_out_ms": 7959, "transition_in": "dissolve"}


def _lane(last_ms: int = 10_000, last_in: int | None = None) -> list[Segment]:
    return [
        Segment(0, 11_000, "leaf", meta=dict(OPENING)),
        Segment(11_000, 9_000, "flower", meta={"motion": "pan_down"}),
        Segment(20_000, last_ms, "leaf", in_ms=last_in, meta=dict(CLOSE)),
    ]


def test_the_closing_showing_of_the_opening_picture_takes_its_view_and_move() -> None:
    last = closes_as_opened(_lane(), calm=True)[-1]
    assert last.meta == {"fade_out_ms": 7959, "transition_in": "dissolve", **OPENING}  # main: close@1.16, pan_left


def test_driving_music_a_clip_or_a_shot_too_short_for_the_zoom_keep_their_own() -> None:
    assert closes_as_opened(_lane(), calm=False)[-1].meta == CLOSE
    assert closes_as_opened(_lane(last_in=0), calm=True)[-1].meta == CLOSE
    assert closes_as_opened(_lane(last_ms=1500), calm=True)[-1].meta == CLOSE
