"""A song that stops on a final hit into near-silence: its video ends a moment after the sound does, not where the
file does. Held-out 01/02 (a pop-rock game loop that stops on a hit at 106.2 s, its file going on with a reverb tail
at -59 to -70 dBFS RMS to 107.7 s) showed 1.4 s of black and near-silence at the end, before every replay of a
looping 9:16 video. The music video, the cover video and the track alone each set their length from the song."""

from __future__ import annotations

from pathlib import Path

import pytest

from nemo_notebook.engine.analysis import analyze_audio
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.planning.song_version import plan_song_version
from nemo_notebook.engine.render import render_draft
from nemo_notebook.protocol import Draft, TrackType
from nemo_notebook.protocol.sound_ending import sound_ending

from .conftest import Assets
from .synth import audio_info, ffmpeg, probe

HIT_MS = 10_000  # the song's last hit (a downbeat at 120 BPM)
RING_MS = 150  # the hit rings to silence within this (0.8 e^(-40 t): -54 dBFS at its peaks by then)
TAIL_MS = 1650  # then its file goes on this long at -65 dBFS RMS (a reverb tail under audibility)
FILE_MS = HIT_MS + TAIL_MS
SILENCE_MS = HIT_MS + RING_MS  # where the sound has stopped
DARK_MOST_MS = 700  # the video ends at most this long after it


def hit_song(path: Path) -> Path:
    """A click track at 120 BPM over a hum to ``HIT_MS``, a hit there that rings out within ``RING_MS``, then a
    -65 dBFS RMS tone (amplitude 0.00079) to the end of the file."""
    hit = HIT_MS / 1000
    period = 0.5
    click = f"(0.5+0.4*lt(mod(t,{period * 4}),0.05))*sin(2*PI*1000*t)*exp(-60*mod(t,{period}))+0.05*sin(2*PI*110*t)"
    ring = f"0.8*sin(2*PI*220*t)*exp(-40*(t-{hit}))"
    tail = "0.00079*sin(2*PI*440*t)"
    expr = f"if(lt(t,{hit}),{click},if(lt(t,{hit + 0.3}),{ring},0)+{tail})"
    ffmpeg("-f", "lavfi", "-i", f"aevalsrc='{expr}':s=44100:d={FILE_MS / 1000}", "-ac", "2", str(path))
    return path


@pytest.fixture(scope="module")
def song(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hit_song(tmp_path_factory.mktemp("hit") / "song.wav")


def _plan(assets: Assets, song: Path, pictures: int) -> Draft:
    """The video of ``song`` over the last ``pictures`` pictures (1: a cover video; 0: the track alone)."""
    shown = [assets.media[k][1] for k in assets.picture_ids[len(assets.picture_ids) - pictures :]] if pictures else []
    info = audio_info("song", song, FILE_MS)
    return plan_music_video(info, analyze_audio(song), [(p, None) for p in shown], MusicVideoOptions(visualizer=None))


@pytest.mark.parametrize("pictures", [3, 1, 0], ids=["music video", "cover video", "track alone"])
def test_the_video_ends_a_moment_after_the_final_hit(assets: Assets, song: Path, pictures: int) -> None:
    draft = _plan(assets, song, pictures)
    # main 7d8cd68: 11650 ms each, the file's length: 1.5 s of black and near-silence after the hit
    assert SILENCE_MS <= draft.duration_ms <= SILENCE_MS + DARK_MOST_MS, draft.duration_ms
    assert sound_ending(draft).how == "hit", sound_ending(draft)  # the picture still goes dark with the hit
    (music,) = draft.tracks_of(TrackType.AUDIO)
    assert music.end_ms == draft.duration_ms and not music.segments[-1].meta.get("fade_out_ms"), music


def test_the_rendered_cover_video_ends_with_it(assets: Assets, song: Path, tmp_path: Path) -> None:
    draft = _plan(assets, song, 1)
    media = {"song": (song, audio_info("song", song, FILE_MS))} | {k: assets.media[k] for k in assets.picture_ids[-1:]}
    out = render_draft(draft, media, tmp_path / "out.mp4", size=(320, 180), quality="low").path
    seconds = probe(out)["duration_ms"] / 1000
    assert SILENCE_MS / 1000 <= seconds <= (SILENCE_MS + DARK_MOST_MS + 50) / 1000, seconds


def test_a_short_from_the_chorus_ends_with_the_songs_hit(assets: Assets, song: Path) -> None:
    shown = [assets.media[k][1] for k in assets.picture_ids[-3:]]
    info, options = audio_info("song", song, FILE_MS), MusicVideoOptions(visualizer=None)
    draft = plan_song_version(info, analyze_audio(song), [(p, None) for p in shown], options, 9000, from_hook=True)
    (part,) = draft.meta["song_parts"]  # from a downbeat to the song's own ending
    hit = HIT_MS - int(part["in_ms"])  # where the hit falls in the short
    ending = sound_ending(draft)
    # main 7d8cd68: 9000 ms, faded out from 6.75 s, over the hit at 8.0 s (the file's end lay past it); on this
    # branch before its ending was moved into the recording's time, dark from 6.1 s, 1.9 s before the hit
    assert ending.how == "hit" and abs(ending.from_ms - hit) <= 150, (hit, ending)
    assert hit + RING_MS <= draft.duration_ms <= hit + RING_MS + DARK_MOST_MS, (hit, draft.duration_ms)
