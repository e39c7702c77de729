"""Where to crop a picture or a clip for another aspect, and how much it may be enlarged.

A 16:9 source in a 9:16 frame keeps only a third of its width: the crop goes where the subject is, found by a
saliency map of a small copy of the frame (``saliency.saliency_map``: the figure a viewer looks at, and its top,
where faces are), not at the centre. A picture laid whole on its blurred fill is enlarged at most ``MAX_UPSCALE``
times (one cropped to fill the frame as far as ``fills.PICTURE_FILL_UPSCALE``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .frames import small_frame
from .originals import by_source
from .saliency import saliency_map

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

MAX_UPSCALE = 2.0
_THUMB_WIDTH = 96
_FINE_WIDTH = 384  # where a photo's depth of field shows (``fine_detail``)
# one grade: each source moves this share of the way to the sources' median look, within these limits
_GRADE_SHARE, _MAX_LIFT, _MAX_SATURATE = 0.6, 0.12, 1.35
# the patch holding the most saliency is the subject unless its own peak is under this share of the map's: then the
# patch of the peak is (a small kite against faint wisps of cloud spread over a third of the sky)
_PEAK_SHARE = 0.5
_TOWARDS_SUBJECT = 0.9
# the subject's centre weighs each pixel by its saliency cubed: a kite at the map's peak, not the middle of the
# fainter wisps its patch runs into
_WEIGHT_POWER = 3
_DIFFUSE = 0.15  # a saliency map this bright on average has no one subject (on 28 pictures: 0.01-0.13 with one)
_DETAIL_SHARE = 0.25  # a second subject holds at least this share of the first's saliency
_DETAIL_CONTRAST = 1.0  # and a view of it holds as much fine detail as the view of the first (fog over a lake: 0.74)
_DETAIL_APART = 0.2  # and lies this far from it (shares of the width and height), or it is part of the first
Box = tuple[float, float, float, float]  # left, top, right, bottom: shares of the width and height
_BRIGHT = 0.75  # a patch peaking at this share of the map's peak is held with the subject where the view holds both
_TOO_WIDE = 1.75  # a subject this many times as wide as a crop is cut by it  # the crop centre goes this share of the way from the frame centre to the subject


def fill_scale(width: int, height: int, frame_w: int, frame_h: int) -> float:
    """How much a ``width``×``height`` source is enlarged to fill the frame (crop, no bars)."""
    return max(frame_w / max(width, 1), frame_h / max(height, 1))


@by_source(maxsize=256)
def look(path: Path, at_ms: int = 0) -> tuple[float, float] | None:
    """Mean brightness and saturation (0..1) of the picture or the clip's frame at ``at_ms``; None if unreadable."""
    import numpy as np

    image = thumbnail(path, at_ms)
    if image is None:
        return None
    high, low = image.max(axis=2), image.min(axis=2)
    return float(image.mean()), float(((high - low) / np.maximum(high, 0.25)).mean())


def grade(own: tuple[float, float] | None, target: tuple[float, float]) -> str:
    """An ``eq`` filter that moves a source's brightness and saturation part of the way to ``target`` (the median
    of the video's sources), so that photos and clips look like one video; "" when there is nothing to move."""
    if own is None:
        return ""
    brightness = max(-_MAX_LIFT, min(_MAX_LIFT, (target[0] - own[0]) * _GRADE_SHARE))
    saturation = max(1 / _MAX_SATURATE, min(_MAX_SATURATE, 1 + (target[1] / max(own[1], 0.05) - 1) * _GRADE_SHARE))
    if abs(brightness) < 0.01 and abs(saturation - 1) < 0.03:
        return ""
    return f"eq=brightness={brightness:.3f}:saturation={saturation:.3f}"


WARMTH_STEP = 0.10  # colorbalance's midtone shift a step: red - blue on mid grey moves ~18 levels (0.05 moved 8)


