"""Each picture of a render is decoded once for everything the engine measures of it (issue 27: "each source
decoded once"): the crop's thumbnail and fine detail, the faces, the figures, the moments' comparison and the
visualizer's automatic place each read it at their own width, pass after pass over the shots. With only the two
latest decoded frames kept, a 3-minute video from 100 12-megapixel photos decoded each photo four to five times
(170 CPU s of its render at preview, `python -m tests.benchmarks decode`)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from nemo_notebook.engine.render import frames, render_draft

from .conftest import Assets
from .drafts import draft, shot
from .synth import ffmpeg, gray_frames, image_info


def _colours(seed: int) -> str:
    """``gradients``' three colours for ``seed``: left to pick, FFmpeg draws them from a random seed of its own each run
    (``av_parse_color``'s "random"), and the pictures, their framing and this file's results changed from run to run
    (the frames' SSIM against whole decodes 0.66-0.99 in six runs of one test)."""
    return ":".join(f"c{i}=0x{(seed * 2654435761 >> (4 * i)) & 0xFFFFFF:06x}" for i in range(3))


def _photo(path: Path, seed: int) -> Path:
    ffmpeg("-f", "lavfi", "-i", f"gradients=s=1600x1200:seed={seed}:{_colours(seed)}:nb_colors=3", "-frames:v", "1",
           str(path))  # fmt: skip
    return path


def test_every_picture_is_decoded_once_for_all_the_render_measures(
    assets: Assets, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    photos = {f"p{i}": _photo(tmp_path / f"p{i}.jpg", 40 + i) for i in range(4)}
    decoded: Counter[Path] = Counter()
    real = frames._decoded

    def counting(path: Path, at_ms: int, least: int = 0) -> Any:
        decoded[path] += 1
        return real(path, at_ms, least)

    monkeypatch.setattr(frames, "_decoded", counting)
    media = {**{k: (p, image_info(k, p)) for k, p in photos.items()}, "click": assets.media["click"]}
    order = ["p0", "p1", "p2", "p3", "p0", "p2", "p1", "p3"]  # each picture shown twice, the showings apart
    video = draft([shot(k, i * 500, 500) for i, k in enumerate(order)], 4000, visualizer={"effect": "spectrum"})
    render_draft(video, media, tmp_path / "out.mp4", quality="preview", cache_dir=tmp_path / "cache")
    shown = {path.name: decoded[path] for path in photos.values()}
    assert set(shown.values()) == {1}, shown


def test_the_measures_read_at_the_widths_a_decode_is_brought_to() -> None:
    """A measure reading another width would decode every picture again for itself."""
    from nemo_notebook.engine.render import faces, figures, framing, measured_moments

    widths = {faces._WIDTH, figures._WIDTH, framing._THUMB_WIDTH, framing._FINE_WIDTH, measured_moments._WIDTH}
    assert widths <= set(frames.MEASURED_WIDTHS)


def _detailed_photo(path: Path, seed: int) -> Path:
    """3200x2400: ``testsrc2``'s fine lines and type over a gradient, JPEG as a camera's."""
    source = f"testsrc2=s=3200x2400,format=rgb24[t];gradients=s=3200x2400:seed={seed}:{_colours(seed)}:nb_colors=3,format=rgb24[g]"
    ffmpeg("-filter_complex", f"{source};[t][g]blend=all_mode=overlay", "-frames:v", "1", "-q:v", "3", str(path))
    return path


def _photo_draft(assets: Assets, tmp_path: Path, seed: int) -> tuple[dict[str, Path], dict[str, Any], Any]:
    """Four 3200x2400 photos (seeds ``seed``..``seed + 3``, the last turned by its EXIF orientation), the media that
    holds them and the click track, and a 3 s draft showing them in six shots under a spectrum."""
    from nemo_notebook.engine.intake.probe import probe

    from .test_orientation import _with_orientation

    photos = {f"p{i}": _detailed_photo(tmp_path / f"p{i}.jpg", seed + i) for i in range(3)}
    photos["p3"] = _with_orientation(_detailed_photo(tmp_path / "p3.jpg", seed + 3), 6)
    media: dict[str, Any] = {k: (p, probe(p, media_id=k, name=p.name)) for k, p in photos.items()}
    media["click"] = assets.media["click"]
    order = ["p0", "p1", "p2", "p3", "p1", "p3"]
    video = draft([shot(k, i * 500, 500) for i, k in enumerate(order)], 3000, visualizer={"effect": "spectrum"})
    return photos, media, video


class _Watched:
    """A PyAV container that records the width of every frame it decodes."""

    def __init__(self, container: Any, path: str, widths: dict[str, list[int]]) -> None:
        self._container, self._path, self._widths = container, path, widths

    def __enter__(self) -> _Watched:
        return self

    def __exit__(self, *exc: object) -> None:
        self._container.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._container, name)

    def decode(self, *args: Any, **kwargs: Any) -> Any:
        for frame in self._container.decode(*args, **kwargs):
            self._widths.setdefault(self._path, []).append(frame.width)
            yield frame


def test_a_renders_jpegs_are_decoded_at_the_reduced_scale_the_video_needs_with_the_same_frames(
    assets: Assets, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 27: "decoded once, at the size the output needs". A 3200x2400 photo is decoded at 1/2 for the measures
    (384 pixels across at most) and for the preview's copy (718x538), never whole, and the video shows the same
    frames as from whole decodes (one photo turned by its EXIF orientation)."""
    import av
    from skimage.metrics import structural_similarity

    from nemo_notebook.engine.render import sources

    photos, media, video = _photo_draft(assets, tmp_path, 50)

    decoded: dict[str, list[int]] = {}  # a photo's path -> the width of each frame decoded of it in this process
    copied: list[list[str]] = []  # the ffmpeg commands that read a photo
    real_open, real_run = av.open, sources.subprocess.run

    def watched_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        container = real_open(file, *args, **kwargs)
        return _Watched(container, str(file), decoded) if str(file) in map(str, photos.values()) else container

    def recorded_run(cmd: list[str], *args: Any, **kwargs: Any) -> Any:
        if any(str(p) in cmd for p in photos.values()):
            copied.append(list(cmd))
        return real_run(cmd, *args, **kwargs)

    monkeypatch.setattr(av, "open", watched_open)
    monkeypatch.setattr(sources.subprocess, "run", recorded_run)
    reduced = render_draft(video, media, tmp_path / "reduced.mp4", quality="preview", cache_dir=tmp_path / "c1")
    monkeypatch.undo()

    whole = {str(p) for p in photos.values()}
    in_process = [(Path(p).name, w) for p, widths in decoded.items() for w in widths if w >= 3200]
    by_ffmpeg = [Path(p).name for cmd in copied for p in whole if p in cmd and "-lowres" not in cmd]
    assert set(decoded) == whole, (decoded, copied)  # the copies made from those frames (the test below)
    assert in_process == [] and by_ffmpeg == [], f"decoded whole: in the engine {in_process}, by ffmpeg {by_ffmpeg}"

    from nemo_notebook.engine import reduced_decode

    monkeypatch.setattr(reduced_decode, "halvings", lambda share: 0)  # every photo decoded whole, as before
    for key, path in photos.items():  # the same pictures, measured again (measures are kept for a file's content)
        again = path.with_name(f"again-{path.name}")
        again.write_bytes(path.read_bytes() + b"\0")
        media[key] = (again, media[key][1])
    full = render_draft(video, media, tmp_path / "full.mp4", quality="preview", cache_dir=tmp_path / "c2")
    a, b = gray_frames(reduced.path), gray_frames(full.path)
    assert a.shape == b.shape
    similar = [structural_similarity(x, y, data_range=255.0) for x, y in zip(a, b, strict=True)]
    assert min(similar) >= 0.98, [round(s, 4) for s in similar]


def test_a_photo_is_decoded_once_in_a_whole_render_its_copy_made_from_the_measures_frame(
    assets: Assets, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 27: "each source decoded once". The measures' decode of a photo (at 1/2 for a 3200x2400 one) is the
    decode its preview copy (718x538) needs: the copy is made from that frame, so that nothing in the render, the
    engine or any ffmpeg it starts, decodes the photo a second time; and the video shows the same frames as with
    copies read from the files (one photo turned by its EXIF orientation)."""
    import subprocess

    import av
    from skimage.metrics import structural_similarity

    photos, media, video = _photo_draft(assets, tmp_path, 60)

    names = {str(p): p.name for p in photos.values()}
    decodes: Counter[str] = Counter()  # a photo's name -> its decodes, in the engine and by every ffmpeg started
    in_engine: dict[str, list[int]] = {}
    real_open = av.open

    def watched_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        container = real_open(file, *args, **kwargs)
        return _Watched(container, str(file), in_engine) if str(file) in names else container

    class Recorded(subprocess.Popen):  # type: ignore[type-arg]
        def __init__(self, args: Any, *rest: Any, **kwargs: Any) -> None:
            decodes.update(names[a] for a in map(str, args) if a in names)
            super().__init__(args, *rest, **kwargs)

    monkeypatch.setattr(av, "open", watched_open)
    monkeypatch.setattr(subprocess, "Popen", Recorded)
    once = render_draft(video, media, tmp_path / "once.mp4", quality="preview", cache_dir=tmp_path / "c1")
    monkeypatch.undo()
    decodes.update({names[path]: len(widths) for path, widths in in_engine.items()})
    assert dict(decodes) == dict.fromkeys(names.values(), 1), dict(decodes)

    from nemo_notebook.engine.render import frame_copy

    monkeypatch.setattr(frame_copy, "measured_picture", lambda path: None)  # every copy read from its file
    for key, path in photos.items():  # measured again (measures are kept for a file's content), the copies made again
        again = path.with_name(f"again-{path.name}")
        again.write_bytes(path.read_bytes() + b"\0")
        media[key] = (again, media[key][1])
    from_files = render_draft(video, media, tmp_path / "files.mp4", quality="preview", cache_dir=tmp_path / "c2")
    a, b = gray_frames(once.path), gray_frames(from_files.path)
    assert a.shape == b.shape
    similar = [structural_similarity(x, y, data_range=255.0) for x, y in zip(a, b, strict=True)]
    assert min(similar) >= 0.99, [round(s, 4) for s in similar]
