"""Does the automatic visualizer strip cover the subject? The 9:16 contact-sheet export (``tests/render/
test_contact_sheets.py``: Vibe Ace, Big Buck Bunny and its stills, a mirrored strip placed "auto"), rendered twice at
360x640: with the visualizer and without it. At each contact-sheet tile (a frame every 1.5 s) the strip is found
where the two renders differ (its top or bottom half), and the subject in the picture without it: the most salient
tenth of the frame (``framing.saliency_map``). A tile's strip covers the subject when at least ``COVERED`` of those
pixels lie under it.

``python -m tests.benchmarks visualizer_place``; ``NEMO_BENCH_PLACE_SECTIONS=0`` renders the draft without its
sections (one position for the whole video, as before per-section places).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import numpy as np

from nemo_notebook.engine.analysis.audio import analyze_audio
from nemo_notebook.engine.analysis.video import analyze_video
from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.framing import saliency_map
from nemo_notebook.engine.render.graph import Canvas
from nemo_notebook.engine.render.visualizer import box_for
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind
from tests.benchmarks import Figure
from tests.conftest import REPO_MEDIA, SHARED_MEDIA

SIZE = (360, 640)
SECONDS = 24
COVERED = 0.25  # of the subject's pixels under the strip
Media = dict[str, tuple[Path, MediaInfo]]


def _file(name: str) -> Path:
    for folder in (SHARED_MEDIA, REPO_MEDIA):
        if (folder / name).exists():
            return folder / name
    raise SystemExit(f"{name} is in neither {SHARED_MEDIA} nor {REPO_MEDIA}")


def _ffmpeg(*args: str) -> None:
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", *args], check=True)


def _media(folder: Path) -> Media:
    """The contact sheets' media: the song's first 24 s, the clip, its poster and three stills."""
    song = folder / "vibe.m4a"
    _ffmpeg("-i", str(_file("vibe-ace.mp3")), "-t", str(SECONDS), "-map", "0:a", "-c:a", "aac", str(song))
    bunny = _file("big-buck-bunny-30s.mp4")
    out: Media = {
        "song": (song, MediaInfo("song", song.name, MediaKind.AUDIO, "m4a", 1, duration_ms=SECONDS * 1000)),
        "bunny": (bunny, MediaInfo("bunny", bunny.name, MediaKind.VIDEO, "mp4", 1, 30_000, 854, 480, 24.0, True)),
    }
    poster = _file("big-buck-bunny-poster.jpg")
    out["poster"] = (poster, MediaInfo("poster", poster.name, MediaKind.IMAGE, "jpg", 1, width=1920, height=1080))
    for i, at in enumerate((4.0, 13.0, 17.0)):
        still = folder / f"still{i}.jpg"
        _ffmpeg("-ss", str(at), "-i", str(bunny), "-frames:v", "1", "-q:v", "3", str(still))
        out[f"still{i}"] = (still, MediaInfo(f"still{i}", still.name, MediaKind.IMAGE, "jpg", 1, width=854, height=480))
    return out


def _draft(media: Media, *, sections: bool) -> Draft:
    visuals = [(media["bunny"][1], analyze_video(media["bunny"][0]))]
    visuals += [(media[k][1], None) for k in ("poster", "still0", "still1", "still2")]
    options = MusicVideoOptions(aspect="9:16", visualizer="mirrored", visualizer_position="auto", title="Vibe Ace")
    draft = plan_music_video(media["song"][1], analyze_audio(media["song"][0]), visuals, options)
    return draft if sections else draft.with_meta(sections=[])


def _tiles(video: Path) -> np.ndarray:
    """The contact sheet's frames (one every 1.5 s), RGB 0..1, (n, h, w, 3)."""
    w, h = SIZE
    cmd = [ffmpeg_exe(), "-v", "error", "-i", str(video), "-vf", "fps=2/3", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"]
    raw = subprocess.run(cmd, capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, h, w, 3).astype(np.float64) / 255


def _strip_rows(drawn: np.ndarray, plain: np.ndarray) -> slice | None:
    """The rows of the strip in this tile (top or bottom, where the renders differ most); None where it draws
    nothing."""
    canvas = Canvas(SIZE[0], SIZE[1], 30, 1, 1000)
    changed = (np.abs(drawn - plain).max(axis=2) > 0.1).mean(axis=1)
    half = SIZE[1] // 2
    if max(changed[:half].sum(), changed[half:].sum()) < 1.0:
        return None
    box = box_for("mirrored", "top" if changed[:half].sum() > changed[half:].sum() else "bottom", canvas)
    return slice(box.y, box.y + box.height)


def _covers(plain: np.ndarray, rows: slice) -> tuple[bool, float]:
    """Whether the strip's rows cover the subject of the picture beneath, and the share of its saliency there."""
    small = plain[::4, ::4]
    saliency = saliency_map(small)
    subject = saliency >= np.percentile(saliency, 90)
    r0, r1 = rows.start // 4, rows.stop // 4
    share = float(saliency[r0:r1].sum() / max(float(saliency.sum()), 1e-9))
    return float(subject[r0:r1].sum() / max(int(subject.sum()), 1)) >= COVERED, share


def run() -> list[Figure]:
    sections = os.environ.get("NEMO_BENCH_PLACE_SECTIONS", "1") != "0"
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        media = _media(folder)
        draft = _draft(media, sections=sections)
        viz = next(t for t in draft.tracks if t.meta.get("role") == "visualizer")
        bare = draft.with_tracks([t for t in draft.tracks if t is not viz])
        drawn = _tiles(render_draft(draft, media, folder / "drawn.mp4", quality="low", size=SIZE).path)
        plain = _tiles(render_draft(bare, media, folder / "plain.mp4", quality="low", size=SIZE).path)
    covered, shares, places = [], [], []
    for d, p in zip(drawn, plain, strict=False):
        rows = _strip_rows(d, p)
        places.append("-" if rows is None else ("T" if rows.start < SIZE[1] // 2 else "B"))
        if rows is not None:
            hit, share = _covers(p, rows)
            covered.append(hit)
            shares.append(share)
    print(f"  strip per tile: {''.join(places)}  covered: {''.join('x' if c else '.' for c in covered)}")
    return [
        Figure("tiles where the strip covers the subject", float(np.mean(covered)), "share of tiles"),
        Figure("saliency under the strip, mean of tiles", float(np.mean(shares)), "share"),
    ]
