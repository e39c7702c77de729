"""Exports of the files a phone or a camcorder gives, each made from Big Buck Bunny's clip or poster, and a contact
sheet of each to look at (issue 27's proof: upright? the right colours? the right shape?).

A review tool, not a test: nothing collects it. Like ``held_out_exports`` it drives the public client on a fresh
embedded engine (a session, two uploads: the phone file and a 25 s song, one plain-words request, an export, a
download) and writes into OUTDIR the file itself under ``files/`` and, for each file NAME, ``NAME.mp4`` (the export),
``NAME-contact.png`` (a frame every 2 s, labelled with its time) and ``NAME.json`` (the reply, the file as probed,
the export's colour tags). The files:

- ``hlg-portrait.mp4``: 12 s of the bunny cropped standing, HLG HEVC 10-bit, stored on its side with a display
  matrix of 90 (as a phone stores a portrait clip);
- ``pq.mp4``: 12 s, PQ HEVC 10-bit;
- ``exif6.jpg`` and ``exif5.jpg``: the poster stored turned (EXIF orientation 6) and turned and mirrored (5);
- ``tiled.heic``: the poster cropped standing, a grid of 4x3 HEVC tiles turned by ``irot`` (as an iPhone stores it);
- ``pal-dv.avi``: 12 s as a PAL DV camcorder stores it, 720x576 at a pixel aspect of 64:45, with its sound;
- ``vfr.mp4``: 12 s whose frame rate changes from 24 to 12 fps halfway.

Run it from the repository with the project's venv, under ``nice``::

    nice -n 10 python tools/phone_footage_exports.py OUTDIR [--quality preview] [--only exif5,pq]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the package and its tests beside this tool

from held_out_exports import contact_sheet, ffmpeg, probe

from nemo_notebook.client import Client, NemoError
from tests.engine.heif import make_tiled_heic

MEDIA = Path(__file__).resolve().parents[2] / "shared" / "media"
BUNNY, POSTER, SONG = (
    MEDIA / "big-buck-bunny-30s.mp4",
    MEDIA / "big-buck-bunny-poster.jpg",
    MEDIA / "choice-drum-bass.ogg",
)
CUT = ("-ss", "8", "-t", "12")
HEVC_10 = ("-c:v", "libx265", "-x265-params", "log-level=error", "-colorspace", "bt2020nc", "-color_primaries",
           "bt2020")  # fmt: skip
WORDS = "make a music video"


def _hdr(transfer: str, crop: str) -> str:
    return f"{crop}zscale=tin=bt709:pin=bt709:min=bt709:t={transfer}:p=bt2020:m=bt2020nc:npl=203,format=yuv420p10le"


def hlg_portrait(out: Path) -> None:
    stored = out.with_suffix(".stored.mp4")
    ffmpeg(*CUT, "-i", str(BUNNY), "-vf", _hdr("arib-std-b67", "crop=270:480,scale=540:960,transpose=clock,"),
           *HEVC_10, "-color_trc", "arib-std-b67", "-c:a", "aac", str(stored))  # fmt: skip
    ffmpeg("-display_rotation", "90", "-i", str(stored), "-c", "copy", str(out))
    stored.unlink()


def pq(out: Path) -> None:
    ffmpeg(*CUT, "-i", str(BUNNY), "-vf", _hdr("smpte2084", "scale=1280:720,"), *HEVC_10, "-color_trc", "smpte2084",
           "-c:a", "aac", str(out))  # fmt: skip


def _exif(orientation: int, stored_as: Callable[[Any], Any]) -> Callable[[Path], None]:
    def make(out: Path) -> None:
        from PIL import Image

        exif = Image.Exif()
        exif[0x0112] = orientation
        stored_as(Image.open(POSTER)).save(out, quality=92, exif=exif.tobytes())

    return make


def tiled_heic(out: Path) -> None:
    source = f"movie={POSTER},crop=360:480:250:0,transpose=clock,scale=1024:768,setsar=1[poster];color=c=black"
    make_tiled_heic(out, source, (1024, 768), (4, 3), draw="null[base];[base][poster]overlay,", turns=1)


def pal_dv(out: Path) -> None:
    ffmpeg(*CUT, "-i", str(BUNNY), "-vf", "scale=720:576,setsar=64/45", "-r", "25", "-pix_fmt", "yuv420p",
           "-c:v", "dvvideo", "-c:a", "pcm_s16le", "-ar", "48000", "-ac", "2", str(out))  # fmt: skip


def vfr(out: Path) -> None:
    halves = r"select='lt(t\,6)+not(mod(n\,2))'"  # every frame for 6 s, then every other one
    ffmpeg(*CUT, "-i", str(BUNNY), "-vf", halves, "-fps_mode", "vfr", "-c:v", "libx264", "-c:a", "aac", str(out))


def _turned(picture: Any, orientation: int) -> Any:
    """``picture`` stored so that EXIF ``orientation`` shows it as it is (PIL's ``exif_transpose`` undone)."""
    from PIL import Image

    return picture.transpose({6: Image.Transpose.ROTATE_90, 5: Image.Transpose.TRANSPOSE}[orientation])


FILES: dict[str, Callable[[Path], None]] = {
    "hlg-portrait.mp4": hlg_portrait,
    "pq.mp4": pq,
    "exif6.jpg": _exif(6, lambda p: _turned(p, 6)),
    "exif5.jpg": _exif(5, lambda p: _turned(p, 5)),
    "tiled.heic": tiled_heic,
    "pal-dv.avi": pal_dv,
    "vfr.mp4": vfr,
}


def _colour_tags(video: Path) -> list[str]:
    import av

    with av.open(str(video)) as container:
        context = container.streams.video[0].codec_context
        return [str(context.color_primaries), str(context.color_trc), str(context.colorspace), str(context.color_range)]


def run(out: Path, *, quality: str, only: set[str]) -> None:
    (out / "files").mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="nemo-phone-") as home, Client(home=Path(home)) as client:
        for name, make in FILES.items():
            stem = name.split(".")[0]
            if only and stem not in only:
                continue
            phone_file = out / "files" / name
            make(phone_file)
            figures: dict[str, Any] = {"file": name, "words": WORDS}
            try:
                session = client.sessions.create(language="en")
                uploaded = session.upload([phone_file, SONG])
                figures["probed"] = uploaded[0].to_wire()
                figures["reply"] = session.send(WORDS).text
                session.export(quality=quality).wait().download(out / f"{stem}.mp4")
            except NemoError as exc:  # a refusal is a finding: say it and go on
                figures["error"] = str(exc)
            else:
                contact_sheet(out / f"{stem}.mp4", out / f"{stem}-contact.png", probe(out / f"{stem}.mp4"))
                figures["export_colour_tags"] = _colour_tags(out / f"{stem}.mp4")
            (out / f"{stem}.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
            print(f"{stem}: {figures.get('error') or figures['reply']}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--quality", default="preview")
    parser.add_argument("--only", default="", help="comma-separated names, e.g. exif5,pq (default: all)")
    args = parser.parse_args(argv)
    run(args.outdir, quality=args.quality, only={n for n in args.only.split(",") if n})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
