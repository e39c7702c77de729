"""A file cut off mid-phrase (a download that stops at 4:00 in the middle of a chorus) has no ending to keep: a
shorter version of it never ends at the cut, and its hook is not the section the cut leaves unfinished."""

from __future__ import annotations

from pathlib import Path

import pytest

from nemo_notebook.engine.analysis.audio import analyze_audio
from nemo_notebook.engine.analysis.types import AudioAnalysis
from nemo_notebook.engine.planning.cutting import beat_length_ms
from nemo_notebook.engine.planning.song_edit import ends_abruptly, hook_span, short_edit, song_edit
from tests.conftest import shared_media
from tests.render.synth import ffmpeg

CUT_S = 45.3  # inside vibe-ace's loud second section, off its downbeats


@pytest.fixture(scope="module")
def cut_off(tmp_path_factory: pytest.TempPathFactory) -> AudioAnalysis:
    path = tmp_path_factory.mktemp("cut") / "cut-off.wav"
    ffmpeg("-i", str(shared_media("vibe-ace.mp3")), "-t", str(CUT_S), str(path))
    return analyze_audio(path)


def test_a_file_cut_off_mid_phrase_is_told_from_a_song_that_ends(cut_off: AudioAnalysis) -> None:
    assert ends_abruptly(cut_off)
    assert not ends_abruptly(analyze_audio(Path(shared_media("vibe-ace.mp3"))))  # it ends on a last chord


@pytest.mark.parametrize("length_ms", [12_000, 25_000, 40_000])
def test_a_version_of_a_cut_off_file_stops_a_bar_before_the_cut_and_fades(
    cut_off: AudioAnalysis, length_ms: int
) -> None:
    bar_ms = 4 * beat_length_ms(cut_off.beats_ms)
    for edit in (song_edit(cut_off, length_ms), short_edit(cut_off, length_ms)):
        # before, the 12 s and 25 s versions played to the cut, unfaded (ends_with_song), the 40 s short too
        assert not edit.ends_with_song, edit
        assert edit.spans[-1][1] <= cut_off.duration_ms - bar_ms + 1, (edit, bar_ms)


def test_the_hook_of_a_cut_off_file_is_not_the_section_the_cut_leaves_unfinished(cut_off: AudioAnalysis) -> None:
    start, end = hook_span(cut_off)
    assert end < cut_off.duration_ms, (start, end)  # was (14787, 45300): up to the cut


def _music_fades(analysis: AudioAnalysis, length_ms: int | None) -> list[object]:
    from nemo_notebook.engine.planning.music_video import MusicVideoOptions, plan_music_video
    from nemo_notebook.engine.planning.song_version import plan_song_version
    from nemo_notebook.protocol import MediaInfo, MediaKind, TrackType

    info = MediaInfo("m", "cut-off.wav", MediaKind.AUDIO, "wav", 1, duration_ms=analysis.duration_ms)
    if length_ms is None:
        draft = plan_music_video(info, analysis, [], MusicVideoOptions())
    else:
        draft = plan_song_version(info, analysis, [], MusicVideoOptions(), length_ms)
    (music,) = draft.tracks_of(TrackType.AUDIO)
    return [sg.meta.get("fade_out_ms") for sg in music.segments]


def test_a_cut_off_file_played_whole_fades_out_at_the_cut_and_a_version_only_at_its_end(
    cut_off: AudioAnalysis,
) -> None:
    (whole,) = _music_fades(cut_off, None)
    assert isinstance(whole, int) and whole >= 1000, whole  # was None: the music stopped at the cut mid-phrase
    *joined, last = _music_fades(cut_off, 20_000)
    assert all(fade is None for fade in joined) and isinstance(last, int) and last > 0, (joined, last)
