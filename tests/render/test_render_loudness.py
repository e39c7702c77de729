"""The export's loudness measured where a listener meets it: in the encoded MP4, after the AAC encoder."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.render import render_draft
from tests.conftest import shared_media

from .drafts import draft, shot
from .synth import audio_info

SMALL = (320, 180)
LOUD_MS = 20_000


def _ebu_r128(path: Path) -> tuple[float, float]:
    """Integrated loudness (LUFS) and true peak (dBTP, 4× oversampled) of the file's sound, by ffmpeg's meter."""
    done = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostats", "-i", str(path), "-af", "ebur128=peak=true", "-f", "null", "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    summary = done.stderr[done.stderr.rindex("Summary:") :]
    integrated = re.search(r"I:\s+(-?[\d.]+) LUFS", summary)
    peak = re.search(r"True peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS", summary)
    assert integrated and peak, summary
    return float(integrated.group(1)), float(peak.group(1))


@pytest.mark.parametrize("quality", ["low", "high"])
def test_a_loud_track_is_at_minus_14_lufs_with_true_peaks_under_minus_1_dbtp_after_aac(
    quality: str, tmp_path: Path
) -> None:
    # Drum and bass stems: dense, loud transients, where the AAC encoder overshoots the most (+1.8 dBTP before the
    # fix at 128 kb/s); "low" has the smallest AAC bitrate, so the least room.
    song = shared_media("choice-drum-bass.ogg")
    media = {"song": (song, audio_info("song", song, LOUD_MS))}
    d = draft([shot(None, 0, LOUD_MS)], LOUD_MS, music="song")
    result = render_draft(d, media, tmp_path / "loud.mp4", quality=quality, size=SMALL)
    integrated_lufs, true_peak_dbtp = _ebu_r128(result.path)
    assert true_peak_dbtp <= -1.0, (integrated_lufs, true_peak_dbtp)
    assert integrated_lufs == pytest.approx(-14.0, abs=1.0), (integrated_lufs, true_peak_dbtp)
