"""The calm design's wave reads over a bright picture without being loud: a line of the low notes about 1.5 % of the
frame's height thick, drawn whole (not see-through, nor dimmed by the song's sections), in a shade that stands out
from the picture under it (a blind reviewer: 'a 1-2 px squiggle, dark on bright green, barely visible')."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nemo_notebook.engine.render import render_draft
from nemo_notebook.protocol.vocabulary import CALM_DESIGN, Role

from .drafts import draft, shot
from .synth import ffmpeg, image_info

SIZE = (640, 360)
MS = 4000
DRAWN = 0.16  # of 1: a pixel this much changed by the visualizer is the line's body (its halo changes less)
CALM_LINE = {"effect": "line", "design": CALM_DESIGN, "opacity": 0.8, "color": "auto", "position": "auto"}
QUIET = [{"start_ms": 0, "end_ms": MS, "level": "calm"}]  # a calm section: the bars are drawn fainter there


def _frames(path: Path) -> Any:
    import av

    with av.open(str(path)) as container:
        return np.stack([f.to_ndarray(format="rgb24").astype(np.float64) / 255 for f in container.decode(video=0)])


def _luminance(rgb: Any) -> Any:
    linear = np.where(rgb <= 0.03928, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


@pytest.fixture(scope="module")
def drawn_and_plain(assets: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    folder = tmp_path_factory.mktemp("calm")
    leaf = folder / "leaf.jpg"  # a bright green leaf, veined
    ffmpeg("-f", "lavfi", "-i", "color=c=0x74c21e:s=640x360,drawgrid=w=40:h=360:t=6:c=0x4f9a12", "-frames:v", "1", str(leaf))  # fmt: skip
    media = {**assets.media, "leaf": (leaf, image_info("leaf", leaf))}
    d = draft([shot("leaf", 0, MS, motion="none")], MS, music="noise", visualizer=CALM_LINE, sections=QUIET)
    plain = d.with_tracks([t for t in d.tracks if t.meta.get("role") != Role.VISUALIZER])
    frames = [
        _frames(render_draft(x, media, folder / f"{i}.mp4", size=SIZE).path)[15:] for i, x in enumerate((d, plain))
    ]
    return frames[0], frames[1]


def test_the_calm_wave_is_a_line_about_1_5_percent_of_the_height_thick(drawn_and_plain: tuple[Any, Any]) -> None:
    drawn, plain = drawn_and_plain
    body = np.abs(drawn - plain).max(axis=3) > DRAWN
    per_column = body.sum(axis=1)  # (frames, columns): the line's rows in each column it crosses
    thickness = float(np.percentile(per_column[per_column > 0], 25)) / SIZE[1]  # where it runs flat
    assert thickness >= 0.012, thickness  # main: 0.8 % (3 px at 360 lines)
    assert body.mean() < 0.03, body.mean()  # a line, not a band: it covers under 3 % of the frame


def test_the_calm_wave_stands_out_from_the_picture_under_it_in_a_calm_section(
    drawn_and_plain: tuple[Any, Any],
) -> None:
    drawn, plain = drawn_and_plain
    change = np.abs(drawn - plain).max(axis=3)
    core = change >= np.percentile(change[change > DRAWN], 50)  # the line's middle, not its soft edges
    line, ground = _luminance(drawn[core]), _luminance(plain[core])
    ratio = float(np.median((np.maximum(line, ground) + 0.05) / (np.minimum(line, ground) + 0.05)))
    assert ratio >= 4.5, ratio  # main: see-through and dimmed in a calm section, it read at under 3:1
