"""A quiet outro that is still heard keeps the visualizer moving, lower than the loud part; silence stays still
(issue 29; held-out 04's cover wave flattened to a line over the song's last 6 s, 12 dB under its body).

The song: 6 s of a generated electronic track (-16.4 dBFS RMS), 4.2 s of it at -30 dBFS RMS, then 1.8 s of silence,
drawn white over a dark picture at 480x270 (``extents``: the share of the box's height drawn, column by column).
Measured on main before the lift (``visualizer_follow``): the cover's wave ("spread") drew 0.111 of its box on
average in the quiet part against 0.294 in the loud (0.38 of it), the spectrum's bars 0.213 against 0.438 (0.49);
with it 0.59 and 0.68 of the loud part (0.6 of the shortfall, coming in 2.5 s after the fall), 0.58 and 0.69 (0.4 of
it, from the fall).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf

from nemo_notebook.engine.music import generate_track
from nemo_notebook.engine.render.visualizer_follow import follow_lift

from .test_visualizer_level import extents

MS = 12_000
FPS, SKIPPED = 30, 15  # ``extents`` leaves out the first 15 frames
LOUD_S, QUIET_S, SILENT_S = (1.0, 5.5), (6.5, 10.0), (10.6, 11.8)


def _rms_db(samples: Any) -> float:
    return float(20 * np.log10(np.sqrt(np.mean(samples**2))))


@pytest.fixture(scope="module")
def song(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("quiet")
    track = generate_track(folder / "track.wav", words="an electronic 12-second track", seed=3)
    samples, rate = sf.read(track.path)
    samples = samples[: MS * rate // 1000]
    loud, quiet = samples.shape[0] // 2, int(samples.shape[0] * 0.85)
    outro = samples[loud:quiet] * 10 ** ((-30 - _rms_db(samples[loud:quiet])) / 20)
    path = folder / "song.wav"
    sf.write(path, np.concatenate([samples[:loud], outro, np.zeros_like(samples[quiet:])]), rate)
    return path


def _part(extent: Any, span: tuple[float, float]) -> Any:
    return extent[round(span[0] * FPS) - SKIPPED : round(span[1] * FPS) - SKIPPED]


@pytest.mark.parametrize(("effect", "least"), [("spread", 0.5), ("spectrum", 0.6)])
def test_a_quiet_outro_moves_lower_than_the_loud_part_and_silence_stays_still(
    song: Path, tmp_path: Path, effect: str, least: float
) -> None:
    extent = extents(song, tmp_path, effect, MS)
    loud, quiet, silent = (_part(extent, span) for span in (LOUD_S, QUIET_S, SILENT_S))
    share = quiet.mean() / loud.mean()
    assert least <= share <= 0.8, (loud.mean(), quiet.mean())  # main: 0.38 (spread), 0.49 (spectrum)
    assert np.abs(np.diff(quiet, axis=0)).mean() >= 0.5 * np.abs(np.diff(loud, axis=0)).mean()  # it moves
    assert np.abs(np.diff(silent, axis=0)).max() == 0  # nothing twitches in the silence


def test_noise_and_silence_are_not_lifted(tmp_path: Path) -> None:
    rate = 48_000
    noise = np.random.default_rng(29).normal(0, 10 ** (-70 / 20), (4 * rate, 2))
    path = tmp_path / "noise.wav"
    sf.write(path, noise, rate)
    assert follow_lift(path, (0, 4000), (0, 4000)) == ""
    sf.write(path, np.zeros((4 * rate, 2)), rate)
    assert follow_lift(path, (0, 4000), (0, 4000)) == ""
