"""A picture with nothing to look at is left out of a montage that has other material, and the reply says so (issue
29; a blind reviewer on Ubuntu's purple gradient wallpaper shown among photos: "means nothing"): no sharp edge and
plain all over (``planning.quality.EMPTY``), where a blurred photo or a plain one with grain is only shown less."""

from __future__ import annotations

from pathlib import Path

import pytest

from nemo_notebook.engine.analysis.picture import coarseness, sharpness
from nemo_notebook.engine.planning.quality import EDGELESS, EMPTY, SOFT_PICTURE, weakness
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind
from nemo_notebook.protocol.showings import times_shown
from tests.agent.fakes import FakeContext, run
from tests.render.synth import click_analysis, ffmpeg

from .test_weak_sources import LOUD, SONG, _info, _lane, _photo

GRADIENT = "gradients=s=1920x1080:c0=0x2c001e:c1=0x77216f:x0=0:y0=0:x1=1920:y1=1080:nb_colors=2"


@pytest.fixture(scope="module")
def photos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Three sharp test patterns, a blurred one, and a smooth purple gradient (a wallpaper's)."""
    folder = tmp_path_factory.mktemp("empty")
    gradient = folder / "gradient.png"
    ffmpeg("-f", "lavfi", "-i", GRADIENT, "-frames:v", "1", str(gradient))
    return {
        "sharp": _photo(folder / "sharp.jpg", "testsrc2=s=1920x1080"),
        "bars": _photo(folder / "bars.jpg", "smptehdbars=s=1920x1080"),
        "other": _photo(folder / "other.jpg", "testsrc=s=1920x1080"),
        "blurred": _photo(folder / "blurred.jpg", "testsrc2=s=1920x1080,gblur=sigma=3"),
        "gradient": gradient,
    }


def test_a_gradient_measures_empty_and_a_blurred_photo_does_not(photos: dict[str, Path]) -> None:
    for name, path in photos.items():
        info, sharp, coarse = _info(name, path), sharpness(path), coarseness(path)
        assert sharp is not None and coarse is not None
        found = weakness(info, None, sharp, "16:9", coarse >= 1.0)
        assert (found is not None and found.why == EMPTY) == (name == "gradient"), (name, sharp, coarse, found)
    assert (sharpness(photos["gradient"]) or 0.0) < EDGELESS < SOFT_PICTURE <= (sharpness(photos["sharp"]) or 0.0)


def test_the_gradient_is_left_out_of_the_video_and_the_reply_says_so(photos: dict[str, Path]) -> None:
    """Before: the gradient was one of the shots ("out of focus", once), like the blurred photo."""
    infos = [_info(name, path) for name, path in photos.items()]
    audio = {"m_song": click_analysis(120, 60_000, energy=LOUD, drive=0.9)}
    paths = {info.id: path for info, path in zip(infos, photos.values(), strict=True)}
    ctx = FakeContext(uploads=[SONG, *infos], audio=audio, paths=paths, history=[Draft.empty()])
    _, words = run(ctx, "create a video from this music with beat-synced cuts")
    shown = times_shown(_lane(ctx.draft()))
    assert "m_gradient" not in shown, shown
    assert all(shown.get(f"m_{name}", 0) >= 1 for name in ("sharp", "bars", "other", "blurred")), shown
    assert 'left out "gradient.png": plain, nothing to look at' in words, words
    _, again = run(ctx, "make it 50 seconds")
    assert "left out" not in again, again  # said once, not at every edit


def test_a_gradient_alone_is_still_the_video_s_picture() -> None:
    """Where nothing else is uploaded, the plain picture is what the user gave: it is shown, not dropped."""
    from nemo_notebook.engine.planning.quality import Weak, without_empty

    lone = MediaInfo("m_g", "g.png", MediaKind.IMAGE, "png", 10, width=1920, height=1080)
    kept, _, left = without_empty([(lone, None)], [Weak(0.0, EMPTY)])
    assert kept == [(lone, None)] and left == {}
