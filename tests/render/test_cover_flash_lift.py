"""A cover video's flash at a scene change is as strong as the song lifts there (``cover_light.flash_share``): a turn
into a section 12 dB louder is lit, one into a section as loud as the one before is a plain cut (a poster without
type or visualizer, 384x216, over a tone quiet for 4 s and then loud)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.cover_light import FLASH_MS, sweeps
from nemo_notebook.engine.render.timeline import frame_at
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind

from .drafts import draft, shot
from .synth import ffmpeg
from .test_cover_art import _media
from .test_cover_drift import SIZE

LENGTH_MS, LIFT_MS, EVEN_MS, FPS = 12000, 4000, 8000, 30  # scenes of 4 s (``SCENE_LEAST_MS``)
# levels of 255 of the background's top tenth (no type, no visualizer there). Into the loudest scene, over a 12 dB
# lift: its first frame at least ``RISE_LEAST`` brighter than the frame before (48.5 here and on main) and at least
# ``FLASH_LEAST`` brighter than the same scene once the flash has faded (23.3 here and on main; the sweep comes in).
# Back into the middle scene, the song as loud: its first frame at most ``EVEN_MOST`` brighter than once a flash would
# have faded (-1.7 here; on main 26.0, the same flash as on the lift). The rise over the frame before is no measure
# there: the loudest scene's light leaves on that frame (-24.8 here, +3.1 on main)
RISE_LEAST, FLASH_LEAST, EVEN_MOST = 30, 15, 5


def lifting_song(tmp_path: Path, lift_ms: int = LIFT_MS, length_ms: int = LENGTH_MS) -> tuple[Path, MediaInfo]:
    """A 220 Hz tone at a quarter of its loudness (-12 dB) until ``lift_ms``, then full: it lifts there, and only
    there."""
    song = tmp_path / "lift.wav"
    ffmpeg(
        "-f", "lavfi", "-i", f"sine=f=220:d={length_ms / 1000}",
        "-af", f"volume='if(lt(t,{lift_ms / 1000}),0.25,1)':eval=frame", str(song),
    )  # fmt: skip
    return song, MediaInfo("m", song.name, MediaKind.AUDIO, "wav", 1, duration_ms=length_ms)


def _draft() -> Draft:
    """Middle until ``LIFT_MS``, loudest until ``EVEN_MS``, middle again: two turns, one on the song's lift."""
    sections = [
        {"start_ms": 0, "end_ms": LIFT_MS, "level": "middle"},
        {"start_ms": LIFT_MS, "end_ms": EVEN_MS, "level": "loudest"},
        {"start_ms": EVEN_MS, "end_ms": LENGTH_MS, "level": "middle"},
    ]
    shots = [shot("c", 0, LIFT_MS), shot("c", LIFT_MS, EVEN_MS - LIFT_MS), shot("c", EVEN_MS, LENGTH_MS - EVEN_MS)]
    return draft(shots, LENGTH_MS, aspect="16:9", music="m", cover_design="poster", bpm=120.0, sections=sections)


def test_the_flash_fires_where_the_song_lifts_and_a_plain_cut_where_it_goes_on_as_loud(tmp_path: Path) -> None:
    import av

    d = _draft()
    assert [round(s * 1000) for s, _ in sweeps(d)] == [LIFT_MS, EVEN_MS]
    media = {**_media(tmp_path), "m": lifting_song(tmp_path)}
    path = render_draft(d, media, tmp_path / "flash.mp4", size=SIZE).path
    with av.open(str(path)) as container:
        grey = [f.to_ndarray(format="gray").astype(np.float32) for f in container.decode(video=0)]
    light = [float(frame[: SIZE[1] // 10].mean()) for frame in grey]
    cuts = [frame_at(t, FPS) for t in (LIFT_MS, EVEN_MS)]
    faded = round(FLASH_MS * FPS / 1000)
    rises = [light[n] - light[n - 1] for n in cuts]
    flashes = [light[n] - light[n + faded] for n in cuts]
    assert rises[0] >= RISE_LEAST, (rises, flashes)
    assert flashes[0] >= FLASH_LEAST, (rises, flashes)
    assert flashes[1] <= EVEN_MOST, (rises, flashes)
