"""Seven exports made from held-out media, and what a reviewer looks at for each (issue 29's proof).

A review tool, not a test: nothing collects it. It drives the public client exactly as a user would (a session, the
uploads, one plain-words request, an export at the quality asked, a download) on a fresh embedded engine, one export
at a time, and writes into OUTDIR for each export NN:

- ``NN.mp4``: the export;
- ``NN-contact.png``: a frame every 2 s (ffmpeg ``tile``), each labelled with its time;
- ``NN-cuts.png``: the cut strip, one frame from the middle of each planned shot, labelled with its time;
- ``NN-loudness.csv``: the export's short-term loudness (ffmpeg ``ebur128``, LUFS) once a second;
- ``NN.json``: the figures: duration, shots, shots per minute, how often and how long each upload is shown, true
  peak, LUFS and LRA of the input track and of the export, the cuts the report card finds, the reply, the timeline.

Run it from the repository with the project's venv, under ``nice``::

    nice -n 10 python tools/held_out_exports.py OUTDIR --quality preview [--only 01,05] [--cache DIR] [--songs DIR]

Media (none of it used by the tests, none of it shipped; fetched on the first run into ``--cache``, default
``OUTDIR/cache``): pictures from Debian's ``mate-backgrounds`` (GPL-2+), ``lomiri-wallpapers`` (CC BY-SA 3.0) and
``opencv-doc``'s sample data (Apache-2.0 / BSD-3-Clause), the clips ``Megamind.avi``, ``tree.avi`` and the first 30 s
of ``vtest.avi`` from ``opencv-doc``, each with ``apt-get download`` and ``dpkg-deb -x`` (no root needed, nothing
installed). The songs are five recordings of the beat evaluation set (``tests/benchmarks/evalset/MANIFEST.md``; its
``fetch.sh`` makes them, default folder ``/work/evalset/audio`` as the benchmarks read it): 14 pop-rock (energetic),
07 orchestral love theme (calm), 10 electronic (given title and artist tags as a user's MP3), 05 rock ballad, 16
electronic tracker piece.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the package beside this tool

from nemo_notebook.client import Client, NemoError, Session, State
from nemo_notebook.protocol import MediaKind, TrackType

FONT = Path(__file__).resolve().parents[1] / "nemo_notebook" / "assets" / "fonts" / "DejaVuSans-Bold.ttf"
PACKAGES = ("mate-backgrounds=1.26.0-1", "lomiri-wallpapers=20.04.0-2", "opencv-doc=4.6.0+dfsg-12")
MATE = "usr/share/backgrounds/mate"
CV = "usr/share/doc/opencv-doc/examples/data"
PHOTOS = (
    f"{MATE}/nature/LadyBird.jpg", f"{MATE}/nature/YellowFlower.jpg", f"{MATE}/nature/Storm.jpg",
    f"{MATE}/nature/Dune.jpg", "usr/share/backgrounds/warty-final-ubuntu.png", f"{MATE}/abstract/Elephants.jpg",
    f"{CV}/fruits.jpg", f"{CV}/messi5.jpg",
)  # fmt: skip
CALM_PHOTOS = (
    f"{MATE}/nature/Aqua.jpg", f"{MATE}/nature/RainDrops.jpg", f"{MATE}/nature/Wood.jpg",
    f"{MATE}/nature/GreenMeadow.jpg", f"{MATE}/nature/FreshFlower.jpg",
)  # fmt: skip
SONGS = {
    "energetic": "14-pop-rock-spunky-race.ogg",
    "calm": "07-orchestral-rubato-love-theme.ogg",
    "tagged": "10-electronic-digital-pursuit.ogg",
    "ballad": "05-rock-ballad-feelings.ogg",
    "electronic": "16-electronic-tracker-i-have-no-tomatoes.ogg",
}
TAGS = {"title": "Digital Pursuit", "artist": "Parapraxis"}  # the names the recording's own Ogg tags give
SHEET_EVERY_S = 2


@dataclass(frozen=True)
class Export:
    """One export of the set: what is uploaded (keys of the media table) and the words asked."""

    name: str
    uploads: tuple[str, ...]
    words: str


EXPORTS = (
    Export("01", ("energetic", *(f"photo{i}" for i in range(8)), "megamind", "vtest"),
           "create a video from this music with my photos and clips and beat-synced cuts"),
    Export("02", ("energetic", *(f"photo{i}" for i in range(8)), "megamind", "vtest"),
           "make a vertical 9:16 music video for TikTok from this song with my photos and clips"),
    Export("03", ("calm", *(f"calm{i}" for i in range(5))), "make a calm music video from this song with my five photos"),
    Export("04", ("tagged", "cover"), "make a music video for my song with its cover"),
    Export("05", ("ballad",), "make a video for this song"),
    Export("06", ("electronic",), "make a video for this track"),
    Export("07", ("megamind", "tree", "vtest"), "create an upbeat background track for my travel video"),
)  # fmt: skip


def ffmpeg_exe() -> str:
    import imageio_ffmpeg

    return str(imageio_ffmpeg.get_ffmpeg_exe())


def ffmpeg(*args: str) -> str:
    """Run ffmpeg quietly; its log (stderr) is returned, where ``ebur128`` and the input's probe write."""
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", *args]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"ffmpeg failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr[-2000:]}")
    return done.stderr


