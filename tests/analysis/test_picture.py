"""The strongest picture to open a video on (issue 29): sharp, colourful, with contrast, scored on real files; and the
picture measures' one decoding and one caching rule (the file's content key)."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from nemo_notebook.engine.analysis.cache import cache_path
from nemo_notebook.engine.analysis.picture import MEASURES_VERSION, appeal, coarseness, measures, sharpness
from nemo_notebook.engine.render.figures import figures_of
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


def test_one_decoding_gives_every_measure_of_a_picture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Appeal, sharpness and coarseness of a picture the process has not seen open it once, not once each."""
    import av

    opened: list[str] = []
    real_open = av.open

    def counting_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    path = _picture(tmp_path / "once.jpg", f"{SHARP},hue=h=37")  # a picture no other test measures
    monkeypatch.setattr(av, "open", counting_open)
    scores = appeal(path), sharpness(path), coarseness(path)
    assert all(score is not None for score in scores) and opened == [str(path)], (scores, opened)


def test_measures_are_kept_for_the_files_content_in_the_analysis_cache(tmp_path: Path) -> None:
    """The measures are an entry of the analysis cache named by the file's content key: a copy of the picture under
    another name reads that entry (its sharpness, marked here, comes back), and the picture edited in place is
    measured again, in the cache and in this process."""
    cache = tmp_path / "cache"
    path = _picture(tmp_path / "p.jpg", SHARP)
    first = measures(path, cache)
    entry = cache_path(cache, path, kind="picture", version=MEASURES_VERSION)
    assert first is not None and json.loads(entry.read_text())["sharpness"] == first.sharpness
    entry.write_text(json.dumps({**json.loads(entry.read_text()), "sharpness": 0.123}))
    copy = tmp_path / "copy.jpg"
    shutil.copyfile(path, copy)
    assert measures(copy, cache) == replace(first, sharpness=0.123)
    _picture(path, f"{SHARP},gblur=sigma=6")  # the same name, a blurred picture
    blurred = measures(path, cache)
    assert blurred is not None and blurred.sharpness < first.sharpness - 0.2, (blurred, first)
    assert sharpness(path) == blurred.sharpness  # in this process too, not the first picture's


def test_a_picture_edited_in_place_is_looked_at_again_for_figures(tmp_path: Path) -> None:
    """``figures_of`` is kept for the file's content, not its name: a painting with a figure replaced by an empty
    sky under the same name has no figure."""
    from tests.render.scenes import empty_sky, figure_beside_a_tree, save

    path = save(figure_beside_a_tree(), tmp_path / "painting.png")
    assert len(figures_of(path)) == 1
    save(empty_sky(), path)
    assert figures_of(path) == ()
