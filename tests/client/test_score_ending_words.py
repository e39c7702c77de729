"""A clip scored through a real engine: the reply's words about the picture's fade at the end are the fade the export
shows. Held-out 07's score rang 2.51 s from its final chord, just over the 2.5 s ending fade, so the picture took the
quiet outro's dim: its light stepped down 9 % at the ring and fell over the last 1.5 s, while the reply said "the
picture fades out over the last 0.4s" (the last shot's own fade under the dim). A 6 s clip's score rings 2.3 s (over
a quarter of the video, the dim's bound for a short one): on main its reply says 0.4 s and its frames fade over 1.4 s.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np

from nemo_notebook.client import Client
from nemo_notebook.protocol.sound_ending import RING_MS, SoundEnding
from tests.render.synth import ffmpeg, gray_frames

SECONDS = 6
DIMMED = 0.97  # a frame under this share of the lit picture's light has begun to fade


def test_the_fade_the_reply_states_is_the_fade_the_picture_shows(real_engine: Any, tmp_path: Path) -> None:
    clip = tmp_path / "walk.mp4"
    ffmpeg("-f", "lavfi", "-i", f"testsrc2=s=320x180:r=25:d={SECONDS}", "-c:v", "libx264", "-pix_fmt", "yuv420p",
           str(clip))  # fmt: skip
    with Client(base_url=real_engine.url, token=real_engine.token, home=tmp_path / "home") as client:
        session = client.sessions.create(language="en")
        session.upload([clip])
        reply = session.send("add background music to my video")
        video = session.export(quality="preview").wait().download(tmp_path / "video.mp4")
    said = re.search(r"ends on a final chord as the picture fades out over the last (\d+(?:\.\d+)?)s", reply.text)
    assert said, reply.text
    luma = np.asarray([float(f.mean()) for f in gray_frames(video)])
    fps = len(luma) / SECONDS
    lit = float(np.median(luma[round(1.5 * fps) : round(3 * fps)]))  # after the score's fade in, before its ring
    assert lit > 60 and luma[-1] < 0.1 * lit, (lit, luma[-1])  # it ends on black
    lit_until = max(i for i, light in enumerate(luma) if light >= DIMMED * lit)  # the last frame at full light
    fade_s = (len(luma) - 1 - lit_until) / fps
    # within two frames and the reply's rounding to 0.1 s (main: said 0.4 s, the frames fade over 1.42 s)
    assert abs(fade_s - float(said.group(1))) <= 2 / fps + 0.05, (said.group(0), fade_s, luma[-round(4 * fps) :])


def test_a_final_chords_ring_is_faded_over_whole_a_long_quiet_outro_dimmed() -> None:
    """Held-out 07's ring (2.51 s at the end of its 70.9 s) is faded over whole from its fall, not dimmed and faded
    over its last 0.4 s; an outro longer than ``RING_MS`` (held-out 04's 8 s) is still dimmed."""
    ring = SoundEnding("decay", 68_347, 70_861, 70_861)
    assert ring.dim_ms == 0 and ring.black_from_ms == 68_347, ring  # main: dim 2114 ms, black from 70.461 s
    outro = SoundEnding("decay", 188_000, 196_030, 196_030)
    assert outro.dim_ms > 0 and outro.fade_ms > RING_MS, outro
