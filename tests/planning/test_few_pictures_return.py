"""Five photos under a calm 95 s piece (issue 29, held-out export 03: each photo back two or three times, always
whole and wide, "by the second minute it feels like a loop"): each comes back at most once, three shots apart or
more, and opens its return on another view of itself where its pixels allow one."""

from __future__ import annotations

import itertools

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.protocol import MediaInfo, MediaKind, Segment
from nemo_notebook.protocol.showings import showings, times_shown
from tests.render.synth import click_analysis

DURATION_MS = 95_300
SONG = MediaInfo("song", "love-theme.ogg", MediaKind.AUDIO, "ogg", 1000, duration_ms=DURATION_MS)
SIZES = ((2560, 1600), (1920, 1200), (2560, 1920), (1280, 1024), (1600, 1203))  # held-out 03's five photos
PHOTOS = [MediaInfo(f"p{i}", f"p{i}.jpg", MediaKind.IMAGE, "jpg", 10 + i, width=w, height=h) for i, (w, h) in
          enumerate(SIZES)]  # fmt: skip
SECTIONS = (0, 11_000, 26_000, 42_000, 53_000, 62_000, 74_000, 85_000)
ENERGY = tuple(0.3 + 0.25 * ((t // 190) % 3 == 1) for t in range(DURATION_MS // 100 + 1))  # swells, no drive


def _lane(seed: int) -> list[Segment]:
    analysis = click_analysis(84, DURATION_MS, energy=ENERGY, sections_ms=SECTIONS, drive=0.1)
    draft = plan_music_video(SONG, analysis, [(p, None) for p in PHOTOS], MusicVideoOptions(seed=seed))
    return sorted(next(t for t in draft.tracks if t.meta.get("role") == "visuals").segments, key=lambda s: s.start_ms)


def _view(shot: Segment) -> tuple[object, object]:
    return shot.meta.get("framing", "wide"), shot.meta.get("zoom", 1.0)


def test_five_photos_under_a_calm_piece_come_back_once_far_apart_in_another_view() -> None:
    for seed in range(3):
        lane = _lane(seed)
        runs = showings(lane)
        assert max(times_shown(lane).values()) <= 2, (seed, times_shown(lane))  # main: two photos 3 times (12 shots)
        where: dict[str, list[int]] = {}
        for n, run in enumerate(runs):
            where.setdefault(run[0].src or "", []).append(n)
        gaps = [b - a for places in where.values() for a, b in itertools.pairwise(places)]
        assert min(gaps) >= 3, (seed, where)
        zoomable = {"p0", "p1"}  # 2560x1600 and 1920x1200 have a near view in 16:9; the smaller ones do not
        for src, places in where.items():
            if src in zoomable and len(places) > 1:
                assert _view(runs[places[1]][0]) != _view(runs[places[0]][0]), (seed, src)  # main: wide both times
