"""A warm visualizer (``visualizer_warm``) draws on every frame of its segment, run after run.

Its sound reads a little of the silence ``adelay`` lays before it. That silence carries no time when the filter
graph asks for it before the sound's first frame has reached adelay (a race between ffmpeg's threads): with its times
taken from adelay, every frame of the drawing then had the same time and the overlay showed only the first one
(``test_visualizer_draws_in_its_strip_only[bottom-vectorscope]`` blank once in CI, its command in 2 % of runs; this
graph, the render's own overlay of a warm vectorscope on a small still, blank in most of its runs, every one of five
tries of this test failing). The times are now counted from the samples, which no race changes: 600 runs drawn.
"""

from __future__ import annotations

import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.render.visualizer_warm import pre_roll, warmed

from .synth import ffmpeg, picture

RUNS = 120  # ~3.5 s on two cores
WIDTH, HEIGHT, FRAMES = 160, 90, 60


def warm_overlay_graph() -> str:
    """A still with a warm vectorscope and its shadow laid over it, as ``visualizer._overlay`` lays them."""
    read_s, lead_s, rolled = pre_roll(0, 30)
    draw = warmed("avectorscope=s=22x22:r=30:draw=aaline:scale=cbrt:zoom=2:rc=255:gc=255:bc=255:rf=12:af=12", 30)
    return ";\n".join(
        [
            f"[0:v]loop=loop={FRAMES - 1}:size=1:start=0,settb=expr=1/30,setpts=N,scale={WIDTH}:{HEIGHT}[base]",
            f"[1:a]atrim=start={read_s:.6f}:duration={2 + lead_s:.6f},asetpts=PTS-STARTPTS,aresample=48000,"
            f"aformat=channel_layouts=stereo{rolled}[sound]",
            f"[sound]{draw},scale=62:62,format=yuva420p,lut=a=val*0.9[drawn]",
            "[drawn]split[lit][shade]",
            "[shade]lutyuv=y=16:u=128:v=128:a=val*0.75,pad=iw+1:ih+1:1:1:color=black@0,crop=62:62:0:0[shadow]",
            "[base][shadow]overlay=x=49:y=14:eof_action=pass:enable='between(t,0,1.983)'[shaded]",
            "[shaded][lit]overlay=x=49:y=14:eof_action=pass:enable='between(t,0,1.983)',format=gray[vout]",
        ]
    )


def drawn_frames(still: Path, sound: Path, script: Path) -> int:
    """How many frames after the first half second show the drawing (a pixel brighter than the still can be)."""
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-threads", "1", "-i", str(still)]
    cmd += ["-i", str(sound), "-filter_complex_threads", "1", "-/filter_complex", str(script), "-map", "[vout]"]
    cmd += ["-fps_mode", "passthrough", "-frames:v", str(FRAMES), "-f", "rawvideo", "-pix_fmt", "gray", "pipe:1"]
    raw = subprocess.run(cmd, capture_output=True, check=True, timeout=60).stdout
    frames = np.frombuffer(raw, np.uint8).reshape(-1, HEIGHT, WIDTH)
    return int((frames[15:].reshape(len(frames) - 15, -1).max(axis=1) > 110).sum())


@pytest.mark.slow
def test_a_warm_drawing_is_drawn_on_every_frame_run_after_run(tmp_path: Path) -> None:
    still = picture(tmp_path / "dark.jpg", "#202020", "160x90")
    sound = tmp_path / "noise.wav"
    ffmpeg("-f", "lavfi", "-i", "anoisesrc=c=pink:a=0.3:d=3:r=44100:seed=7", "-ac", "2", str(sound))
    script = tmp_path / "graph.txt"
    script.write_text(warm_overlay_graph(), encoding="utf-8")
    with ThreadPoolExecutor(2) as pool:
        drawn = list(pool.map(lambda _: drawn_frames(still, sound, script), range(RUNS)))
    blank = [i for i, n in enumerate(drawn) if n < FRAMES - 15]
    assert not blank, f"runs {blank} drew on only {[drawn[i] for i in blank]} of {FRAMES - 15} frames"