# --- the media ------------------------------------------------------------------------------------------------


def unpacked_debs(cache: Path) -> Path:
    """Download the Debian packages once (``apt-get download``) and unpack them (``dpkg-deb -x``) under ``cache``."""
    debs, root = cache / "debs", cache / "x"
    debs.mkdir(parents=True, exist_ok=True)
    for spec in PACKAGES:
        name = spec.split("=")[0]
        if not list(debs.glob(f"{name}_*.deb")):
            pinned = subprocess.run(["apt-get", "download", "-qq", spec], cwd=debs, check=False)
            if pinned.returncode != 0:  # the pinned version is gone from the archive: take the current one
                subprocess.run(["apt-get", "download", "-qq", name], cwd=debs, check=True)
        if not (root / ".unpacked" / name).exists():
            deb = sorted(debs.glob(f"{name}_*.deb"))[-1]
            subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
            (root / ".unpacked").mkdir(exist_ok=True)
            (root / ".unpacked" / name).touch()
    return root


def made_once(path: Path, *args: str) -> Path:
    """``path``, written by ffmpeg ``args`` (ending with it) only if it is not there yet."""
    if not path.exists():
        ffmpeg(*args, str(path))
    return path


def media_table(cache: Path, songs: Path) -> dict[str, Path]:
    """Every file an export may upload, by key: the songs, 8 + 5 photos, a square cover, three clips."""
    missing = [name for name in SONGS.values() if not (songs / name).exists()]
    if missing:
        raise SystemExit(f"songs not found in {songs}: {', '.join(missing)} (tests/benchmarks/evalset/fetch.sh)")
    root = unpacked_debs(cache)
    table = {key: songs / name for key, name in SONGS.items()}
    tags = [arg for key, value in TAGS.items() for arg in ("-metadata", f"{key}={value}")]
    song = made_once(cache / "digital-pursuit.mp3", "-i", str(table["tagged"]), "-map", "0:a", "-map_metadata",
                     "-1", *tags, "-c:a", "libmp3lame", "-q:a", "2")  # fmt: skip
    table["tagged"] = song
    table |= {f"photo{i}": root / p for i, p in enumerate(PHOTOS)}
    table |= {f"calm{i}": root / p for i, p in enumerate(CALM_PHOTOS)}
    table["cover"] = made_once(cache / "starry-night-cover.jpg", "-i", str(root / CV / "starry_night.jpg"),
                               "-vf", "crop=600:600", "-q:v", "2")  # fmt: skip
    table["megamind"] = root / CV / "Megamind.avi"
    table["tree"] = root / CV / "tree.avi"
    table["vtest"] = made_once(cache / "vtest-30s.mp4", "-i", str(root / CV / "vtest.avi"), "-t", "30",
                               "-c:v", "libx264", "-crf", "18", "-pix_fmt", "yuv420p")  # fmt: skip
    return table


# --- making an export -----------------------------------------------------------------------------------------


def make_export(client: Client, export: Export, media: dict[str, Path], out: Path, quality: str) -> dict[str, Any]:
    """Upload, ask, export, download: ``out/NN.mp4``. Returns what the session says about it."""
    session = client.sessions.create(language="en")
    uploaded = session.upload([media[key] for key in export.uploads])
    reply = session.send(export.words)
    job = session.export(quality=quality).wait()
    job.download(out / f"{export.name}.mp4")
    report = job.report()
    state = session.state()
    return {
        "words": export.words,
        "uploads": [info.name for info in uploaded],
        "reply": reply.text,
        "summary": session.summary(),
        "report": {key: getattr(report, key) for key in ("cuts_planned", "cuts_found", "cuts_on_beat_70ms_share")},
        "shot_list": planned_shots(state),
        "input_track": input_track(session, state, export, media, out),
    }


SHOT_KEYS = ("motion", "move_pace", "transition_in", "transition_ms", "pulse_ms", "punch_ms")  # how a shot moves and begins


