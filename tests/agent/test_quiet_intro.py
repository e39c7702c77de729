"""A long quiet intro (held-out 06: its first 14.5 s 13 to 30 dB under the body, a viewer scrolls away before the
music comes in): the reply offers to start where the music turns loud, in words it then understands ("start at the
drop"), and "start at 0:15" or "cut the intro" work too. On main c5bba5c the reply says nothing of the quiet intro
and "start at the drop", "cut the intro" and "start at 0:15" are not understood (the draft stays as it was)."""

from __future__ import annotations

from pathlib import Path

import httpx
import numpy as np
import pytest
import soundfile as sf

from nemo_notebook.engine.agent.message import prepare
from nemo_notebook.engine.agent.operations import Trim
from nemo_notebook.engine.agent.parse import parse_ops
from nemo_notebook.engine.agent.replies import seconds
from nemo_notebook.engine.planning.quiet_intro import CLEAR_MS
from nemo_notebook.protocol import Draft, Segment, TrackType
from nemo_notebook.protocol.vocabulary import Role
from tests.render.synth import click_analysis

from .http import chat, new_session, state, upload

RATE = 22050
BPM = 120.0


def _quiet_then_loud(path: Path, quiet_s: float, duration_s: float) -> Path:
    """A click on every beat, 24 dB quieter for the first ``quiet_s`` seconds (a bar is 2 s at 120 BPM)."""
    n = int(duration_s * RATE)
    t = np.arange(int(0.12 * RATE)) / RATE
    hit = np.exp(-t * 30) * (np.sin(2 * np.pi * 80 * t) + 0.5 * np.sin(2 * np.pi * 1500 * t))
    rng = np.random.default_rng(7)
    audio = 0.02 * rng.standard_normal(n)  # a pad under the clicks: the loud part does not fall silent between them
    for k in range(int(duration_s * BPM / 60)):
        start = int(k * 60 / BPM * RATE)
        end = min(start + len(hit), n)
        audio[start:end] += hit[: end - start] * (1.0 if k % 4 == 0 else 0.6)
    audio[: int(quiet_s * RATE)] *= 10 ** (-24 / 20)
    sf.write(str(path), (0.5 * audio / np.abs(audio).max()).astype("float32"), RATE)
    return path


@pytest.mark.parametrize(
    ("words", "intro"),
    [("start at the drop", True), ("cut the intro", True), ("skip the quiet intro", True), ("begin at the drop", True)],
)
def test_the_offered_words_and_their_plain_variants_start_at_the_drop(words: str, intro: bool) -> None:
    ops, unknown = parse_ops(prepare(words))
    assert unknown == [] and len(ops) == 1 and isinstance(ops[0], Trim), (ops, unknown)
    assert (ops[0].edge, ops[0].ms, getattr(ops[0], "intro", None)) == ("start", 0, intro)


@pytest.mark.parametrize(
    ("words", "ms"),
    [
        ("start at 0:15", 15_000),
        ("start the video at 1:05", 65_000),
        ("begin at 12s", 12_000),
        ("make it start at 0:30", 30_000),
    ],
)
def test_start_at_a_time_cuts_the_video_before_it(words: str, ms: int) -> None:
    assert parse_ops(prepare(words)) == ([Trim(edge="start", ms=ms)], []), words


def test_a_quiet_intro_ends_on_the_downbeat_where_the_music_turns_loud() -> None:
    from nemo_notebook.engine.planning.quiet_intro import quiet_intro_ms  # new in this change

    quiet = (0.3,) * 145 + (0.9,) * 256  # 14.5 s 28 dB under the body, as held-out 06
    assert quiet_intro_ms(click_analysis(132, 40_000, first_beat_ms=0, energy=quiet)) == 14_545  # the downbeat
    assert quiet_intro_ms(click_analysis(120, 40_000, energy=(0.3,) * 40 + (0.9,) * 361)) == 0  # 4 s: a breath in
    assert quiet_intro_ms(click_analysis(120, 40_000, energy=(0.8,) * 401)) == 0
    assert quiet_intro_ms(click_analysis(120, 40_000, energy=(0.3,) * 300 + (0.9,) * 101)) == 0  # a quiet song


def test_the_reply_offers_to_start_at_the_drop_and_the_offered_words_start_the_video_there(
    api: httpx.Client, tmp_path: Path
) -> None:
    sid = new_session(api)
    upload(api, sid, _quiet_then_loud(tmp_path / "slow-opener.wav", quiet_s=10.0, duration_s=24.0))
    reply = chat(api, sid, "make a video for this track")
    assert 'are very quiet; say "start at the drop" to begin at 0:10' in reply.text, reply.text
    built, _ = state(api, sid)
    drop_ms = built.meta.get("quiet_intro_ms")
    assert isinstance(drop_ms, int) and abs(drop_ms - 10_000) <= 250, built.meta
    assert f"the first {seconds(drop_ms)}s are very quiet" in reply.text, reply.text
    title = _title(built)
    # held over the quiet intro (or its usual length), gone a few seconds before the music comes in (``CLEAR_MS``)
    assert drop_ms - CLEAR_MS - 100 <= title.end_ms <= drop_ms - 2000, (title, drop_ms)
    started = chat(api, sid, "start at the drop")
    draft, _ = state(api, sid)
    assert f"cut the first {seconds(drop_ms)}s" in started.text, started.text
    assert draft.duration_ms == built.duration_ms - drop_ms
    music = next(t for t in draft.tracks if t.type == TrackType.AUDIO)
    assert music.segments[0].start_ms == 0 and music.segments[0].in_ms == drop_ms  # the song plays from the drop
    assert "quiet_intro_ms" not in draft.meta and "very quiet" not in started.text  # said once
    opening = _title(draft)  # the title opens the shorter video, for as long as an opening title is shown, where
    # an opening title of the shorter video starts (its first downbeat, in its first eighth: agent.timing)
    assert opening.start_ms == min(title.start_ms, draft.duration_ms // 8)
    assert opening.duration_ms == title.meta.get("usual_ms", title.duration_ms) <= 6500  # its usual length


def _title(draft: Draft) -> Segment:
    return next(sg for t in draft.tracks for sg in t.segments if sg.meta.get("role") == Role.TITLE)
