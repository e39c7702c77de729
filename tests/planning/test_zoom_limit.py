"""No framing enlarges a picture past what its pixels carry (issue 29: a painting zoomed until it looked blocky):
planning's close views and the renderer's framings keep one limit (``protocol.vocabulary.nearest_zoom``), a close
view enlarges a source's own pixels at most ``CLOSE_UPSCALE`` times, and a picture too small for one is not
zoomed in at all."""

from __future__ import annotations

import dataclasses

import pytest

from nemo_notebook.engine.planning.reframes import most_zoom
from nemo_notebook.engine.render.framings import framing_key, parse_key, sharp_zoom
from nemo_notebook.engine.render.graph import even
from nemo_notebook.protocol.vocabulary import ASPECT_SIZES, CLOSE_UPSCALE, MOTION_MARGIN
from tests.planning.test_reframes import BIG, _draft, _lane

SIZES = [(2560, 1600), (4000, 3000), (1920, 1080), (1600, 1600), (1080, 1920), (800, 500)]


def _enlargement(size: tuple[int, int], aspect: str, zoom: float) -> float:
    """How many times a source's own pixels are enlarged in a 1080-line frame, at ``zoom`` times its wide view."""
    w, h = ASPECT_SIZES[aspect]
    return zoom * max(even(w * MOTION_MARGIN) / size[0], even(h * MOTION_MARGIN) / size[1])


@pytest.mark.parametrize("aspect", ["16:9", "9:16", "1:1"])
@pytest.mark.parametrize("size", SIZES)
def test_planning_and_the_renderer_keep_one_zoom_limit(size: tuple[int, int], aspect: str) -> None:
    """The renderer holds any zoom a draft asks for to the zoom planning allows (within a pixel's rounding), and
    that zoom never enlarges the pixels past ``CLOSE_UPSCALE`` unless the wide view itself does (zoom 1)."""
    info = dataclasses.replace(BIG[0], width=size[0], height=size[1])
    w, h = ASPECT_SIZES[aspect]
    box = (even(w * MOTION_MARGIN), even(h * MOTION_MARGIN))
    planned = most_zoom(info, aspect)
    assert sharp_zoom(10.0, size, box) == pytest.approx(planned, rel=0.01)
    assert planned == 1.0 or _enlargement(size, aspect, planned) <= CLOSE_UPSCALE + 0.01


@pytest.mark.parametrize("pictures", [BIG[:3], [dataclasses.replace(p, width=1600, height=1000) for p in BIG[:3]]])
def test_no_planned_close_view_enlarges_a_picture_past_the_limit(pictures: list) -> None:  # type: ignore[type-arg]
    """A drop cut between framings of large and of middling photos: every close view or detail, as the renderer
    reads it, enlarges the photo's pixels at most ``CLOSE_UPSCALE`` times at 1080 lines."""
    lane = _lane(_draft(pictures))
    sizes = {p.id: (p.width, p.height) for p in pictures}
    near = [sg for sg in lane if framing_key(sg)]
    for sg in near:
        zoom = parse_key(framing_key(sg))[1]
        assert _enlargement(sizes[str(sg.src)], "16:9", zoom) <= CLOSE_UPSCALE + 0.01, (sg.src, zoom)
    assert near or all(most_zoom(p, "16:9") < 1.3 for p in pictures)  # framed nearer only where the pixels allow
