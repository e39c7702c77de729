"""A scene that swells for minutes still renders: its light (``render.aurora_lift.lifted``) is one ffmpeg expression
with a term for each swell value (two a second), and ffmpeg's parser failed ("Cannot allocate memory") on a flat sum
of about 90 of them: held-out 05 with its swell starting at the song's body could not be exported. The sum is now
nested as a balanced tree (``aurora_lift._summed``)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
from imageio_ffmpeg import get_ffmpeg_exe

from nemo_notebook.engine.render.aurora_lift import lifted

SIDE = 32


def _lit_grey(values: list[float], at_s: float, tmp_path: Path) -> float:
    """The mean luma of a mid-grey frame ``at_s`` into a scene lit by a swell of ``values`` (every 0.5 s)."""
    meta = {"swell": values, "swell_from_ms": 0, "swell_hop_ms": 500}
    graph = f"color=c=0x909090:s={SIDE}x{SIDE}:d={at_s + 0.5}:r=10,format=yuv420p{lifted(meta, 0.0)}"
    script = tmp_path / f"graph-{len(values)}.txt"
    script.write_text(graph)  # the engine's way with a long graph: over 128 kB is no command-line argument
    frame = ["-ss", str(at_s), "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", "-"]
    done = subprocess.run(
        [get_ffmpeg_exe(), "-v", "error", "-/filter_complex", str(script), *frame],
        capture_output=True,
        check=True,
    )
    return float(np.frombuffer(done.stdout, np.uint8).mean())


def test_a_scene_swelling_for_three_minutes_renders_lit_as_a_short_one(tmp_path: Path) -> None:
    long_one = _lit_grey([0.8] * 360, 150.0, tmp_path)  # 180 s of swell, lit 150 s in
    short_one = _lit_grey([0.8] * 20, 5.0, tmp_path)
    unlit = _lit_grey([0.0] * 3 + [0.8], 0.0, tmp_path)  # off at 0: the grey as it is
    assert abs(long_one - short_one) < 1.0, (long_one, short_one)
    assert long_one > unlit + 5, (long_one, unlit)
