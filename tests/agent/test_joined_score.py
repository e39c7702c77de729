"""A score for clips joined as one video reads all of them (issue 28; held-out export 07), and rings out to its end.

Export 07 ("create an upbeat background track for my travel video" over Megamind.avi 11.3 s, tree.avi 29.6 s and
vtest-30s.mp4 30 s) said "the mood reads steady, dark": the first clip's mood, the two calm ones after it unread; the
composer took its sections' energies from the first clip's motion too, which ended at 11.3 s. And ``plan_score``
faded the score 2 s on top of its own ending, a final chord that rings out at the asked length.

The clips' analyses are given (as the agent's other tests give them); the composer and the planner run for real.
"""

from __future__ import annotations

from pathlib import Path

import soundfile as sf

from nemo_notebook.engine.agent.composing import compose_music
from nemo_notebook.engine.agent.context import Say
from nemo_notebook.engine.agent.making import Work
from nemo_notebook.engine.agent.operations import ComposeMusic
from nemo_notebook.engine.analysis.types import VideoAnalysis
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind, TrackType

from .fakes import FakeContext


class ComposingContext(FakeContext):
    """The fake context with the composer's files kept: each generated file is given an id, a name and a length."""

    def add_generated(self, path: Path, name: str) -> MediaInfo:
        length = round(1000 * sf.info(path).duration)
        info = MediaInfo(f"g_{len(self.made)}", name, MediaKind.AUDIO, "wav", path.stat().st_size, duration_ms=length)
        self.made.append(info)
        self.paths[info.id] = path
        return info


def _clip(seconds: int, motion: float, valence: float, arousal: float) -> VideoAnalysis:
    hops = seconds * 5
    return VideoAnalysis(
        duration_ms=seconds * 1000, width=640, height=360, fps=25.0, rotation=0, cut_points_ms=(), cut_strengths=(),
        motion=(motion,) * hops, brightness=(0.5,) * hops, saturation=(0.5,) * hops, hop_ms=200,
        cuts_per_minute=0.0, pace=arousal, valence=valence, arousal=arousal, has_audio=False,
    )  # fmt: skip


# a lively dark opening, then two long calm bright clips: as export 07 (lively 11 s, then 60 s of calm)
CLIPS = {"m_1": ("city.mp4", _clip(10, 0.6, 0.3, 0.8)), "m_2": ("lake.mp4", _clip(20, 0.1, 0.7, 0.1)),
         "m_3": ("hills.mp4", _clip(20, 0.1, 0.7, 0.1))}  # fmt: skip


def _scored(tmp_path: Path, words: str = "create a background track for my travel video") -> tuple[Draft, str]:
    uploads = [
        MediaInfo(i, name, MediaKind.VIDEO, "mp4", 1000, duration_ms=a.duration_ms) for i, (name, a) in CLIPS.items()
    ]
    ctx = ComposingContext(uploads=uploads, video={i: a for i, (_, a) in CLIPS.items()}, home=tmp_path)
    work = compose_music(ComposeMusic(video="m_3", videos=tuple(CLIPS), words=words), Draft.empty(), ctx)
    return run_saying(work)


def run_saying(work: Work) -> tuple[Draft, str]:
    """The draft an agent's work returns, and all it said on the way."""
    said: list[str] = []
    try:
        while True:
            step = next(work)
            if isinstance(step, Say):
                said.append(step.text)
    except StopIteration as done:
        return done.value, "".join(said)


def test_a_joined_score_reads_the_mood_of_all_the_clips_and_rings_out_unfaded(tmp_path: Path) -> None:
    draft, said = _scored(tmp_path)
    # 10 s at arousal 0.8 and 40 s at 0.1: calm (0.24) and steady in valence (0.62): before "lively, dark"
    assert "the mood reads calm, bright" in said, said
    music = next(t for t in draft.tracks if t.type == TrackType.AUDIO)
    assert music.segments[-1].end_ms == 50_000
    assert not music.segments[-1].meta.get("fade_out_ms"), music.segments[-1].meta  # before: 2000 over the ring


def test_a_joined_score_longer_than_the_video_fades_where_the_video_ends(tmp_path: Path) -> None:
    """A length named in the words is kept: a 60 s score under 50 s of clips is cut at 50 s, mid-groove, before its
    final hit; it fades over its last 2 s there (before: cut unfaded, as if it rang out to the end by itself)."""
    draft, _ = _scored(tmp_path, "create a 60-second background track for my travel video")
    music = next(t for t in draft.tracks if t.type == TrackType.AUDIO)
    assert music.segments[-1].end_ms == 50_000
    assert music.segments[-1].meta.get("fade_out_ms") == 2000, music.segments[-1].meta
