"""The light the aurora's horizon adds to a preview: a dark picture under the aurora rendered with its visualizer
and without, over a shared recording (``test_horizon_crest``, ``test_horizon_calm``)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from nemo_notebook.engine.render import render_draft
from nemo_notebook.protocol.vocabulary import DESIGN_LIGHT, DESIGN_VISUALIZERS
from tests.conftest import shared_media

from .drafts import draft, shot
from .synth import audio_info, gray_frames, image_info, picture

SIZE = (640, 360)
MS = 3000


def horizon_light(tmp_path: Path, song_name: str = "choice-drum-bass.ogg", song: Path | None = None) -> Any:
    """How much lighter the horizon makes each pixel, frame by frame from the 16th: (frames, height, width), over
    the shared recording ``song_name`` or ``song``."""
    dark = picture(tmp_path / "dark.jpg", "0x181818", "1920x1080")
    song = song or shared_media(song_name)
    media = {
        "song": (song, audio_info("song", song, MS)),
        "dark": (dark, replace(image_info("dark", dark), width=1920, height=1080)),
    }
    effect, position = DESIGN_VISUALIZERS["aurora"]
    viz = {"effect": effect, "position": position, "color": DESIGN_LIGHT, "opacity": 0.9}
    frames = {}
    for name, visualizer in (("with", viz), ("without", None)):
        made = draft([shot("dark", 0, MS, motion="none")], MS, music="song", visualizer=visualizer, backdrop="aurora")
        frames[name] = gray_frames(render_draft(made, media, tmp_path / f"{name}.mp4", size=SIZE).path)
    return (frames["with"] - frames["without"])[15:]