def planned_shots(state: State) -> list[dict[str, Any]]:
    """The shots of the picture track (the first video track that is not the visualizer): each segment's start,
    end, what it shows (the upload's name; a designed backdrop's segment has none) and how it moves and begins
    (``SHOT_KEYS`` of its meta, where set)."""
    names = {info.id: info.name for info in (*state.media, *state.generated)}
    lanes = [t for t in state.draft.tracks if t.type == TrackType.VIDEO and t.meta.get("role") != "visualizer"]
    segments = sorted(lanes[0].segments, key=lambda sg: sg.start_ms) if lanes else []
    return [
        {
            "start_s": sg.start_ms / 1000,
            "end_s": sg.end_ms / 1000,
            "shows": names.get(sg.src or "", "(backdrop)"),
            **{key: sg.meta[key] for key in SHOT_KEYS if key in sg.meta},
        }
        for sg in segments
    ]


def input_track(session: Session, state: State, export: Export, media: dict[str, Path], out: Path) -> Path | None:
    """The song uploaded, or the music the engine composed (downloaded beside the export); None if neither."""
    songs = [media[key] for key in export.uploads if key in SONGS]
    if songs:
        return songs[0]
    composed = [info for info in state.generated if info.kind == MediaKind.AUDIO]
    if not composed:
        return None
    return session.download_media(composed[0].id, out / f"{export.name}-music.{composed[0].format or 'm4a'}")


# --- measuring it ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Probe:
    duration_s: float
    fps: float
    width: int
    height: int


def probe(path: Path) -> Probe:
    """Duration, frame rate and size of a video, read from ffmpeg's own description of its input."""
    log = subprocess.run([ffmpeg_exe(), "-hide_banner", "-i", str(path)], capture_output=True, text=True).stderr
    h, m, s = re.search(r"Duration: (\d+):(\d+):([\d.]+)", log).groups()  # type: ignore[union-attr]
    w, ht = re.search(r"Video: .*?(\d{2,5})x(\d{2,5})", log).groups()  # type: ignore[union-attr]
    fps = re.search(r"([\d.]+) fps", log)
    return Probe(int(h) * 3600 + int(m) * 60 + float(s), float(fps.group(1)) if fps else 30.0, int(w), int(ht))


def thumb_filter(p: Probe, label: str) -> str:
    """Scale to a 240-pixel long side and write ``label`` (a drawtext expression) in the corner."""
    size = "240:-2" if p.width >= p.height else "-2:240"
    text = f"drawtext=fontfile='{FONT}':text='{label}':x=4:y=4:fontsize=16:fontcolor=white:box=1:boxcolor=black@0.6"
    return f"scale={size},{text}"


def tiled(video: Path, picture: Path, p: Probe, select: str, label: str, count: int) -> None:
    """``count`` frames picked by ``select``, labelled and tiled (landscape 8 a row, portrait 12) into one PNG."""
    cols = min(max(count, 1), 8 if p.width >= p.height else 12)
    rows = max(1, math.ceil(count / cols))
    chain = f"{select},{thumb_filter(p, label)},tile={cols}x{rows}:padding=4:margin=4"
    ffmpeg("-i", str(video), "-vf", chain, "-frames:v", "1", "-update", "1", str(picture))


def contact_sheet(video: Path, picture: Path, p: Probe) -> None:
    """The frames at 0, 2, 4 … s, each labelled with its own time (``fps=1/2`` would label a frame from up to 2 s
    later: it keeps the last frame of each slot)."""
    every = round(SHEET_EVERY_S * p.fps)
    count = math.ceil(p.duration_s * p.fps / every)
    tiled(video, picture, p, f"select='not(mod(n\\,{every}))'", r"%{eif\:t\:d} s", count)


def cut_strip(video: Path, picture: Path, p: Probe, shots: Sequence[dict[str, Any]]) -> None:
    """One frame from the middle of each shot, labelled with the time it is taken at."""
    middles = [(s["start_s"] + s["end_s"]) / 2 for s in shots] or [p.duration_s / 2]
    frames = sorted({round(t * p.fps) for t in middles})
    select = "select='" + "+".join(f"eq(n\\,{n})" for n in frames) + "'"
    tiled(video, picture, p, select, r"%{pts\:hms}", len(frames))


@dataclass(frozen=True)
class Loudness:
    lufs: float | None
    lra_lu: float | None
    true_peak_dbtp: float | None
    short_term_per_s: tuple[float, ...]


