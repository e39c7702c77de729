"""Two pictures of clashing colours do not cross-fade through mud (issue 29, held-out 03's blind review: "avoid
dissolves between clashing colours that go muddy (B at 74 s, orange -> green)"): under calm music every cut
dissolves, and the middle frame of a dissolve from an orange photo to a green one is olive, far less colourful than
either. The planner makes that join a dip (the picture fades to black, the next fades in from it), so every frame
of the join that is not black keeps the colourfulness of the picture it shows, darker. Measured in the rendered frames as each frame's
mean saturation in CIE L*a*b* (chroma over lightness): a dimmed picture keeps its hue and its saturation; a mix of
two opposite hues loses it."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np

from nemo_notebook.engine.analysis.lab import lab
from nemo_notebook.engine.analysis.picture import colour
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.render import render_draft
from nemo_notebook.protocol import Segment

from .synth import audio_info, click_analysis, click_track, ffmpeg, image_info
from .test_track_alone_look import rgb_frames

SIZE = (192, 108)
LIT = 15.0  # mean L* of a frame that is not black
PHOTOS = {  # a flower's orange and a meadow's green (held-out 03's FreshFlower 46°, GreenMeadow 128°), lit unevenly
    "flower": "0xE0701C",
    "meadow": "0x48A030",
}


LULL = tuple(0.1 if 6500 <= i * 100 < 9500 else 0.3 for i in range(121))  # the music's level, 100 ms apart


def _lightness(frame: np.ndarray) -> float:
    """The frame's mean CIE L*."""
    return float(lab(frame.astype(np.float64))[..., 0].mean())


def _saturation(frame: np.ndarray) -> float:
    """The frame's mean CIE L*a*b* saturation: chroma over lightness, pixel by pixel."""
    colours = lab(frame.astype(np.float64))
    return float((np.hypot(colours[..., 1], colours[..., 2]) / np.maximum(colours[..., 0], 1.0)).mean())


def rendered_joins(
    tmp_path: Path, photos: dict[str, str], light: str, energy: tuple[float, ...], sections: tuple[int, ...]
) -> tuple[list[Segment], np.ndarray, float]:
    """A calm 12 s video of ``photos`` (name: colour, drawn ``light``, an ffmpeg filter) opening on "flower", its
    music's ``sections`` (starts, ms) and level ``energy`` (100 ms apart): its joins, frames (RGB 0..1), frame rate."""
    media = {}
    for name, rgb in photos.items():
        path = tmp_path / f"{name}.png"
        ffmpeg("-f", "lavfi", "-i", f"color=c={rgb}:s=640x360,format=rgb24,{light}", "-frames:v", "1", str(path))
        media[f"m_{name}"] = (path, image_info(f"m_{name}", path))
    colours = tuple((media_id, *(colour(path) or (0.0, 0.0))) for media_id, (path, _) in media.items())
    song = click_track(tmp_path / "calm.wav", 60, 12_000)
    analysis = click_analysis(60, 12_000, energy=energy, drive=0.1, sections_ms=sections)
    options = MusicVideoOptions(picture_colours=colours, opening="m_flower", visualizer=None, title=None)
    draft = plan_music_video(
        audio_info("song", song, 12_000), analysis, [(info, None) for _, info in media.values()], options
    )
    lane = next(t for t in draft.tracks if t.meta.get("role") == "visuals").segments
    joins = [sg for before, sg in itertools.pairwise(lane) if before.src != sg.src]
    assert joins, [sg.src for sg in lane]
    out = render_draft(
        draft, {**media, "song": (song, audio_info("song", song, 12_000))}, tmp_path / "o.mp4", size=SIZE
    )
    frames = rgb_frames(out.path, SIZE)
    return joins, frames, len(frames) / 12


def test_an_orange_photo_and_a_green_one_meet_in_the_dark_not_in_olive_mud(tmp_path: Path) -> None:
    light = "geq=r='r(X,Y)*(0.6+0.4*X/W)':g='g(X,Y)*(0.6+0.4*X/W)':b='b(X,Y)*(0.6+0.4*X/W)'"
    # calm: a dissolve at every cut, a dip where the music dips (``colour_joins.dark_cuts``): a lull round the one cut,
    # 8 s, 8 dB under the rest
    joins, frames, fps = rendered_joins(tmp_path, PHOTOS, light, LULL, (0, 8000))
    for sg in joins:
        at = round(sg.start_ms / 1000 * fps)
        ends = _saturation(frames[at - round(fps)]), _saturation(frames[at + round(fps)])
        # every frame of the join that is not black (a dip goes out to black and back in: test_clash_dip_to_black)
        lit = [frames[n] for n in range(at - round(fps), at + round(fps)) if _lightness(frames[n]) >= LIT]
        middle = min(_saturation(frame) for frame in lit)
        # a dissolve: its middle frames' saturation 1.00 against 1.31 and 1.24 at its ends (0.81 of the less
        # colourful end's: olive); a dip, 1.28 (dark orange, dark green: its frames darker, as colourful)
        assert middle > 0.95 * min(ends), (sg.start_ms, sg.meta, middle, ends)
