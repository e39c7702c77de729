"""A dissolve between clashing colours keeps its colour through its middle (held-out 03's blind review, s56: "two
green<->orange dissolves pass through an olive/brown middle frame: leaf->flower at 10.8-11.5 s and flower->grass at
62.2-62.8 s"). Where calm music gives a dip no reason (no section's turn, no hush: ``colour_joins.dark_cuts``) the
join of an orange and a green photo stays a dissolve, and a cross-fade of coded values mixes them into olive: its
middle frame's chroma (CIE C*ab) 0.70 of its ends' mean on main. Its saturation is lifted round its middle
(``m.dissolve_lift``, ``render.accents``): 0.90 of it, amber (at 192x108).

The floor, ``KEPT``: a mix that loses 13 C*ab or more of its pictures' mean reads muddy (``colour_mix.MUDDY_LOSS``,
measured on held-out 03's photos); of these pictures' mean of about 67 that is 0.81 kept; 0.85 leaves the lifted
dissolve (0.90) room and main's (0.70) none."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np

from nemo_notebook.engine.analysis.lab import lab
from nemo_notebook.engine.analysis.picture import colour
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.render import render_draft

from .synth import audio_info, click_analysis, click_track, ffmpeg, image_info
from .test_track_alone_look import rgb_frames

SIZE = (192, 108)
KEPT = 0.85  # the least share of its ends' mean chroma a dissolve's frames keep
PHOTOS = {  # a* and b* of held-out 03's FreshFlower (orange) and GreenMeadow (green) at L* 60, as sRGB
    "flower": "0xED6739",
    "meadow": "0x63A02D",
}


def _chroma(frame: np.ndarray) -> float:
    """The frame's mean CIE C*ab, pixel by pixel."""
    colours = lab(frame.astype(np.float64))
    return float(np.hypot(colours[..., 1], colours[..., 2]).mean())


def test_an_orange_photo_dissolves_into_a_green_one_through_amber_not_olive(tmp_path: Path) -> None:
    media = {}
    for name, rgb in PHOTOS.items():
        path = tmp_path / f"{name}.png"
        ffmpeg("-f", "lavfi", "-i", f"color=c={rgb}:s=640x360,format=rgb24", "-frames:v", "1", str(path))
        media[f"m_{name}"] = (path, image_info(f"m_{name}", path))
    colours = tuple((media_id, *(colour(path) or (0.0, 0.0))) for media_id, (path, _) in media.items())
    song = click_track(tmp_path / "calm.wav", 60, 12_000)
    # calm, level all through, one section: every join dissolves (``colour_joins.dark_cuts``)
    analysis = click_analysis(60, 12_000, energy=(0.3,) * 121, drive=0.1, sections_ms=(0,))
    options = MusicVideoOptions(picture_colours=colours, opening="m_flower", visualizer=None, title=None)
    draft = plan_music_video(
        audio_info("song", song, 12_000), analysis, [(info, None) for _, info in media.values()], options
    )
    lane = next(t for t in draft.tracks if t.meta.get("role") == "visuals").segments
    joins = [sg for before, sg in itertools.pairwise(lane) if before.src != sg.src]
    assert joins and {sg.meta.get("transition_in") for sg in joins} == {"dissolve"}, [sg.meta for sg in lane]
    out = render_draft(
        draft, {**media, "song": (song, audio_info("song", song, 12_000))}, tmp_path / "o.mp4", size=SIZE
    )
    frames = rgb_frames(out.path, SIZE)
    fps = len(frames) / 12
    for sg in joins:
        at = round(sg.start_ms / 1000 * fps)
        half = round(fps * 0.6)  # the dissolve (at most 0.5 s here) and a few frames either side of it
        ends = (_chroma(frames[at - half]) + _chroma(frames[at + half])) / 2
        least = min(_chroma(frames[n]) for n in range(at - half, at + half))
        assert least >= KEPT * ends, (sg.start_ms, sg.meta, round(least, 1), round(ends, 1))
