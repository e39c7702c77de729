"""Music under a clip's speech is down while someone speaks and back up in a long pause between two lines (issue 29).

Held-out export 07's score stayed 10 dB down through the whole of Megamind.avi's dialogue, its 1.7 s pause too; a
blind reviewer asked for it to duck only under the lines, with smooth 150-300 ms ramps. A later one (ab68d) heard the
swell in that 1.76 s pause, up for about 1.1 s, as a pump: a pause that short now lifts the music halfway. Here the
LibriVox reader speaks two lines with a pause between them over a steady 8 kHz tone (above the voice and its dip),
and the export is measured in the tone's band.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.analysis import analyze_video
from nemo_notebook.engine.planning import plan_score
from nemo_notebook.engine.planning.score import BGM_UNDER_SPEECH_VOLUME
from nemo_notebook.engine.planning.speech_levels import LINE_LIFT_GAP_MS, LINE_SWELL_GAP_MS
from nemo_notebook.protocol import MediaInfo, MediaKind
from tests.analysis.test_speech_lines import RATE_HZ, two_lines
from tests.analysis.video_synth import montage, write_clip, write_wav
from tests.render.test_music_rise_after_speech import _WINDOW_S, _tone_db

LINE_S = 3.0


def _render(tmp_path: Path, pause_s: float) -> tuple[np.ndarray, tuple[tuple[int, int], ...], float]:
    """The export's tone band in dB per ``_WINDOW_S``, the clip's lines (ms) and its level under them (median, dB)."""
    render_mod = pytest.importorskip("nemo_notebook.engine.render")
    spoken_s = 2 * LINE_S + pause_s
    voice = write_wav(tmp_path / "lines.wav", two_lines(pause_s), RATE_HZ)
    written = write_clip(tmp_path / "reading.mp4", montage((spoken_s,)), audio=voice)
    analysis = analyze_video(written)
    assert len(analysis.speech_lines_ms) == 2, analysis.speech_lines_ms
    spoken = (MediaInfo("reading", "reading.mp4", MediaKind.VIDEO, "mp4", written.stat().st_size,
                        analysis.duration_ms, 320, 180, 30.0, True), analysis)  # fmt: skip
    t = np.arange(int(spoken_s * 48_000)) / 48_000
    tone = write_wav(tmp_path / "tone.wav", 0.2 * np.sin(2 * np.pi * 8_000 * t), 48_000)
    music = MediaInfo("tone", "tone.wav", MediaKind.AUDIO, "wav", tone.stat().st_size, int(spoken_s * 1000))
    draft = plan_score([spoken], music, fade_in_ms=0, fade_out_ms=0)
    media = {"reading": (written, spoken[0]), "tone": (tone, music)}
    out = render_mod.render_draft(draft, media, tmp_path / "video.mp4", quality="preview", size=(320, 180)).path
    level = _tone_db(out)
    first_end = analysis.speech_lines_ms[0][1] / 1000
    under = float(np.median(level[_at(0.5) : _at(first_end - 0.3)]))
    return level, analysis.speech_lines_ms, under


def _at(seconds: float) -> int:
    return round(seconds / _WINDOW_S)


def _tenths(level: np.ndarray) -> np.ndarray:
    """``level`` (dB per ``_WINDOW_S``) in 0.1 s windows, as a blind reviewer measured 07."""
    return 10 * np.log10(np.mean(10 ** (level[: len(level) // 2 * 2].reshape(-1, 2) / 10), axis=1))


@pytest.mark.slow
def test_music_comes_back_up_in_a_long_pause_between_two_lines(tmp_path: Path) -> None:
    level, lines, first = _render(tmp_path, 3.0)
    (_, first_end), (onset, _) = (np.array(line) / 1000 for line in lines)
    assert onset - first_end >= LINE_SWELL_GAP_MS / 1000, lines
    pause = float(np.median(level[_at(first_end + 0.6) : _at(onset - 0.7)]))
    second = float(np.median(level[_at(onset + 0.5) : _at(onset + 2.5)]))
    assert pause - first == pytest.approx(-20 * np.log10(BGM_UNDER_SPEECH_VOLUME), abs=1.5), (first, pause)
    assert pause - second == pytest.approx(-20 * np.log10(BGM_UNDER_SPEECH_VOLUME), abs=1.5), (second, pause)
    steps = np.abs(np.diff(level[_at(first_end - 0.5) : _at(onset + 0.5)]))
    assert steps.max() <= 2.5, steps.round(1)  # 250 ms ramps: 2 dB each 50 ms (3.4-4.0 in 85 ms frames)

    # In 0.1 s windows, a swell (not +9 dB within 0.1 s) that is down before the next line's first syllable (until
    # stop 68 it came down over the 250 ms up to it: 5 dB hot in the last 0.1 s)
    tenths = _tenths(level)
    rise = np.diff(tenths[int(first_end * 10) : int(first_end * 10) + 8])
    assert rise.max() <= 3.5, rise.round(1)  # 10 dB over 400 ms: 2.5 dB a window
    before_onset = float(tenths[int(onset * 10) - 1])  # the 0.1 s window that ends at (or just after) the syllable
    assert before_onset - second <= 1.0, (before_onset, second, tenths[int(onset * 10) - 6 : int(onset * 10) + 2])


@pytest.mark.slow
def test_music_lifts_halfway_in_a_pause_of_two_seconds(tmp_path: Path) -> None:
    """A 1.97 s pause between the lines, like 07's (1.76 s): in stop 68 the music swelled 10 dB in it for about
    1.1 s, which a blind reviewer heard as a pump (ab68d); kept down, the next heard it flat (ab69b): in 0.1 s windows
    it now lifts about 5 dB (half the duck), in steps of a swell, and is down before the next line."""
    level, lines, under = _render(tmp_path, 2.0)
    (_, first_end), (onset, _) = (np.array(line) / 1000 for line in lines)
    assert LINE_LIFT_GAP_MS / 1000 <= onset - first_end < LINE_SWELL_GAP_MS / 1000, lines
    tenths = _tenths(level)
    pause = tenths[int(first_end * 10) + 1 : int(onset * 10)]
    half = -10 * np.log10(BGM_UNDER_SPEECH_VOLUME)
    assert half - 1.5 <= pause.max() - under <= half + 1.5, (under, pause.round(1))
    assert np.abs(np.diff(pause)).max() <= 2.5, pause.round(1)
    assert tenths[int(onset * 10) - 1] - under <= 1.0, (under, tenths[int(onset * 10) - 6 : int(onset * 10) + 2])
