"""Pictures are scaled to the video's size once, before the graph: one input per picture, the same frames as from
the full-size files, and a kept copy that a changed file replaces."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import nemo_notebook.engine.render as render
from nemo_notebook.engine.render import frame_at, render_draft, sources
from nemo_notebook.protocol import MediaInfo, MediaKind

from .conftest import Assets
from .drafts import draft, shot
from .synth import cut_frames, decode_mono, ffmpeg, gray_frames, tone_level, video_info

BIG = (2880, 2160)  # 4:3, so a 16:9 frame crops it (around its bright square)
SHOT_MS = 500
MOTIONS = ("none", "pan_left", "zoom_in", "pan_up", "none", "zoom_out")


def _big_picture(path: Path, hue: int, square_at: tuple[float, float]) -> tuple[Path, MediaInfo]:
    w, h = BIG
    x, y = int(square_at[0] * w), int(square_at[1] * h)
    ffmpeg(
        *("-f", "lavfi", "-i", f"gradients=s={w}x{h}:c0=0x{hue:06x}:c1=0x101010:nb_colors=2:seed=3", "-frames:v", "1"),
        *("-vf", f"drawbox=x={x}:y={y}:w={w // 8}:h={h // 8}:color=white:t=fill", "-q:v", "2", str(path)),
    )
    return path, MediaInfo(path.stem, path.name, MediaKind.IMAGE, "jpg", path.stat().st_size, width=w, height=h)


@pytest.fixture
def big(tmp_path: Path, assets: Assets) -> dict[str, tuple[Path, MediaInfo]]:
    folder = tmp_path / "big"
    folder.mkdir()
    pictures = {
        "big0": _big_picture(folder / "big0.jpg", 0xC04020, (0.2, 0.15)),
        "big1": _big_picture(folder / "big1.jpg", 0x2060C0, (0.7, 0.75)),
        "big2": _big_picture(folder / "big2.jpg", 0x40A040, (0.45, 0.4)),
    }
    return {**pictures, "click": assets.media["click"]}


def _draft(ids: list[str]) -> Any:
    shots = [shot(ids[i % len(ids)], i * SHOT_MS, SHOT_MS, motion=m) for i, m in enumerate(MOTIONS)]
    return draft(shots, len(MOTIONS) * SHOT_MS)


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Every ffmpeg command a render runs, the clip copies' and the render's own (all still run)."""
    commands: list[list[str]] = []
    for module in (render, sources):
        real: Callable[..., None] = module.run_ffmpeg

        def recording(cmd: list[str], *, run: Callable[..., None] = real, **kwargs: Any) -> None:
            commands.append(list(cmd))
            run(cmd, **kwargs)

        monkeypatch.setattr(module, "run_ffmpeg", recording)
    return commands


def _inputs(cmd: list[str]) -> list[str]:
    return [cmd[i + 1] for i, arg in enumerate(cmd) if arg == "-i"]


