"""A picture the material brings back under calm music is seen in another view (issue 29, held-out 03: five photos
back two or three times each, always whole and wide, "it feels like a loop"): the planned return, rendered, shows
the picture's subject nearer than its first showing does."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.render import render_draft
from nemo_notebook.protocol import MediaInfo, MediaKind, Segment
from nemo_notebook.protocol.showings import showings
from tests.render.scenes import HEIGHT, WIDTH, empty_sky, kite_sky, save, twice
from tests.render.synth import click_analysis
from tests.render.test_reframes import _frames, _kite_pixels

from .drafts import draft, shot

DURATION_MS = 45_000


def _planned_kite_showings(media: dict[str, tuple[Path, MediaInfo]]) -> list[Segment]:
    song = MediaInfo("song", "calm.ogg", MediaKind.AUDIO, "ogg", 1000, duration_ms=DURATION_MS)
    analysis = click_analysis(84, DURATION_MS, energy=(0.35,) * 451, drive=0.1)
    visuals = [(info, None) for _, info in media.values()]
    planned = plan_music_video(song, analysis, visuals, MusicVideoOptions(seed=0))
    lane = next(t for t in planned.tracks if t.meta.get("role") == "visuals").segments
    return [run[0] for run in showings(lane) if run[0].src == "kite"]


def test_a_calm_video_s_returning_picture_shows_its_subject_nearer(tmp_path: Path) -> None:
    size = {"width": 2 * WIDTH, "height": 2 * HEIGHT}  # 2560x1600: a close view at 1080 lines
    media = {
        name: (path, MediaInfo(name, path.name, MediaKind.IMAGE, "png", 1, **size))
        for name, path in (
            ("kite", twice(save(kite_sky(0), tmp_path / "kite.png"))),
            ("sky", twice(save(empty_sky(1), tmp_path / "sky.png"))),
        )
    }
    kite = _planned_kite_showings(media)
    assert len(kite) >= 2, kite  # two pictures for 45 s: the kite comes back
    first, back = kite[0], kite[1]
    views = [{k: v for k, v in s.meta.items() if k in ("framing", "zoom")} for s in (first, back)]
    # each showing's planned view held still for a second (its slow move aside), then the other picture
    shots = [
        shot("kite", 0, 1000, motion="none", name="kite.png", **views[0]),
        shot("sky", 1000, 1000, motion="none", name="sky.png"),
        shot("kite", 2000, 1000, motion="none", name="kite.png", **views[1]),
    ]
    made = render_draft(draft(shots, 3000, music=None), media, tmp_path / "r.mp4", size=(320, 180))
    frames = _frames(made.path)
    shown, again = frames[15], frames[75]
    assert _kite_pixels(shown) >= 4
    assert _kite_pixels(again) >= 1.8 * _kite_pixels(shown), (views, _kite_pixels(shown), _kite_pixels(again))
    assert np.abs(again - shown).mean() > 8, np.abs(again - shown).mean()  # main: the same wide view, 0
