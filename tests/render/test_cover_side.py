"""A wide poster fills the side beside its cover: the type level with the cover's top, the bars under it down to
the cover's bottom (a block 0.2 of the height centred on the cover left the lower right empty blur)."""

from __future__ import annotations

import pytest

from nemo_notebook.engine.render.cover_layout import cover_layout


@pytest.mark.parametrize("cover_size", [(4096, 4096), (3000, 2000), (2000, 3000)])
@pytest.mark.parametrize("credit", [("Digital Pursuit", "Parapraxis"), ("Go", ""), ("A Much Longer Title Here", "X")])
def test_a_wide_posters_type_and_bars_span_the_covers_height(
    cover_size: tuple[int, int], credit: tuple[str, str]
) -> None:
    layout = cover_layout("poster", 1920, 1080, cover_size, credit)
    cover, bars = layout.cover, layout.visualizer
    assert abs(layout.title.y - cover.y) <= 2, (layout.title, cover)
    assert cover.bottom - 2 <= bars.bottom <= cover.bottom, (bars, cover)  # was 0.2 of the height, centred
    assert bars.height >= 0.15 * 1080, bars
    assert bars.x >= cover.x + cover.width, (bars, cover)  # beside the cover, never over it
