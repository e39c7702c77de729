"""The sound at the end of a video whose recording was cut off mid-phrase with a short fade: the rendered music falls
over seconds, not from its body's level to silence in the last second (held-out export 03: an orchestral file that
falls from its body's level to silence within 0.8 s where it was cut, at 95.3 s, and its video with it; a reviewer
heard "the file ran out"). The recording is real (vibe-ace, cut at 30.3 s inside its second section with a 0.8 s
``afade``, as 07's file was made: that file is not among the test media); the plan is the real engine's, rendered,
and the export's sound is read back.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nemo_notebook.engine.analysis import analyze_audio
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.render import render_draft
from tests.conftest import shared_media

from .conftest import Assets
from .synth import audio_info, decode_mono, ffmpeg

SIZE = (320, 180)
CUT_S = 30.3
FADE_S = 0.8
WINDOW_S = 0.5  # the level is read as the RMS of half a second


def _level_db(samples: np.ndarray, rate: int, seconds_before_end: float) -> float:
    """The RMS level (dBFS) of the ``WINDOW_S`` centred ``seconds_before_end`` before the end of ``samples``."""
    centre = len(samples) - int(seconds_before_end * rate)
    half = int(WINDOW_S * rate / 2)
    window = samples[max(centre - half, 0) : centre + half]
    return float(20 * np.log10(np.sqrt(np.mean(np.square(window))) + 1e-9))


def test_a_recording_cut_off_with_a_short_fade_fades_out_over_seconds_in_its_video(
    assets: Assets, tmp_path: Path
) -> None:
    song = tmp_path / "faded-cut.wav"
    fade = f"afade=t=out:st={CUT_S - FADE_S}:d={FADE_S}"
    ffmpeg("-i", str(shared_media("vibe-ace.mp3")), "-t", str(CUT_S), "-af", fade, str(song))
    analysis = analyze_audio(song)
    info = audio_info("song", song, analysis.duration_ms)
    pictures = [assets.media[k][1] for k in assets.picture_ids[-2:]]
    d = plan_music_video(info, analysis, [(p, None) for p in pictures], MusicVideoOptions(visualizer=None))
    media = {"song": (song, info)} | {p.id: assets.media[p.id] for p in pictures}
    out = render_draft(d, media, tmp_path / "out.mp4", size=SIZE, quality="low").path
    samples, rate = decode_mono(out)
    body = float(np.median([_level_db(samples, rate, s) for s in np.arange(6.0, CUT_S - 5.0, WINDOW_S)]))
    levels = {s: round(_level_db(samples, rate, s), 1) for s in (1.0, 2.5)}
    # body -20.1 dBFS; 1 s and 2.5 s before the end main: -19.7, -20.2 (full level to the file's own 0.8 s fade);
    # now -42.8, -27.2 (the engine's fade over the last 3.8 s, an eighth of the video)
    assert levels[1.0] <= body - 8, (body, levels)  # no fall from the body's level to silence in the last second
    assert levels[2.5] <= body - 3, (body, levels)  # the fade began seconds before the end
