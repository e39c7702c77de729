"""A clip's copy (``sources.clip_copies``) keeps the clip's sound only where a shot may play it: a music video's
clips are muted, and their copies are written without it (issue 27: a clip video costs what it shows), with the
same frames; a shot heard keeps the copy's sound. Fails on main 7f5562f: every copy mapped the clip's first sound
stream (``-map 0:a:0?``) as 32-bit float PCM."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.render import render_draft, sources

from .conftest import Assets
from .drafts import draft, shot
from .synth import ffmpeg, gray_frames, video_info
from .test_clip_copies import _copy_command
from .test_sources import _spy

INS = (1500, 300, 1000)  # out of order, as a music video cuts a clip
SHOT_MS = 500


def _clip(path: Path) -> Path:
    """A 2.5 s moving test pattern at 640x360 with a tone, in H.264 and AAC."""
    ffmpeg(
        *("-f", "lavfi", "-i", "testsrc2=s=640x360:r=25:d=2.5", "-f", "lavfi", "-i", "sine=f=440:d=2.5"),
        *("-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", str(path)),
    )
    return path


def test_a_copy_has_the_clips_sound_only_where_a_shot_plays_it_and_the_same_frames(
    assets: Assets, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clip = _clip(tmp_path / "tone.mp4")
    media = {"tone": (clip, video_info("tone", clip, 2500)), "click": assets.media["click"]}
    video = draft([shot("tone", i * SHOT_MS, SHOT_MS, in_ms=at, volume=0.0) for i, at in enumerate(INS)],
                  len(INS) * SHOT_MS)  # fmt: skip
    commands = _spy(monkeypatch)
    quiet = render_draft(video, media, tmp_path / "quiet.mp4", quality="preview")
    copy = _copy_command(commands, clip)
    assert "0:a:0?" not in copy and "pcm_f32le" not in copy and copy[-1].endswith(".part"), copy
    assert "-mute.mkv" in copy[-1]  # named apart from a copy with its sound

    commands.clear()  # the same render from a copy with its sound: the same frames, byte for byte
    monkeypatch.setattr(sources, "muted", lambda shot: False)
    sounding = render_draft(video, media, tmp_path / "sounding.mp4", quality="preview")
    assert "0:a:0?" in _copy_command(commands, clip)
    a, b = gray_frames(quiet.path), gray_frames(sounding.path)
    assert a.shape == b.shape and np.array_equal(a, b)

    commands.clear()  # one shot whose own sound plays under the music: the copy keeps it
    monkeypatch.undo()
    commands = _spy(monkeypatch)
    pairs = enumerate(zip(INS, (0.0, 0.8, 0.0), strict=True))
    shots = [shot("tone", i * SHOT_MS, SHOT_MS, in_ms=at, volume=v) for i, (at, v) in pairs]
    render_draft(draft(shots, len(INS) * SHOT_MS), media, tmp_path / "heard.mp4", quality="preview")
    copy = _copy_command(commands, clip)
    assert "0:a:0?" in copy and "pcm_f32le" in copy and "-mute" not in copy[-1]


@pytest.mark.parametrize(("volume", "muted"), [(0.0, True), (-1, True), (0.5, False), (False, False), ("x", False)])
def test_only_a_numeric_volume_of_zero_or_less_mutes_a_shot(volume: object, muted: bool) -> None:
    from nemo_notebook.engine.render.timeline import shots

    lane = shots(draft([shot("tone", 0, SHOT_MS, volume=volume)], SHOT_MS))
    assert sources.muted(lane[0]) is muted
