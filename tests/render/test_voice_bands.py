"""The three bands the music is ducked in under a clip's or a voice's sound (``audio_mix._bands``): cut apart by
single-output filters (``acrossover``'s three outputs sometimes spun ffmpeg's filter thread forever: CI's acceptance
render of three travel clips stalled on it), they still add back up to the sound, and each keeps its own part of it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.render.audio_mix import _bands
from nemo_notebook.engine.render.graph import Graph

RATE = 48000


def _noise_through(graph: Graph, labels: list[str], folder: Path) -> list[np.ndarray]:
    """Five seconds of white noise (``[src]``) and what ``graph``'s chains make of it at each of ``labels``."""
    script = ";\n".join([f"anoisesrc=d=5:c=white:r={RATE}:a=0.3:seed=7,asplit=2[src][keep]", *graph.chains])
    paths = [folder / f"{i}.raw" for i in range(len(labels) + 1)]
    outputs = [
        arg
        for label, path in zip(["[keep]", *labels], paths, strict=True)
        for arg in ("-map", label, "-f", "f32le", "-ac", "1", str(path))
    ]
    subprocess.run([ffmpeg_exe(), "-v", "error", "-filter_complex", script, *outputs], capture_output=True, check=True)
    return [np.fromfile(path, dtype=np.float32) for path in paths]


def _octave_db(samples: np.ndarray, centre_hz: float) -> float:
    spectrum = np.abs(np.fft.rfft(samples[RATE : 4 * RATE])) ** 2
    hz = np.fft.rfftfreq(3 * RATE, 1 / RATE)
    inside = (hz >= centre_hz / np.sqrt(2)) & (hz < centre_hz * np.sqrt(2))
    return float(10 * np.log10(spectrum[inside].sum()))


CENTRES = (63, 125, 250, 500, 1000, 2000, 4000, 8000, 16000)


def test_the_three_bands_add_back_up_to_the_sound(tmp_path: Path) -> None:
    graph = Graph()
    low, voice, top = _bands(graph, "[src]anull")
    graph.add(f"{low}{voice}{top}amix=inputs=3:normalize=0[out]")
    before, after = _noise_through(graph, ["[out]"], tmp_path)
    for centre in CENTRES:
        assert abs(_octave_db(after, centre) - _octave_db(before, centre)) < 1.0, centre


@pytest.mark.parametrize(("band", "inside", "outside"), [(0, 63, 2000), (1, 1000, 63), (2, 16000, 1000)])
def test_each_band_holds_its_own_part(band: int, inside: int, outside: int, tmp_path: Path) -> None:
    graph = Graph()
    labels = _bands(graph, "[src]anull")
    before, *bands = _noise_through(graph, labels, tmp_path)
    after = bands[band]
    assert _octave_db(after, inside) - _octave_db(before, inside) > -3.5
    assert _octave_db(after, outside) - _octave_db(before, outside) < -30
