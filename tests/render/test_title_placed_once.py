"""The opening title's place is worked out once per render (issue 29): it reads the shots under the title (their
frames, saliency and faces), and the text layer and the visualizer's two checks (``visualizer_clear.barred`` and
``clear_course``) each worked it out again. The three must agree on it, so they are handed the one place."""

from __future__ import annotations

from pathlib import Path

import pytest

from nemo_notebook.engine.render import build_graph, title_place
from nemo_notebook.engine.render.graph import Canvas

from .drafts import draft, shot
from .synth import audio_info, click_track, image_info, picture
from .test_opening_title import _segment

MS = 6000


def test_a_render_places_the_opening_title_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A photo, a song, an automatic visualizer and the opening title: ``title_place.placed_opening`` runs once
    while the render's graph is built (on main three times)."""
    song, photo = click_track(tmp_path / "song.wav", 120, MS), picture(tmp_path / "photo.jpg", "0x6a7f94")
    media = {"song": (song, audio_info("song", song, MS)), "p": (photo, image_info("p", photo))}
    segment = _segment()
    text = {"s": segment.start_ms, "d": segment.duration_ms, "m": dict(segment.meta)}
    plan = draft([shot("p", 0, MS, motion="none")], MS, music="song", visualizer={"effect": "spectrum"}, texts=[text])
    calls = []
    placed = title_place.placed_opening
    monkeypatch.setattr(title_place, "placed_opening", lambda *args: calls.append(args) or placed(*args))
    build_graph(plan, media, Canvas(640, 360, 30, MS * 30 // 1000, MS))
    assert len(calls) == 1, len(calls)
