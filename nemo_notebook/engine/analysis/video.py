"""Video analysis: shot cuts, motion, brightness, saturation and colour over time, and the mood they suggest.

``analyze_video(path)`` decodes every frame once, small (see ``frames``), finds hard cuts (see ``shots``), and sums
the clip up as a ``VideoAnalysis``: the curves every ``HOP_MS``, the cuts, ``pace`` and the mood. The clip's own sound
is decoded too, to say whether it has any, how much of it is speech (see ``speech``) and where its lines are
(``speech_lines``). A clip longer than
``WHOLE_MS`` is read, pictures and sound, only in ``WINDOWS`` stretches spread over it (``watched_windows``).

How the mood is read (a convention, not a model; the weights were set so that the extremes land near 0 and 1):

- ``valence`` (sad 0 … happy 1) grows with brightness, saturation and warmth (red over blue):
  ``0.05 + 0.5·brightness + 0.45·saturation + 0.4·warmth``;
- ``pace`` (0..1) from cuts a minute (``1 − exp(−cpm / 20)``: 20 a minute gives 0.63) and mean motion, 55/45;
- ``arousal`` (calm 0 … excited 1) from motion, the cut rate and saturation, 45/35/20.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import AnalysisError, MediaError
from .cache import cached
from .looks import look_labels, scene_labels
from .shots import FrameTrack, find_cuts
from .speech_lines import ClipSound, clip_sound
from .types import VideoAnalysis
from .unfit import block_change, frame_is_unfit, text_density, unfit_frames

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from .frames import SmallFrame, VideoStreamInfo
    from .shots import Cut

ANALYSIS_VERSION = 10
"""Bump when results change, so that cached analyses from older code are not reused."""
HOP_MS = 200
"""Spacing of the motion, brightness and saturation curves (ms)."""
MOTION_SCALE = 0.02
"""Luma change per 1/30 s (0..1 mean absolute) that reads as motion 0.63; a static shot's noise stays near 0.05."""
_REFERENCE_FRAME_MS = 1000.0 / 30.0
WHOLE_MS = 2 * 60_000
"""Clips up to this long are read frame by frame; of a longer one, ``WINDOWS`` stretches of ``WINDOW_MS`` spread over
it (as long to read as a ``WHOLE_MS`` clip, whatever its length: 20 minutes of 1080p took … s whole)."""
WINDOWS = 24
WINDOW_MS = 5_000


def analyze_video(
    path: Path, *, cache_dir: Path | None = None, progress: Callable[[float], None] | None = None
) -> VideoAnalysis:
    """Cuts, motion, colour, pace and mood of a video (MP4, MOV, AVI, WebM, MKV; VFR and rotated clips too).

    Parameters
    ----------
    path : Path
        The video. Its first video stream is analysed, and its first audio stream for ``has_audio``/``speech_ratio``.
    cache_dir : Path, optional
        Folder for cached results (``analysis.cache``, keyed by the file's content); a second call for the same
        file then costs a file read.
    progress : callable, optional
        Called with the fraction of the video read so far, 0..1, as frames are analysed (not for a cached result).

    Returns
    -------
    VideoAnalysis
        Times in ms from the first frame; ``width``/``height`` as displayed (after ``rotation``, clockwise degrees).

    Raises
    ------
    MediaError
        The file is missing, is not a video, or has no video stream.
    AnalysisError
        The video stream decoded to fewer than two frames.

    Examples
    --------
    >>> a = analyze_video(Path("travel.mp4"))          # doctest: +SKIP
    >>> a.cut_points_ms[:3], round(a.pace, 2), round(a.valence, 2)  # doctest: +SKIP
    ((2480, 5120, 7390), 0.58, 0.71)
    """
    if cache_dir is None:
        return _analyze(path, progress)
    if not path.is_file():
        raise MediaError(f"{path} does not exist or is not a file")
    return cached(
        cache_dir, path, VideoAnalysis, kind="video", version=ANALYSIS_VERSION, compute=lambda: _analyze(path, progress)
    )


def hard_cuts(path: Path) -> tuple[tuple[int, ...], float]:
    """The hard cuts a viewer sees in a video, found in its frames (``shots.find_cuts``), and its frame rate.

    Each cut is the time (ms from the first frame) of the first frame of the new shot. Used on the engine's own
    exports, to check their cuts against the plan and the beat.

    Raises
    ------
    MediaError, AnalysisError
        As ``analyze_video``.
    """
    info, measured = _measure(path)
    track, _ = measured.result()
    return tuple(c.time_ms for c in find_cuts(track)), float(info.fps or _measured_fps(track))