def loudness(path: Path) -> Loudness:
    """ffmpeg ``ebur128`` (true peak on): integrated loudness, range, true peak and short-term loudness a second."""
    log = ffmpeg("-nostats", "-i", str(path), "-map", "0:a:0", "-af", "ebur128=peak=true", "-f", "null", "-")
    per_s: list[float] = []
    for t, short in re.findall(r"t:\s*([\d.]+)\s.*?S:\s*(-?[\d.]+|-inf|nan)", log):
        if float(t) >= len(per_s) + 1 - 0.05:  # ebur128 reports every 100 ms; keep the one at each whole second
            per_s.append(float(short) if short not in ("-inf", "nan") else -120.0)
    summary = log[log.rfind("Summary:") :]
    found = {key: re.search(rf"{key}:\s*(-?[\d.]+)", summary) for key in ("I", "LRA", "Peak")}
    value = {key: float(m.group(1)) if m else None for key, m in found.items()}
    return Loudness(value["I"], value["LRA"], value["Peak"], tuple(per_s))


def shown(shots: Sequence[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """For each thing shown: in how many shots, and for how many seconds in all."""
    out: dict[str, dict[str, float]] = {}
    for shot in shots:
        seen = out.setdefault(shot["shows"], {"shots": 0, "seconds": 0.0})
        seen["shots"] += 1
        seen["seconds"] = round(seen["seconds"] + shot["end_s"] - shot["start_s"], 2)
    return out


def measure(out: Path, name: str, made: dict[str, Any]) -> dict[str, Any]:
    """Write the contact sheet, the cut strip and the loudness CSV; return the figures."""
    video = out / f"{name}.mp4"
    p = probe(video)
    contact_sheet(video, out / f"{name}-contact.png", p)
    cut_strip(video, out / f"{name}-cuts.png", p, made["shot_list"])
    heard = loudness(video)
    rows = "".join(f"{second},{lufs}\n" for second, lufs in enumerate(heard.short_term_per_s, 1))
    (out / f"{name}-loudness.csv").write_text("second,short_term_lufs\n" + rows)
    track = made["input_track"]
    source = loudness(track) if track is not None else None
    shots = len(made["shot_list"])
    return {
        "duration_s": round(p.duration_s, 2),
        "size": f"{p.width}x{p.height}",
        "fps": p.fps,
        "shots": shots,
        "shots_per_minute": round(shots / p.duration_s * 60, 1) if p.duration_s else None,
        "shown": shown(made["shot_list"]),
        "export_loudness": _loudness_figures(heard),
        "input_track": None if track is None else track.name,
        "input_loudness": None if source is None else _loudness_figures(source),
        **{k: v for k, v in made.items() if k not in ("input_track",)},
    }


def _loudness_figures(heard: Loudness) -> dict[str, float | None]:
    return {"lufs": heard.lufs, "lra_lu": heard.lra_lu, "true_peak_dbtp": heard.true_peak_dbtp}


# --- the run --------------------------------------------------------------------------------------------------


def code_version() -> str:
    """The commit of the code beside this tool, with "+changes" where its files differ from it."""
    repo = Path(__file__).resolve().parents[1]
    head = subprocess.run(["git", "-C", str(repo), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(["git", "-C", str(repo), "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()  # fmt: skip
    return (head.stdout.strip() or "unknown") + ("+changes" if dirty else "")


def run(out: Path, *, quality: str, only: set[str], cache: Path, songs: Path) -> None:
    media = media_table(cache, songs)
    code = code_version()
    with tempfile.TemporaryDirectory(prefix="nemo-held-out-") as home, Client(home=Path(home)) as client:
        for export in EXPORTS:
            if only and export.name not in only:
                continue
            print(f"{export.name}: {export.words}", file=sys.stderr, flush=True)
            try:
                made = make_export(client, export, media, out, quality)
            except NemoError as exc:  # a failed export is a finding of the review: say it and go on
                figures = {"words": export.words, "error": str(exc)}
            else:
                figures = measure(out, export.name, made)
            figures = {"code": code, "quality": quality, **figures}
            (out / f"{export.name}.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
            said = figures.get("error") or f"{figures['duration_s']} s, {figures['shots']} shots"
            print(f"{export.name}: {said}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--quality", default="preview", help="preview (fast, 360p) or high (1080p)")
    parser.add_argument("--only", default="", help="comma-separated export numbers, e.g. 01,05 (default: all)")
    parser.add_argument("--cache", type=Path, default=None, help="downloaded media (default: OUTDIR/cache)")
    default_songs = Path(os.environ.get("NEMO_EVALSET_AUDIO", "/work/evalset/audio"))
    parser.add_argument("--songs", type=Path, default=default_songs, help="the evaluation set's audio folder")
    args = parser.parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)
    only = {name.strip() for name in args.only.split(",") if name.strip()}
    cache = (args.cache or args.outdir / "cache").resolve()
    run(args.outdir.resolve(), quality=args.quality, only=only, cache=cache, songs=args.songs.resolve())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
