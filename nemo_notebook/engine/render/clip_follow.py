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
head rule looks). Where a face is wider than the window (a close-up) or no course keeps the faces in front whole at
that speed, where a subject without a face is wider than the window (a wide group, a crowd) or cannot be found, or
where the crop would enlarge the clip's pixels more than ``MAX_FOLLOW_UPSCALE`` times in a 1080-line frame (a
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
from .follow_course import FACE_ROOM, Sight, scene_courses
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
CLOSE_UP_BAND = 0.8  # of a portrait frame's height: a close-up's band this tall where its window holds the face whole


@dataclass(frozen=True)
class Follow:
    """Where the crop window's centre lies across the clip (a share of its width) at times into the shot (s), in
    order: held at the first before it and at the last after it, and moved evenly between them; two at one time are
    a jump (``stepped``). None where no scene has a crop (its band throughout: ``banded``)."""

    points: tuple[tuple[float, float], ...]
    banded: tuple[tuple[float, float], ...] = ()  # from and to (s into the shot): the clip's band on its fill shows
    widest: float = 0.0  # the widest face seen in ``banded`` (a share of the clip's width): the band holds it whole

    def on_frames(self, frame_s: Callable[[float], float]) -> Follow:
        """This course with each change at the clip's own cut (a jump, the band's start or end) at ``frame_s`` of the
        cut's time: between the shot's frames, where the new scene is first shown (``clip_reads.cut_frame_s``).

        >>> Follow(((0.0, 0.3), (1.0, 0.3), (1.0, 0.7)), ((1.0, 1e6),)).on_frames(lambda t: t - 0.05)
        Follow(points=((0.0, 0.3), (0.95, 0.3), (0.95, 0.7)), banded=((0.95, 1000000.0),), widest=0.0)
        """
        cuts = {t for (t, _), (u, _) in itertools.pairwise(self.points) if u == t}
        points = tuple((frame_s(t) if t in cuts else t, x) for t, x in self.points)
        banded = tuple((a if a <= 0 else frame_s(a), b if b >= 1e6 else frame_s(b)) for a, b in self.banded)
        return replace(self, points=points, banded=banded)

    def crop_shown(self) -> str:
        """Whether the crop shows at ``t`` (an ffmpeg expression, for ``overlay``'s enable): not in ``banded``."""
        inside = "+".join(f"between(t,{a:.3f},{b:.3f})" for a, b in self.banded)
        return f"lt({inside or '0'},1)"

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
    on a look every ``clip_sight.SAMPLE_MS`` (``follow_course.course``: every face seen held whole). Where some of the
    clip's scenes have a course and others not (a close-up), ``mixed`` asks for the crop through the first and the
    band through the others (``_mixed``), and where none has one but faces are seen, for the band throughout (no
    ``Follow.points``), that the band may be made as tall as holds them (``close_up_scale``); else there is none."""
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
    if not any(planned):  # a close-up throughout: its band alone (no crop, ``Follow.points`` empty)
        widest = max(f[1] - f[0] for scene in looks for sight in scene for f in sight.faces)
        return Follow((), ((0.0, 1e6),), widest)
    return _mixed(looks, planned)


def _mixed(looks: Sequence[Sequence[Sight]], planned: Sequence[list[tuple[float, float]] | None]) -> Follow:
    """The crop through the scenes a course was found for, the band (``Follow.banded``) through the others (a
    close-up's face wider than the window): from the cut before each such scene to the cut after it."""
    kept = [found for found in planned if found is not None]
    held, banded, filled, widest = kept[0][0][1], [], [], 0.0
    for n, (scene, found) in enumerate(zip(looks, planned, strict=True)):
        if found is not None:
            held = found[-1][1]
            filled.append(found)
            continue
        start = 0.0 if n == 0 else (looks[n - 1][-1].t + scene[0].t) / 2
        end = (scene[-1].t + looks[n + 1][0].t) / 2 if n + 1 < len(looks) else 1e6
        banded.append((start, end))
        filled.append([(sight.t, held) for sight in scene])
        widest = max([widest] + [f[1] - f[0] for sight in scene for f in sight.faces])
    return Follow(stepped(filled), tuple(banded), widest)


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


def close_up_scale(followed: Follow, size: tuple[int, int], frame: tuple[int, int], least: float, most: float) -> float:
    """How much a ``size`` clip is enlarged for the band shown through its close-ups (``Follow.banded``) in a
    portrait ``frame``: as much as leaves its window wide enough to hold the widest face there whole with
    ``FACE_ROOM`` each side, or more, as far as ``CLOSE_UP_BAND`` of the frame's height, while the window still
    holds that face whole; between ``least`` (the clip's band, ``fills.clip_scale``) and ``most`` (the fill). At
    ``least`` (before), ``Megamind.avi``'s close-up of the man (his face 0.45-0.48 of the clip's width) sat in 9:16
    as a band half the frame high, "letterboxed between blurred bands: cheap" (a blind reviewer); with
    ``FACE_ROOM`` alone 0.72 of the frame's height, "a blurred band on top and a dark band below" (the next).

    >>> round(close_up_scale(Follow(((0.0, 0.5),), ((0.0, 1.0),), 0.48), (720, 528), (1080, 1920), 1.82, 3.64)
    ...       * 528 / 1920, 2)
    0.8
    >>> round(close_up_scale(Follow(((0.0, 0.5),), ((0.0, 1.0),), 0.55), (720, 528), (1080, 1920), 1.82, 3.64)
    ...       * 528 / 1920, 2)
    0.75
    """
    if followed.widest <= 0:
        return min(max(least, frame[0] / max(size[0], 1)), most)
    roomy = frame[0] * (1 - 2 * FACE_ROOM) / max(size[0] * followed.widest, 1e-9)
    whole = frame[0] / max(size[0] * followed.widest * (1 + 1e-6), 1e-9)
    return min(max(least, roomy, min(whole, CLOSE_UP_BAND * frame[1] / max(size[1], 1))), most)


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
