"""Issue 27: the content decides, not the name. HEIC and AVIF photos and Opus or WebM sound are taken where the
bundled decoders read them, described rightly, and rendered."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from nemo_notebook.engine import RunningEngine
from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.render import render_draft
from nemo_notebook.protocol import MediaInfo
from tests.render.drafts import draft, shot

from .conftest import upload
from .heif import make_heic

ORANGE, BLUE = (240, 120, 30), (30, 90, 220)


def ffmpeg(*args: str) -> None:
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", *args], check=True)


def _hex(rgb: tuple[int, int, int]) -> str:
    return "0x" + "".join(f"{v:02x}" for v in rgb)


def _stored(engine: RunningEngine, sid: str, info: dict[str, Any]) -> tuple[Path, MediaInfo]:
    return engine.settings.home / "media" / sid / f"{info['id']}.{info['format']}", MediaInfo.from_wire(info)


def _frame_at(path: Path, second: float) -> np.ndarray:
    import av

    with av.open(str(path)) as container:
        for frame in container.decode(video=0):
            if frame.time is not None and frame.time >= second:
                return frame.to_ndarray(format="rgb24").astype(np.float32)
    raise AssertionError(f"no frame at {second} s")


def _sound_rms(path: Path) -> float:
    import av

    with av.open(str(path)) as container:
        samples = np.concatenate([f.to_ndarray().ravel() for f in container.decode(audio=0)])
    return float(np.sqrt(np.mean(samples.astype(np.float64) ** 2)))


def test_heic_avif_opus_and_webm_sound_are_taken_and_rendered(
    engine: RunningEngine, api: httpx.Client, sid: str, tmp_path: Path
) -> None:
    heic = make_heic(tmp_path / "photo.heic", f"color=c={_hex(ORANGE)}", (320, 240))
    avif = tmp_path / "photo.avif"
    ffmpeg("-f", "lavfi", "-i", f"color=c={_hex(BLUE)}:s=240x320", "-frames:v", "1", "-c:v", "libaom-av1", str(avif))
    opus, webm = tmp_path / "song.opus", tmp_path / "voice.webm"
    for path in (opus, webm):
        ffmpeg("-f", "lavfi", "-i", "sine=f=440:d=3", "-c:a", "libopus", "-b:a", "64k", str(path))
    answer = upload(
        api, sid, ("photo.heic", heic), ("photo.avif", avif), ("song.opus", opus), ("voice.webm", webm),
        ("really-a-heic.jpg", heic), ("photo.heif", heic),
    )  # fmt: skip
    assert answer.status_code == 200, answer.text
    got = answer.json()["data"]["media"]
    described = [(m["kind"], m["format"], m["width"], m["height"]) for m in got]
    assert described == [
        ("image", "heic", 320, 240), ("image", "avif", 240, 320), ("audio", "opus", None, None),
        ("audio", "webm", None, None), ("image", "heic", 320, 240), ("image", "heif", 320, 240),
    ]  # fmt: skip
    assert [m["duration_ms"] for m in got[:2]] == [None, None]
    assert all(2900 < m["duration_ms"] < 3100 and m["sample_rate"] == 48000 for m in got[2:4]), got[2:4]

    media = {m["id"]: _stored(engine, sid, m) for m in got}
    photo, portrait, song = got[0]["id"], got[1]["id"], got[2]["id"]
    d = draft([shot(photo, 0, 1000, motion="none"), shot(portrait, 1000, 1000, motion="none")], 2000, music=song)
    out = render_draft(d, media, tmp_path / "out.mp4", size=(320, 180)).path
    for second, colour in ((0.5, ORANGE), (1.5, BLUE)):
        centre = _frame_at(out, second)[80:100, 150:170].mean(axis=(0, 1))
        assert np.abs(centre - np.array(colour)).max() < 25, (second, centre)
    assert _sound_rms(out) > 0.02


def test_an_opus_file_named_mp3_is_judged_by_its_content(api: httpx.Client, sid: str, tmp_path: Path) -> None:
    opus = tmp_path / "song.opus"
    ffmpeg("-f", "lavfi", "-i", "sine=f=440:d=1", "-c:a", "libopus", str(opus))
    answer = upload(api, sid, ("song.mp3", opus))
    assert answer.status_code == 200, answer.text
    [info] = answer.json()["data"]["media"]
    assert (info["kind"], info["format"]) == ("audio", "ogg")


def test_the_client_sends_what_the_content_is(tmp_path: Path) -> None:
    from nemo_notebook.client._upload import split_sources

    heic = make_heic(tmp_path / "photo.heic", "color=c=red", (64, 48))
    opus = tmp_path / "song.opus"
    ffmpeg("-f", "lavfi", "-i", "sine=d=0.5", "-c:a", "libopus", str(opus))
    jfif = tmp_path / "scan.jfif"
    ffmpeg("-f", "lavfi", "-i", "color=c=red:s=64x48", "-frames:v", "1", "-f", "mjpeg", str(jfif))
    (tmp_path / "misnamed.jpg").write_bytes(heic.read_bytes())
    files, _ = split_sources([heic, opus, jfif, tmp_path / "misnamed.jpg"])
    assert [f.content_type for f in files] == ["image/heic", "audio/ogg", "image/jpeg", "image/heic"]
