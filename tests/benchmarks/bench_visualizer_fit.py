"""Does the automatic visualizer fit the video? Recordings of the evaluation set (``NEMO_EVALSET_AUDIO``, by default
``/work/evalset/audio``) over photos (``NEMO_BENCH_PHOTOS``, by default ``/work/review/media``), and the demo's own
media, each its first ``SECONDS`` planned as a music video with its credit line for 8 s (as the agent does) and
rendered at 720p twice: with the visualizer and without it. At each contact-sheet tile (a frame every 2 s, the
sheets under ``tests/artifacts/visualizer_fit/``):

- contrast: the drawn bars (pixels that differ between the renders, moved towards the lightness of the visualizer's
  colour at that time; their 75th percentile of luminance, the 25th for a dark colour: the drawing's core rather
  than the soft edges of a thin line) against the median of the frame under the strip (the rows it spans, without
  the visualizer), as a WCAG ratio;
- contrast beside: the same core against the median of what is drawn within ``BESIDE`` pixels of the bars (their
  gaps, their glow or shadow, the picture above them): what the eye compares the bars with at their edges;
- text: whether a row of the credit's box (``text.text_box``) is one of the strip's (5 % of its pixels changed) in
  the credit's first 8 s;
- subject: whether the strip covers the subject, a quarter or more of the most salient tenth of the frame
  (``bench_visualizer_place``'s measure).

``python -m tests.benchmarks visualizer_fit``; a case whose files are missing is left out, and said.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nemo_notebook.engine.analysis.audio import analyze_audio
from nemo_notebook.engine.analysis.video import analyze_video
from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.contrast import contrast, luminance, luminance_of
from nemo_notebook.engine.render.framing import saliency_map
from nemo_notebook.engine.render.graph import Canvas, rgb
from nemo_notebook.engine.render.text import text_box
from nemo_notebook.engine.render.visualizer import Placement, placed
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind, TrackType
from tests.benchmarks import Figure
from tests.conftest import REPO_MEDIA

SECONDS = 20
SIZE = (1280, 720)
EVERY_S = 2
CHANGED = 0.1
CORE = 75  # percentile of the drawn pixels' luminance (25 for a dark colour): the drawing's core, not its soft edges
STRIP_ROW = 0.05  # a row of the frame is the strip's where this share of its pixels changed
COVERED = 0.25
BESIDE = 4
AUDIO = Path(os.environ.get("NEMO_EVALSET_AUDIO", "/work/evalset/audio"))
PHOTOS = Path(os.environ.get("NEMO_BENCH_PHOTOS", "/work/review/media"))
CASES = {  # name: (track, pictures and clips, credit)
    "calm-orchestral": (
        AUDIO / "08-orchestral-nunc-dimittis.ogg",
        ("ColdRipple.jpg", "DarkestHour.jpg", "summer_1am.jpg"),
        "Nunc Dimittis — Jeremy Nicoll",
    ),
    "energetic-rock": (
        AUDIO / "03-rock-war-of-freedom.ogg",
        ("OneStandsOut.jpg", "butterfly.jpg", "PastelHills.jpg"),
        "War of Freedom",
    ),
    "electronic": (
        AUDIO / "11-electronic-stairs.ogg",
        ("DarkestHour.jpg", "OneStandsOut.jpg", "PastelHills.jpg", "butterfly.jpg"),
        "Stairs",
    ),
    "demo": (REPO_MEDIA / "vibe-ace.mp3", ("big-buck-bunny-30s.mp4", "big-buck-bunny-poster.jpg"), "Vibe Ace"),
}
Media = dict[str, tuple[Path, MediaInfo]]


@dataclass(frozen=True)
class Tile:
    contrast: float | None
    crosses_text: bool
    covers_subject: bool
    beside: float | None = None


def _ffmpeg(*args: str) -> None:
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", *args], check=True)


def _media(folder: Path, track: Path, visuals: tuple[str, ...]) -> Media | None:
    paths = [p if p.exists() else PHOTOS / p.name for p in (REPO_MEDIA / v for v in visuals)]
    if not track.exists() or not all(p.exists() for p in paths):
        return None
    song = folder / "song.m4a"
    _ffmpeg("-i", str(track), "-t", str(SECONDS), "-map", "0:a", "-c:a", "aac", str(song))
    out: Media = {"song": (song, MediaInfo("song", song.name, MediaKind.AUDIO, "m4a", 1, duration_ms=SECONDS * 1000))}
    for i, path in enumerate(paths):
        kind = MediaKind.VIDEO if path.suffix == ".mp4" else MediaKind.IMAGE
        extra = (30_000, 854, 480, 24.0, True) if kind == MediaKind.VIDEO else (None, 1600, 1000)
        out[f"v{i}"] = (path, MediaInfo(f"v{i}", path.name, kind, path.suffix[1:], 1, *extra))  # type: ignore[arg-type]
    return out


def _draft(media: Media, credit: str) -> Draft:
    visuals = [
        (info, analyze_video(path) if info.kind == MediaKind.VIDEO else None)
        for key, (path, info) in media.items()
        if key != "song"
    ]
    options = MusicVideoOptions(title=credit, title_ms=8000, credit_line=True)
    return plan_music_video(media["song"][1], analyze_audio(media["song"][0]), visuals, options)


def _tiles(video: Path) -> np.ndarray:
    w, h = SIZE
    cmd = [ffmpeg_exe(), "-v", "error", "-i", str(video), "-vf", f"fps=1/{EVERY_S}", "-f", "rawvideo"]
    raw = subprocess.run([*cmd, "-pix_fmt", "rgb24", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, h, w, 3).astype(np.float64) / 255


def _tile(drawn: np.ndarray, plain: np.ndarray, colour: str, text_rows: range | None) -> Tile:
    changed = np.abs(drawn - plain).max(axis=2) > CHANGED
    rows = np.nonzero(changed.mean(axis=1) > STRIP_ROW)[0]  # the strip's rows: a share of each changed
    if rows.size == 0:
        return Tile(None, False, False)
    lit = luminance_of(drawn.reshape(-1, 3)).reshape(changed.shape)
    ground = luminance_of(plain.reshape(-1, 3)).reshape(changed.shape)
    under = float(np.median(ground[rows.min() : rows.max() + 1]))
    lighter = luminance(rgb(colour)) > under
    bars = changed & (lit > ground if lighter else lit < ground)  # towards the colour: the bars (a dark one's shadow)
    core = float(np.percentile(lit[bars], CORE if lighter else 100 - CORE)) if bars.sum() >= 50 else None
    ratio = None if core is None else contrast(core, under)
    beside = None if core is None else contrast(core, _beside(bars, lit, rows))
    crosses = text_rows is not None and bool(changed[text_rows.start : text_rows.stop].mean(axis=1).max() > STRIP_ROW)
    small = plain[::8, ::8]
    saliency = saliency_map(small)
    subject = saliency >= np.percentile(saliency, 90)
    strip = np.zeros(small.shape[:2], dtype=bool)
    strip[rows.min() // 8 : rows.max() // 8 + 1] = True
    return Tile(ratio, crosses, float((subject & strip).sum() / max(int(subject.sum()), 1)) >= COVERED, beside)


def _beside(bars: np.ndarray, lit: np.ndarray, rows: np.ndarray) -> float:
    """The median luminance, as drawn, of the pixels within ``BESIDE`` of the bars (not the bars), in the strip's
    rows."""
    from scipy.ndimage import binary_dilation

    near = binary_dilation(bars, iterations=BESIDE) & ~bars
    near[: rows.min()] = False
    near[rows.max() + 1 :] = False
    return float(np.median(lit[near])) if near.any() else 0.0


def _colour_at(seconds: float, place: Placement, fps: int) -> str:
    """The visualizer's colour at ``seconds`` (its shades', where it has them)."""
    shown = str(place.color)
    for frame, shade in place.shades:
        shown = shade if frame / fps <= seconds else shown
    return shown


def _case(name: str, track: Path, visuals: tuple[str, ...], credit: str) -> list[Figure]:
    out_dir = Path(__file__).resolve().parents[1] / "artifacts" / "visualizer_fit"
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        media = _media(folder, track, visuals)
        if media is None:
            print(f"  {name}: left out (its files are missing)")
            return []
        draft = _draft(media, credit)
        lane = next(t for t in draft.tracks if t.meta.get("role") == "visualizer")
        canvas = Canvas(SIZE[0], SIZE[1], draft.fps, SECONDS * draft.fps, SECONDS * 1000)
        place = placed(draft, lane.segments[0], media, canvas)
        title = next(sg for t in draft.tracks if t.type == TrackType.TEXT for sg in t.segments)
        _, y, _, h = text_box(title, canvas)
        drawn = render_draft(draft, media, out_dir / f"{name}.mp4", quality="medium", size=SIZE).path
        bare = draft.with_tracks([t for t in draft.tracks if t is not lane])
        plain = render_draft(bare, media, folder / "plain.mp4", quality="medium", size=SIZE).path
        _sheet(drawn, out_dir / f"{name}.png")
        tiles = [
            _tile(d, p, _colour_at(i * EVERY_S, place, draft.fps), range(y, y + h) if i * EVERY_S < 8 else None)
            for i, (d, p) in enumerate(zip(_tiles(drawn), _tiles(plain), strict=False))
        ]
    effect, design = lane.segments[0].meta.get("effect"), lane.segments[0].meta.get("design", "named")
    shades = ", ".join(f"{f / draft.fps:.1f}s {c}" for f, c in place.shades)
    print(f"  {name}: {effect} ({design}), colour {place.color}{f' (shades: {shades})' if shades else ''}")
    ratios = [t.contrast for t in tiles[1:-1] if t.contrast is not None]  # the first and last tiles fade
    print(f"    contrast per tile: {' '.join(f'{r:.1f}' for r in ratios)}")
    beside = [t.beside for t in tiles[1:-1] if t.beside is not None]
    print(f"    contrast beside the bars per tile: {' '.join(f'{r:.1f}' for r in beside)}")
    return [
        Figure(f"{name}: contrast of the bars, least tile", min(ratios), "ratio"),
        Figure(f"{name}: contrast of the bars, median tile", float(np.median(ratios)), "ratio"),
        Figure(f"{name}: contrast beside the bars, least tile", min(beside), "ratio"),
        Figure(f"{name}: tiles where the strip crosses the credit", sum(t.crosses_text for t in tiles), "tiles"),
        Figure(f"{name}: tiles where the strip covers the subject", sum(t.covers_subject for t in tiles), "tiles"),
    ]


def _sheet(video: Path, out: Path) -> None:
    tile = f"fps=1/{EVERY_S},scale=480:-2,tile=5x{-(-SECONDS // EVERY_S // 5)}:padding=4"
    _ffmpeg("-i", str(video), "-vf", tile, "-frames:v", "1", str(out))


def run() -> list[Figure]:
    return [figure for name, case in CASES.items() for figure in _case(name, *case)]
