"""A close view is centred on its subject where the view holds it (held-out 03: Aqua.jpg's close view at 1.5 held
the water crown on the frame's right edge over empty water, moved as little as it took from the saliency's centroid,
and its push in went into the frame's middle, beside the crown)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from nemo_notebook.engine.render import build_graph, canvas_for, framings, visuals
from nemo_notebook.engine.render.framings import framed
from nemo_notebook.protocol import MediaInfo, MediaKind
from tests.render.test_detail_keeps_subject import _crop

from .drafts import draft, shot
from .synth import image_info, picture

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


def test_a_close_view_a_shot_pans_over_keeps_its_old_centre(monkeypatch: pytest.MonkeyPatch) -> None:
    """Held-out 01's tilt up a close view of LadyBird.jpg (1.5), centred on the box of the ladybird and the stem
    below her, opened with her shell 9 % of the frame's height under its top edge: a pan's first and last frames
    lie off the view's middle. Such a view keeps its centre moved as little as it takes from the saliency's."""
    _patched(monkeypatch, (CROWN,))
    info = MediaInfo("a", "aqua.jpg", MediaKind.IMAGE, "jpg", 1, width=2560, height=1600)
    left, _, right, _ = _crop(
        framed("close@1.50", Path("aqua.jpg"), info, (1408, 792), reference=(2112, 1188), panned=True)
    )
    assert (left + right) / 2 == pytest.approx(0.571, abs=0.005)  # as main frames it, not the crown's middle (0.65)


def test_only_the_framings_a_shot_pans_over_are_said_to_be_panned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A framing is panned where any shot showing it pans (one framing is one crop of the picture for all of its
    shots); a push in, a pull out or a still shot leaves it centred on its subject."""
    seen: dict[tuple[str, str], bool] = {}

    def recorded(key: str, path: Path, *args: object, panned: bool = False) -> str:
        seen[path.name, key] = panned
        return framed(key, path, *args, panned=panned)  # type: ignore[arg-type]

    monkeypatch.setattr(visuals, "framed", recorded)
    media = {}
    for name in ("tilted", "pushed"):
        path = picture(tmp_path / f"{name}.png", "0x806040", "2560x1440")
        media[name] = (path, replace(image_info(name, path), width=2560, height=1440))
    shots = [
        shot("tilted", 0, 2000, motion="pan_up", framing="close", zoom=1.5),
        shot("pushed", 2000, 2000, motion="zoom_in", framing="close", zoom=1.5),
        shot("tilted", 4000, 2000, motion="zoom_out", framing="close", zoom=1.3),
        shot("pushed", 6000, 2000, motion="none", framing="close", zoom=1.5),
    ]
    d = draft(shots, 8000, music=None)
    build_graph(d, media, canvas_for(d, (640, 360)))
    assert seen == {
        ("tilted.png", "close@1.50"): True,
        ("tilted.png", "close@1.30"): False,
        ("pushed.png", "close@1.50"): False,
    }