def warmth_filter(warmth: int) -> str:
    """A ``colorbalance`` filter for the draft's colour grade (``m.warmth``): each step warmer (> 0) pushes red up
    and blue down, most in the midtones; cooler (< 0) the other way; "" when neutral. One step is meant to be seen
    (on mid grey, red minus blue moves about 18 of 255 levels a step)."""
    if not warmth:
        return ""
    mid, ends = WARMTH_STEP * warmth, WARMTH_STEP / 2 * warmth
    return f"colorbalance=rs={ends:.3f}:bs={-ends:.3f}:rm={mid:.3f}:bm={-mid:.3f}:rh={ends:.3f}:bh={-ends:.3f}"


@by_source(maxsize=256)
def focus(path: Path, at_ms: int = 0) -> tuple[float, float]:
    """The centre of what matters in the picture (or the clip's frame at ``at_ms``), as shares of its width and
    height; (0.5, 0.5) when the file cannot be read."""
    saliency = saliency_of(path, at_ms)
    return (0.5, 0.5) if saliency is None else centre_of(saliency)


@by_source(maxsize=256)
def saliency_of(path: Path, at_ms: int = 0) -> npt.NDArray[np.float64] | None:
    """``saliency_map`` of the picture's (or the clip frame's) ``thumbnail``, not to be changed; None if unreadable.
    Kept, like the thumbnail: the crop's ``focus`` and the visualizer's automatic place read the same frames."""
    small = thumbnail(path, at_ms)
    return None if small is None else saliency_map(small, fine=fine_detail(path, at_ms, small.shape[:2]))


def fine_detail(path: Path, at_ms: int, shape: tuple[int, int]) -> npt.NDArray[np.float64] | None:
    """Fine detail (0..1, ``shape``) of the picture or the clip's frame at ``at_ms``, measured on a copy
    ``_FINE_WIDTH`` pixels wide: the lightness' difference from its slight blur, pooled and brought to ``shape``, over
    its 98th percentile. A photo's out-of-focus parts (a red leaf blurred behind a sharp one) look as sharp as its
    subject in the 96-pixel thumbnail, not at four times that; None if unreadable."""
    import numpy as np
    from scipy.ndimage import gaussian_filter, zoom

    image = small_frame(path, at_ms, _FINE_WIDTH)
    if image is None:
        return None
    grey = image.mean(axis=2)
    fine = gaussian_filter(np.abs(grey - gaussian_filter(grey, 0.8)), 3.0 * _FINE_WIDTH / _THUMB_WIDTH)
    small = zoom(fine, (shape[0] / fine.shape[0], shape[1] / fine.shape[1]), order=1, grid_mode=True, mode="nearest")
    top = float(np.percentile(small, 98))
    return None if top <= 1e-6 else np.asarray(np.clip(small / top, 0, 1), dtype=np.float64)


def subject_extent(path: Path, at_ms: int = 0) -> tuple[float, float, float, float] | None:
    """The box (left, top, right, bottom: shares of the width and height) of the picture's ``subject_patch``; None
    where the picture cannot be read or is plain."""
    import numpy as np

    saliency = saliency_of(path, at_ms)
    if saliency is None:
        return None
    ys, xs = np.nonzero(subject_patch(saliency))
    if not len(xs):
        return None
    rows, cols = saliency.shape[:2]
    return xs.min() / cols, ys.min() / rows, (xs.max() + 1) / cols, (ys.max() + 1) / rows


def held_extents(path: Path, at_ms: int = 0) -> tuple[Box, ...]:
    """The boxes (left, top, right, bottom: shares) a view of the picture holds, first to last where it can: its
    ``subject_extent`` with the patches nearly as salient as it at their peak (``bright_patches``: a dandelion's
    seeds and, under them, the flower they grow from), then the subject's alone; none where the picture cannot be read or is plain."""
    import numpy as np

    saliency = saliency_of(path, at_ms)
    if saliency is None or not subject_patch(saliency).any():
        return ()
    subject, both = subject_patch(saliency), subject_patch(saliency) | bright_patches(saliency)
    return tuple(dict.fromkeys(_box(patch) for patch in (both, subject) if np.any(patch)))


def _box(patch: npt.NDArray[np.bool_]) -> Box:
    import numpy as np

    ys, xs = np.nonzero(patch)
    rows, cols = patch.shape[:2]
    return float(xs.min() / cols), float(ys.min() / rows), float((xs.max() + 1) / cols), float((ys.max() + 1) / rows)