def watched_windows(duration_ms: int) -> list[tuple[float, float]] | None:
    """The ``(start_ms, span_ms)`` stretches read of a clip longer than ``WHOLE_MS``: ``WINDOWS`` of ``WINDOW_MS``
    spread evenly from its start to its end; None for a clip read whole.

    >>> watched_windows(60_000) is None
    True
    >>> w = watched_windows(20 * 60_000); len(w), w[0], w[-1]
    (24, (0.0, 5000.0), (1195000.0, 5000.0))
    """
    if duration_ms <= WHOLE_MS:
        return None
    step_ms = (duration_ms - WINDOW_MS) / (WINDOWS - 1)
    return [(i * step_ms, float(WINDOW_MS)) for i in range(WINDOWS)]


def _measure(path: Path, progress: Callable[[float], None] | None = None) -> tuple[VideoStreamInfo, _Measurer]:
    from .frames import iter_small_frames, open_video, stream_info

    with open_video(path) as container:
        info = stream_info(container)
        measured = _Measurer()
        windows: list[tuple[float, float] | None] = [None]
        windows = list(watched_windows(info.duration_ms) or windows)
        for window in windows:
            measured.new_window()
            for frame in iter_small_frames(container, rotation=info.rotation, window=window):
                measured.add(frame)
                if progress is not None and info.duration_ms > 0:
                    progress(min(frame.time_ms / info.duration_ms, 1.0))
    if measured.count < 2:
        raise AnalysisError(f"{path.name}: its video stream decoded to {measured.count} frame(s); re-export the clip")
    return info, measured


def _analyze(path: Path, progress: Callable[[float], None] | None = None) -> VideoAnalysis:
    info, measured = _measure(path, progress)
    track, looks = measured.result()
    windows = watched_windows(info.duration_ms)
    sound = clip_sound(path, windows) if info.has_audio_stream else ClipSound(False, 0.0, ())
    watched_ms = measured.watched_ms if windows else None
    return _summarise(info, track, looks, measured.rotation, sound, watched_ms)


@dataclass(frozen=True, eq=False)
class _Looks:
    """Per-frame brightness (mean luma), saturation (mean HSV saturation) and warmth (mean R − B), each (n,)."""

    brightness: npt.NDArray[np.float32]
    saturation: npt.NDArray[np.float32]
    warmth: npt.NDArray[np.float32]
    flagged: npt.NDArray[np.float32]  # 1 for a black, white, plain (title card) or letterboxed frame
    text: npt.NDArray[np.float32]  # how much the frame looks lettered (``unfit.text_density``)
    block_change: npt.NDArray[np.float32]  # the largest change of a block from the frame before (``unfit``)
    sharpness: npt.NDArray[np.float32]  # the full-size frame's sharpness (``sharpness.frame_sharpness``)


