"""Each picture of a render is decoded once for everything the engine measures of it (issue 27: "each source
decoded once"): the crop's thumbnail and fine detail, the faces, the figures, the moments' comparison and the
visualizer's automatic place each read it at their own width, pass after pass over the shots. With only the two
latest decoded frames kept, a 3-minute video from 100 12-megapixel photos decoded each photo four to five times
(170 CPU s of its render at preview, `python -m tests.benchmarks decode`)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from nemo_notebook.engine.render import frames, render_draft

from .conftest import Assets
from .drafts import draft, shot
from .synth import ffmpeg, image_info


def _photo(path: Path, seed: int) -> Path:
    ffmpeg("-f", "lavfi", "-i", f"gradients=s=1600x1200:seed={seed}:nb_colors=3", "-frames:v", "1", str(path))
    return path


def test_every_picture_is_decoded_once_for_all_the_render_measures(
    assets: Assets, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    photos = {f"p{i}": _photo(tmp_path / f"p{i}.jpg", 40 + i) for i in range(4)}
    decoded: Counter[Path] = Counter()
    real = frames._decoded

    def counting(path: Path, at_ms: int) -> Any:
        decoded[path] += 1
        return real(path, at_ms)

    monkeypatch.setattr(frames, "_decoded", counting)
    media = {**{k: (p, image_info(k, p)) for k, p in photos.items()}, "click": assets.media["click"]}
    order = ["p0", "p1", "p2", "p3", "p0", "p2", "p1", "p3"]  # each picture shown twice, the showings apart
    video = draft([shot(k, i * 500, 500) for i, k in enumerate(order)], 4000, visualizer={"effect": "spectrum"})
    render_draft(video, media, tmp_path / "out.mp4", quality="preview", cache_dir=tmp_path / "cache")
    shown = {path.name: decoded[path] for path in photos.values()}
    assert set(shown.values()) == {1}, shown


def test_the_measures_read_at_the_widths_a_decode_is_brought_to() -> None:
    """A measure reading another width would decode every picture again for itself."""
    from nemo_notebook.engine.render import faces, figures, framing, measured_moments

    widths = {faces._WIDTH, figures._WIDTH, framing._THUMB_WIDTH, framing._FINE_WIDTH, measured_moments._WIDTH}
    assert widths <= set(frames.MEASURED_WIDTHS)
