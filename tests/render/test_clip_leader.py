"""A video that opens on a clip opens on its first picture, not on the flat black frame some clips start with.

Held-out export 07 opened on Megamind.avi, whose first frame is flat black: its first three frames (0-0.1 s) were
dark and flat while the clip's first word already played, which a blind reviewer saw (ab68d). Here a clip opens
on two black frames, then a test pattern (cut to colour bars at 1.08 s), its sound a tone from 0.5 s."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nemo_notebook.engine.analysis.decode import decode_audio
from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.clip_leader import LEADER_MOST_MS, leader_ms

from .drafts import draft, shot
from .synth import cut_frames, ffmpeg, gray_frames, video_info

LEAD_S, CUT_S, TONE_S, LENGTH_S = 0.08, 1.08, 0.5, 2.5


def _led(path: Path, lead_s: float = LEAD_S) -> Path:
    """A 25 fps clip: ``lead_s`` of black, a test pattern to ``CUT_S``, colour bars; a 1 kHz tone from ``TONE_S``."""
    parts = [f"color=c=black:s=320x180:r=25:d={lead_s}"] if lead_s else []
    parts += [f"testsrc2=s=320x180:r=25:d={CUT_S - lead_s}", f"smptehdbars=s=320x180:r=25:d={LENGTH_S - CUT_S}"]
    joined = "".join(f"[{i}:v]" for i in range(len(parts)))
    ffmpeg(
        *(arg for part in parts for arg in ("-f", "lavfi", "-i", part)),
        *("-itsoffset", str(TONE_S), "-f", "lavfi", "-i", f"sine=f=1000:d={LENGTH_S - TONE_S}"),
        *("-filter_complex", f"{joined}concat=n={len(parts)}:v=1:a=0,format=yuv420p[v]"),
        *("-map", "[v]", "-map", f"{len(parts)}:a", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "pcm_s16le"),
        str(path),
    )
    return path


def test_a_clip_with_a_leader_opens_on_its_first_picture_in_its_own_time(tmp_path: Path) -> None:
    clip = _led(tmp_path / "led.mkv")
    assert leader_ms(clip) == round(LEAD_S * 1000)
    media = {"led": (clip, video_info("led", clip, round(LENGTH_S * 1000)))}
    plan = draft([shot("led", 0, round(LENGTH_S * 1000))], round(LENGTH_S * 1000), music=None)
    out = render_draft(plan, media, tmp_path / "out.mp4").path
    frames = gray_frames(out)
    assert frames[0].std() >= 20, frames[0].std()  # before: flat black (0.0) for the first 0.1 s
    assert cut_frames(frames) == [round(CUT_S * 30)], cut_frames(frames)  # its picture in its own time
    sound = decode_audio(out, sample_rate_hz=48_000, channels=1).samples
    level = lambda a, b: 20 * np.log10(np.sqrt(np.mean(sound[int(a * 48_000) : int(b * 48_000)] ** 2)) + 1e-9)  # noqa: E731
    assert level(TONE_S + 0.1, 2.0) - level(0.05, TONE_S - 0.1) >= 30  # and its sound in its own


def test_black_longer_than_a_leader_is_the_clips_own_opening(tmp_path: Path) -> None:
    assert leader_ms(_led(tmp_path / "dark.mkv", LEADER_MOST_MS / 1000 + 0.2)) == 0
    assert leader_ms(_led(tmp_path / "none.mkv", 0.0)) == 0
