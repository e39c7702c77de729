"""The words the reply offers for a long quiet intro, end to end (held-out 06): a track alone whose first 10 s are
24 dB under its body, "make a video for this track", then the offered "start at the drop": the exported video
starts on the loud part and its title still opens it. On main c5bba5c the reply offers nothing and "start at the
drop" is not understood."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np

from nemo_notebook.client import Client
from tests.agent.test_quiet_intro import _quiet_then_loud
from tests.render.synth import decode_mono


def _rms_db(samples: Any, rate: int, start_s: float, end_s: float) -> float:
    part = np.asarray(samples[int(start_s * rate) : int(end_s * rate)], dtype=np.float64)
    return float(20 * np.log10(np.sqrt(np.mean(part**2)) + 1e-9))


def test_the_offered_words_start_the_export_at_the_drop(real_engine: Any, tmp_path: Path) -> None:
    song = _quiet_then_loud(tmp_path / "slow-opener.wav", quiet_s=10.0, duration_s=20.0)
    with Client(base_url=real_engine.url, token=real_engine.token, home=tmp_path / "home") as client:
        session = client.sessions.create()
        session.upload([song])
        offer = session.send("make a video for this track")
        words = re.search(r'say "([^"]+)" to begin at (\d+:\d\d)', offer.text)
        assert words is not None, offer.text
        started = session.send(words.group(1))
        draft = session.state().draft
        video = session.export(quality="preview").wait().download(tmp_path / "video.mp4")
    assert words.groups() == ("start at the drop", "0:10") and "cut the first 10s" in started.text, started.text
    assert 9_500 <= draft.duration_ms <= 10_500
    samples, rate = decode_mono(video)
    opening, body = _rms_db(samples, rate, 0.5, 1.5), _rms_db(samples, rate, 4.0, 8.0)
    assert opening > body - 6, (opening, body)  # the loud part from the start: the intro was 24 dB under it
    assert len(samples) / rate < 11.0
    title = [sg for t in draft.tracks for sg in t.segments if sg.meta.get("role") == "title"]
    assert title and title[0].start_ms < 2500 and title[0].duration_ms < 7000  # it opens the video, as long as usual
