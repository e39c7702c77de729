"""A 4 s clip under a 15 s song plays all through its shots on screen (issue 27/29, s54-kinds2): on merge54 the plan
gave it shots of 8 and 7 s from its start and the render held its last frame for 4 s, then 3 s. The clip numbers its
frames, so each of its frames differs from the one before; rendered at 30 fps, no run of identical frames inside a
clip shot may last longer than 0.3 s."""

from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path

import numpy as np

from nemo_notebook.engine.intake.probe import probe
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.render import frame_at, render_draft

from ..planning.test_short_clip_no_freeze import SONG, SONG_MS
from .synth import click_analysis, ffmpeg
from .test_camera_clip_kinds import NUMBERED

FPS = 30
LONGEST_STILL = 9  # frames (0.3 s at 30 fps)


def _frames(path: Path) -> list[np.ndarray]:
    """Every frame's luma."""
    import av

    with av.open(str(path)) as container:
        return [f.to_ndarray(format="gray").astype(np.int16) for f in container.decode(video=0)]


def test_a_short_clip_never_stands_still_in_its_shots(tmp_path: Path) -> None:
    """merge54 (603192e): 106 identical frames in the first shot, to 7.47 s (where the next shot dissolves in). Here
    (320x180): one frame repeated at most."""
    clip = tmp_path / "short.mp4"
    ffmpeg("-f", "lavfi", "-i", f"color=c=gray:s=384x216:r={FPS}:d=4,format=yuv420p,{NUMBERED}", "-c:v", "libx264",
           "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(clip))  # fmt: skip
    info = probe(clip, media_id="m_clip", name="short.mp4")
    analysis = click_analysis(120, SONG_MS, drive=0.2)
    planned = plan_music_video(SONG, analysis, [(info, None)], MusicVideoOptions(seed=0))
    lane = next(t for t in planned.tracks if t.meta.get("role") == "visuals")
    video = replace(planned, tracks=(lane,))  # the picture only: the song is not needed to see the clip play
    out = render_draft(video, {"m_clip": (clip, info)}, tmp_path / "out.mp4", quality="low", size=(320, 180)).path
    frames = _frames(out)
    still = [np.abs(a - b).mean() < 0.5 for a, b in itertools.pairwise(frames)]  # frame k+1 repeats frame k
    runs = []
    for sg in lane.segments:
        assert sg.src == "m_clip", sg
        first, last = frame_at(sg.start_ms, FPS), min(frame_at(sg.start_ms + sg.duration_ms, FPS), len(frames)) - 1
        run = 0
        for k in range(first, last):
            run = run + 1 if still[k] else 0
            runs.append((run, sg.start_ms, k * 1000 // FPS))
    longest = max(runs)
    assert longest[0] < LONGEST_STILL, (
        f"{longest[0]} frames stand still in the shot at {longest[1]} ms, to {longest[2]}"
    )
