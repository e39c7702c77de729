"""A ballad's swell lifts the aurora within its scene, not only at a new section's colour: a blind reviewer of held-out
05 (a ballad alone): "4 minutes of near-constant drift: big moments (the swells at 53-57 s and 140-170 s) get a
colour but no visual lift" (``planning.swells``, ``render.aurora_lift.lifted``).

The song: 20 s at 70 BPM, one section (one scene, one palette: main's sky looks the same all through it), its sound
at one level (so the visualizer's horizon does not tell the swell), its analysed loudness quiet (0.55) but for a swell
at 10-14 s (0.95). Rendered as the aurora at 320x180; measured on the sky between the title's band and the horizon
(25-55 % of the height): the mean luma and the share of it lit (luma over 100) in the quiet verse (5-9 s) and at the
swell's peak (11.5-13.5 s)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.render import render_draft

from .synth import audio_info, click_analysis, ffmpeg
from .test_track_alone_look import LUMA, rgb_frames

SIZE = (320, 180)
LENGTH_MS = 20_000
SWELL_MS = (10_000, 14_000)
QUIET_S, PEAK_S = (5.0, 9.0), (11.5, 13.5)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, float]:
    """The rendered frames (RGB 0..1) and the frame rate."""
    tmp_path = tmp_path_factory.mktemp("swells")
    song = tmp_path / "song.wav"
    body = "0.3*sin(2*PI*110*t)*exp(-4*mod(t,60/70))+0.1*sin(2*PI*330*t)"
    ffmpeg("-f", "lavfi", "-i", f"aevalsrc='{body}':s=44100:d={LENGTH_MS / 1000}", "-ac", "2", str(song))
    energy = tuple(0.95 if SWELL_MS[0] <= t < SWELL_MS[1] else 0.55 for t in range(0, LENGTH_MS + 100, 100))
    analysis = click_analysis(70, LENGTH_MS, drive=0.1, energy=energy)
    info = audio_info("song", song, LENGTH_MS)
    made = plan_music_video(info, analysis, [], MusicVideoOptions(backdrop="aurora"))
    out = tmp_path / "aurora.mp4"
    render_draft(made, {"song": (song, info)}, out, quality="low", size=SIZE)
    frames = rgb_frames(out, SIZE)
    return frames, len(frames) / (LENGTH_MS / 1000)


def _verse_and_peak(frames: Any, fps: float) -> tuple[Any, Any]:
    return (
        frames[round(QUIET_S[0] * fps) : round(QUIET_S[1] * fps)],
        frames[round(PEAK_S[0] * fps) : round(PEAK_S[1] * fps)],
    )


def test_a_swell_lights_the_aurora_more_than_the_quiet_verse_in_the_same_scene(rendered: tuple[Any, float]) -> None:
    frames, fps = rendered
    luma = frames[:, int(0.25 * SIZE[1]) : int(0.55 * SIZE[1])] @ LUMA * 255
    quiet, peak = _verse_and_peak(luma, fps)
    means, lit = (float(quiet.mean()), float(peak.mean())), (float((quiet > 100).mean()), float((peak > 100).mean()))
    # main: the swell's sky as the verse's (only its drift differs); s57 lighter by a fifth at least (its dark sky
    # with it, ``test_a_swell_lights_the_ribbons_not_the_night``); s58 its rays lit, its night as dark: 1.14x, its lit
    # share 0.43 -> 0.53, 0.4 % at white
    assert means[1] > 1.1 * means[0], (means, lit)
    assert lit[1] > 1.15 * lit[0], (means, lit)
    # and not blown out: under 1 % of the swell's sky at white
    assert float((peak >= 250).mean()) < 0.01


def test_a_swell_lights_the_ribbons_not_the_night_and_keeps_their_colour(rendered: tuple[Any, float]) -> None:
    """ "brightens the whole frame, hills included, and looks slightly milky instead of making the ribbons glow" (a
    blind reviewer of held-out 05 at stop 57): the sky above the water (the top 70 %) at the verse and at the peak,
    its darkest fifth (the night, the curtains' dark bodies), its brightest tenth (the rays) and the colour of its
    brightest third (the ribbons: their mean chroma, 0..255)."""
    frames, fps = rendered
    sky = frames[:, : int(0.7 * SIZE[1])]
    (quiet, peak), (quiet_c, peak_c) = (_verse_and_peak(x, fps) for x in (sky @ LUMA * 255, np.ptp(sky, axis=-1) * 255))
    dark = (float(np.percentile(quiet, 20)), float(np.percentile(peak, 20)))
    rays = (float(np.percentile(quiet, 90)), float(np.percentile(peak, 90)))
    colour = tuple(float(c[lum >= np.percentile(lum, 67)].mean()) for lum, c in ((quiet, quiet_c), (peak, peak_c)))
    figures = {"dark": dark, "rays": rays, "colour": colour}
    # stop 57: the dark fifth lifted 1.7 times (31 -> 53) as the rays 1.27 times, the ribbons' colour 99 -> 93; s58:
    # 31 -> 33, 144 -> 168, 99 -> 119
    assert dark[1] <= 1.1 * dark[0] + 2, figures
    assert rays[1] >= 1.15 * rays[0], figures
    assert colour[1] >= 1.1 * colour[0], figures
