"""A song that fades out by itself: the picture fades with it, from where the sound falls to where it ends (a quiet
outro that plays on at its level: ``test_outro_dim``). The decay is read from the track's own analysis, not from a
fade the engine put on the music."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from nemo_notebook.engine.analysis import analyze_audio
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.render import render_draft

from .conftest import Assets
from .synth import audio_info, click_track, ffmpeg, gray_frames

SIZE = (320, 180)
SONG_MS = 20_000
DECAY_MS = 4000  # the song's last 4 s play 14 dB and more under its body
FADING = "0.2*pow(10,-(t-{q})*8/20)"  # from 14 dB under the body, falling 8 dB a second


def _song_with_its_own_ending(folder: Path, tail: str) -> Path:
    body = click_track(folder / "body.wav", 120, SONG_MS)
    song = folder / "song.wav"
    quiet_from = (SONG_MS - DECAY_MS) / 1000
    volume = f"if(lt(t,{quiet_from}),1,{tail.format(q=quiet_from)})"
    ffmpeg("-i", str(body), "-af", f"volume='{volume}':eval=frame", str(song))
    return song


def _luma(assets: Assets, folder: Path, tail: str) -> Any:
    song = _song_with_its_own_ending(folder, tail)
    info = audio_info("song", song, SONG_MS)
    pictures = [assets.media[k][1] for k in assets.picture_ids[-1:]]
    d = plan_music_video(info, analyze_audio(song), [(p, None) for p in pictures], MusicVideoOptions(visualizer=None))
    media = {"song": (song, info)} | {p.id: assets.media[p.id] for p in pictures}
    out = render_draft(d, media, folder / "out.mp4", size=SIZE, quality="low").path
    return np.asarray([float(f.mean()) for f in gray_frames(out)])


def test_the_picture_fades_over_a_songs_own_fade(assets: Assets, tmp_path: Path) -> None:
    luma = _luma(assets, tmp_path, FADING)
    fps = len(luma) * 1000 // SONG_MS

    def at(ms_before_end: int) -> float:
        return float(luma[len(luma) - ms_before_end * fps // 1000])

    lit = float(np.median(luma[: len(luma) * (SONG_MS - DECAY_MS) // SONG_MS]))
    # main e8307c8 + s45-endings: lit over the quiet tail until the last 2.5 s' fade
    assert at(DECAY_MS * 3 // 4) < 0.85 * lit, (lit, at(DECAY_MS * 3 // 4))
    assert at(DECAY_MS // 2) < 0.6 * lit, (lit, at(DECAY_MS // 2))
    assert at(DECAY_MS + 500) > 0.9 * lit, (lit, at(DECAY_MS + 500))  # lit until the sound falls
    assert luma[-1] < 0.1 * lit, (lit, luma[-1])