class _Measurer:
    """Accumulates per-frame measurements while frames stream by (only small arrays are kept)."""

    def __init__(self) -> None:
        self.rows: list[tuple[float, ...]] = []
        self.hists: list[Any] = []
        self.thumbs: list[Any] = []
        self.rotation = 0
        self.watched_ms = 0.0
        self._previous: SmallFrame | None = None
        self._window_start_ms: float | None = None

    def new_window(self) -> None:
        """The next frames follow a jump: the first is compared with nothing (a jump is not a cut or motion)."""
        self._close_window()
        self._previous = None

    def _close_window(self) -> None:
        if self._window_start_ms is not None and self.rows:
            self.watched_ms += self.rows[-1][0] - self._window_start_ms + _REFERENCE_FRAME_MS
        self._window_start_ms = None

    @property
    def count(self) -> int:
        return len(self.rows)

    def add(self, frame: SmallFrame) -> None:
        import numpy as np

        if self.rows and self._previous is None and frame.time_ms <= self.rows[-1][0]:
            return  # a window that began at a key frame inside the last one: those frames are measured already
        self._window_start_ms = frame.time_ms if self._window_start_ms is None else self._window_start_ms
        hist = _histogram(frame)
        prev = self._previous
        luma_change = float(np.abs(frame.luma - prev.luma).mean()) if prev is not None else 0.0
        blocks = block_change(frame, prev) if prev is not None else 0.0
        hist_change = 0.5 * float(np.abs(hist - self.hists[-1]).sum()) if prev is not None else 0.0
        if prev is None:
            self.rotation = frame.rotation
        unfit = float(frame_is_unfit(frame))
        looks = _looks(frame)
        row = (frame.time_ms, luma_change, hist_change, *looks, unfit, text_density(frame), blocks, frame.sharpness)
        self.rows.append(row)
        self.hists.append(hist)
        lum = frame.luma
        self.thumbs.append(
            ((lum[0::2, 0::2] + lum[1::2, 0::2] + lum[0::2, 1::2] + lum[1::2, 1::2]) * 0.25).astype(np.float16)
        )
        self._previous = frame

    def result(self) -> tuple[FrameTrack, _Looks]:
        import numpy as np

        self._close_window()
        rows = np.asarray(self.rows, dtype=np.float32)
        order = np.argsort(rows[:, 0], kind="stable")  # a broken stream may hand frames out of order
        rows = rows[order]
        track = FrameTrack(
            times_ms=rows[:, 0],
            luma_change=rows[:, 1],
            hist_change=rows[:, 2],
            hists=np.stack(self.hists)[order],
            thumbs=np.stack(self.thumbs)[order],  # float16: 1.2 kB a frame, 130 MB for an hour at 30 fps
        )
        looks = _Looks(
            brightness=rows[:, 3],
            saturation=rows[:, 4],
            warmth=rows[:, 5],
            flagged=rows[:, 6],
            text=rows[:, 7],
            block_change=rows[:, 8],
            sharpness=rows[:, 9],
        )
        return track, looks


def _histogram(frame: SmallFrame) -> npt.NDArray[np.float32]:
    """64 RGB bins (4 levels a channel) and 16 luma bins, each half summing to 0.5."""
    import numpy as np

    levels = np.minimum((frame.rgb * 4.0).astype(np.intp), 3)
    colour = np.bincount((levels[..., 0] * 16 + levels[..., 1] * 4 + levels[..., 2]).ravel(), minlength=64)
    luma = np.bincount(np.minimum((frame.luma * 16.0).astype(np.intp), 15).ravel(), minlength=16)
    pixels = float(frame.luma.size)
    return (np.concatenate([colour, luma]) / (2.0 * pixels)).astype(np.float32)


def _looks(frame: SmallFrame) -> tuple[float, float, float]:
    """Brightness, saturation and warmth of one frame.

    Saturation divides chroma by ``max(value, 0.25)`` so that the noise of near-black pixels does not read as colour.
    """
    import numpy as np

    red, green, blue = frame.rgb[..., 0], frame.rgb[..., 1], frame.rgb[..., 2]
    # channel by channel: numpy's max over a last axis of 3 is several times slower on arrays this small
    high, low = np.maximum(np.maximum(red, green), blue), np.minimum(np.minimum(red, green), blue)
    saturation = float(((high - low) / np.maximum(high, 0.25)).mean())
    warmth = float((red - blue).mean())
    return float(frame.luma.mean()), saturation, warmth


