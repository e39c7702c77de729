"""A cover video's layout cuts go on the song's bars where its tracked downbeats slip off them for a while
(``bar_grid``): held-out 04's downbeats lay 120-190 ms late from 1:36 to 2:10, and its layout change at 96.2 s
landed "6 frames after the beat (others are on it)" (a blind reviewer of s65-cover2). Over a song of 2 s bars whose
tracked downbeats run 190 ms late from 96 s to 130 s (closing up by 136 s, as 04's did), the capped section's cut
and the phrase pieces' cuts inside it lie on the bars."""

from __future__ import annotations

from nemo_notebook.engine.render.cover_phrases import phrase_pieces
from nemo_notebook.engine.render.cover_scenes import scene_sections
from nemo_notebook.protocol import Draft

SLIP_MS = 190


def _slipped() -> Draft:
    bars = list(range(0, 196_000, 2000))
    tracked = [b + SLIP_MS if 96_000 <= b <= 130_000 else b for b in bars]
    tracked = [b - 60 * (b - 130_000) // 2000 if 130_000 < b < 136_000 else b for b in tracked]  # closing up
    sections = [
        {"start_ms": 0, "end_ms": 56_000, "level": "middle"},
        {"start_ms": 56_000, "end_ms": 136_000, "level": "middle"},
        {"start_ms": 136_000, "end_ms": 196_000, "level": "loudest"},
    ]
    meta = {"downbeats_ms": tracked, "sections": sections, "bpm": 120.0, "seconds_db": [-10.0] * 196}
    return Draft(tracks=(), duration_ms=196_000, meta=meta)


def test_a_capped_sections_cut_lies_on_the_bar_not_the_slipped_downbeat() -> None:
    starts = [s.start_ms for s in scene_sections(_slipped())]
    assert 96_000 in starts, starts  # main: 96190, 6 frames late at 30 fps


def test_phrase_cuts_inside_a_slipped_stretch_lie_on_the_bars() -> None:
    made = _slipped()
    cuts = [a for a, _, _ in phrase_pieces(made, scene_sections(made))]
    assert all(a % 2000 == 0 for a in cuts), cuts
    assert any(96_000 < a < 130_000 for a in cuts), cuts  # the slipped stretch has a cut of its own
