"""A clip's faces and figures are looked for on fewer frames (issue 27): the moments of a stretch where the picture
barely moves share the frame of a fixed lattice (``render.measured_moments``), and a moment across a cut from it is
looked at on its own frame."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.render import faces, figures
from nemo_notebook.engine.render.frames import small_frame
from nemo_notebook.engine.render.measured_moments import COARSE_MS, LATTICE_MS, STILL, measured_at
from nemo_notebook.engine.render.same_pixels import pixels_key

from ..conftest import shared_media
from .synth import ffmpeg


def test_a_stretch_of_a_clip_is_looked_at_on_one_frame(monkeypatch: pytest.MonkeyPatch) -> None:
    """Three moments 67 ms apart (three frames of the measuring copy, main looked at each) are looked at once."""
    clip = shared_media("big-buck-bunny-30s.mp4")
    moments = (7_933, 8_000, 8_067)
    frames = [small_frame(clip, at_ms, 384) for at_ms in moments]
    assert all(f is not None for f in frames)
    assert len({pixels_key(f) for f in frames if f is not None}) == 3, "three frames of the copy"
    seen: dict[str, set[object]] = {"faces": set(), "figures": set()}
    for name, module, finder in (("faces", faces, "faces_in"), ("figures", figures, "figures_in")):
        found = getattr(module, finder)
        monkeypatch.setattr(module, finder, lambda image, found=found, name=name: _seen(seen[name], image, found))
    for at_ms in moments:
        faces._found.__wrapped__(clip, at_ms)  # type: ignore[attr-defined]
        figures.figures_of.__wrapped__(clip, at_ms)  # type: ignore[attr-defined]
    assert {name: len(keys) for name, keys in seen.items()} == {"faces": 1, "figures": 1}


def _seen(keys: set[object], image: np.ndarray, found: object) -> object:  # type: ignore[type-arg]
    keys.add(pixels_key(image))
    return found(image)  # type: ignore[operator]


def test_across_a_cut_a_moment_is_looked_at_on_its_own_frame(tmp_path: Path) -> None:
    """A clip cut from colour bars to a moving test pattern at 1.03 s: the moments after the cut that the lattice's 1 s
    would stand for are looked at on their own frames, those before it on the lattice's."""
    clip = tmp_path / "cut.mp4"
    ffmpeg(
        *(
            "-f",
            "lavfi",
            "-i",
            "smptehdbars=s=640x360:r=30:d=1.0333",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=s=640x360:r=30:d=1",
        ),
        *("-filter_complex", "[0:v][1:v]concat=n=2:v=1[v]", "-map", "[v]", "-c:v", "libx264", "-pix_fmt", "yuv420p"),
        str(clip),
    )
    lattice = small_frame(clip, LATTICE_MS * 5, 64)
    assert lattice is not None
    sides = {"own": 0, "lattice": 0}
    for at_ms in range(910, 1100, 10):
        frame = small_frame(clip, at_ms, 64)
        assert frame is not None
        difference = float(np.abs(frame - lattice).mean())
        cut = difference > 0.1
        assert cut or difference <= STILL  # the bars, or the pattern
        assert measured_at(clip, at_ms) == (at_ms if cut else LATTICE_MS * 5)
        sides["own" if cut else "lattice"] += 1
    assert sides["own"] and sides["lattice"], sides


def test_the_moments_of_a_still_second_are_looked_at_on_one_frame(tmp_path: Path) -> None:
    """Colour bars held 3 s: the moments the 200 ms lattice would look at on five frames round 1 s (main) are looked
    at on the whole second's frame; on the frame of 2 s those nearer it."""
    clip = tmp_path / "still.mp4"
    ffmpeg("-f", "lavfi", "-i", "smptehdbars=s=640x360:r=30:d=3", "-c:v", "libx264", "-pix_fmt", "yuv420p", str(clip))
    assert [measured_at(clip, at_ms) for at_ms in (600, 800, 933, 1200, 1400, 1600, 1867)] == [
        *[COARSE_MS] * 5,
        *[2 * COARSE_MS] * 2,
    ]


def test_a_moving_stretch_is_looked_at_on_the_finer_lattice(tmp_path: Path) -> None:
    """A picture brightening by a third of full scale a second: 1 s away it differs by more than ``STILL``, 67 ms
    away by less; a moment is looked at on the 200 ms lattice's nearest frame, never the whole second's."""
    clip = tmp_path / "fade.mp4"
    ramp = "color=c=black:s=320x180:r=30:d=3,format=gray,geq=lum='clip(16+T*85\\,0\\,255)'"
    ffmpeg("-f", "lavfi", "-i", ramp, "-c:v", "libx264", "-pix_fmt", "yuv420p", str(clip))
    far, near = (small_frame(clip, at_ms, 64) for at_ms in (1400, 1467))
    second = small_frame(clip, COARSE_MS, 64)
    assert far is not None and near is not None and second is not None
    assert float(np.abs(far - second).mean()) > STILL >= float(np.abs(near - far).mean())
    assert [measured_at(clip, at_ms) for at_ms in (1133, 1467, 1800)] == [1200, 1400, 1800]