def test_each_picture_is_one_scaled_input_and_the_frames_match_the_full_size_render(
    big: dict[str, tuple[Path, MediaInfo]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commands = _spy(monkeypatch)
    video = _draft(["big0", "big1", "big2"])
    scaled = render_draft(video, big, tmp_path / "scaled.mp4", quality="preview", cache_dir=tmp_path / "cache")
    pictures = [p for p in _inputs(commands[-1]) if p.endswith(".jpg")]
    assert len(pictures) == 3  # six shots, three pictures: one input each
    assert all(Path(p).parent == tmp_path / "cache" / "pictures" for p in pictures)
    import av

    for p in pictures:  # scaled to cover the preview's motion box (718×404), not larger
        with av.open(p) as container:
            assert (container.streams.video[0].width, container.streams.video[0].height) == (718, 538)

    monkeypatch.setattr(sources, "ROOM", 0.0)  # nothing is worth scaling: the graph reads the full-size files
    full = render_draft(video, big, tmp_path / "full.mp4", quality="preview")
    assert {p for p in _inputs(commands[-1]) if p.endswith(".jpg")} == {
        str(big[k][0]) for k in ("big0", "big1", "big2")
    }

    a, b = gray_frames(scaled.path), gray_frames(full.path)
    assert a.shape == b.shape
    planned = [frame_at(i * SHOT_MS, 15) for i in range(1, len(MOTIONS))]  # a preview runs at 15 fps
    assert cut_frames(a, threshold=8) == cut_frames(b, threshold=8) == planned
    differences = np.abs(a - b).mean(axis=(1, 2))
    # same crop and motion; the full-size JPEG's range conversion at full size reads 1-1.5 levels darker
    assert differences.max() < 3.0, differences


def test_a_kept_copy_is_reused_and_a_changed_picture_gets_a_new_one(
    big: dict[str, tuple[Path, MediaInfo]], tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    video = _draft(["big0", "big1"])
    render_draft(video, big, tmp_path / "one.mp4", quality="preview", cache_dir=cache)
    kept = {p: p.stat().st_mtime_ns for p in (cache / "pictures").iterdir()}
    assert len(kept) == 2
    render_draft(video, big, tmp_path / "two.mp4", quality="preview", cache_dir=cache)
    assert {p: p.stat().st_mtime_ns for p in (cache / "pictures").iterdir()} == kept

    before = gray_frames(tmp_path / "two.mp4")[2].mean()
    path, _ = big["big0"]
    _big_picture(path, 0xF0F0F0, (0.2, 0.15))  # the same file, now nearly white
    render_draft(video, big, tmp_path / "three.mp4", quality="preview", cache_dir=cache)
    assert len(list((cache / "pictures").iterdir())) == 3
    after = gray_frames(tmp_path / "three.mp4")[2].mean()
    assert after > before + 30  # the first shot shows the new picture, not the kept copy of the old one


def _ramp_clip(path: Path) -> tuple[Path, MediaInfo]:
    """A 6 s clip (25 fps, with sound) whose grey level tells the time: 20 + 30 per second."""
    ffmpeg(
        *("-f", "lavfi", "-i", "color=c=gray:s=640x360:r=25:d=6,format=yuv420p,geq=lum='20+30*T':cb=128:cr=128"),
        *("-f", "lavfi", "-i", "sine=f=440:d=6:r=48000", "-c:v", "libx264", "-preset", "ultrafast", "-g", "125"),
        *("-c:a", "aac", "-shortest", str(path)),
    )
    return path, video_info("ramp", path, 6000)


def test_a_clip_is_decoded_once_for_all_its_shots_and_shows_the_same_frames(
    assets: Assets, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commands = _spy(monkeypatch)
    media = {"ramp": _ramp_clip(tmp_path / "ramp.mp4"), "click": assets.media["click"]}
    ins = (3000, 500, 2000, 4200, 1000)  # out of order, as a music video cuts a clip
    # muted, as a music video's clips are (a clip whose own sound plays is read as it is: ``sources._heard``)
    video = draft([shot("ramp", i * SHOT_MS, SHOT_MS, in_ms=at, volume=0.0) for i, at in enumerate(ins)],
                  len(ins) * SHOT_MS)  # fmt: skip
    once = render_draft(video, media, tmp_path / "once.mp4", quality="preview", cache_dir=tmp_path / "cache")
    reads = [cmd for cmd in commands if str(media["ramp"][0]) in _inputs(cmd)]
    assert len(reads) == 1 and reads[0] is not commands[-1]  # one pass over the clip, before the render
    copy = reads[0][-1]  # what the pass wrote: the copy (under a temporary name, renamed when whole)
    read = [p for p in _inputs(commands[-1]) if Path(p).name.startswith("clip-v")]
    # at most a read of the copy a shot: shots in a row whose stretches of the copy meet share one (``Graph.shared_read``,
    # stop 55: 4 reads for these 5)
    assert 1 <= len(read) <= len(ins) and len(set(read)) == 1 and Path(copy).parent == Path(read[0]).parent

    monkeypatch.setattr(render, "clip_copies", lambda *args, **kwargs: {})  # each shot seeks in the clip itself
    each = render_draft(video, media, tmp_path / "each.mp4", quality="preview")
    a, b = gray_frames(once.path), gray_frames(each.path)
    assert a.shape == b.shape
    planned = [frame_at(i * SHOT_MS, 15) for i in range(1, len(ins))]
    assert cut_frames(a, threshold=8) == cut_frames(b, threshold=8) == planned
    starts = [float(a[frame_at(i * SHOT_MS, 15)].mean()) for i in range(len(ins))]
    slope = np.polyfit(np.array(ins) / 1000, starts, 1)[0]  # each shot starts at its in-point, read off its grey
    assert list(np.argsort(starts)) == list(np.argsort(ins)) and slope > 20
    differences = np.abs(a - b).mean(axis=(1, 2))
    # the same moment of the clip, within a frame of the video's rate (the copy is at that rate), and rounding
    assert differences.max() <= slope / 15 + 1, differences


def test_a_clip_whose_sound_is_heard_is_read_from_its_copy_with_the_same_sound(
    assets: Assets, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clip = tmp_path / "steps.mp4"
    tone = "aevalsrc='0.4*sin(2*PI*(300+100*floor(t))*t)':s=48000:d=6"  # 300 Hz, then 100 Hz higher each second
    ffmpeg(*("-f", "lavfi", "-i", "color=c=gray:s=320x180:r=25:d=6", "-f", "lavfi", "-i", tone),
           *("-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", str(clip)))  # fmt: skip
    media = {"steps": (clip, video_info("steps", clip, 6000)), "click": assets.media["click"]}
    ins = (4000, 1000, 3000)
    video = draft([shot("steps", i * 1000, 1000, in_ms=at) for i, at in enumerate(ins)], len(ins) * 1000)
    commands = _spy(monkeypatch)
    once = render_draft(video, media, tmp_path / "once.mp4", quality="medium")
    assert [cmd for cmd in commands if str(clip) in _inputs(cmd)] == commands[:1]  # the copy's pass alone reads it
    assert all("steps.mp4" not in arg for arg in commands[-1])

    monkeypatch.setattr(render, "clip_copies", lambda *args, **kwargs: {})  # each shot reads the clip itself
    each = render_draft(video, media, tmp_path / "each.mp4", quality="medium")
    (a, rate), (b, _) = decode_mono(once.path), decode_mono(each.path)
    for i, at in enumerate(ins):
        heard = 300 + 100 * at // 1000  # the in-point's tone, in both
        level = [tone_level(x, rate, heard, i + 0.2, i + 0.8) for x in (a, b)]
        assert min(level) > 0.1 and abs(20 * np.log10(level[0] / level[1])) < 0.5, (at, level)
    # the same peak within 0.5 dB: each shot's sound starts where the cut falls in its wave, which a few samples'
    # difference in where the copy and the clip seek to (0.2 ms here) moves
    assert abs(20 * np.log10(float(np.abs(a).max()) / float(np.abs(b).max()))) < 0.5


def test_a_copy_made_from_the_measures_frame_reads_that_frame_from_a_file_and_leaves_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A photo's copy made from the frame its measures decoded (``frame_copy``) is handed to its ffmpeg as a file of
    raw pixels, not piped in: piped with a timeout, ``subprocess`` wrote the 12-megapixel photo's 4.5 MB frame 4 kB a
    select at a time in the engine's Python. The copy is byte for byte the copy of those pixels piped in, and the
    pixels' file is gone after."""
    import subprocess

    from nemo_notebook.engine.ffmpeg import ffmpeg_exe
    from nemo_notebook.engine.render import frame_copy

    path, info = _big_picture(tmp_path / "photo.jpg", 0xC04020, (0.2, 0.15))
    runs: list[tuple[list[str], bytes]] = []
    real = subprocess.run

    def recording(cmd: list[str], *args: Any, **kwargs: Any) -> Any:
        runs.append((list(cmd), kwargs.get("input") or b""))
        return real(cmd, *args, **kwargs)

    monkeypatch.setattr(subprocess, "run", recording)
    folder = tmp_path / "copies"
    made = sources._scaled_copy(path, info, (718, 538), folder)
    monkeypatch.undo()
    assert made is not None and len(runs) == 1
    cmd, piped_in = runs[0]
    assert piped_in == b"", f"{len(piped_in)} bytes piped into the copy's ffmpeg"
    raw = _inputs(cmd)[0]
    assert raw.endswith(".raw") and not Path(raw).exists()
    assert sorted(p.name for p in folder.iterdir()) == [made[0].name]

    frame = frame_copy.measured_frame_input(path, BIG, 1)
    assert frame is not None
    chain = "[0:v]trim=end_frame=1,scale=718:538:force_original_aspect_ratio=increase:force_divisible_by=2:flags=lanczos,setsar=1[out]"
    piped = tmp_path / "piped.jpg"
    real([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", *frame.args, "-i", "pipe:0", "-filter_complex",
          chain, "-map", "[out]", "-frames:v", "1", "-update", "1", "-q:v", "2", "-pix_fmt", "yuvj420p", str(piped)],
         input=frame.raw, check=True)  # fmt: skip
    assert made[0].read_bytes() == piped.read_bytes()
