"""A close view is centred on its subject where the view holds it (held-out 03: Aqua.jpg's close view at 1.5 held
the water crown on the frame's right edge over empty water, moved as little as it took from the saliency's centroid,
and its push in went into the frame's middle, beside the crown)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nemo_notebook.engine.render import framings
from nemo_notebook.engine.render.framings import framed
from nemo_notebook.protocol import MediaInfo, MediaKind
from tests.render.test_detail_keeps_subject import _crop

CROWN = (0.47, 0.35, 0.83, 0.85)  # Aqua.jpg's subject box (left, top, right, bottom: shares)
CENTROID = (0.57, 0.48)  # its saliency's centroid (``framing.focus``), left of and above the crown's middle


def _patched(monkeypatch: pytest.MonkeyPatch, extents: tuple[tuple[float, float, float, float], ...]) -> None:
    monkeypatch.setattr(framings, "focus", lambda path: CENTROID)
    monkeypatch.setattr(framings, "held_extents", lambda path: extents)
    monkeypatch.setattr(framings, "figures_of", lambda path: ())
    monkeypatch.setattr(framings, "held_with_props", lambda path, frame: None)
    monkeypatch.setattr(framings, "holds_detail", lambda *args: True)


def test_a_close_view_is_centred_on_the_subject(monkeypatch: pytest.MonkeyPatch) -> None:
    _patched(monkeypatch, (CROWN,))
    info = MediaInfo("a", "aqua.jpg", MediaKind.IMAGE, "jpg", 1, width=2560, height=1600)
    left, top, right, bottom = _crop(framed("close@1.50", Path("aqua.jpg"), info, (1408, 792), reference=(2112, 1188)))
    middle = ((left + right) / 2, (top + bottom) / 2)
    assert middle == pytest.approx(((CROWN[0] + CROWN[2]) / 2, (CROWN[1] + CROWN[3]) / 2), abs=0.005)  # main: 0.571
    assert left <= CROWN[0] and CROWN[2] <= right and top <= CROWN[1] and CROWN[3] <= bottom
