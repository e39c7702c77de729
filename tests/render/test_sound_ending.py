"""The picture ends with the sound, by one figure (``protocol.sound_ending``): a song's own quiet ending under an end
card, a song that stops on a final hit into silence, a composed score's ring-out. Each plan reads the real engine's
analysis (or composition) of a made recording and is rendered; the picture's mean luma is read frame by frame.

Held-out 01 (a pop-rock song that stops on a hit at 106.2 s of 107.7) kept its end card lit 0.8 s over the silence;
a song's own decay under an end card faded only over the card's last 0.8 s; a score faded over a fixed 2.5 s, its
full groove playing under a dimming picture where it rang out over less.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.analysis import analyze_audio
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video, plan_score
from nemo_notebook.engine.planning.song_ending import DARK_AFTER_MS
from nemo_notebook.engine.render import render_draft
from nemo_notebook.protocol import Draft

from .conftest import Assets
from .synth import audio_info, click_track, ffmpeg, gray_frames, video_info

SIZE = (320, 180)
SONG_MS = 20_000
DECAY_MS = 4000  # the song's last 4 s play 20 dB under its body
HIT_MS = 18_500  # the song stops dead here: 1.5 s of silence to the end of the file, as held-out 01's
HIT_VIDEO_MS = HIT_MS + DARK_AFTER_MS  # and its video ends a moment after it (``song_ending.sounding_ms``)
SCORE_MS = 15_000  # an upbeat score of 15 s rings 1.6 s from its final hit (seed 1)


def _song(folder: Path, after: float, level: float) -> Path:
    """The click track whose sound from ``after`` (ms) plays at ``level`` of its body."""
    body = click_track(folder / "body.wav", 120, SONG_MS)
    song = folder / "song.wav"
    ffmpeg("-i", str(body), "-af", f"volume='if(lt(t,{after / 1000}),1,{level})':eval=frame", str(song))
    return song


def _luma(assets: Assets, folder: Path, song: Path, *, card: bool) -> np.ndarray:
    """The mean luma of each frame of ``_frames``."""
    return np.asarray([float(f.mean()) for f in _frames(assets, folder, song, card=card)])


def _frames(assets: Assets, folder: Path, song: Path, *, card: bool) -> np.ndarray:
    """The luma of the frames of a montage of one picture uploaded twice (two pictures of one brightness: a single
    picture would make a cover video, whose cover fades out under the card) cut to ``song``."""
    info = audio_info("song", song, SONG_MS)
    path, picture = assets.media[assets.picture_ids[-1]]
    pictures = [picture, replace(picture, id="again", name="again.jpg")]
    d = plan_music_video(info, analyze_audio(song), [(p, None) for p in pictures], MusicVideoOptions(visualizer=None))
    d = d.with_meta(end_card={"title": "Night Drive", "artist": "The Kites"}) if card else d
    media = {"song": (song, info)} | {p.id: (path, p) for p in pictures}
    out = render_draft(d, media, folder / "out.mp4", size=SIZE, quality="low").path
    return np.asarray(gray_frames(out))


def _at(luma: np.ndarray, length_ms: int, ms: int) -> float:
    """The mean luma of the frame shown at ``ms``."""
    return float(luma[min(len(luma) - 1, ms * len(luma) // length_ms)])


def test_a_songs_own_quiet_ending_under_an_end_card_fades_the_picture_with_its_end(
    assets: Assets, tmp_path: Path
) -> None:
    luma = _luma(assets, tmp_path, _song(tmp_path, SONG_MS - DECAY_MS, 0.1), card=True)
    quiet_from = SONG_MS - DECAY_MS
    lit = float(np.median(luma[: len(luma) * quiet_from // SONG_MS]))
    assert _at(luma, SONG_MS, quiet_from - 500) > 0.9 * lit, (lit, _at(luma, SONG_MS, quiet_from - 500))
    under, late = _at(luma, SONG_MS, quiet_from + 1000), _at(luma, SONG_MS, SONG_MS - 500)
    # main 5a745b9: held under the card at 0.6 of its light from 16.75 to 19.0 s, dark only over the card's last 0.8 s;
    # since s53 the outro, playing on at its level, keeps the picture up under the card to its last 1.5 s' fade
    assert under > 0.5 * lit, (lit, under)
    assert late < 0.5 * under and late < 0.3 * lit, (lit, under, late)
    assert luma[-1] < 0.1 * lit, (lit, luma[-1])


@pytest.mark.parametrize("card", [True, False])
def test_a_song_that_stops_on_a_hit_goes_dark_with_it(assets: Assets, tmp_path: Path, card: bool) -> None:
    luma = _luma(assets, tmp_path, _song(tmp_path, HIT_MS, 0.0), card=card)
    lit = float(np.median(luma[: len(luma) // 2]))
    before = _at(luma, HIT_VIDEO_MS, HIT_MS - 300)
    assert before > (0.5 if card else 0.9) * lit, (lit, before)  # lit (under the card's dim, 0.6) to the hit
    # main 5a745b9: with the card 55.5, 55.5, 51.8, 22.8, 2.1 of 93.0 from 0.25 to 1.25 s after the hit (dark only
    # over the card's last 0.8 s); with no card already 66.1 of 93.0 0.3 s before it (the fixed 2.5 s fade)
    after = [_at(luma, HIT_VIDEO_MS, ms) for ms in range(HIT_MS + 250, HIT_VIDEO_MS, 100)]
    assert max(after) < 0.1 * lit, (lit, after)


def test_an_end_cards_type_is_gone_before_a_final_hit_takes_the_picture_to_black(
    assets: Assets, tmp_path: Path
) -> None:
    frames = _frames(assets, tmp_path, _song(tmp_path, HIT_MS, 0.0), card=True)
    luma, n = frames.mean(axis=(1, 2)), len(frames)
    under = _at(luma, HIT_VIDEO_MS, HIT_MS - 1500)  # the dimmed picture under the card, lit
    falling = next(k for k in range(n * (HIT_MS - 1000) // HIT_VIDEO_MS, n) if luma[k] < 0.9 * under)
    text = [float(np.percentile(f, 99.9) - np.percentile(f, 50)) for f in frames]  # white type over the picture
    shown = text[n * (HIT_MS - 1500) // HIT_VIDEO_MS]
    # main d3ce0be: the type (199 over the picture) still 68 where the picture began to fall (56 -> 46), fading to
    # black with it; held-out 01's card was still fading when the picture fell to black in 3 frames at 106.3 s
    assert text[falling] < 0.25 * shown, (shown, text[falling - 3 : falling + 3])


def test_a_scores_picture_fades_over_its_own_ring_out(tmp_path: Path) -> None:
    from nemo_notebook.engine.music import compose
    from nemo_notebook.engine.music.track import render_track, track_brief
    from tests.planning.test_score import clip

    words = "create an upbeat background track for my travel video"
    piece = compose(track_brief(words=words, duration_ms=SCORE_MS, seed=1), seed=1)
    score = render_track(piece, tmp_path / "score.wav")
    hit = score.sections[-1].start_ms
    assert score.sections[-1].name == "ending" and 1000 < SCORE_MS - hit < 2000, score.sections
    footage = tmp_path / "grey.mp4"
    ffmpeg("-f", "lavfi", "-i", f"color=c=0x909090:s=320x180:r=25:d={SCORE_MS / 1000}", "-c:v", "libx264", str(footage))
    info = video_info("grey", footage, SCORE_MS, has_audio=False)
    music = audio_info("score", score.path, SCORE_MS)
    d: Draft = plan_score([(info, clip("grey", SCORE_MS, has_audio=False)[1])], music, score, fade_out_ms=0)
    media = {"grey": (footage, info), "score": (score.path, music)}
    out = render_draft(d, media, tmp_path / "out.mp4", size=SIZE, quality="low").path
    luma = np.asarray([float(f.mean()) for f in gray_frames(out)])
    lit = float(np.median(luma[: len(luma) // 2]))
    # main 5a745b9: the picture faded over the last 2.5 s, from 0.9 s before the hit: 0.72 of its light 0.2 s before it
    assert _at(luma, SCORE_MS, hit - 200) > 0.9 * lit, (lit, _at(luma, SCORE_MS, hit - 200))
    ring = [_at(luma, SCORE_MS, hit + k * (SCORE_MS - hit) // 4) for k in (1, 2, 3)]
    assert ring[0] > ring[1] > ring[2] and luma[-1] < 0.1 * lit, (lit, ring, luma[-1])
