"""Clips as cameras and editors store them, each made from a second of Big Buck Bunny (with its sound where the kind
carries sound) and rendered as a viewer sees it: an editor's ProRes MOV with 24-bit PCM, a PAL DV camcorder's AVI
(720x576 stored, shown 16:9 by its pixel aspect 64:45), an AV1 MP4 and a VP9 WebM. Each shows the bunny's colours,
the DV clip its round things round, and the sound of those with sound is heard for the whole shot."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.intake.probe import probe
from nemo_notebook.engine.render import render_draft
from tests.conftest import shared_media

from .drafts import draft, shot
from .synth import ffmpeg

# 1 s of the bunny from 10 s, where its sound is at RMS 0.09 (its first 9 s are near silent)
CUT = ("-ss", "10", "-t", "1")
# a magenta square, 120x120 as shown, drawn on the picture before it is stored
SQUARE = "drawbox=x=450:y=220:w=120:h=120:c=0xff00ff:t=fill"

KINDS = {
    "prores.mov": ["-vf", f"scale=1024:576,{SQUARE},scale=320:180", "-c:v", "prores_ks", "-c:a", "pcm_s24le"],
    "pal-dv.avi": ["-vf", f"scale=1024:576,{SQUARE},scale=720:576,setsar=64/45", "-r", "25", "-pix_fmt", "yuv420p",
                   "-c:v", "dvvideo", "-c:a", "pcm_s16le", "-ar", "48000"],
    "av1.mp4": ["-an", "-vf", f"scale=1024:576,{SQUARE},scale=320:180", "-c:v", "libaom-av1", "-cpu-used", "8",
                "-b:v", "400k"],
    "vp9.webm": ["-an", "-vf", f"scale=1024:576,{SQUARE},scale=320:180", "-c:v", "libvpx-vp9", "-deadline",
                 "realtime", "-cpu-used", "8", "-b:v", "400k"],
}  # fmt: skip
# what the engine must see of each kind: its container, its shape as shown, whether it has sound
SHOWN = {
    "prores.mov": ("mov", (320, 180), True),
    "pal-dv.avi": ("avi", (1024, 576), True),
    "av1.mp4": ("mp4", (320, 180), False),
    "vp9.webm": ("webm", (320, 180), False),
}


def _frames(video: Path) -> list[np.ndarray]:
    import av

    with av.open(str(video)) as container:
        return [f.to_ndarray(format="rgb24").astype(np.float64) for f in container.decode(video=0)]


def _sound(video: Path) -> np.ndarray:
    """The sound of ``video``, mono at 48 kHz (-1..1); empty where it has none."""
    found = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(video), "-vn", "-ac", "1", "-ar", "48000",
                            "-f", "f32le", "-"], capture_output=True, check=True).stdout  # fmt: skip
    return np.frombuffer(found, np.float32).astype(np.float64)


def _quarters(sound: np.ndarray) -> np.ndarray:
    """The RMS of each quarter of the first second of ``sound``."""
    return np.array([np.sqrt(np.mean(q**2)) for q in np.array_split(sound[:48_000], 4)])


def _halves(pixels: np.ndarray) -> np.ndarray:
    width = pixels.shape[1]
    return np.array([pixels[:, : width // 2].reshape(-1, 3).mean(0), pixels[:, width // 2 :].reshape(-1, 3).mean(0)])


def _square(frame: np.ndarray) -> tuple[int, int]:
    """The width and height of the magenta square in ``frame``."""
    r, g, b = frame[..., 0], frame[..., 1], frame[..., 2]
    ys, xs = np.nonzero((r > 180) & (g < 90) & (b > 180))
    assert len(ys) > 100, len(ys)
    return int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1)


@pytest.mark.parametrize("name", list(KINDS))
def test_a_clip_of_each_kind_shows_its_colours_at_its_shape_and_is_heard(tmp_path: Path, name: str) -> None:
    """Measured (320x180 preview, this file's clips): every kind's halves within 2.6 levels of the bunny's, the square
    38x38 pixels in each (the DV clip, read without its pixel aspect, would be 0.70 as wide as tall), the sound of
    the ProRes and DV clips at RMS 0.06-0.11 in each quarter second, within 0.07 dB of the clip's own."""
    bunny = shared_media("big-buck-bunny-30s.mp4")
    clip = tmp_path / name
    ffmpeg(*CUT, "-i", str(bunny), *KINDS[name], str(clip))
    reference = tmp_path / "reference.mp4"
    ffmpeg(*CUT, "-i", str(bunny), "-an", "-vf", f"scale=1024:576,{SQUARE},scale=320:180", "-c:v", "libx264",
           "-qp", "0", "-r", "15", str(reference))  # fmt: skip
    info = probe(clip, media_id="c", name=name)
    container, shape, has_sound = SHOWN[name]
    assert (info.format, (info.width, info.height), info.has_audio) == (container, shape, has_sound)

    d = draft([shot("c", 0, 1000, motion="none")], 1000, music=None)
    out = render_draft(d, {"c": (clip, info)}, tmp_path / "out.mp4", size=(320, 180), quality="preview").path
    frames, sound, source = _frames(out), _sound(out), _frames(reference)
    assert len(frames) >= 14, len(frames)
    for at in (3, 10):
        off = np.abs(_halves(frames[at]) - _halves(source[at])).max()
        assert off < 15, (at, off, _halves(frames[at]).round(), _halves(source[at]).round())
    width, height = _square(frames[7])
    assert 0.9 < width / height < 1.12, (width, height)
    if has_sound:
        heard, stored = _quarters(sound), _quarters(_sound(clip))
        assert len(sound) >= 47_000 and min(heard) > 0.03, (len(sound), heard)
        assert np.abs(20 * np.log10(heard / stored)).max() < 3, (heard, stored)
    else:
        assert sound.size == 0 or np.sqrt(np.mean(sound**2)) < 0.001
