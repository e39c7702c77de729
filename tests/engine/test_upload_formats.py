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
from .heif import make_heic, make_tiled_heic

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


def test_a_phone_photo_in_tiles_is_taken_whole_and_upright(
    engine: RunningEngine, api: httpx.Client, sid: str, tmp_path: Path
) -> None:
    """An iPhone HEIC is a grid of 512x512 tiles plus a thumbnail; the decoders' streams are the tiles, so the photo
    was taken as one tile. Here a 4x3 grid of a 1024x768 picture with its top half orange and bottom half blue,
    turned a quarter anticlockwise (``irot``), must arrive 768x1024 with orange on the left, blue on the right."""
    orange_top = f"drawbox=x=0:y=0:w=1024:h=384:color={_hex(ORANGE)}:t=fill,"
    heic = make_tiled_heic(tmp_path / "IMG_0001.HEIC", f"color=c={_hex(BLUE)}", (1024, 768), (4, 3), draw=orange_top,
                           turns=1)  # fmt: skip
    answer = upload(api, sid, ("IMG_0001.HEIC", heic))
    assert answer.status_code == 200, answer.text
    [info] = answer.json()["data"]["media"]
    assert (info["kind"], info["name"], info["width"], info["height"]) == ("image", "IMG_0001.HEIC", 768, 1024)
    path, media = _stored(engine, sid, info)
    song = tmp_path / "s.wav"
    ffmpeg("-f", "lavfi", "-i", "sine=d=1", str(song))
    [sound] = upload(api, sid, ("s.wav", song)).json()["data"]["media"]
    d = draft([shot(media.id, 0, 1000, motion="none")], 1000, music=sound["id"])
    out = render_draft(d, {media.id: (path, media), sound["id"]: _stored(engine, sid, sound)}, tmp_path / "o.mp4",
                       size=(320, 180)).path  # fmt: skip
    frame = _frame_at(out, 0.5)
    left, right = frame[60:120, 120:150].mean(axis=(0, 1)), frame[60:120, 170:200].mean(axis=(0, 1))
    assert np.abs(left - np.array(ORANGE)).max() < 30, left
    assert np.abs(right - np.array(BLUE)).max() < 30, right


def test_a_tiled_photo_over_the_picture_limit_is_refused_before_it_is_decoded(tmp_path: Path) -> None:
    from nemo_notebook.engine.errors import MediaError
    from nemo_notebook.engine.intake.heif import flatten_grid, grid_size
    from nemo_notebook.engine.settings import MediaLimits

    heic = make_tiled_heic(tmp_path / "big.heic", "color=c=red", (1024, 768), (2, 2))
    assert grid_size(heic) == (1024, 768)
    assert grid_size(make_heic(tmp_path / "one.heic", "color=c=red", (64, 48))) is None
    try:
        flatten_grid(heic, "big.heic", MediaLimits(max_picture_pixels=500_000), (1024, 768))
    except MediaError as exc:
        assert exc.code == 4001 and "big.heic" in str(exc), exc
    else:
        raise AssertionError("a grid of 786 432 pixels passed a 500 000 pixel limit")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.heic", "one.heic"], "no half-made JPEG is left"


def test_an_mp3_named_png_is_taken_as_the_sound_it_holds(
    engine: RunningEngine, api: httpx.Client, sid: str, tmp_path: Path
) -> None:
    # FFmpeg's picture reader is chosen by the extension alone: a stereo MP3 (a mono one's probe still won) was
    # opened as a PNG, failed to decode and was refused as "not audio, video or a picture that can be decoded"
    song, photo = tmp_path / "song.mp3", tmp_path / "photo.png"
    ffmpeg("-f", "lavfi", "-i", "sine=f=440:d=2", "-ac", "2", str(song))
    ffmpeg("-f", "lavfi", "-i", f"color=c={_hex(ORANGE)}:s=320x180", "-frames:v", "1", str(photo))
    answer = upload(api, sid, ("cover.png", song), ("photo.png", photo))
    assert answer.status_code == 200, answer.text
    sound, picture = answer.json()["data"]["media"]
    assert (sound["kind"], sound["format"], sound["name"]) == ("audio", "mp3", "cover.png")
    assert 1900 < sound["duration_ms"] < 2200, sound
    d = draft([shot(picture["id"], 0, 1000, motion="none")], 1000, music=sound["id"])
    media = {m["id"]: _stored(engine, sid, m) for m in (sound, picture)}
    out = render_draft(d, media, tmp_path / "out.mp4", size=(320, 180)).path
    assert _sound_rms(out) > 0.02


def test_a_phones_108_megapixel_jpeg_is_taken_and_shown(
    engine: RunningEngine, api: httpx.Client, sid: str, tmp_path: Path
) -> None:
    """A phone's high-resolution mode makes 108 or 200 MP JPEGs; the 50 MP limit refused them. A JPEG is read at a
    fraction of its size (FFmpeg's ``lowres``) where its use needs no more, so up to 200 MP is taken; a PNG as large
    still is refused, saying to scale it down or save it as a JPEG. Measured: this test's largest process
    peaked at 501 MB; making the photo in PIL alone takes a process to 429 MB."""
    from PIL import Image

    from tests.proof.media import png_claiming

    photo = tmp_path / "IMG_108MP.jpg"  # orange left of x=5001, blue right: 1.7 MB (FFmpeg took 930 MB to make it)
    made = Image.new("RGB", (12000, 9000), BLUE)
    made.paste(ORANGE, (0, 0, 5001, 9000))
    made.save(photo, quality=85)
    del made
    answer = upload(api, sid, ("IMG_108MP.jpg", photo))
    assert answer.status_code == 200, answer.text
    [info] = answer.json()["data"]["media"]
    assert (info["kind"], info["format"], info["width"], info["height"]) == ("image", "jpg", 12000, 9000)
    song = tmp_path / "s.wav"
    ffmpeg("-f", "lavfi", "-i", "sine=d=1", str(song))
    [sound] = upload(api, sid, ("s.wav", song)).json()["data"]["media"]
    d = draft([shot(info["id"], 0, 1000, motion="none")], 1000, music=sound["id"])
    media = {m["id"]: _stored(engine, sid, m) for m in (info, sound)}
    out = render_draft(d, media, tmp_path / "o.mp4", size=(320, 180)).path
    frame = _frame_at(out, 0.5)  # 4:3 in 16:9: the photo spans x 40..280, its orange part to x 140
    left, right = frame[60:120, 60:120].mean(axis=(0, 1)), frame[60:120, 180:240].mean(axis=(0, 1))
    assert np.abs(left - np.array(ORANGE)).max() < 30, left
    assert np.abs(right - np.array(BLUE)).max() < 30, right

    png = tmp_path / "big.png"
    png.write_bytes(png_claiming(12000, 9000))
    refused = upload(api, sid, ("big.png", png))
    assert refused.status_code == 415, refused.text
    assert "108 megapixels" in refused.text and "save it as a JPEG" in refused.text, refused.text