def detail_focus(path: Path, zoom: float, at_ms: int = 0) -> tuple[float, float]:
    """The centre of a second subject in the picture (``second_patch``), for a close view ``zoom`` times nearer that
    is not of the first; the first's ``focus`` where there is none, or where the view of it would hold less than
    ``_DETAIL_CONTRAST`` of the fine detail of the view of the first (a patch of foggy sky is no detail)."""
    saliency, small = saliency_of(path, at_ms), thumbnail(path, at_ms)
    patch = None if saliency is None else second_patch(saliency)
    subject = focus(path, at_ms)
    if saliency is None or small is None or patch is None:
        return subject
    other = _centroid(saliency, patch)
    grey = small.mean(axis=2)
    return other if _contrast(grey, other, zoom) >= _DETAIL_CONTRAST * _contrast(grey, subject, zoom) else subject


def _contrast(grey: npt.NDArray[np.float64], centre: tuple[float, float], zoom: float) -> float:
    """The fine detail in the view ``zoom`` times nearer around ``centre`` (shares): the mean step in grey level
    between neighbouring pixels (a smooth sky or fog has almost none, however its light varies)."""
    import numpy as np

    h, w = grey.shape
    vw, vh = max(2, round(w / zoom)), max(2, round(h / zoom))
    x0 = min(max(round(centre[0] * w - vw / 2), 0), w - vw)
    y0 = min(max(round(centre[1] * h - vh / 2), 0), h - vh)
    view = grey[y0 : y0 + vh, x0 : x0 + vw]
    return float(np.abs(np.diff(view, axis=0)).mean() + np.abs(np.diff(view, axis=1)).mean())


def second_patch(saliency: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_] | None:
    """The pixels of the most salient tenth's patch holding the most saliency after the ``subject_patch``, where it
    holds at least ``_DETAIL_SHARE`` of the subject's and lies ``_DETAIL_APART`` or more from it (shares of the
    width); None where no such patch is."""
    import numpy as np
    from scipy.ndimage import label

    subject = subject_patch(saliency)
    if not subject.any():
        return None
    level = float(np.percentile(saliency, 90))  # 0 where nine tenths are plain: then only what is lit at all
    patches, count = label(saliency >= level if level > 0 else saliency > 0)
    mass = np.bincount(patches.ravel(), weights=saliency.ravel(), minlength=count + 1)
    main = float(saliency[subject].sum())
    mass[0] = 0.0
    mass[np.unique(patches[subject])] = 0.0
    centre = np.array(_centroid(saliency, subject))
    for chosen in np.argsort(mass)[::-1]:
        if mass[chosen] < _DETAIL_SHARE * main:
            return None
        patch = np.asarray(patches == chosen)
        if float(np.hypot(*(np.array(_centroid(saliency, patch)) - centre))) >= _DETAIL_APART:
            return patch
    return None


def salient_centre(grey: npt.NDArray[np.float64]) -> tuple[float, float]:
    """``centre_of`` the ``saliency_map`` of an image (grey (h, w) or colour (h, w, 3), 0..1)."""
    return centre_of(saliency_map(grey))


def centre_of(saliency: npt.NDArray[np.float64]) -> tuple[float, float]:
    """Centroid of the ``subject_patch`` of a saliency map (h, w), weighted by the saliency to ``_WEIGHT_POWER``, as
    shares of its width and height, pulled a tenth
    of the way back to the centre so that a crop does not cling to the frame's edge; (0.5, 0.5) for a plain map."""
    patch = subject_patch(saliency)
    return _centroid(saliency, patch) if patch.any() else (0.5, 0.5)


def _centroid(saliency: npt.NDArray[np.float64], patch: npt.NDArray[np.bool_]) -> tuple[float, float]:
    """The centroid of ``patch`` weighted by the saliency to ``_WEIGHT_POWER``, pulled towards the centre."""
    import numpy as np

    ys, xs = np.nonzero(patch)
    weights = saliency[ys, xs] ** _WEIGHT_POWER
    fx = float(np.average(xs, weights=weights) + 0.5) / saliency.shape[1]
    fy = float(np.average(ys, weights=weights) + 0.5) / saliency.shape[0]
    return 0.5 + (fx - 0.5) * _TOWARDS_SUBJECT, 0.5 + (fy - 0.5) * _TOWARDS_SUBJECT


