"""A landscape clip in a portrait frame filled by a crop that follows its subject, as a phone's editor reframes it.

A 16:9 clip laid whole across a 9:16 frame is a band a third of the frame high between blurred bars of itself (a
blind reviewer: "the clips sit in a band"). It fills the frame instead, cropped to a window of the frame's shape
(a third of its width), wherever the subject fits in that window over the whole shot. The window follows the faces
turned to the camera and else the saliency subject (``subject_span``: the patch of the saliency map that
``framing.subject_patch`` finds, with those as salient beside it, of a map with a clear subject,
``framing.clear_subject``), looked at every half second (``clip_sight``), along a course (``follow_course``) that
holds the faces in front whole, holds still where one place does, pans no faster than ``MAX_PAN`` of its width a
second along the subject's smoothed places, and jumps only at the clip's own cuts. Without a face, the subject must
be found, and fit the window, at the shot's start, middle and near its end (``moments_ms``, where the visualizer's
head rule looks). A scene whose face is wider than the window (a close-up), or that no course keeps whole at that
speed, is cropped on the middle of its faces: the frame keeps its full height, the face loses a sliver of each cheek
(``shot_follow``). Where a subject without a face is wider than the window (a wide group, a crowd) or cannot be
found, or where the crop would enlarge the clip's pixels more than ``MAX_FOLLOW_UPSCALE`` times in a 1080-line frame (a
preview frames as the final render does), the clip keeps its band on a blurred fill (``fills.clip_scale``).
Judged on 1080x1920 frames, a 768x576 PAL clip cropped to fill at 3.3 times (soft, like SD video full screen on a
phone) looked better than its band half the frame high between blurred bars of itself; a 480-line clip fills at 4.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ...protocol import MediaInfo
from .clip_sight import scenes
from .fills import REFERENCE_LINES
from .follow_course import MAIN_FACE, Sight, scene_courses
from .framing import centre_of, clear_subject, fill_scale, saliency_of, subject_patch

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from .graph import Canvas
    from .timeline import Shot

MAX_FOLLOW_UPSCALE = 4.0  # 1920x1080 fills 1080x1920 at 1.78, 1280x720 at 2.67, 768x576 at 3.33, 854x480 at 4
MAX_PAN = 0.5  # of the window's width a second: a slow follow, not a whip
# another patch holding this share of the subject's saliency, its peak as high as this share of the subject's,
# stands beside it: a group (the faint wisps of cloud round a small kite are none)
GROUP_SHARE, GROUP_PEAK = 0.25, 0.4
CORE = 0.9  # of the subject's saliency, between the edges a crop keeps


@dataclass(frozen=True)
class Follow:
    """Where the crop window's centre lies across the clip (a share of its width) at times into the shot (s), in
    order: held at the first before it and at the last after it, and moved evenly between them; two at one time are
    a jump (``stepped``)."""

    points: tuple[tuple[float, float], ...]

    def on_frames(self, frame_s: Callable[[float], float]) -> Follow:
        """This course with each jump at ``frame_s`` of the cut's time: between the shot's frames, where the new
        scene is first shown (``clip_reads.cut_frame_s``).

        >>> Follow(((0.0, 0.3), (1.0, 0.3), (1.0, 0.7))).on_frames(lambda t: t - 0.05)
        Follow(points=((0.0, 0.3), (0.95, 0.3), (0.95, 0.7)))
        """
        cuts = {t for (t, _), (u, _) in itertools.pairwise(self.points) if u == t}
        return replace(self, points=tuple((frame_s(t) if t in cuts else t, x) for t, x in self.points))

    def x_share(self) -> str:
        """The centre as an ffmpeg expression of ``t`` (seconds into the shot), for ``framings.fill``."""
        previous = self.points[0]
        expr = f"{previous[1]:.4f}"
        for t, x in self.points[1:]:
            t0, x0 = previous
            if abs(x - x0) > 1e-4 and t - t0 >= 1e-3:
                ramp = f"{x0:.4f}+{x - x0:.4f}*(t-{t0:.3f})/{t - t0:.3f}"
                expr = f"if(lt(t,{t0:.3f}),{expr},if(lt(t,{t:.3f}),{ramp},{x:.4f}))"
            elif abs(x - x0) > 1e-4:  # a jump, at the clip's own cut
                expr = f"if(lt(t,{t:.3f}),{expr},{x:.4f})"
            previous = (t, x)
        return expr


def tall_enough_to_follow(size: tuple[int, int], frame: tuple[int, int]) -> bool:
    """Whether a ``size`` clip in a ``frame`` may be cropped to fill it: a landscape clip in a portrait frame whose
    crop enlarges it at most ``MAX_FOLLOW_UPSCALE`` times at ``REFERENCE_LINES`` lines."""
    (width, height), (frame_w, frame_h) = size, frame
    if not (frame_h > frame_w and width > height > 0):
        return False
    k = max(1.0, REFERENCE_LINES / min(frame_w, frame_h))
    return fill_scale(width, height, round(frame_w * k), round(frame_h * k)) <= MAX_FOLLOW_UPSCALE + 1e-6


def follow(path: Path, in_ms: int, duration_ms: int, window: float, *, mixed: bool = False) -> Follow | None:
    """The crop that keeps the clip's subject in a window ``window`` of its width wide over a shot of
    ``duration_ms`` from ``in_ms`` in the file (the module's docstring), or None where no such crop does. Where no
    face is seen, the subject must be found, and fit the window, at each of ``moments_ms``; the course is planned
    on a look every ``clip_sight.SAMPLE_MS`` (``follow_course.course``: every face seen held whole). Where faces are
    seen but some of the clip's scenes have no course (a close-up's face wider than the window), ``mixed`` asks for
    the crop through those too, held on their faces (``_on_close_ups``); else there is none."""
    looks = scenes(path, in_ms, duration_ms, subject_span)
    if not any(sight.faces for scene in looks for sight in scene):
        for into_ms in moments_ms(duration_ms):
            saliency = saliency_of(path, in_ms + into_ms)
            found = None if saliency is None else subject_span(saliency)
            if found is None or found[1] - found[0] > window:
                return None
    planned = scene_courses(looks, window, MAX_PAN * window)
    if all(found is not None for found in planned):
        return Follow(stepped([found for found in planned if found is not None]))
    if not mixed or not any(sight.faces for scene in looks for sight in scene):
        return None
    return Follow(stepped(_on_close_ups(looks, planned, window)))


def _on_close_ups(
    looks: Sequence[Sequence[Sight]], planned: Sequence[list[tuple[float, float]] | None], window: float
) -> list[list[tuple[float, float]]]:
    """``planned``'s course through each scene that has one; through each other (a close-up, whose face is wider
    than the window) the window held on the middle of its widest faces, which then lose a sliver of each cheek
    rather than the frame its height (as a band on the blurred fill, "the bottom 20 % a blurred smear" while the
    frame's top cut the man's hair, a blind reviewer on ``Megamind.avi``'s close-ups in 9:16); a scene with no face
    and no course keeps the place before it."""
    first = next((found[0][1] for found in planned if found), 0.5)
    held, filled = first, []
    for scene, found in zip(looks, planned, strict=True):
        if found is None:
            middles = [(f[0] + f[1]) / 2 for sight in scene for f in _widest(sight.faces)]
            if middles:
                held = min(max(sum(middles) / len(middles), window / 2), 1 - window / 2)
            found = [(sight.t, held) for sight in scene]
        held = found[-1][1] if found else held
        filled.append(found)
    return filled


def _widest(faces: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """The faces in front: those at least ``MAIN_FACE`` as wide as the widest (an extra behind is not held)."""
    largest = max((f[1] - f[0] for f in faces), default=0.0)
    return [f for f in faces if f[1] - f[0] >= MAIN_FACE * largest - 1e-9]


def stepped(scenes: Sequence[Sequence[tuple[float, float]]]) -> tuple[tuple[float, float], ...]:
    """The window's places over a shot's ``scenes`` (times into the shot, centres), the place changing at once
    midway between one scene's last and the next one's first (the clip's cut): a jump, not a pan across it.

    >>> stepped([[(0.0, 0.3), (1.0, 0.3)], [(1.04, 0.7)]])
    ((0.0, 0.3), (1.0, 0.3), (1.02, 0.3), (1.02, 0.7), (1.04, 0.7))
    """
    out: list[tuple[float, float]] = []
    for scene in scenes:
        if out and scene:
            cut = (out[-1][0] + scene[0][0]) / 2
            out += [(cut, out[-1][1]), (cut, scene[0][1])]
        out.extend(scene)
    return tuple(out)


def moments_ms(duration_ms: int) -> tuple[int, int, int]:
    """Where in a clip's shot its subject is looked for (ms into it): its start, middle and near its end (the
    visualizer's head rule reads the same frames, ``framing.saliency_of`` keeps them)."""
    return 0, duration_ms // 2, duration_ms * 9 // 10


def still_centre(path: Path, window: float, at_ms: int = 0) -> float | None:
    """Where a window ``window`` of a picture's (or a clip frame's) width wide is centred to hold its subject
    (``subject_span``), as a share of its width; None where it has no clear subject or one wider than the window."""
    saliency = saliency_of(path, at_ms)
    found = None if saliency is None else subject_span(saliency)
    if found is None or found[1] - found[0] > window:
        return None
    return _placed(found[2], found[0], found[1], window)


def _placed(centre: float, left: float, right: float, window: float) -> float:
    """``centre`` moved as little as it takes for the window round it to hold ``left``..``right`` and stay on the
    clip."""
    x = min(max(centre, right - window / 2), left + window / 2)
    return min(max(x, window / 2), 1 - window / 2)


def subject_span(saliency: npt.NDArray[np.float64]) -> tuple[float, float, float] | None:
    """The subject's left and right edges and its centre (``framing.centre_of``), as shares of the width of a
    saliency map (h, w); None without a clear subject (a plain or diffuse map). The subject is the patch
    ``framing.subject_patch`` finds and every other patch of the map's most salient tenth holding ``GROUP_SHARE`` of
    its saliency and a peak ``GROUP_PEAK`` of its peak (people side by side are a group a crop must not split); its
    edges hold ``CORE`` of their saliency between them (the patch, a tenth of the map, takes in the ground round a
    small subject: an orange star among green ones was 27-33 % of the width, its core 10-20 %)."""
    import numpy as np
    from scipy.ndimage import label

    if not clear_subject(saliency, 1.0):
        return None
    patches, count = label(saliency >= np.percentile(saliency, 90))
    mass = np.bincount(patches.ravel(), weights=saliency.ravel(), minlength=count + 1)
    peak = np.zeros(count + 1)
    np.maximum.at(peak, patches.ravel(), saliency.ravel())
    subject = subject_patch(saliency)
    main, top = float(saliency[subject].sum()), float(saliency[subject].max())
    beside = np.flatnonzero((mass >= GROUP_SHARE * main) & (peak >= GROUP_PEAK * top))
    group = subject | np.isin(patches, beside[beside > 0])
    held = np.cumsum(np.where(group, saliency, 0.0).sum(axis=0))
    held /= max(float(held[-1]), 1e-12)
    cols = saliency.shape[1]
    left, right = int(np.searchsorted(held, (1 - CORE) / 2)), int(np.searchsorted(held, (1 + CORE) / 2))
    return left / cols, (right + 1) / cols, centre_of(saliency)[0]


def shot_follow(
    shot: Shot, path: Path, info: MediaInfo, canvas: Canvas, zoom: float, frame_s: Callable[[float], float]
) -> Follow | None:
    """The crop that fills a portrait frame with a landscape clip on its subject (``clip_follow``), or None where the
    clip keeps its band (``zoom``: a close framing's), changed at the clip's cuts where the shot's frames show them
    (``frame_s``: ``Follow.on_frames``). Its frames are read as every decision reads a clip's (from its measuring
    copy: ``frames``), at the times the visualizer's automatic place reads them (``visualizer_auto.shot_sample``),
    so that each is decoded once."""
    size = (info.width or 1, info.height or 1)
    if not tall_enough_to_follow(size, (canvas.width, canvas.height)):
        return None
    window = canvas.width * size[1] / (canvas.height * size[0]) / max(zoom, 1.0)
    found = follow(path, shot.in_ms, shot.frames * 1000 // canvas.fps, window, mixed=True)
    return None if found is None else found.on_frames(frame_s)


def band_follow(
    shot: Shot, path: Path, canvas: Canvas, size: tuple[int, int], scale: float, frame_s: Callable[[float], float]
) -> Follow | None:
    """Where a clip's band on its fill, in a portrait frame, is cropped at the sides to follow its subject
    (``clip_follow.follow``, in a window as wide as the frame's share of the enlarged clip), changed at the clip's
    cuts where the shot's frames show them (``frame_s``), or None: no subject the window holds, a band the frame's
    width holds whole, or a frame not taller than wide."""
    window = canvas.width / max(size[0] * scale, 1)
    if canvas.height <= canvas.width or window >= 1:
        return None
    found = follow(path, shot.in_ms, shot.frames * 1000 // canvas.fps, window)
    return None if found is None else found.on_frames(frame_s)
