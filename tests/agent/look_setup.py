"""A music video planned from hand-made analysis (a song with a loud chorus, two pictures, a clip), for the
tests of the words that re-plan it: no files, the real planner."""

from __future__ import annotations

from nemo_notebook.engine.analysis.types import AudioAnalysis, VideoAnalysis
from nemo_notebook.protocol import MediaInfo, MediaKind

from .fakes import FakeContext, run

SONG_MS = 32_000
CHORUS = (16_000, 24_000)


def song_analysis() -> AudioAnalysis:
    """120 BPM in four 8 s sections, a kick on every beat; the third (16-24 s) is the loud one."""
    beats = tuple(range(0, SONG_MS, 500))
    energy = tuple(0.9 if CHORUS[0] <= i * 100 < CHORUS[1] else 0.35 for i in range(SONG_MS // 100))
    return AudioAnalysis(SONG_MS, 120.0, beats, beats[::4], beats, energy, 100, (0, 8000, 16_000, 24_000),
                         kicks_ms=beats)  # fmt: skip


def clip_analysis(duration_ms: int = 40_000) -> VideoAnalysis:
    """A clip with one cut at 20 s and motion that rises and falls."""
    n = duration_ms // 200
    motion = tuple(0.2 + 0.6 * ((i * 7) % 11) / 10 for i in range(n))
    return VideoAnalysis(
        duration_ms=duration_ms, width=1280, height=720, fps=25.0, rotation=0, cut_points_ms=(20_000,),
        cut_strengths=(0.8,), motion=motion, brightness=(0.5,) * n, saturation=(0.5,) * n, hop_ms=200,
        cuts_per_minute=1.5, pace=0.5, valence=0.5, arousal=0.5, has_audio=True,
    )  # fmt: skip


def uploads() -> list[MediaInfo]:
    return [
        MediaInfo("m_song", "AB2N_0330.mp3", MediaKind.AUDIO, "mp3", 1000, duration_ms=SONG_MS),
        MediaInfo("m_pic1", "beach.jpg", MediaKind.IMAGE, "jpg", 100, width=1280, height=720),
        MediaInfo("m_pic2", "city.jpg", MediaKind.IMAGE, "jpg", 100, width=1280, height=720),
        MediaInfo("m_clip", "travel.mp4", MediaKind.VIDEO, "mp4", 1000, duration_ms=40_000, width=1280, height=720),
    ]


def music_video_session(words: str = "make a music video") -> FakeContext:
    """A session whose draft is a music video the agent built from ``words``."""
    ctx = FakeContext(uploads=uploads(), audio={"m_song": song_analysis()}, video={"m_clip": clip_analysis()})
    _, said = run(ctx, words)
    assert ctx.version() == 1, said
    return ctx
