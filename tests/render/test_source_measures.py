"""A picture's thumbnail, saliency, focus and look (``framing``) are kept for the content of the source behind the
path asked (``originals.by_source``): a picture's copy is measured as the picture, once for both, and a picture
edited in place is measured again."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nemo_notebook.engine.render import framing, saliency
from nemo_notebook.engine.render.originals import measuring_originals

from .synth import ffmpeg


def _picture(path: Path, square_at: tuple[int, int], colour: str) -> Path:
    """A 640x480 JPEG: a grey ground with a ``colour`` square at ``square_at``."""
    x, y = square_at
    ffmpeg("-f", "lavfi", "-i", "color=c=0x303840:s=640x480", "-frames:v", "1",
           "-vf", f"drawbox=x={x}:y={y}:w=160:h=160:color={colour}:t=fill", "-q:v", "2", str(path))  # fmt: skip
    return path


def test_a_picture_edited_in_place_is_measured_again(tmp_path: Path) -> None:
    """The notebook's engine runs for hours: a photo re-saved under its name (cropped, brightened) is framed and
    graded by its new pixels, not by the ones first measured."""
    path = _picture(tmp_path / "photo.jpg", (40, 40), "0xe04020")
    before = framing.thumbnail(path)
    assert before is not None and framing.focus(path)[0] < 0.5
    again = _picture(tmp_path / "edited.jpg", (440, 280), "0x20c0e0")
    os.replace(again, path)
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # a later edit, whatever the clock's tick
    after = framing.thumbnail(path)
    assert after is not None and not np.array_equal(before, after), "the picture's first thumbnail kept"
    assert framing.focus(path)[0] > 0.5, "the subject's place measured before the edit kept"


def test_a_copy_of_a_picture_is_measured_as_the_picture_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A render reads its scaled copy of a photo (``sources.scaled_pictures``) where the engine measured the photo
    itself: the saliency map of both is the photo's, worked out once."""
    photo = _picture(tmp_path / "photo.jpg", (200, 120), "0x40e060")
    copy = _picture(tmp_path / "copy.jpg", (0, 0), "0x000000")  # its pixels are never read: the photo's are
    made: list[Any] = []
    real = saliency.saliency_map

    def counted(*args: Any, **kwargs: Any) -> Any:
        made.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(framing, "saliency_map", counted)
    with measuring_originals({copy: (photo, (640, 480))}):
        own, of_copy = framing.saliency_of(photo), framing.saliency_of(copy, 0)  # its moment given or not
    assert own is not None and of_copy is not None and np.array_equal(own, of_copy)
    assert len(made) == 1, f"the saliency map worked out {len(made)} times"
