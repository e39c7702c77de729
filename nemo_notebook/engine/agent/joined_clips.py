"""Several clips scored as one video: each is watched in upload order, one that cannot be read is left out (and
named, with why), and the reply names the clips joined, each with its length, and the whole video's length. A
creator with three travel clips means one video made of them ("an upbeat track for my travel video")."""

from __future__ import annotations

from collections.abc import Generator, Sequence
from typing import Any

from ...protocol import Draft, MediaInfo, MediaKind
from ...protocol.vocabulary import Role
from ..errors import AnalysisError, MediaError, without_paths
from .context import AgentContext, AgentStep, Say
from .errors import EditError
from .narration import doing, progress_words
from .replies import seconds
from .tracks import indices, visuals_index

Clip = tuple[MediaInfo, Any]


def watch_clips(ctx: AgentContext, videos: Sequence[MediaInfo]) -> Generator[AgentStep, None, list[Clip]]:
    """Each video and its analysis, in order, saying which it watches; of several, one that cannot be read is left
    out and named with why (one alone, or every one unreadable, fails as before: there is nothing to score)."""
    clips: list[Clip] = []
    left_out: list[tuple[MediaInfo, str]] = []
    for video in videos:
        yield doing(ctx, "watching", name=video.name)
        try:
            clips.append((video, ctx.video_analysis(video.id, progress=progress_words(ctx))))
        except (MediaError, AnalysisError) as exc:
            if len(videos) == 1:
                raise
            left_out.append((video, without_paths(str(exc))))
    if not clips:
        raise EditError("none of the clips could be read: " + "; ".join(why for _, why in left_out))
    if len(videos) > 1:
        yield Say(joined_words(clips, left_out, zh=ctx.language == "zh"))
    return clips


def joined_words(clips: Sequence[Clip], left_out: Sequence[tuple[MediaInfo, str]], *, zh: bool) -> str:
    """The clips joined into one video, in order, with their lengths, and those left out with why.

    >>> joined_words(clips, [(bad, "it decoded to 0 frames")], zh=False)  # doctest: +SKIP
    'Scoring 2 clips as one 22s video, in upload order: "a.mp4" (10s), "b.mp4" (12s). Left out "c.avi": it ... '
    """
    lengths = [_length_ms(info, analysis) for info, analysis in clips]
    total = seconds(sum(lengths))
    if zh:
        named = "、".join(f"“{info.name}”（{seconds(ms)}秒）" for (info, _), ms in zip(clips, lengths, strict=True))
        out = f"按上传顺序把 {len(clips)} 段视频接成一个 {total} 秒的视频来配乐：{named}。"
        return out + "".join(f"未使用“{info.name}”：{why}。" for info, why in left_out) + " "
    named = ", ".join(f'"{info.name}" ({seconds(ms)}s)' for (info, _), ms in zip(clips, lengths, strict=True))
    clips_word = "clip" if len(clips) == 1 else "clips"
    out = f"Scoring {len(clips)} {clips_word} as one {total}s video, in upload order: {named}. "
    return out + "".join(f'Left out "{info.name}": {why}. ' for info, why in left_out)


def _length_ms(info: MediaInfo, analysis: Any) -> int:
    return int(getattr(analysis, "duration_ms", 0) or info.duration_ms or 0)


def scored_videos(draft: Draft, ctx: AgentContext) -> list[str]:
    """The uploaded videos a scored draft (one with background music) plays, in order."""
    if not indices(draft, Role.BGM):
        return []
    videos = {m.id for m in ctx.media() if m.kind == MediaKind.VIDEO}
    v = visuals_index(draft)
    lane = [] if v is None else sorted(draft.tracks[v].segments, key=lambda sg: sg.start_ms)
    return list(dict.fromkeys(sg.src for sg in lane if sg.src in videos))
