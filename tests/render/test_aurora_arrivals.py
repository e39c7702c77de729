"""A ballad's change into a louder part arrives: the new scene's curtains come in at their full swell, their rays
lit and grown, and settle over the next seconds (``planning.swells.ARRIVAL_HOLD_MS``, ``render.aurora_lift.lifted``,
``render.backdrops.ARRIVAL_GROWN``).
Held-out 05's changes into louder parts "pass without a visible event" (a blind reviewer of stop 59): each was a slow
crossfade to a new palette, its sky as lit at the cut as ten seconds later. A change into a quieter part settles:
no arrival. Measured on the sky above the water (the top 70 % of the frame): the share of it lit (luma over 100),
and its rays' light (its 90th percentile of luma)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.render import render_draft

from .synth import audio_info, click_analysis, click_track
from .test_track_alone_look import LUMA, rgb_frames

SIZE = (192, 108)
LENGTH_MS, CUT_MS = 20_000, 6000


Window = tuple[float, float]  # the sky's lit share and its rays' light over a second


def _lit_round_the_cut(tmp_path: Path, energy: tuple[float, ...]) -> tuple[dict[str, object], Window, Window, Window]:
    """A calm aurora (72 BPM) whose second section starts at ``CUT_MS``: its second scene's meta and its sky's lit
    share and rays' light 2-1 s before the cut, 1.2-2.2 s after it (the crossing done) and 5.5-6.5 s after it
    (settled)."""
    song = click_track(tmp_path / "click.wav", 72, LENGTH_MS)
    analysis = click_analysis(72, 60_000, drive=0.2, flatness=0.003, mode=0.2, energy=energy, sections_ms=(0, CUT_MS))
    made = plan_music_video(
        audio_info("song", song, 60_000), analysis, [], MusicVideoOptions(backdrop="aurora", visualizer=None)
    )
    made = dataclasses.replace(made, duration_ms=LENGTH_MS)
    scene = next(t for t in made.tracks if t.meta.get("role") == "visuals").segments[1]
    out = tmp_path / "arrival.mp4"
    render_draft(made, {"song": (song, audio_info("song", song, 60_000))}, out, quality="low", size=SIZE)
    frames = rgb_frames(out, SIZE)
    fps = len(frames) / (LENGTH_MS / 1000)
    sky = frames[:, : int(0.7 * SIZE[1])] @ LUMA * 255
    at = scene.start_ms / 1000

    def window(a: float, b: float) -> Window:
        seen = sky[round((at + a) * fps) : round((at + b) * fps)]
        return float((seen > 100).mean()), float(np.percentile(seen, 90))

    return dict(scene.meta), window(-2.0, -1.0), window(1.2, 2.2), window(5.5, 6.5)


def test_a_change_into_a_louder_part_arrives_with_its_rays_lit_and_settles(tmp_path: Path) -> None:
    # a verse, then a part 3 dB louder for the rest of the song (its body: no swell of its own after the cut)
    meta, _, arriving, settled = _lit_round_the_cut(tmp_path, (0.5,) * 60 + (0.7,) * 541)
    # at its full swell and more, by the rise (``planning.swells.arrival``: 1.0 till stop 61)
    assert meta["swell"][:3] == [meta["swell"][0]] * 3 and meta["swell"][0] >= 1.0, meta.get("swell")  # type: ignore[index]
    assert meta.get("arrives") is True, meta  # its sky drawn grown where it starts (``backdrops.ARRIVAL_GROWN``)
    # main: the new scene came in darker than 5 s later (its window drifting to where its sky grew): lit 0.326
    # against 0.378, its rays 164 against 185; lit by its swell only 0.368 against 0.372 and 192 against 185; its
    # sky also drawn grown where it starts, 0.477 against 0.466 and 228 against 205. (Stop 60's first arrival grew
    # the rays by seeing the sky nearer, lit 0.429 against 0.371, and stretched the hills under the horizon:
    # ``render.aurora_lift``; this measured that growth, > 1.08x lit.) Since s69 the curtains' undersides are opaque
    # hills and the zenith night (``aurora_night``), which take a part of the top 70 %: grown 0.274 against 0.252,
    # drawn ungrown (``ARRIVAL_GROWN`` 0) 0.099 against 0.120; the bound 0.42 -> 0.2
    assert arriving[0] > 0.2 and arriving[0] > 0.97 * settled[0], (arriving, settled)
    assert arriving[1] > 1.05 * settled[1], (arriving, settled)


def test_a_change_into_a_quieter_part_settles(tmp_path: Path) -> None:
    meta, before, arriving, settled = _lit_round_the_cut(tmp_path, (0.7,) * 60 + (0.45,) * 541)
    # the louder verse's swell fades out into it (``planning.swells.FADE_MS``), never held at full: no arrival
    assert meta.get("swell", [0.0])[0] < 1.0, meta.get("swell")  # type: ignore[index]
    assert "arrives" not in meta, meta
    # main and now: lit 0.499 before the cut, 0.078 after it, 0.075 settled; rays 213, 88, 88
    assert arriving[0] <= before[0] and arriving[0] < 1.1 * settled[0] + 0.01, (before, arriving, settled)
    assert arriving[1] < 1.05 * settled[1], (before, arriving, settled)


def test_a_bigger_rise_arrives_fuller(tmp_path: Path) -> None:
    # held-out 05's biggest rise (188.9 s, +4.6 LU) lifted its sky +5, its rises of 2 LU +20 and +27: each arrival
    # at the same full swell ("the lift must scale with the rise", a blind reviewer of stop 60)
    (tmp_path / "small").mkdir(), (tmp_path / "big").mkdir()
    # into one part (its loudest stretch later, at 40-45 s), from a verse a little and far quieter
    after = (0.65,) * 340 + (1.0,) * 50 + (0.65,) * 151
    small, _, small_in, _ = _lit_round_the_cut(tmp_path / "small", (0.5,) * 60 + after)
    big, _, big_in, _ = _lit_round_the_cut(tmp_path / "big", (0.2,) * 60 + after)
    assert big["swell"][0] > small["swell"][0] >= 1.0, (small.get("swell"), big.get("swell"))  # type: ignore[index]
    # its sky lit wider (0.571 against 0.486 at swells of 1.41 and 1.16), its rays no less (241 against 234; since s70's
    # hills lowered under mid-frame, 0.570 against 0.497, rays 239.3 against 242.0: both at the soft top's roll-off)
    assert big_in[0] > 1.1 * small_in[0] and big_in[1] >= 0.985 * small_in[1], (small_in, big_in)
