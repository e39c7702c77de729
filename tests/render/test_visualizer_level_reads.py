"""The song the visualizer levels and follows is decoded once a render, not once per reader (the band levels, the
strip's follow, the outro's level): the benchmark's 60 s render decoded it twice, 0.18 CPU s each."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.analysis.decode import decode_audio
from nemo_notebook.engine.errors import RenderError
from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.render import build_graph, canvas_for
from nemo_notebook.engine.render.visualizer_level import RATE, decoded, forget_decoded

from .drafts import draft, shot


def _tone(path: Path, seconds: int) -> Path:
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi", "-i", f"sine=frequency=220:duration={seconds}",
                    "-f", "lavfi", "-i", f"anoisesrc=d={seconds}:a=0.1", "-filter_complex", "amix=inputs=2",
                    "-ar", "48000", str(path)], check=True)  # fmt: skip
    return path


def test_a_second_span_of_the_same_song_reads_the_first_decode(tmp_path: Path) -> None:
    song = _tone(tmp_path / "song.wav", 6)
    forget_decoded()
    whole = decoded(song, 0, 6000)
    later = decoded(song, 2000, 3000)
    assert np.shares_memory(whole, later)  # a slice of the kept decode, not a second decode
    fresh = decode_audio(song, sample_rate_hz=RATE, channels=1, max_duration_ms=5000).samples
    assert np.array_equal(later, fresh[2 * RATE : 5 * RATE])  # the same samples a decode of its own gives
    assert not later.flags.writeable  # readers share it: none may change it


def test_a_longer_span_or_a_forgotten_decode_reads_the_song_again(tmp_path: Path) -> None:
    song = _tone(tmp_path / "song.wav", 6)
    forget_decoded()
    first = decoded(song, 0, 2000)
    longer = decoded(song, 0, 5000)
    assert len(longer) == 5 * RATE and not np.shares_memory(first, longer)
    forget_decoded()
    assert not np.shares_memory(longer, decoded(song, 0, 5000))
    other = _tone(tmp_path / "other.wav", 6)
    assert not np.shares_memory(decoded(other, 0, 5000), decoded(song, 0, 5000))


def test_a_graph_whose_building_fails_lets_the_kept_decode_go(tmp_path: Path) -> None:
    song = _tone(tmp_path / "song.wav", 6)
    forget_decoded()
    kept = decoded(song, 0, 5000)
    broken = draft([shot("gone", 0, 3000, motion="none")], 3000, music=None)  # its picture is not in the media
    with pytest.raises(RenderError, match="gone"):
        build_graph(broken, {}, canvas_for(broken, (320, 180)))
    assert not np.shares_memory(kept, decoded(song, 0, 5000))  # read again: the failed build let the decode go
