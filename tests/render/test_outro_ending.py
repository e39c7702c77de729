"""A song that falls into a near-silent outro and then stops: the frame's light follows the outro's level (a third of
it 20 dB under the body, s53-cover2: ``test_outro_dim.py``) and goes black over a short fade ending where the last
sound ends, not while it still plays; an outro that fades further is followed down (issue 29). s53-cover had the frame
at full light over the outro; s53's blind reviewer saw a flat-line visualizer on a bright frame over near silence. Until s53 this file checked that the frame, a caption, the bars and a cover
video's credit dimmed within 1.5 s of the fall: a blind reviewer of held-out 04 (s52) saw that dim "look over while
the music goes on", and those checks are taken out on purpose (``test_outro_dim.py``).

The song: a 24 s click track whose sound from 18 s plays 20 dB under its body (-44 LUFS against -24) and stops at
22.8 s (1.2 s of silence to the end of the file), analysed and planned with one flat grey picture (uploaded twice),
the spectrum's bars and a white caption over its last 10 s, rendered at 320x180 (and without the bars and caption).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nemo_notebook.engine.analysis import analyze_audio
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.render import render_draft
from nemo_notebook.protocol import Draft, Segment, Track, TrackType
from nemo_notebook.protocol.sound_ending import sound_ending

from .synth import audio_info, click_track, ffmpeg, gray_frames, image_info, picture

SIZE = (320, 180)
SONG_MS, DROP_MS, LAST_SOUND_MS = 24_000, 18_000, 22_800
CAPTION_MS = 14_000  # the caption shows from here to the end
GREY = 128  # the picture's light (``gray_frames``: full range, 0 black)
DRAWN = 40  # a pixel this far over the picture (in the body) is the caption's
BARS = 12  # a pixel this much brighter than the render without the bars is theirs


def _song(folder: Path, outro: str = "0.1") -> Path:
    """The click track, 20 dB under its body from ``DROP_MS`` (``outro``: its level there), silent from
    ``LAST_SOUND_MS``."""
    body = click_track(folder / "body.wav", 120, SONG_MS)
    song = folder / "song.wav"
    level = f"if(lt(t,{DROP_MS / 1000}),1,if(lt(t,{LAST_SOUND_MS / 1000}),{outro},0))"
    ffmpeg("-i", str(body), "-af", f"volume='{level}':eval=frame", str(song))
    return song


@pytest.fixture(scope="module")
def ending(tmp_path_factory: pytest.TempPathFactory) -> tuple[Draft, Any, Any]:
    """The plan and the gray frames of its render, and of its render without the bars and the caption."""
    folder = tmp_path_factory.mktemp("ending")
    song = _song(folder)
    info = audio_info("song", song, SONG_MS)
    grey = picture(folder / "grey.png", "0x808080")
    pictures = [image_info("a", grey), replace(image_info("a", grey), id="b", name="b.png")]
    media = {"song": (song, info)} | {p.id: (grey, p) for p in pictures}
    options = MusicVideoOptions(visualizer="spectrum")
    planned = plan_music_video(info, analyze_audio(song), [(p, None) for p in pictures], options)
    caption = Segment(CAPTION_MS, SONG_MS - CAPTION_MS, meta={"text": "NIGHT DRIVE"})
    drafted = planned.with_tracks((*planned.tracks, Track(TrackType.TEXT, (caption,))))
    alone = planned.with_tracks(tuple(t for t in planned.tracks if t.meta.get("role") != "visualizer"))
    out = render_draft(drafted, media, folder / "out.mp4", size=SIZE, quality="low").path
    plain = render_draft(alone, media, folder / "plain.mp4", size=SIZE, quality="low").path
    return drafted, gray_frames(out).astype(float), gray_frames(plain).astype(float)


def _at(frames: Any, ms: int, length_ms: int) -> Any:
    """The frame shown at ``ms`` of a video ``length_ms`` long (the song's, its silent tail left out)."""
    return frames[min(len(frames) - 1, ms * len(frames) // length_ms)]


def _lit(frame: Any) -> float:
    """The light of the picture alone (the frame's top quarter, clear of the bars and the caption)."""
    return float(np.median(frame[: SIZE[1] // 4]))


def test_the_frames_light_follows_the_outros_level_until_a_short_fade_with_its_last_sound(
    ending: tuple[Draft, Any, Any],
) -> None:
    drafted, frames, _ = ending
    length = drafted.duration_ms
    body = _lit(_at(frames, DROP_MS - 1000, length))
    assert abs(body - GREY) < 12, body  # the grey picture, lit to the fall
    assert _lit(_at(frames, DROP_MS + 1000, length)) / body > 0.7  # a fade, not a drop
    share = _lit(_at(frames, DROP_MS + 3500, length)) / body
    assert 0.2 < share < 0.5, share  # 20 dB under: a third of its light (merge53: 0.81, full light to its last 1.5 s)
    assert _lit(_at(frames, LAST_SOUND_MS - 1700, length)) / body > share - 0.05  # never lighter again


def test_black_lands_only_after_the_last_sound(ending: tuple[Draft, Any, Any]) -> None:
    drafted, frames, _ = ending
    sound = sound_ending(drafted)  # the plan read the song's own ending: its quiet outro, to where it stops
    assert sound.how == "decay" and abs(sound.until_ms - LAST_SOUND_MS) <= 100, sound
    length = drafted.duration_ms  # the song's, to a moment after its last sound
    assert LAST_SOUND_MS < length <= LAST_SOUND_MS + 700, length
    seen = _lit(_at(frames, LAST_SOUND_MS - 500, length)) / _lit(_at(frames, DROP_MS - 1000, length))
    assert seen > 0.04, seen  # still seen: main 7f5562f went black over the last 1.5 s of the sound
    after = [float(f.mean()) for f in frames[(LAST_SOUND_MS + 100) * len(frames) // length :]]
    assert max(after) < 20, max(after)  # black in the silence after it


def test_the_picture_follows_an_outro_that_fades_further(tmp_path: Path) -> None:
    """The outro falls another 12 dB from 19 s to its last sound (a song's own fade after its fall, still over the
    analysis's silence): the picture's light follows it down, gradually from the fall (s53-cover2: c328cc8 dimmed it
    to 0.3 within 1.6 s and held it there to the last 0.4 s)."""
    fall = f"0.1-0.075*clip((t-19)/{LAST_SOUND_MS / 1000 - 19},0,1)"
    song = _song(tmp_path, fall)
    info = audio_info("song", song, SONG_MS)
    grey = picture(tmp_path / "grey.png", "0x808080")
    pictures = [image_info("a", grey), replace(image_info("a", grey), id="b", name="b.png")]
    media = {"song": (song, info)} | {p.id: (grey, p) for p in pictures}
    options = MusicVideoOptions(visualizer=None)
    planned = plan_music_video(info, analyze_audio(song), [(p, None) for p in pictures], options)
    assert abs(sound_ending(planned).until_ms - LAST_SOUND_MS) <= 300  # heard to its last click
    frames = gray_frames(render_draft(planned, media, tmp_path / "fall.mp4", size=SIZE, quality="low").path)
    length = planned.duration_ms
    body = _lit(_at(frames, DROP_MS - 1000, length))
    early = _lit(_at(frames, DROP_MS + 1000, length)) / body
    later = _lit(_at(frames, LAST_SOUND_MS - 1000, length)) / body
    assert early > 0.7, early  # a fade from the fall, not a drop (merge53 and c328cc8: 0.3 within 1.6 s)
    assert later < 0.25, later  # c328cc8: 0.28