def subject_patch(saliency: npt.NDArray[np.float64], corners: bool = False) -> npt.NDArray[np.bool_]:
    """The pixels (h, w) of the subject: of the most salient tenth of the map, where that tenth falls in separate
    patches (a bunny, and trees across the meadow), the one holding the most saliency (a crop between two subjects
    would cut both), unless its own peak is under ``_PEAK_SHARE`` of the map's: then the patch of the peak (of a map
    nine tenths plain, a logo on a flat ground, the lit pixels only: the plain ground was the whole frame's "subject").
    None for a plain map. ``corners``: pixels that touch at a corner are one patch (``visualizer_head``)."""
    import numpy as np
    from scipy.ndimage import label

    if float(saliency.max()) <= 1e-9:
        return np.zeros(saliency.shape, dtype=bool)
    level = float(np.percentile(saliency, 90))  # 0 where nine tenths are plain: then only what is lit at all
    joined = np.ones((3, 3), dtype=bool) if corners else None
    patches, count = label(saliency >= level if level > 0 else saliency > 0, structure=joined)
    mass = np.bincount(patches.ravel(), weights=saliency.ravel(), minlength=count + 1)
    mass[0] = 0.0
    chosen = int(mass.argmax())
    if float(saliency[patches == chosen].max()) < _PEAK_SHARE * float(saliency.max()):
        chosen = int(patches.ravel()[int(saliency.argmax())])
    return np.asarray(patches == chosen)


def bright_patches(saliency: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
    """The pixels (h, w) of the most salient tenth's patches that peak at ``_BRIGHT`` of the map's peak or more;
    none for a plain map."""
    import numpy as np
    from scipy.ndimage import label, maximum

    if float(saliency.max()) <= 1e-9:
        return np.zeros(saliency.shape, dtype=bool)
    level = float(np.percentile(saliency, 90))
    patches, count = label(saliency >= level if level > 0 else saliency > 0)
    peaks = np.asarray(maximum(saliency, patches, np.arange(1, count + 1)), dtype=np.float64)
    bright = 1 + np.flatnonzero(peaks >= _BRIGHT * float(saliency.max()))
    return np.asarray(np.isin(patches, bright))


def clear_subject(saliency: npt.NDArray[np.float64], keep_share: float) -> bool:
    """Whether a saliency map (h, w) shows a subject that a crop keeping ``keep_share`` of the width can hold: not
    a map lit all over (mean ``_DIFFUSE`` or more: an empty sky, an abstract pattern), nor a subject more than
    ``_TOO_WIDE`` times as wide as the crop (a row of boats along a shore)."""
    import numpy as np

    if float(saliency.max()) <= 1e-9 or float(saliency.mean()) >= _DIFFUSE:
        return False
    xs = np.nonzero(subject_patch(saliency))[1]
    return len(xs) > 0 and (int(xs.max()) - int(xs.min()) + 1) / saliency.shape[1] <= _TOO_WIDE * keep_share


def has_clear_subject(path: Path, keep_share: float, at_ms: int = 0) -> bool:
    """``clear_subject`` of the picture's (or the clip frame's) ``saliency_of``; False if unreadable."""
    saliency = saliency_of(path, at_ms)
    return saliency is not None and clear_subject(saliency, keep_share)


@by_source(maxsize=256)
def thumbnail(path: Path, at_ms: int = 0) -> npt.NDArray[np.float64] | None:
    """A small RGB copy (96 pixels wide, 0..1; not to be changed) of the picture or the clip's frame at ``at_ms``;
    None if unreadable. Kept (256 of them, 32 MB at most): ``look``, ``focus`` and the visualizer's automatic colour
    and place each read the same frames, and a frame deep in a clip costs a seek and a decode (0.1-0.5 s). The
    3-minute clip video reads 209 moments in turn, more than once: with 128 kept, 68 were made again."""
    return small_frame(path, at_ms, _THUMB_WIDTH)
