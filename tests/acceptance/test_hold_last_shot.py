"""Issue 29: "hold the last shot" through the public client against the embedded engine: the exported MP4's last
cut comes earlier by about the step (3 s, on a beat), and the reply says how long the last shot now holds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nemo_notebook.client import Client

from .media import PICTURE_COLORS, click_track, cuts_ms, picture

SONG_S = 12.0


def test_hold_the_last_shot_moves_the_last_cut_earlier(client: Client, tmp_path: Path) -> None:
    session = client.sessions.create()
    session.upload(click_track(tmp_path / "click.wav", 120.0, SONG_S))
    for i, color in enumerate(PICTURE_COLORS):
        session.upload(picture(tmp_path / f"photo-{i + 1}.jpg", color))
    session.send("make a music video with no visualizer and no title")
    before = cuts_ms(session.export(quality="low").wait(timeout=240).download(tmp_path / "before.mp4"))
    said = session.send("hold the last shot").text
    held = re.search(r"the last shot now holds ([\d.]+)s \(was ([\d.]+)s\)", said)
    assert held is not None, said
    after = cuts_ms(session.export(quality="low").wait(timeout=240).download(tmp_path / "after.mp4"))
    assert before and after, (before, after)
    last_before, last_after = SONG_S * 1000 - before[-1], SONG_S * 1000 - after[-1]
    assert last_after == pytest.approx(1000 * float(held.group(1)), abs=100), (before, after, said)
    assert last_after >= last_before + 2900, (before, after)  # a step you see: 3 s on the beat grid
    assert last_before == pytest.approx(1000 * float(held.group(2)), abs=100)
