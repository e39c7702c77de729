"""A picture whose views look alike (a 1920x1080 photo in a 1080p frame: its nearest view 1.16 times nearer) pans
and zooms from an edge of itself, so its showings differ (issue 29, held-out export 01 of stop 52: a blue abstract looked
the same at every showing); a picture with near views of its own keeps its moves centred."""

from __future__ import annotations

import pytest

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.protocol import MediaInfo, MediaKind
from tests.planning.test_energetic_pace import LOUD, PHOTOS, SECTIONS, SONG
from tests.render.synth import click_analysis

SMALL = MediaInfo("m_small", "abstract.jpg", MediaKind.IMAGE, "jpg", 99, width=1920, height=1080)


@pytest.mark.parametrize("seed", range(3))
def test_a_picture_whose_views_look_alike_pans_from_the_edge(seed: int) -> None:
    """merge53 (213caf1): no shot has ``move_from``."""
    beats = click_analysis(120, 60_000).beats_ms
    analysis = click_analysis(120, 60_000, energy=LOUD, sections_ms=SECTIONS, drive=0.9, kicks_ms=beats)
    draft = plan_music_video(SONG, analysis, [(p, None) for p in (*PHOTOS[:3], SMALL)], MusicVideoOptions(seed=seed))
    lane = next(t for t in draft.tracks if t.meta.get("role") == "visuals").segments
    pans = [s for s in lane if str(s.meta.get("motion", "")).startswith(("pan_", "zoom_"))]
    small = [s for s in pans if s.src == SMALL.id]
    assert small and all(s.meta.get("move_from") == "edge" for s in small), [s.meta for s in small]
    views = [(s.src, s.meta.get("framing"), s.meta.get("zoom")) for s in lane]
    edged = [k for k, s in enumerate(lane) if s in pans and s.src != SMALL.id and "move_from" in s.meta]
    assert all(views[k] in views[:k] for k in edged)  # others only in a view shown before (``views_apart``)


def test_alike() -> None:
    from nemo_notebook.engine.planning.edge_pans import alike  # new here

    assert alike(()) and alike((("wide", 1.0), ("close", 1.16)))
    assert not alike((("wide", 1.0), ("close", 1.5), ("wide", 1.0), ("detail", 1.55)))
