"""“start at the chorus” end to end: a 56 s song alone at 120 BPM (a quiet intro, a verse, a loud chorus at 0:20 in
chords of its own that comes back after a second verse), analysed by the real engine, "make a video for this track",
then "start at the chorus": the reply says when the chorus comes in, and the export starts on the chorus, as loud
as the chorus, under its title. On main d3ce0be "start at the chorus" was not understood."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf

from nemo_notebook.client import Client
from nemo_notebook.protocol.vocabulary import Role
from tests.client.test_start_at_the_drop_video import _rms_db
from tests.render.synth import decode_mono

RATE = 22050
BPM = 120.0
PARTS = (("intro", 8), ("verse", 12), ("chorus", 12), ("verse", 12), ("chorus", 12))
CHORDS = {"intro": (220.0, 277.2, 329.6), "verse": (196.0, 246.9, 293.7), "chorus": (261.6, 329.6, 392.0)}
GAINS = {"intro": 0.08, "verse": 0.7, "chorus": 1.0}


def song_with_a_chorus(path: Path) -> Path:
    """A click on every beat over a pad in each part's chord; the chorus brighter (octaves, noise) and loudest."""
    rng = np.random.default_rng(11)
    t_hit = np.arange(int(0.12 * RATE)) / RATE
    hit = np.exp(-t_hit * 30) * (np.sin(2 * np.pi * 80 * t_hit) + 0.5 * np.sin(2 * np.pi * 1500 * t_hit))
    parts = []
    for name, secs in PARTS:
        t = np.arange(int(secs * RATE)) / RATE
        octave = 0.4 if name == "chorus" else 0.0
        pad = sum(np.sin(2 * np.pi * f * t) + octave * np.sin(4 * np.pi * f * t) for f in CHORDS[name]) / 3
        part = 0.3 * pad + (0.15 if name == "chorus" else 0.02) * rng.standard_normal(len(t))
        for k in range(int(secs * BPM / 60)):
            start = int(k * 60 / BPM * RATE)
            end = min(start + len(hit), len(t))
            part[start:end] += hit[: end - start] * (1.0 if k % 4 == 0 else 0.6)
        parts.append(part * GAINS[name])
    audio = np.concatenate(parts)
    sf.write(str(path), (0.5 * audio / np.abs(audio).max()).astype("float32"), RATE)
    return path


def test_start_at_the_chorus_exports_a_video_that_opens_on_the_chorus(real_engine: Any, tmp_path: Path) -> None:
    song = song_with_a_chorus(tmp_path / "summer-days.wav")
    with Client(base_url=real_engine.url, token=real_engine.token, home=tmp_path / "home") as client:
        session = client.sessions.create()
        session.upload([song])
        session.send("make a video for this track")
        started = session.send("start at the chorus")
        draft = session.state().draft
        video = session.export(quality="preview").wait().download(tmp_path / "video.mp4")
    said = re.search(r"now starts at the chorus, 0:(\d\d)", started.text)
    assert said is not None, started.text
    assert int(said.group(1)) == 20 and 35_000 <= draft.duration_ms <= 37_000, (started.text, draft.duration_ms)
    samples, rate = decode_mono(video)
    source, source_rate = sf.read(str(song))
    opening, chorus = _rms_db(samples, rate, 0.5, 3.5), _rms_db(samples, rate, 24.5, 27.5)  # the second chorus
    verse = _rms_db(samples, rate, 14.5, 17.5)
    assert opening > verse + 1.5 and abs(opening - chorus) < 1.5, (opening, chorus, verse)  # it opens on the chorus
    assert _rms_db(source, source_rate, 20.5, 23.5) > _rms_db(source, source_rate, 8.5, 11.5) + 1.5  # as the song
    title = [sg for t in draft.tracks for sg in t.segments if sg.meta.get("role") == Role.TITLE]
    assert title and title[0].start_ms <= 2_000, title  # the title still opens it
