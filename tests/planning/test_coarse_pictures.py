"""A blocky or plain picture is shown less and never nearer (issue 29, "no ghost fills": a reviewer saw a picture
"cropped into a blocky texture"): ``analysis.picture.coarseness`` finds heavy JPEG blocks and pictures flat all over,
not a sharp photo saved well; planning gives a coarse picture less screen time among equals, says why, and never cuts
to a nearer view of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from nemo_notebook.engine.analysis.picture import coarseness
from nemo_notebook.protocol.showings import times_shown
from tests.render.synth import ffmpeg

from .test_reframes import BIG, _draft, _lane
from .test_weak_sources import _screen_ms

GRAIN = "noise=alls=10:allf=u"  # a photo's grain: no block of it is flat
DETAILED = f"mandelbrot=s=1920x1080:end_scale=0.02,format=rgb24,{GRAIN}"
SPECKLE = f"cellauto=s=1920x1080:rule=110:random_seed=5,format=rgb24,gblur=sigma=1,{GRAIN}"


def _photo(path: Path, source: str, quality: int) -> Path:
    ffmpeg("-f", "lavfi", "-i", source, "-frames:v", "1", "-q:v", str(quality), str(path))
    return path


@pytest.fixture(scope="module")
def photos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Detailed pictures saved well, the first saved again with JPEG's heaviest blocks, a plain one (three flat
    colours), and a texture with nothing standing out from it (a cellular automaton's speckle: ``standout``)."""
    folder = tmp_path_factory.mktemp("coarse")
    return {
        "fine": _photo(folder / "fine.jpg", DETAILED, 2),
        "blocky": _photo(folder / "blocky.jpg", DETAILED, 31),
        "bars": _photo(folder / "bars.jpg", f"testsrc2=s=1920x1080,{GRAIN}", 2),
        "other": _photo(folder / "other.jpg", f"{SPECKLE},drawbox=x=700:y=300:w=400:h=300:c=0xd04020:t=fill", 2),
        "texture": _photo(folder / "texture.jpg", SPECKLE, 2),
        "plain": _photo(folder / "plain.jpg", "color=c=0xd0a070:s=1920x1080,drawbox=y=700:h=380:c=0x60a040:t=fill", 2),
    }


def test_heavy_blocks_and_a_plain_picture_measure_coarse_and_a_detailed_one_does_not(photos: dict[str, Path]) -> None:
    found = {name: coarseness(path) for name, path in photos.items()}
    assert all(found[name] is not None and found[name] < 1.0 for name in ("fine", "bars", "other")), found  # type: ignore[operator]
    assert found["blocky"] is not None and found["blocky"] >= 1.0, found
    assert found["plain"] is not None and found["plain"] >= 1.0, found
    assert found["texture"] is not None and found["texture"] >= 1.0, found  # before: 0.0 (the speckle was "other")
    assert coarseness(photos["fine"].with_suffix(".missing")) is None


def test_a_coarse_picture_gets_less_screen_time_is_never_cut_nearer_and_the_reply_says_why() -> None:
    """Six large pictures under a driving song whose second half cuts between framings of the held pictures
    (``planning.reframes``): the coarse one is on screen less than the others on average and no more than any, is
    never cut to a close view or a detail of itself (its blocks show there), and the reply names it."""
    for seed in range(3):
        made = _draft(BIG, seed=seed, picture_coarse=("m_p0",))
        lane = _lane(made)
        shown, screen = times_shown(lane), _screen_ms(lane)
        others = [screen[p.id] for p in BIG[1:]]
        assert shown["m_p0"] >= 1, shown  # every upload still appears
        assert screen["m_p0"] < 0.75 * sum(others) / len(others) and screen["m_p0"] <= min(others), (seed, screen)
        nearer = {str(sg.src) for sg in lane if sg.meta.get("framing") in ("close", "detail")}
        assert nearer and "m_p0" not in nearer, nearer
        assert made.meta["little_used"] == {"m_p0": "coarse"}
