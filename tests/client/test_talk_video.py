"""A voice memo (or a recording of steady noise) with two photos, through a real engine: the reply says it heard talk
(or noise), not music, and the video changes picture calmly with dissolves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nemo_notebook.client import Client, Reply
from nemo_notebook.protocol import Draft
from tests.analysis.talk_synth import talk
from tests.analysis.test_talk import write_wav
from tests.render.synth import picture, probe

ASK = "create a video from this music with visualizer and beat-synced cuts"
# no hard cut: a dissolve, or a dip through the dark between the teal and the orange photo, whose colours a dissolve
# would mix into mud (planning.colour_joins.clashes_dipped)
SOFT = {"dissolve", "dip"}


def _made(engine: Any, tmp_path: Path, sound: Path, *, export: bool = False) -> tuple[Reply, Draft, Path | None]:
    """A new session given ``sound`` and a teal and an orange photo, asked for a music video as a musician asks;
    the reply, the draft and (with ``export``) the preview MP4."""
    photos = [picture(tmp_path / f"p{i}.png", colour) for i, colour in enumerate(("teal", "orange"))]
    with Client(base_url=engine.url, token=engine.token, home=tmp_path / "home") as client:
        session = client.sessions.create()
        session.upload([sound, *photos])
        reply = session.send(ASK)
        draft = session.state().draft
        video = session.export(quality="preview").wait().download(tmp_path / "video.mp4") if export else None
    return reply, draft, video


def test_a_voice_memo_gets_a_calm_video_and_the_reply_says_why(real_engine: Any, tmp_path: Path) -> None:
    memo = write_wav(tmp_path / "memo.wav", talk(24.0, seed=3))
    reply, draft, video = _made(real_engine, tmp_path, memo, export=True)
    assert "sounds like talk" in reply.text, reply.text
    lane = next(t for t in draft.tracks if t.meta.get("role") == "visuals")
    assert 2 <= len(lane.segments) <= 6, len(lane.segments)
    assert all(s.meta.get("transition_in") in SOFT for s in lane.segments[1:])
    assert video is not None and abs(probe(video)["duration_ms"] - 24_000) < 500


def test_a_silent_track_is_refused_with_what_to_do_and_nothing_changes(real_engine: Any, tmp_path: Path) -> None:
    import numpy as np

    silent = write_wav(tmp_path / "bounce.wav", np.zeros(22050 * 8, dtype=np.float32))
    photo = picture(tmp_path / "p.png", "teal")
    with Client(base_url=real_engine.url, token=real_engine.token, home=tmp_path / "home") as client:
        session = client.sessions.create()
        session.upload([silent, photo])
        reply = session.send(ASK)
        assert '"bounce.wav" is silent' in reply.text and "upload it again" in reply.text, reply.text
        assert session.state().version == 0


def test_steady_noise_gets_a_calm_video_and_the_reply_says_it_is_noise(real_engine: Any, tmp_path: Path) -> None:
    """A low-passed white noise (a fan, traffic, rain: ``tests/analysis/test_talk.py``'s rumble), 20 s: no beat to
    cut to, and the reply says why the pictures dissolve rather than cut."""
    import numpy as np
    from scipy.signal import lfilter

    white = np.random.default_rng(1).normal(0.0, 0.1, 22050 * 20)
    rumble = write_wav(tmp_path / "fan.wav", lfilter([0.05], [1.0, -0.95], white).astype(np.float32))
    reply, draft, _ = _made(real_engine, tmp_path, rumble)
    assert "sounds like steady noise" in reply.text and "no beat to cut to" in reply.text, reply.text
    assert "sounds like talk" not in reply.text, reply.text
    assert "music still plays" not in reply.text and "the song goes on" not in reply.text, reply.text
    lane = next(t for t in draft.tracks if t.meta.get("role") == "visuals")
    assert len(lane.segments) >= 2, len(lane.segments)
    assert all(s.meta.get("transition_in") in SOFT for s in lane.segments[1:])
