"""The track alone's CPU against a photo video of the same song: issue 29 asks that a song uploaded without pictures
cost no more CPU than one with pictures.

The first 30 s of Vibe Ace rendered at 1080p30 (high) in each designed backdrop (aurora, pulse, bokeh; each with its
own visualizer and the title) and, as the reference in the same run, with three stills of Big Buck Bunny (their
moves, the spectrum bars, the title). The figure is ffmpeg's CPU time (user + system, all its threads), not the wall
clock: two cores shared by several people make the wall clock a measure of the others. Each render runs
``NEMO_BENCH_ALONE_RUNS`` times (default 2), interleaved, and the least CPU of each is kept. Goal: at most 1.0× the
photo video.

``python -m tests.benchmarks track_alone``; ``NEMO_BENCH_ALONE_SECONDS`` changes the length.
"""

from __future__ import annotations

import os
import resource
import tempfile
from pathlib import Path

from nemo_notebook.engine.analysis.audio import analyze_audio
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.render import render_draft
from nemo_notebook.protocol import MediaInfo, MediaKind
from nemo_notebook.protocol.vocabulary import BACKDROPS
from tests.benchmarks import Figure
from tests.benchmarks.bench_visualizer_place import _ffmpeg, _file

Media = dict[str, tuple[Path, MediaInfo]]
STILLS_S = (4.0, 13.0, 22.0)  # where the three stills are taken from the clip


def _media(folder: Path, seconds: int) -> Media:
    song = folder / "song.m4a"
    _ffmpeg("-i", str(_file("vibe-ace.mp3")), "-t", str(seconds), "-map", "0:a", "-c:a", "aac", str(song))
    out: Media = {"song": (song, MediaInfo("song", song.name, MediaKind.AUDIO, "m4a", 1, duration_ms=seconds * 1000))}
    for i, at in enumerate(STILLS_S):
        still = folder / f"still{i}.jpg"
        clip = str(_file("big-buck-bunny-30s.mp4"))
        _ffmpeg("-ss", str(at), "-i", clip, "-frames:v", "1", "-vf", "scale=1920:1080", "-q:v", "3", str(still))
        info = MediaInfo(f"still{i}", still.name, MediaKind.IMAGE, "jpg", 1, width=1920, height=1080)
        out[info.id] = (still, info)
    return out


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _render_cpu_s(media: Media, name: str, folder: Path) -> float:
    """ffmpeg's CPU seconds rendering the song alone in design ``name``, or with the stills ("photos")."""
    song = media["song"]
    visuals = [(info, None) for key, (_, info) in media.items() if key != "song"] if name == "photos" else []
    options = MusicVideoOptions(backdrop=name if name in BACKDROPS else "auto", title="Vibe Ace — Kevin MacLeod")
    draft = plan_music_video(song[1], analyze_audio(song[0]), visuals, options)
    before = _cpu_s()
    render_draft(draft, media, folder / f"{name}.mp4", quality="high")
    return _cpu_s() - before


def run() -> list[Figure]:
    seconds = int(os.environ.get("NEMO_BENCH_ALONE_SECONDS", "30"))
    runs = int(os.environ.get("NEMO_BENCH_ALONE_RUNS", "2"))
    names = ("photos", *BACKDROPS)
    with tempfile.TemporaryDirectory(prefix="nemo-bench-alone-") as name:
        folder = Path(name)
        media = _media(folder, seconds)
        best = dict.fromkeys(names, float("inf"))
        for _ in range(max(1, runs)):  # interleaved: a busy spell weighs on every render alike
            best = {n: min(best[n], _render_cpu_s(media, n, folder)) for n in names}
    photos = best["photos"]
    reference = f"the same song with {len(STILLS_S)} photos"
    return [
        Figure(
            f"{design}, the track alone {seconds} s → 1080p30 (high), ffmpeg CPU",
            best[design],
            "s",
            photos,
            reference,
            goal=1.0,
            goal_is_ratio=True,
        )
        for design in BACKDROPS
    ]
