"""A podcast made of real recorded voices (``tests/analysis/recorded_speech``) with two photos, through a real
engine: the reply says it heard talk, and the exported video changes picture a few times, only at its planned soft
joins (dissolves, or dips through the dark), with no beat cuts, flashes or punch-ins. Up to stop 52 the same podcast was taken for music and cut on the beat its syllables seemed
to have."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from tests.analysis.recorded_speech import RATE_HZ, podcast, voice_memo
from tests.analysis.test_talk import write_wav
from tests.client.test_talk_video import SOFT, _made
from tests.render.synth import cut_frames, probe


def test_a_recorded_podcast_gets_a_calm_video_and_the_reply_says_it_is_talk(real_engine: Any, tmp_path: Path) -> None:
    sound = write_wav(tmp_path / "episode.wav", podcast(bed_db=-24.0, seed=0)[: 25 * RATE_HZ], RATE_HZ)
    reply, draft, video = _made(real_engine, tmp_path, sound, export=True)
    assert "sounds like talk" in reply.text, reply.text
    assert draft.meta.get("talk") is True
    lane = next(t for t in draft.tracks if t.meta.get("role") == "visuals")
    assert 2 <= len(lane.segments) <= 6, len(lane.segments)  # a shot about every 6 s
    assert all(s.duration_ms >= 3000 for s in lane.segments[:-1]), [s.duration_ms for s in lane.segments]
    assert all(s.meta.get("transition_in") in SOFT for s in lane.segments[1:])
    assert not any("punch_ms" in s.meta for s in lane.segments)
    assert video is not None and abs(probe(video)["duration_ms"] - 25_000) < 500
    frames = _small_gray_frames(video)  # 15 frames a second in a preview
    assert float(frames.mean(axis=(1, 2)).max()) < 185.0  # no flash from white: the orange photo is the brightest, 169
    joins_s = [s.start_ms / 1000 for s in lane.segments[1:]]
    jumps_s = [index / probe(video)["fps"] for index in cut_frames(frames)]  # a dip swaps pictures in the dark
    assert all(min(abs(j - t) for t in joins_s) < 0.5 for j in jumps_s), (jumps_s, joins_s)


def _small_gray_frames(path: Path) -> Any:
    """Every frame of ``path`` as 64x36 luma, one (n, 36, 64) array."""
    import av

    with av.open(str(path)) as container:
        frames = [f.reformat(width=64, height=36, format="gray").to_ndarray() for f in container.decode(video=0)]
    return np.stack(frames).astype(np.float32)


def test_a_recorded_voice_memo_is_answered_as_talk(real_engine: Any, tmp_path: Path) -> None:
    sound = write_wav(tmp_path / "memo.wav", voice_memo(seed=1), RATE_HZ)
    reply, draft, _ = _made(real_engine, tmp_path, sound)
    assert "sounds like talk" in reply.text, reply.text
    assert draft.meta.get("talk") is True
