"""The strongest picture to open a video on (issue 29): sharp, colourful, with contrast, scored on real files."""

from __future__ import annotations

from pathlib import Path

from nemo_notebook.engine.analysis.picture import appeal
from tests.render.synth import ffmpeg

SHARP = "testsrc2=s=640x360"  # colour bars, text and moving shapes: sharp edges, saturated colours


def _picture(path: Path, source: str) -> Path:
    ffmpeg("-f", "lavfi", "-i", source, "-frames:v", "1", "-q:v", "3", str(path))
    return path


def test_a_sharp_colourful_picture_outscores_weak_ones(tmp_path: Path) -> None:
    strong = appeal(_picture(tmp_path / "strong.jpg", SHARP))
    blurred_grey = appeal(_picture(tmp_path / "grey.jpg", f"{SHARP},hue=s=0,gblur=sigma=6"))
    dark_flat = appeal(_picture(tmp_path / "dark.jpg", f"{SHARP},eq=brightness=-0.35:contrast=0.3:saturation=0.3"))
    plain = appeal(_picture(tmp_path / "plain.jpg", "color=c=0x8090a0:s=640x360"))
    assert strong is not None and blurred_grey is not None and dark_flat is not None and plain is not None
    assert strong > max(blurred_grey, dark_flat) + 0.2, (strong, blurred_grey, dark_flat)
    assert plain < 0.1 < strong <= 1.0


def test_a_file_that_is_no_picture_has_no_score(tmp_path: Path) -> None:
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not a picture")
    assert appeal(broken) is None
    assert appeal(tmp_path / "missing.jpg") is None
