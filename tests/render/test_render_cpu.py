"""Work the render no longer does (issue 29's speed bound), checked in the graph and in frames rather than timed: the
song is decoded once for the bars and the mix, the bars' strip is drawn on one thread, and a lookup of each value
to itself is gone. On 60 s of the music_video benchmark at 1080p the three left every frame and every sound sample
as they were (ffmpeg's framemd5 of the graph's picture and sound, main's graph against this one)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from nemo_notebook.engine.render import build_graph, canvas_for
from nemo_notebook.engine.render.strip_threads import one_thread
from nemo_notebook.protocol import Draft

from .drafts import draft, shot
from .synth import ffmpeg

SIZE = (640, 360)
MS = 2000


def _soft_bars() -> Any:
    lane = [shot(f"pic{i}", i * MS // 2, MS // 2, motion="none") for i in range(2)]
    return draft(lane, MS, music="noise", visualizer={"effect": "spectrum"})


def test_the_song_is_decoded_once_for_the_bars_and_the_mix(assets: Any) -> None:
    """The music file is one input, read by the visualizer and the mix through one ``asplit`` (it was opened, and
    decoded, once for each)."""
    d = _soft_bars()
    graph = build_graph(d, assets.media, canvas_for(d, SIZE))
    song = str(assets.media["noise"][0])
    assert graph.input_args().count(song) == 1, graph.input_args()
    assert graph.script().count("asplit=2[snd") == 1, graph.script()


def test_a_song_read_at_another_lead_is_opened_again(assets: Any) -> None:
    """A part of the song played out of its order (its in-point less its start differs: here its first second
    twice) reads the file through an input of its own, so that no decoded copy waits in memory for its reader."""
    d = _soft_bars()
    parts = [{"s": 0, "d": MS // 2, "src": "noise", "in": 0}, {"s": MS // 2, "d": MS // 2, "src": "noise", "in": 0}]
    tracks = [t.to_wire() for t in d.tracks if t.meta.get("role") != "music"]
    d = Draft.from_wire({**d.to_wire(), "t": [*tracks, {"tt": 1, "m": {"role": "music"}, "sg": parts}]})
    graph = build_graph(d, assets.media, canvas_for(d, SIZE))
    assert graph.input_args().count(str(assets.media["noise"][0])) == 2, graph.input_args()


def test_the_bars_strip_runs_on_one_thread_and_the_frame_does_not(assets: Any) -> None:
    """Every filter of the visualizer's chains (a strip a fraction of the frame) is held to one thread; the pictures'
    chains (the whole frame) are not; no chain looks each value up as itself (``val*1.000``)."""
    d = _soft_bars()
    graph = build_graph(d, assets.media, canvas_for(d, SIZE))
    written = graph.script().split(";\n")
    strip = [c for c in written if "[viz" in c]
    assert strip and all(one_thread(c) in strip for c in graph.chains if "[viz" in c), strip
    assert not [c for c in written if "[viz" not in c and "threads=1" in c]
    assert not [c for c in written if "val*1.000" in c], written


def test_one_thread_leaves_every_frame_as_it_was(assets: Any, tmp_path: Path) -> None:
    """The graph drawn with its strip on one thread and with ffmpeg's slices: the same frames, byte for byte."""
    d = _soft_bars()
    graph = build_graph(d, assets.media, canvas_for(d, SIZE))
    sums = []
    for name, text in (
        ("one", graph.script()),
        ("sliced", graph.script().replace(":threads=1", "").replace("=threads=1", "")),
    ):
        script = tmp_path / f"{name}.txt"
        script.write_text(text, encoding="utf-8")
        raw = tmp_path / f"{name}.yuv"
        video = ("-map", "[vout]", "-frames:v", "60", "-f", "rawvideo", str(raw))
        ffmpeg(*graph.input_args(), "-/filter_complex", str(script), *video, "-map", "[aout]", "-f", "null", "-")
        sums.append(hashlib.md5(raw.read_bytes()).hexdigest())
    assert sums[0] == sums[1]
