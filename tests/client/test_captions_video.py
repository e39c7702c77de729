"""Captions through a real engine: words pasted after "captions:" are timed to the voice memo's speech, pasted SRT
replaces them at its own times, and the exported video shows the words only while a caption is on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from nemo_notebook.client import Client
from tests.analysis.talk_synth import talk
from tests.analysis.test_talk import write_wav
from tests.render.synth import picture

WORDS = (
    "Hello and welcome to this little voice memo. We went down to the harbour this morning, "
    "and the boats were all out. It was cold, but the light was beautiful. See you next week."
)
SRT = "1\n00:00:01,000 --> 00:00:04,000\nFIRST CAPTION\n\n2\n00:00:08,000 --> 00:00:11,000\nSECOND CAPTION\n"


def _white_in_caption_band(video: Path, at_s: float) -> int:
    import av

    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        for frame in container.decode(stream):
            if frame.time is not None and frame.time >= at_s:
                rgb = frame.to_ndarray(format="rgb24")
                band = rgb[int(rgb.shape[0] * 0.68) : int(rgb.shape[0] * 0.86)]
                return int(np.count_nonzero(band.min(axis=2) > 225))
    raise AssertionError(f"no frame at {at_s} s")


def test_words_are_timed_to_the_speech_and_srt_replaces_them(real_engine: Any, tmp_path: Path) -> None:
    memo = write_wav(tmp_path / "memo.wav", talk(16.0, seed=5))
    photo = picture(tmp_path / "p.png", "teal")
    with Client(base_url=real_engine.url, token=real_engine.token, home=tmp_path / "home") as client:
        session = client.sessions.create()
        session.upload([memo, photo])
        session.send("make a video from this recording with this photo")
        spread = session.send(f"captions: {WORDS}")
        first = session.state().draft
        timed = session.send(SRT)
        draft = session.state().draft
        video = session.export(quality="preview").wait().download(tmp_path / "video.mp4")
    assert "captions spread over the speech" in spread.text, spread.text
    spread_track = [t for t in first.tracks if t.meta.get("captions")]
    assert len(spread_track) == 1 and len(spread_track[0].segments) >= 4
    said = " ".join(str(s.meta["text"]).replace("\n", " ") for s in spread_track[0].segments)
    assert said == WORDS
    assert "added 2 captions at the times given" in timed.text, timed.text
    captions = [t for t in draft.tracks if t.meta.get("captions")]
    assert len(captions) == 1, "the SRT replaces the first captions"
    assert [(s.start_ms, s.end_ms) for s in captions[0].segments] == [(1000, 4000), (8000, 11000)]
    shown, hidden = _white_in_caption_band(video, 2.5), _white_in_caption_band(video, 6.0)
    assert shown > 20 * max(hidden, 10), (shown, hidden)


def test_a_caption_in_quotes_is_still_one_text(real_engine: Any, tmp_path: Path) -> None:
    memo = write_wav(tmp_path / "memo.wav", talk(6.0, seed=2))
    with Client(base_url=real_engine.url, token=real_engine.token, home=tmp_path / "home") as client:
        session = client.sessions.create()
        session.upload([memo])
        reply = session.send("add a caption 'Hello'")
        draft = session.state().draft
    assert "Hello" in reply.text
    assert not [t for t in draft.tracks if t.meta.get("captions")]


def test_asking_for_captions_without_words_says_how_to_give_them(real_engine: Any, tmp_path: Path) -> None:
    memo = write_wav(tmp_path / "memo.wav", talk(6.0, seed=2))
    with Client(base_url=real_engine.url, token=real_engine.token, home=tmp_path / "home") as client:
        session = client.sessions.create()
        session.upload([memo])
        reply = session.send("add captions")
        assert 'paste them after "captions:"' in reply.text and "SRT or LRC" in reply.text, reply.text
        assert session.state().version == 0
