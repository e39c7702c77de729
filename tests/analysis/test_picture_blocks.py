"""A JPEG's blocks are looked for on its own 8-pixel grid, however large it is (issue 27/29, s54-kinds2): past 4096
pixels the picture was scaled to 4096 first, so the grid measured was no longer the JPEG's. A clean 108 MP photo
measured 5.69 and was said "shown less than the others ... (blocky when enlarged)"; the same held at 48 MP."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from nemo_notebook.engine.analysis.picture import BLOCKY, blocky, measures

SIZE = (8000, 6000)  # a 48 MP phone photo's


def _two_colours(path: Path) -> Path:
    """A clean 48 MP JPEG (quality 90): orange with a straight edge at x=4125 and y=3125 (off its 8-pixel grid), on
    blue. Scaled to 4096x3072 those edges fall on that copy's 8-pixel grid (2112, 1600)."""
    img = Image.new("RGB", SIZE, (40, 110, 200))
    ImageDraw.Draw(img).rectangle((0, 0, 4124, 3124), fill=(240, 120, 30))
    img.save(path, quality=90)
    return path


def _soft_photo(path: Path, quality: int, size: tuple[int, int] = SIZE) -> Path:
    """A photo-like picture of soft colour (seeded noise brought up smoothly), saved at JPEG ``quality``."""
    rng = np.random.default_rng(7)
    cells = Image.fromarray(rng.integers(40, 215, (120, 160, 3), dtype=np.uint8), "RGB")
    cells.resize(size, Image.Resampling.BICUBIC).save(path, quality=quality)
    return path


def test_a_clean_48_megapixel_photo_is_not_blocky(tmp_path: Path) -> None:
    """merge54 (603192e): blockiness 559.5 (the edges on the 4096 copy's grid), blocky. Here 0.12."""
    found = measures(_two_colours(tmp_path / "clean48.jpg"))
    assert found is not None and found.blockiness < BLOCKY and not found.blocky, found


def test_heavy_compression_is_blocky_small_or_large(tmp_path: Path) -> None:
    """A 640x480 photo at JPEG quality 5 is blocky (4.83, as on merge54); so is a 48 MP one at quality 10, whose
    blocks merge54 measured on its 4096 copy, 0.98: not blocky (here 15.9). The same 48 MP photo at quality 90 is
    not (1.24; 1.00 on merge54)."""
    assert blocky(_soft_photo(tmp_path / "small_q5.jpg", 5, (640, 480))) is True
    assert blocky(_soft_photo(tmp_path / "large_q10.jpg", 10)) is True
    assert blocky(_soft_photo(tmp_path / "large_q90.jpg", 90)) is False
