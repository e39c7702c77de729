"""A cover video's visualizer as quiet as its song: a blind reviewer of held-out 04 (s51): "the visualizer is not
tied to loudness across the song. In the quietest passage (0:50-0:56, -26 LUFS) the bars or waveform are as tall
as in the loud parts" (there 0.41-0.47 of the bars' box drawn, 0.31-0.33 from 0:58 at -15 LUFS: each scene's sound
was levelled band by band over its own span, and a quiet passage raised by ``visualizer_follow.follow_lift``). Over a
synthetic song, loud, then 12 dB quieter for 5 s, then loud again: the bars in the quiet passage cover well under
what they cover in the loud parts, and still move across their whole width (``visualizer_follow.DEPTH_SHARE``,
``cover_scenes.scene_pieces``' ``levelled``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.render import render_draft
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind
from nemo_notebook.protocol.vocabulary import COVER_VISUALIZERS

from .drafts import draft, shot
from .test_cover_art import SIZES, _media, _rgb_frames
from .test_cover_turn import FPS
from .test_cover_turn_drawn import CHANGED, PLAIN_COVER, _steady_song

PART_MS = 5000  # loud, quiet, loud
QUIET = "if(between(t,5,10),0.25,1)"  # 12 dB under the rest from 5 s to 10 s
LOUD_S = ((1.5, 4.5), (11.0, 14.0))  # clear of the turns and of the follow's reach (1 s ahead, 0.5 s after)
QUIET_S = (6.0, 8.5)
WELL_UNDER = 0.6  # the quiet passage's bars cover at most this share of what the loud parts' cover
ACROSS = 0.8  # and move in at least this share of the columns the loud parts' move in


def _three_parts(design: str, aspect: str, levels: tuple[str, ...], *, bars: bool = True) -> Draft:
    """A cover video of 15 s in ``levels`` (one section each, as long as each other), a shot each, its downbeats
    every 2 s (without its visualizer where ``bars`` is false)."""
    effect = {"effect": COVER_VISUALIZERS[design], "color": "auto", "position": "auto", "opacity": 0.9}
    length = 3 * PART_MS
    step = length // len(levels)
    return draft(
        [shot("c", n * step, step, motion="zoom_in") for n in range(len(levels))],
        length,
        aspect=aspect,
        music="m",
        visualizer=effect if bars else None,
        cover_design=design,
        bpm=120.0,
        downbeats_ms=list(range(0, length, 2000)),
        sections=[{"start_ms": n * step, "end_ms": (n + 1) * step, "level": level} for n, level in enumerate(levels)],
    )


@pytest.mark.parametrize(
    ("design", "aspect", "levels"),
    [
        ("poster", "16:9", ("middle",)),  # 04's: a quiet passage inside a scene
        ("ring", "1:1", ("middle", "middle", "middle")),  # a quiet scene between two loud ones
    ],
)
def test_a_quiet_passage_draws_lower_bars_across_the_whole_width(
    design: str, aspect: str, levels: tuple[str, ...], tmp_path: Path
) -> None:
    """On main 56c8551 the quiet passage's bars covered 0.66 of what the loud parts' covered (the poster's, one
    scene) and 0.95 (the ring's, the quiet passage a scene of its own, levelled on its own); now 0.26 and 0.25, their
    moving columns 0.97 and 0.90 of the loud parts'."""
    media, size = _media(tmp_path, PLAIN_COVER), SIZES[aspect]
    media["m"] = (
        _steady_song(tmp_path, QUIET, 3 * PART_MS),
        MediaInfo("m", "song.wav", MediaKind.AUDIO, "wav", 1, duration_ms=3 * PART_MS),
    )
    frames = {
        name: _rgb_frames(
            render_draft(
                _three_parts(design, aspect, levels, bars=name == "all"), media, tmp_path / f"{name}.mp4", size=size
            ).path
        )
        for name in ("all", "no_bars")
    }
    drawn = np.abs(frames["all"] - frames["no_bars"]).max(axis=3) >= CHANGED

    def over(spans: tuple[tuple[float, float], ...]) -> tuple[float, float]:
        picked = [n for a, b in spans for n in range(round(a * FPS), round(b * FPS))]
        moving = np.abs(np.diff(drawn[picked].astype(np.int8), axis=0)).any(axis=(0, 1))
        return float(drawn[picked].mean()), float(moving.mean())

    loud, quiet = over(LOUD_S), over((QUIET_S,))
    assert quiet[0] <= WELL_UNDER * loud[0], (loud, quiet)
    assert quiet[1] >= ACROSS * loud[1], (loud, quiet)
