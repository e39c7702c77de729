"""Music under a clip's speech is down while someone speaks and back up in a pause between two lines (issue 29).

Held-out export 07's score stayed 10 dB down through the whole of Megamind.avi's dialogue, its 1.7 s pause too; a
blind reviewer asked for it to duck only under the lines, with smooth 150-300 ms ramps. Here the LibriVox reader
speaks two lines with a 2 s pause between them over a steady 8 kHz tone (above the voice and its dip), and the export
is measured in the tone's band.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.analysis import analyze_video
from nemo_notebook.engine.planning import plan_score
from nemo_notebook.engine.planning.score import BGM_UNDER_SPEECH_VOLUME
from nemo_notebook.protocol import MediaInfo, MediaKind
from tests.analysis.test_speech_lines import RATE_HZ, two_lines
from tests.analysis.video_synth import montage, write_clip, write_wav
from tests.render.test_music_rise_after_speech import _WINDOW_S, _tone_db

PAUSE_S, SPOKEN_S = 2.0, 8.0


@pytest.mark.slow
def test_music_comes_back_up_in_the_pause_between_two_lines(tmp_path: Path) -> None:
    render_mod = pytest.importorskip("nemo_notebook.engine.render")
    voice = write_wav(tmp_path / "lines.wav", two_lines(PAUSE_S), RATE_HZ)
    written = write_clip(tmp_path / "reading.mp4", montage((SPOKEN_S,)), audio=voice)
    analysis = analyze_video(written)
    assert len(analysis.speech_lines_ms) == 2, analysis.speech_lines_ms
    spoken = (MediaInfo("reading", "reading.mp4", MediaKind.VIDEO, "mp4", written.stat().st_size,
                        analysis.duration_ms, 320, 180, 30.0, True), analysis)  # fmt: skip
    t = np.arange(int(SPOKEN_S * 48_000)) / 48_000
    tone = write_wav(tmp_path / "tone.wav", 0.2 * np.sin(2 * np.pi * 8_000 * t), 48_000)
    music = MediaInfo("tone", "tone.wav", MediaKind.AUDIO, "wav", tone.stat().st_size, int(SPOKEN_S * 1000))
    draft = plan_score([spoken], music, fade_in_ms=0, fade_out_ms=0)
    media = {"reading": (written, spoken[0]), "tone": (tone, music)}
    out = render_mod.render_draft(draft, media, tmp_path / "video.mp4", quality="preview", size=(320, 180)).path

    level = _tone_db(out)
    at = lambda seconds: round(seconds / _WINDOW_S)  # noqa: E731
    first, pause, second = (float(np.median(level[at(a) : at(b)])) for a, b in ((0.5, 2.5), (3.6, 4.6), (5.5, 7.5)))
    assert pause - first == pytest.approx(-20 * np.log10(BGM_UNDER_SPEECH_VOLUME), abs=1.5), (first, pause)
    assert pause - second == pytest.approx(-20 * np.log10(BGM_UNDER_SPEECH_VOLUME), abs=1.5), (second, pause)
    steps = np.abs(np.diff(level[at(2.5) : at(5.5)]))
    assert steps.max() <= 2.5, steps.round(1)  # 250 ms ramps: 2 dB each 50 ms (3.4-4.0 in 85 ms frames)

    # As a blind reviewer measured 07: in 0.1 s windows, a swell (not +9 dB within 0.1 s) that is down before the
    # next line's first syllable (until stop 68 it came down over the 250 ms up to it: 5 dB hot in the last 0.1 s)
    tenths = 10 * np.log10(np.mean(10 ** (level[: len(level) // 2 * 2].reshape(-1, 2) / 10), axis=1))
    tenth = lambda seconds: int(seconds * 10)  # noqa: E731
    (_, first_end), (onset, _) = (np.array(line) / 1000 for line in analysis.speech_lines_ms)
    rise = np.diff(tenths[tenth(first_end) : tenth(first_end) + 8])
    assert rise.max() <= 3.5, rise.round(1)  # 10 dB over 400 ms: 2.5 dB a window
    before_onset = float(tenths[tenth(onset) - 1])  # the 0.1 s window that ends at (or just after) his first syllable
    assert before_onset - second <= 1.0, (before_onset, second, tenths[tenth(onset) - 6 : tenth(onset) + 2].round(1))
