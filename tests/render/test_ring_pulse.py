"""The pulse design's ring pulses on the beat, as much as its scene is loud (``render.ring_pulse``): a blind reviewer
of held-out 06 (stop 62): "the ring barely changes size in the frames"; its radius changed under 2 % in a loud
stretch (p10-p90 over 4 s: 0.0-0.2 %), only its bars and the tunnel moving with the beat.

The song of ``test_track_alone_composition`` (quiet, loud, loud, the drop; 120 BPM; its ring drawn pure green),
rendered at 640x360. Measured on each frame of a section, a second clear of its ends: the ring's inner radius (the
5th percentile of its green pixels' distances from their centre over the section; its solid band, drawn at every
level, lies there), and its spread over the section (p90 less p10, a share of the median)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nemo_notebook.engine.render import render_draft

from .green_ring import inner_radii
from .test_track_alone_composition import LENGTH_MS, SECTION_MS, _planned
from .test_track_alone_look import rgb_frames

SIZE = (640, 360)


def _spread(frames: np.ndarray) -> float:
    """The ring's inner radius's p10-p90 over ``frames``, a share of its median."""
    radii = inner_radii(frames)
    inner = radii[~np.isnan(radii)]
    p10, p50, p90 = np.percentile(inner, [10, 50, 90])
    return float((p90 - p10) / p50)


def test_the_ring_grows_on_each_beat_in_loud_scenes_and_gently_in_quiet_ones(tmp_path: Path) -> None:
    made, media = _planned(tmp_path, "pulse")
    out = render_draft(made, media, tmp_path / "ring.mp4", quality="low", size=SIZE)
    frames = rgb_frames(out.path, SIZE)
    fps = len(frames) / (LENGTH_MS / 1000)
    spans = [(n * SECTION_MS / 1000 + 1, (n + 1) * SECTION_MS / 1000 - 1) for n in range(4)]
    spreads = [_spread(frames[round(a * fps) : round(b * fps)]) for a, b in spans]
    quiet, loud, drop = spreads[0], min(spreads[1:3]), spreads[3]
    # main 5fd40107: the ring's size the same on every frame of each section
    assert loud >= 0.05 and drop >= 0.05, spreads
    assert quiet <= 0.5 * loud, spreads
    assert max(spreads) <= 0.14, spreads  # a pulse, not a throb
