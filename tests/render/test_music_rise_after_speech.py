"""Music under a clip's speech comes back up before the next clip over about a second, not in one step (issue 29).

Held-out export 07's score played 12 dB down under Megamind.avi's dialogue and stepped back to full level at the cut
to the next clip within 50 ms: a blind reviewer heard "a 20 dB jump after a 50 ms gap, which feels like an edit over
a calm tree shot". Here a real voice (the LibriVox reader) speaks over a steady 8 kHz tone, a clip without sound
follows, and the export is measured in the tone's band, above the voice and its dip: 10 dB down under the speech,
rising evenly in dB over the last second before the cut, at full level from it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy.signal import butter, sosfilt

from nemo_notebook.engine.analysis import analyze_video
from nemo_notebook.engine.analysis.decode import decode_audio
from nemo_notebook.engine.planning import plan_score
from nemo_notebook.engine.planning.score import BGM_UNDER_SPEECH_VOLUME, RISE_UNDER_SPEECH_MS
from nemo_notebook.protocol import MediaInfo, MediaKind
from tests.analysis.recorded_speech import RECORDINGS, recording
from tests.analysis.video_synth import montage, write_clip, write_wav

SPOKEN_S, SILENT_S, RATE = 6, 4, 22050
_WINDOW_S = 0.05


def _clip(path: Path, audio: Path | None) -> tuple[MediaInfo, object]:
    written = write_clip(path, montage((float(SPOKEN_S if audio else SILENT_S),)), audio=audio)
    analysis = analyze_video(written)
    info = MediaInfo(path.stem, path.name, MediaKind.VIDEO, "mp4", written.stat().st_size, analysis.duration_ms,
                     320, 180, 30.0, audio is not None)  # fmt: skip
    return info, analysis


def _tone_db(path: Path) -> np.ndarray:
    """The export's 7-9 kHz band (the tone alone) in dB per ``_WINDOW_S``."""
    rate = 48_000
    band = sosfilt(
        butter(4, [7_000, 9_000], btype="band", fs=rate, output="sos"), decode_audio(path, sample_rate_hz=rate).samples
    )
    hop = int(_WINDOW_S * rate)
    frames = band[: len(band) // hop * hop].reshape(-1, hop)
    return 10 * np.log10(np.mean(frames**2, axis=1) + 1e-12)


@pytest.mark.slow
def test_music_under_speech_rises_over_a_second_into_the_next_clip(tmp_path: Path) -> None:
    render_mod = pytest.importorskip("nemo_notebook.engine.render")
    voice = write_wav(tmp_path / "reader.wav", recording(RECORDINGS[0], RATE)[: SPOKEN_S * RATE], RATE)
    spoken, quiet = _clip(tmp_path / "reading.mp4", voice), _clip(tmp_path / "window.mp4", None)
    seconds = SPOKEN_S + SILENT_S
    t = np.arange(seconds * 48_000) / 48_000
    tone = write_wav(tmp_path / "tone.wav", 0.2 * np.sin(2 * np.pi * 8_000 * t), 48_000)
    music = MediaInfo("tone", "tone.wav", MediaKind.AUDIO, "wav", tone.stat().st_size, seconds * 1000)
    draft = plan_score([spoken, quiet], music, fade_in_ms=0, fade_out_ms=0)  # type: ignore[list-item]
    assert [sg.meta.get("sound") for sg in draft.tracks[0].segments] == ["speech", None], draft.tracks[0].segments
    media = {"reading": (tmp_path / "reading.mp4", spoken[0]), "window": (tmp_path / "window.mp4", quiet[0]),
             "tone": (tone, music)}  # fmt: skip
    out = render_mod.render_draft(draft, media, tmp_path / "video.mp4", quality="preview", size=(320, 180)).path

    level = _tone_db(out)
    cut = round(spoken[0].duration_ms / 1000 / _WINDOW_S)
    rise = round(RISE_UNDER_SPEECH_MS / 1000 / _WINDOW_S)
    full = float(np.median(level[cut + 4 : cut + 40]))
    under = float(np.median(level[cut - rise - 40 : cut - rise - 2]))
    assert under - full == pytest.approx(20 * np.log10(BGM_UNDER_SPEECH_VOLUME), abs=1.5), (under, full)
    steps = np.abs(np.diff(level[cut - rise - 10 : cut + 10]))
    assert steps.max() <= 2.5, steps.round(1)  # before: a 10-12 dB step at the cut
    middle = float(level[cut - rise // 2])  # half way up in dB, within 2.5
    assert abs(middle - (under + full) / 2) <= 2.5, (under, middle, full)
