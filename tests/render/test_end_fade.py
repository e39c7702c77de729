"""Every export's sound ends in a short fade (``audio_mix.END_FADE_MS``), never on a cut waveform.

A song that stops into silence is played as long as it sounds (s56-tail): its faint tail after that is left out,
and the video ended on that tail cut mid-wave (on three evalset songs at about -51 dBFS). Here a steady tone (a song
cut where it still plays, the harshest case) under a grey picture, 2 s of a 4 s file, rendered as the artist's own
master (no loudness change): its last 10 ms are at least 12 dB under its level 0.2 s before the end; on main
(701a37e) they were at its level (-24.2 against -24.1 dBFS; now -41.2)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nemo_notebook.engine.render import render_draft
from nemo_notebook.protocol import Draft, Segment, Track, TrackType

from .synth import audio_info, decode_mono, ffmpeg, image_info, picture

END_MS = 2000


def _rms_db(samples: np.ndarray) -> float:
    return float(20 * np.log10(np.sqrt(np.mean(samples**2)) + 1e-12))


def test_a_video_that_ends_while_its_song_plays_fades_its_last_moment(tmp_path: Path) -> None:
    tone = tmp_path / "tone.wav"
    ffmpeg("-f", "lavfi", "-i", "sine=frequency=220:duration=4:sample_rate=48000", str(tone))
    grey = picture(tmp_path / "grey.png", "0x808080", "320x180")
    media = {"song": (tone, audio_info("song", tone, 4000)), "pic": (grey, image_info("pic", grey))}
    tracks = (
        Track(TrackType.VIDEO, (Segment(0, END_MS, src="pic"),)),
        Track(TrackType.AUDIO, (Segment(0, END_MS, src="song", in_ms=0),), meta={"role": "music"}),
    )
    draft = Draft(tracks=tracks, duration_ms=END_MS, meta={"loudnorm": False})
    out = render_draft(draft, media, tmp_path / "out.mp4", size=(320, 180), quality="low").path
    sound, rate = decode_mono(out)
    end = min(len(sound), END_MS * rate // 1000)
    before = _rms_db(sound[end - rate // 5 - rate // 10 : end - rate // 5])
    last = _rms_db(sound[end - rate // 100 : end])
    assert before > -30, before
    assert last < before - 12, (before, last)
