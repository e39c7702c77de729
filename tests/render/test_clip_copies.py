"""A clip's copy (``sources.clip_copies``) costs what the video shows: one scale to the frame (its pixels made square
in the same pass), and for a preview of a large clip no loop filter and an averaging scale, with frames a viewer
cannot tell from those of the clip read as it is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

import nemo_notebook.engine.render as render
from nemo_notebook.engine.render import render_draft, sources
from nemo_notebook.protocol import MediaInfo, MediaKind

from .conftest import Assets
from .drafts import draft, shot
from .synth import ffmpeg, gray_frames
from .test_sources import _inputs, _spy

INS = (1200, 200, 800)  # out of order, as a music video cuts a clip
SHOT_MS = 600


def _clip(path: Path, size: str, rate: int, sar: str = "1") -> tuple[Path, MediaInfo]:
    """A 2 s moving test pattern in H.264 with B-frames, deblocked (as phones' and cameras' clips are), without
    sound."""
    w, h = (int(v) for v in size.split("x"))
    ffmpeg(
        *("-f", "lavfi", "-i", f"testsrc2=s={size}:r={rate}:d=2,setsar={sar},format=yuv420p"),
        *("-c:v", "libx264", "-preset", "veryfast", "-bf", "3", "-crf", "30", str(path)),
    )
    info = MediaInfo(path.stem, path.name, MediaKind.VIDEO, "mp4", path.stat().st_size, 2000, w, h, float(rate), False)
    return path, info


def _video() -> Any:
    return draft([shot("clip", i * SHOT_MS, SHOT_MS, in_ms=at) for i, at in enumerate(INS)], len(INS) * SHOT_MS)


def _psnr_db(a: Any, b: Any) -> float:
    mse = float(np.mean((np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64)) ** 2))
    return 99.0 if mse == 0 else 10 * float(np.log10(255.0**2 / mse))


def _copy_command(commands: list[list[str]], clip: Path) -> list[str]:
    reads = [cmd for cmd in commands if str(clip) in _inputs(cmd)]
    assert len(reads) == 1, reads  # one pass over the clip
    return reads[0]


def test_a_large_clip_is_decoded_without_its_loop_filter_for_a_preview_only(
    assets: Assets, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    media = {"clip": _clip(tmp_path / "big.mp4", "1280x720", 30), "click": assets.media["click"]}
    commands = _spy(monkeypatch)
    quick = render_draft(_video(), media, tmp_path / "quick.mp4", quality="preview")
    copy = _copy_command(commands, media["clip"][0])
    clip_at = copy.index(str(media["clip"][0]))  # decoder options of the clip: no loop filter, no unused B-frames
    assert (
        copy.index("-skip_loop_filter") < clip_at
        and copy[copy.index("-skip_frame") + 1] == "noref"
        and "-skip_frame" in copy[:clip_at]
    )
    assert ":flags=area" in copy[copy.index("-filter_complex") + 1]

    commands.clear()  # 1280x720: the clip is not twice the frame's size, and an export is decoded whole
    render_draft(_video(), media, tmp_path / "medium.mp4", quality="medium")
    copy = _copy_command(commands, media["clip"][0])
    assert (
        "-skip_loop_filter" not in copy
        and "-skip_frame" not in copy
        and "flags=area" not in copy[copy.index("-filter_complex") + 1]
    )

    monkeypatch.setattr(sources, "_quick", lambda *args: False)  # the same preview, decoded whole, scaled bicubic
    whole = render_draft(_video(), media, tmp_path / "whole.mp4", quality="preview")
    a, b = gray_frames(quick.path), gray_frames(whole.path)
    assert a.shape == b.shape == (len(INS) * SHOT_MS * 15 // 1000, 360, 640)
    # at 640x360 the loop filter's work is below what a viewer sees, and the frames left are a 30th of a second from
    # those they stand for (31.2 dB); the preview moves on every frame where the whole one does
    assert _psnr_db(a, b) > 28, _psnr_db(a, b)
    assert _moving(a) >= _moving(b) > len(b) // 2, (_moving(a), _moving(b))


def test_an_anamorphic_clip_is_copied_in_one_scale_with_the_frames_of_the_clip_read_as_it_is(
    assets: Assets, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PAL DV's 720x576 at 64:45, shown 1024x576, at 25 fps: under the video's 30, so repeated after the scale
    media = {"clip": _clip(tmp_path / "dv.mp4", "720x576", 25, sar="64/45"), "click": assets.media["click"]}
    commands = _spy(monkeypatch)
    once = render_draft(_video(), media, tmp_path / "once.mp4", quality="medium")
    chain = _copy_command(commands, media["clip"][0])
    graph = chain[chain.index("-filter_complex") + 1]
    assert graph.count("scale=") == 1 and graph.index("scale=") < graph.index("fps=30"), graph

    monkeypatch.setattr(render, "clip_copies", lambda *args, **kwargs: {})  # each shot reads the clip itself
    each = render_draft(_video(), media, tmp_path / "each.mp4", quality="medium")
    a, b = gray_frames(once.path), gray_frames(each.path)
    assert a.shape == b.shape == (len(INS) * SHOT_MS * 30 // 1000, 720, 1280)
    assert _psnr_db(a, b) > 35, _psnr_db(a, b)  # the same frames, through one MPEG-2 copy at quantiser 2


def test_an_hd_clip_that_does_not_say_its_colours_keeps_them(assets: Assets, tmp_path: Path) -> None:
    path = tmp_path / "green.mp4"  # no colour matrix in the file, as many exports and screen recordings have
    ffmpeg(*("-f", "lavfi", "-i", "color=c=0x20c040:s=1280x720:r=30:d=2,format=yuv420p"),
           *("-c:v", "libx264", "-preset", "ultrafast", "-crf", "10", str(path)))  # fmt: skip
    info = MediaInfo("clip", path.name, MediaKind.VIDEO, "mp4", path.stat().st_size, 2000, 1280, 720, 30.0, False)
    media = {"clip": (path, info), "click": assets.media["click"]}
    out = render_draft(_video(), media, tmp_path / "out.mp4", quality="medium")
    source, shown = _yuv_means(path), _yuv_means(out.path)
    # read as BT.601 and converted to BT.709 (before), one of its levels moved by 15
    assert np.abs(source - shown).max() < 3, (source, shown)


def _yuv_means(path: Path) -> Any:
    """The mean Y, U and V levels of the video's middle frame, as stored."""
    import av

    with av.open(str(path)) as container:
        frames = [f.to_ndarray(format="yuv420p") for f in container.decode(video=0)]
    frame = frames[len(frames) // 2].astype(np.float64)
    h = frame.shape[0] * 2 // 3
    return np.array([frame[:h].mean(), frame[h : h + h // 4].mean(), frame[h + h // 4 :].mean()])


def _moving(frames: Any) -> int:
    """How many frames differ from the one before."""
    return int((np.abs(np.diff(frames, axis=0)).mean(axis=(1, 2)) > 0.5).sum())