def _summarise(
    info: VideoStreamInfo,
    track: FrameTrack,
    looks: _Looks,
    rotation: int,
    sound: ClipSound,
    watched_ms: float | None,
) -> VideoAnalysis:
    """The clip summed up; ``sound`` is whether it has audio, its speech ratio and lines; ``watched_ms`` how much of a clip read in windows
    was read (its cut rate is theirs), None when it was read whole."""
    import numpy as np

    has_audio, speech, lines = sound
    cuts = find_cuts(track)
    duration_ms = _duration_ms(info, track)
    motion = _motion_per_frame(track, cuts)
    cut_frames = [c.index for c in cuts]
    unfit = unfit_frames(track.times_ms, looks.flagged, looks.brightness, looks.block_change, cut_frames, looks.text)
    curves = [
        _on_grid(track.times_ms, values, duration_ms) for values in (motion, looks.brightness, looks.saturation, unfit)
    ]
    measured = np.isfinite(looks.sharpness)  # read every ``frames.SHARP_EVERY_MS``
    sharp = _on_grid(track.times_ms[measured], looks.sharpness[measured], duration_ms) if measured.any() else []
    motion_curve = tuple(round(1.0 - math.exp(-v / MOTION_SCALE), 3) for v in curves[0])
    width, height = (info.height, info.width) if rotation % 180 else (info.width, info.height)
    cpm = len(cuts) * 60_000.0 / max(watched_ms or duration_ms, 1)
    mood = _mood(cpm, _mean(motion_curve), _mean(curves[1]), _mean(curves[2]), float(looks.warmth.mean()))
    return VideoAnalysis(
        duration_ms=duration_ms,
        width=width,
        height=height,
        fps=round(info.fps or _measured_fps(track), 3),
        rotation=rotation,
        cut_points_ms=tuple(c.time_ms for c in cuts),
        cut_strengths=tuple(c.strength for c in cuts),
        motion=motion_curve,
        brightness=tuple(round(v, 3) for v in curves[1]),
        saturation=tuple(round(v, 3) for v in curves[2]),
        hop_ms=HOP_MS,
        cuts_per_minute=round(cpm, 2),
        pace=mood[0],
        valence=mood[1],
        arousal=mood[2],
        has_audio=has_audio,
        speech_ratio=speech,
        speech_lines_ms=lines,
        unfit=tuple(round(v, 2) for v in curves[3]),
        looks=look_labels(track.times_ms, track.thumbs, duration_ms, HOP_MS),
        scene_looks=scene_labels(track.times_ms, track.thumbs, tuple(c.time_ms for c in cuts)),
        sharpness=tuple(round(v, 4) for v in sharp),
    )


def _mood(
    cuts_per_minute: float, motion: float, brightness: float, saturation: float, warmth: float
) -> tuple[float, float, float]:
    """(pace, valence, arousal), each 0..1; see the module docstring for the weights."""
    cut_rate = 1.0 - math.exp(-cuts_per_minute / 20.0)
    pace = _unit(0.55 * cut_rate + 0.45 * motion)
    valence = _unit(0.05 + 0.5 * brightness + 0.45 * saturation + 0.4 * warmth)
    arousal = _unit(0.45 * motion + 0.35 * cut_rate + 0.2 * saturation)
    return round(pace, 3), round(valence, 3), round(arousal, 3)


def _motion_per_frame(track: FrameTrack, cuts: list[Cut]) -> npt.NDArray[np.float32]:
    """Luma change per 1/30 s; a cut frame takes its predecessor's value (a cut is not motion)."""
    import numpy as np

    gaps = np.diff(track.times_ms, prepend=track.times_ms[0] - _REFERENCE_FRAME_MS)
    motion = track.luma_change * (_REFERENCE_FRAME_MS / np.clip(gaps, 5.0, 250.0))
    motion[0] = motion[1] if motion.size > 1 else 0.0
    for cut in cuts:
        motion[cut.index] = motion[cut.index - 1]
    result: npt.NDArray[np.float32] = motion.astype(np.float32)
    return result


def _on_grid(times_ms: npt.NDArray[np.float32], values: npt.NDArray[np.float32], duration_ms: int) -> list[float]:
    """Mean of ``values`` in each ``HOP_MS`` bin of ``[0, duration_ms)``; empty bins repeat the one before."""
    import numpy as np

    bins = max(1, math.ceil(duration_ms / HOP_MS))
    index = np.clip((times_ms // HOP_MS).astype(np.intp), 0, bins - 1)
    sums = np.bincount(index, weights=values, minlength=bins)
    counts = np.bincount(index, minlength=bins)
    out: list[float] = []
    last = float(values[0])
    for total, count in zip(sums.tolist(), counts.tolist(), strict=True):
        last = total / count if count else last
        out.append(float(last))
    return out


def _duration_ms(info: VideoStreamInfo, track: FrameTrack) -> int:
    last_frame_end = float(track.times_ms[-1]) + 1000.0 / (info.fps or _measured_fps(track))
    return round(last_frame_end) if info.duration_ms <= 0 else info.duration_ms


def _measured_fps(track: FrameTrack) -> float:
    span = float(track.times_ms[-1] - track.times_ms[0])
    return (track.count - 1) * 1000.0 / span if span > 0 else 30.0


def _mean(values: tuple[float, ...] | list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _unit(value: float) -> float:
    return min(1.0, max(0.0, value))
