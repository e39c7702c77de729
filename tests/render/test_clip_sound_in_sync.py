"""A clip's sound plays where its picture does. Held-out export 07 played Megamind.avi's dialogue 0.45 s ahead of
the lips: its copy, read from a seek to 0, lost the first 0.48 s of its sound (its sound began at 0.532 s, its
picture at 0.083), and the mix moved what was left to the start. A reviewer heard the man's first word 0.45 s
before the music planned for it (9.03 s against the line found at 9.49 s in the clip)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nemo_notebook.engine.analysis.decode import decode_audio
from nemo_notebook.engine.render import render_draft, sources
from nemo_notebook.engine.render.graph import Canvas

from .drafts import draft, shot
from .synth import ffmpeg, video_info

LATE_S = 0.5


def _late_sound(path: Path) -> Path:
    """2.5 s of a test pattern whose sound, a 1 kHz tone, starts ``LATE_S`` after its picture."""
    ffmpeg(
        *("-f", "lavfi", "-i", "testsrc2=s=640x360:r=25:d=2.5"),
        *("-itsoffset", str(LATE_S), "-f", "lavfi", "-i", f"sine=f=1000:d={2.5 - LATE_S}"),
        *("-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "pcm_s16le", str(path)),
    )
    return path


def test_a_sound_that_starts_after_the_picture_keeps_its_place(tmp_path: Path) -> None:
    clip = _late_sound(tmp_path / "late.mkv")
    media = {"late": (clip, video_info("late", clip, 2500))}
    out = render_draft(draft([shot("late", 0, 2500)], 2500, music=None), media, tmp_path / "out.mp4").path
    sound = decode_audio(out, sample_rate_hz=48_000, channels=1).samples
    level = lambda a, b: 20 * np.log10(np.sqrt(np.mean(sound[int(a * 48_000) : int(b * 48_000)] ** 2)) + 1e-9)  # noqa: E731
    before, after = level(0.05, LATE_S - 0.1), level(LATE_S + 0.1, 2.0)
    assert after - before >= 30, (before, after)  # before: the tone from 0 s, 0.5 s ahead of its picture


def test_a_copy_from_the_clips_start_reads_it_without_a_seek(tmp_path: Path) -> None:
    clip = _late_sound(tmp_path / "late.mkv")
    info, canvas = video_info("late", clip, 2500), Canvas(640, 360, 25, 25, 2500, fast=True)
    whole = sources._copy_command(clip, info, (0, 2500), canvas, 16, 1, tmp_path / "a.mkv")
    later = sources._copy_command(clip, info, (1000, 2500), canvas, 16, 1, tmp_path / "b.mkv")
    assert "-ss" not in whole and later[later.index("-ss") + 1] == "1.000"
