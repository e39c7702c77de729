"""A recording cut off mid-phrase with a short fade where it was cut is told from a song that ends by itself.

Held-out export 03's orchestral file (07-orchestral-rubato-love-theme.ogg of the evaluation set, not among the test
media) plays at its body's level to 94.4 s and falls to silence within 0.8 s where the file ends at 95.3 s; main read
that fall as a final hit and ended the video there, unfaded. The same cut is made here from a real recording of the
test media: vibe-ace cut at 45.3 s, inside its loud second section, with a 0.8 s fade (ffmpeg's ``afade``, as an
editor's tool makes one). Its own ending (a last chord that rings out) and a drum loop's last hit stay endings.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nemo_notebook.engine.analysis.audio import analyze_audio
from nemo_notebook.engine.analysis.types import AudioAnalysis
from nemo_notebook.engine.planning.edit_fade import faded_at_a_cut
from nemo_notebook.engine.planning.music_video import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.planning.song_edit import ends_abruptly
from nemo_notebook.protocol import MediaInfo, MediaKind, TrackType
from tests.conftest import shared_media
from tests.render.synth import ffmpeg

CUT_S = 45.3  # inside vibe-ace's loud second section, off its downbeats
FADE_S = 0.8  # as held-out 03's file falls from its body's level to silence


@pytest.fixture(scope="module")
def faded_cut(tmp_path_factory: pytest.TempPathFactory) -> AudioAnalysis:
    path = tmp_path_factory.mktemp("cut") / "faded-cut.wav"
    fade = f"afade=t=out:st={CUT_S - FADE_S}:d={FADE_S}"
    ffmpeg("-i", str(shared_media("vibe-ace.mp3")), "-t", str(CUT_S), "-af", fade, str(path))
    return analyze_audio(path)


def test_a_file_faded_out_within_a_second_where_it_was_cut_is_cut_off(faded_cut: AudioAnalysis) -> None:
    assert ends_abruptly(faded_cut)  # main: False (its last 0.5 s read 0.47 of the loud passages, under 0.6)


@pytest.mark.parametrize("name", ["vibe-ace.mp3", "choice-drum-bass.ogg"])
def test_a_last_chord_that_rings_out_and_a_loops_last_hit_are_not_cut_off(name: str) -> None:
    analysis = analyze_audio(Path(shared_media(name)))
    assert not faded_at_a_cut(analysis) and not ends_abruptly(analysis)


def test_the_video_of_a_faded_cut_fades_its_music_out_over_seconds_and_says_so(faded_cut: AudioAnalysis) -> None:
    info = MediaInfo("m", "faded-cut.wav", MediaKind.AUDIO, "wav", 1, duration_ms=faded_cut.duration_ms)
    draft = plan_music_video(info, faded_cut, [], MusicVideoOptions())
    (music,) = draft.tracks_of(TrackType.AUDIO)
    fade = music.segments[-1].meta.get("fade_out_ms")
    # main: None, the music played on to the file's own 0.8 s fade
    assert isinstance(fade, int) and fade >= 3000, fade
    assert draft.meta.get("cut_off_fade_ms") == fade  # the reply's sentence: "your recording stops at 0:45 ..."
