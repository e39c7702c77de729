"""A detail on a picture's second subject keeps its first in view where it fits (issue 29: a detail on the cloud
beside a small kite showed 2 s of empty sky twice a minute; a blind reviewer: "the kite is cropped out")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nemo_notebook.engine.render import framings
from nemo_notebook.engine.render.framings import SUBJECT_ROOM, framed, keeping
from nemo_notebook.protocol import MediaInfo, MediaKind

KITE = (0.60, 0.27, 0.73, 0.43)  # the subject's box (left, top, right, bottom: shares), a small kite
CLOUD = (0.14, 0.24)  # the second subject's centre, far from it


def _crop(filters: str) -> tuple[float, float, float, float]:
    """The view a ``framed`` filter chain shows (left, top, right, bottom: shares of the picture)."""
    sw, sh = (int(v) for v in re.search(r"scale=(\d+):(\d+)", filters).groups())  # type: ignore[union-attr]
    found = re.search(r"crop=(\d+):(\d+):x='clip\(\(([\d.]+)\)\*iw-ow/2.*y='clip\(([\d.]+)\*ih-oh/2", filters)
    assert found is not None, filters
    ow, oh, cx, cy = int(found[1]), int(found[2]), float(found[3]), float(found[4])
    x0 = min(max(cx * sw - ow / 2, 0), sw - ow) / sw
    y0 = min(max(cy * sh - oh / 2, 0), sh - oh) / sh
    return x0, y0, x0 + ow / sw, y0 + oh / sh


@pytest.mark.parametrize("box", [(2112, 1188), (1188, 2112), (1188, 1188)])
def test_a_detail_on_the_cloud_keeps_the_kite_in_view(monkeypatch: pytest.MonkeyPatch, box: tuple[int, int]) -> None:
    monkeypatch.setattr(framings, "detail_focus", lambda path, zoom: CLOUD)
    monkeypatch.setattr(framings, "focus", lambda path: (0.66, 0.35))
    monkeypatch.setattr(framings, "subject_extent", lambda path: KITE)
    monkeypatch.setattr(framings, "figures_of", lambda path: ())
    monkeypatch.setattr(framings, "holds_detail", lambda *args: True)
    info = MediaInfo("k", "kite.jpg", MediaKind.IMAGE, "jpg", 1, width=2560, height=1600)
    left, top, right, bottom = _crop(framed("detail@1.55", Path("kite.jpg"), info, box))
    assert left <= KITE[0] and KITE[2] <= right and top <= KITE[1] and KITE[3] <= bottom, (left, top, right, bottom)
    assert left < CLOUD[0] + 0.25 or box[0] < box[1]  # still towards the cloud where the view is wide enough


def test_keeping_moves_the_view_as_little_as_it_takes_and_only_where_the_subject_fits() -> None:
    assert keeping(CLOUD, KITE, (0.5, 0.5)) == pytest.approx((KITE[2] + SUBJECT_ROOM - 0.25, CLOUD[1] + 0.0))
    assert keeping((0.66, 0.35), KITE, (0.5, 0.5)) == (0.66, 0.35)  # already holds it
    assert keeping(CLOUD, (0.2, 0.4, 0.41, 1.0), (0.5, 0.5)) == CLOUD  # a subject taller than the view: as it was
    assert keeping(CLOUD, None, (0.5, 0.5)) == CLOUD
