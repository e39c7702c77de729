"""The visualizer's colour and place when the draft leaves them to the renderer (``"auto"``, or not said).

Both come from the visuals lane as it lands on the canvas: a few of its shots (``MAX_SAMPLES``, spread over the
video), each a small frame cropped to the canvas as the renderer crops it, with its saliency map
(``saliency.saliency_map``: the figure a viewer looks at, its top most).

Colour: the pictures' common vivid hues and accents (peaks of a hue histogram weighted by saturation and brightness),
in the shade that reads over the most of what lies beneath the strip, shot by shot (``visualizer_color``: a pale sky
takes the pictures' deep blue rather than a muddied yellow); a section whose shots' ground the shade does not read on
gets it lighter or darker (``shot_grounds``, ``visualizer_color.section_shades``). Grey pictures give white or black.

Place: of the candidate places (a strip: bottom or top; a square design: the two lower corners, off the title that
planning centres), which lie over a subject's head or figure, shot by shot (``over_heads``), decides where the
strip lies and where it is drawn light (``visualizer_light``); where that leaves a choice, the place over the least
saliency (the first unless another covers clearly less, ``auto_position``). The hue stays one for the whole video, its contrast
measured under the strip wherever it lies.
"""

from __future__ import annotations

import colorsys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...protocol import MediaKind
from .clip_follow import moments_ms
from .clip_time import moment_ms
from .contrast import luminance_of, to_hex, with_contrast
from .faces import HEAD, faces_of
from .figures import Figure, figures_of
from .framing import focus, saliency_of, thumbnail
from .framings import motion_box, steady_pan, wide_centre
from .graph import Canvas, MediaMap, rgb
from .originals import original_size, reference_canvas
from .pan_held import held_in_box
from .panorama import is_panorama
from .shot_views import on_frame, views
from .timeline import Shot
from .visualizer_head import head_of, kept_clear, over, subject_box

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

CONTRAST = 4.0  # 3:1 is asked; margin for the see-through (opacity 0.9) and the encoder: a pale sky's 4.3 renders 3.7
MAX_SAMPLES = 12
SQUARES = ("circular", "vectorscope")  # designs drawn in a square rather than a strip
_HUE_BINS = 36
_VIVID = 0.1  # pixels less saturated than this do not vote for the hue
_MIN_VIVID_SHARE = 0.01  # below this share of (weighted) vivid pixels the pictures are grey: white or black
_SATURATION, _VALUE = 0.8, 1.0  # the chosen hue made vivid, before the contrast adjusts it
_BIAS = 0.75  # another place than the first is chosen only when it covers less than this share of its saliency
_GAIN = 0.05  # ... and less than the first by this share of all the saliency
SECTION_SAMPLES = 3  # shots sampled in each section at least (``MAX_SAMPLES`` over all of them at least)
_PEAK = 0.35  # a hue is a candidate when it has at least this share of the votes of the most common one
_ACCENT = 0.2  # ... and for the visualizer's colour, an accent with this share
Region = tuple[float, float, float, float]  # x, y, width, height as shares of the canvas


@dataclass(frozen=True)
class Sample:
    """One shot's frame as it lands on the canvas (RGB 0..1, (h, w, 3)), its saliency ((h, w)), how many frames
    it shows, its upright figures' boxes on the canvas (``figures``, with room round them: ``Figure.grown``), the
    faces turned to the camera (``faces``: ``faces.faces_of``; the strip is never drawn over one) and, where faces
    are looked for, their whole heads (``heads``: ``faces.HEAD``, forehead and hair; the strip takes its other place,
    or is drawn light where both cross a head)."""

    image: npt.NDArray[np.float64]
    saliency: npt.NDArray[np.float64]
    weight: float
    figures: tuple[Region, ...] = ()
    faces: tuple[Region, ...] = ()
    heads: tuple[Region, ...] = ()


def samples(shots: Sequence[Shot], media: MediaMap, canvas: Canvas) -> list[Sample]:
    """Up to ``MAX_SAMPLES`` of the lane's shots, spread over the video, as they land on the canvas."""
    return _spread(shots, MAX_SAMPLES, media, canvas)


def section_samples(
    shots: Sequence[Shot], media: MediaMap, canvas: Canvas, starts: Sequence[int]
) -> list[list[Sample]]:
    """The samples of each section, from the shots that begin in it (``starts``: each section's first frame, in
    order; a section runs to the next one's start): ``SECTION_SAMPLES`` each at least, ``MAX_SAMPLES`` in all."""
    each = max(SECTION_SAMPLES, MAX_SAMPLES // max(len(starts), 1))
    ends = [*starts[1:], canvas.frames + 1]
    return [
        _spread([s for s in shots if a <= s.start_frame < b], each, media, canvas)
        for a, b in zip(starts, ends, strict=True)
    ]


def _spread(shots: Sequence[Shot], count: int, media: MediaMap, canvas: Canvas) -> list[Sample]:
    """Up to ``count`` of ``shots``, spread over them, as they land on the canvas."""
    import numpy as np

    chosen = list(shots)
    if len(chosen) > count:
        chosen = [chosen[round(i)] for i in np.linspace(0, len(chosen) - 1, count)]
    return [found for shot in chosen if (found := shot_sample(shot, media, canvas)) is not None]


def shot_sample(shot: Shot, media: MediaMap, canvas: Canvas, into_ms: int = 0, *, faces: bool = False) -> Sample | None:
    """One shot's frame as it lands on the canvas (a clip's ``into_ms`` into the shot), with its saliency, its
    figures and (``faces``) its faces; None where none can be had. A picture is cropped
    where its wide view is (``framings.wide_centre``: moved to cut no figure), a clip round its subject."""
    import numpy as np

    src = shot.segment.src
    if src is None:  # a generated background: its colours, evenly mixed
        raw = shot.segment.meta.get("colors")
        colors = [rgb(c) for c in raw if isinstance(c, str)] if isinstance(raw, list) else []
        if not colors:
            return None
        image = np.array([colors], dtype=np.float64)
        return Sample(image, np.zeros(image.shape[:2]), float(shot.frames))
    if src not in media or media[src][1].kind not in (MediaKind.IMAGE, MediaKind.VIDEO):
        return None
    path, info = media[src]
    at_ms = moment_ms(info, shot.in_ms + into_ms) if info.kind == MediaKind.VIDEO else 0
    small, saliency = thumbnail(path, at_ms), saliency_of(path, at_ms)
    if small is None or saliency is None:
        return None
    if info.kind == MediaKind.IMAGE:
        own = original_size(path, (info.width or 1, info.height or 1))
        centre = wide_centre(path, own, motion_box(reference_canvas(canvas)))
    else:
        centre = focus(path, at_ms)
    rows, cols = on_canvas(small.shape[:2], centre, canvas.width / canvas.height)
    # a clip's frames are looked through for figures in every shot: the strip is drawn light over a short one too
    crop = (rows, cols)
    people = _figures_on([f.grown() for f in figures_of(path, at_ms)], crop, small.shape[:2])
    seen = _figures_on(faces_of(path, at_ms), crop, small.shape[:2]) if faces else ()
    heads = _figures_on(faces_of(path, at_ms, HEAD), crop, small.shape[:2]) if faces else ()
    return Sample(small[rows, cols], saliency[rows, cols], float(shot.frames), people, seen, heads)


def _figures_on(found: Sequence[Figure], crop: tuple[slice, slice], shape: tuple[int, ...]) -> tuple[Region, ...]:
    """The boxes ``found`` (shares of the picture) as shares of the ``crop`` (rows, columns) of a picture of
    ``shape`` that lands on the canvas; those wholly outside it left out."""
    (h, w), (rows, cols) = shape[:2], crop
    y0, y1 = (rows.start or 0) / h, (h if rows.stop is None else rows.stop) / h
    x0, x1 = (cols.start or 0) / w, (w if cols.stop is None else cols.stop) / w
    out = []
    for figure in found:
        left, right = max(figure.left, x0), min(figure.right, x1)
        top, bottom = max(figure.top, y0), min(figure.bottom, y1)
        if right > left and bottom > top:
            out.append(
                (
                    (left - x0) / (x1 - x0),
                    (top - y0) / (y1 - y0),
                    (right - left) / (x1 - x0),
                    (bottom - top) / (y1 - y0),
                )
            )
    return tuple(out)


def shot_grounds(
    shots: Sequence[Shot], media: MediaMap, canvas: Canvas, span: tuple[int, int], region_at: Callable[[int], Region]
) -> list[tuple[int, float]]:
    """Each shot over frames ``span`` ([first, end)), as its first frame there and the median relative luminance of
    what lies under the strip in it (``region_at``: the strip's region at a frame); shots that cannot be read are
    left out."""
    import numpy as np

    out = []
    for shot in shots:
        first = max(shot.start_frame, span[0])
        middle_ms = shot.frames * 500 // canvas.fps  # a clip's frame mid-shot: it may pan from sky to grass
        if first >= min(shot.start_frame + shot.frames, span[1]):
            continue
        if (found := shot_sample(shot, media, canvas, middle_ms)) is None:
            continue
        out.append((first, float(np.median(luminance_of(_under(found.image, region_at(first)).reshape(-1, 3))))))
    return out


def on_canvas(shape: tuple[int, ...], centre: tuple[float, float], aspect: float) -> tuple[slice, slice]:
    """The rows and columns of an image of ``shape`` that the visuals lane keeps for a canvas of ``aspect``,
    cropping around ``centre`` (shares of its width and height)."""
    h, w = shape[:2]
    fx, fy = centre
    if w / h > aspect:
        cw = max(1, round(h * aspect))
        x0 = int(min(max(fx * w - cw / 2, 0), w - cw))
        return slice(None), slice(x0, x0 + cw)
    ch = max(1, round(w / aspect))
    y0 = int(min(max(fy * h - ch / 2, 0), h - ch))
    return slice(y0, y0 + ch), slice(None)


def auto_position(found: Sequence[Sample], places: Mapping[str, Region]) -> str:
    """Of ``places`` (name → region, the default first), the one over the least of the samples' saliency: the first
    unless another covers less than ``_BIAS`` times what it covers, and ``_GAIN`` of all the saliency less."""
    names = list(places)
    covered = {name: covered_share(found, places[name]) for name in names}
    best, first = min(names, key=lambda name: covered[name]), covered[names[0]]
    return best if covered[best] < first * _BIAS and first - covered[best] >= _GAIN else names[0]


@dataclass(frozen=True)
class Under:
    """Each frame's places (from a first frame) over a shot's subject (``subjects``: its head, figures or faces,
    ``_kept_clear``; the strip is drawn light there at most), over a head (``heads``: a face's whole head, or the top of the
    saliency map's subject; the strip takes its other place where it can, ``visualizer_light.HEAD_LIGHT``) and
    over a face (``faces``: where it is not drawn)."""

    subjects: list[frozenset[str]]
    heads: list[frozenset[str]]
    faces: list[frozenset[str]]


def over_heads(
    first: int, length: int, shots: Sequence[Shot], media: MediaMap, canvas: Canvas, places: Mapping[str, Region]
) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    """For each of ``length`` frames from frame ``first``, the ``places`` that lie over the subject of the shot
    showing then and those that lie over a face (``under``)."""
    found = places_under(first, length, shots, media, canvas, places)
    return found.subjects, found.faces


def places_under(
    first: int, length: int, shots: Sequence[Shot], media: MediaMap, canvas: Canvas, places: Mapping[str, Region]
) -> Under:
    """For each of ``length`` frames from frame ``first``, the ``places`` that lie over the subject, a head and a
    face of the shot showing then (``Under``), wherever a picture's camera move takes them (``shot_views``)."""
    found = Under([frozenset()] * length, [frozenset()] * length, [frozenset()] * length)
    for shot in shots:
        a, b = max(shot.start_frame, first) - first, min(shot.start_frame + shot.frames, first + length) - first
        if b <= a:
            continue
        seen, moved = seen_through(shot, media, canvas), camera_views(shot, media, canvas)
        for lane, pick in ((found.subjects, _kept_clear), (found.heads, _head_regions), (found.faces, _faces)):
            regions = [on_frame(region, moved) for sample in seen for region in pick(sample)]
            lane[a:b] = [frozenset(name for name, r in places.items() if any(over(r, h) for h in regions))] * (b - a)
    return found


def subject_regions(shot: Shot, media: MediaMap, canvas: Canvas, *, whole: bool = True) -> list[Region]:
    """Where a shot's subject lies on the canvas, its head, figures and faces and (``whole``) its box
    (``_subject_regions``), in its first frame and a clip's also at its middle and near its end (``seen_through``),
    wherever a picture's camera move takes them: what a strip must not be drawn over."""
    moved = camera_views(shot, media, canvas)
    return [on_frame(r, moved) for sample in seen_through(shot, media, canvas) for r in _subject_regions(sample, whole)]


def _subject_regions(sample: Sample, whole: bool = True) -> list[Region]:
    """What the strip is never drawn over at full strength in a sample: its head and figures
    (``visualizer_head.kept_clear``), its faces and their heads and (``whole``) its subject's box
    (``visualizer_head.subject_box``)."""
    box = subject_box(sample.saliency) if whole else None
    return [*kept_clear(sample.saliency, sample.figures), *sample.faces, *sample.heads, *([] if box is None else [box])]


def _kept_clear(sample: Sample) -> list[Region]:
    """What the strip is drawn light over at most in a sample: its heads, faces and figures, not the rest of its
    subject (``_subject_regions`` without its box): the box of the demo's bunny, his body under the bottom strip
    while his head was under the top one, kept the strip light over most of the video."""
    return _subject_regions(sample, whole=False)


def _head_regions(sample: Sample) -> list[Region]:
    """The heads in a sample: its faces' whole heads and, found or not, the top of its saliency map's subject
    (``visualizer_head.head_of``: a cartoon bird's head, which no face cascade finds)."""
    head = head_of(sample.saliency)
    return [*sample.faces, *sample.heads, *([] if head is None else [head])]


def _faces(sample: Sample) -> tuple[Region, ...]:
    return sample.faces


def camera_views(shot: Shot, media: MediaMap, canvas: Canvas) -> tuple[Region, ...]:
    """What the frame shows of a shot's sample over its camera move (``shot_views``): a picture's, the whole
    sample for a clip or a panorama."""
    src = shot.segment.src
    if src is None or src not in media or media[src][1].kind != MediaKind.IMAGE or is_panorama(media[src][1], canvas):
        return ((0.0, 0.0, 1.0, 1.0),)
    motion = steady_pan(str(shot.segment.meta.get("motion", "none")), media[src][0])
    return views(motion, shot, canvas, held_in_box(shot, media, canvas) if motion.startswith("pan_") else None)


def seen_through(shot: Shot, media: MediaMap, canvas: Canvas) -> list[Sample]:
    """The shot's frame as it lands on the canvas, and a clip's also at its middle and near its end (a bird that
    rises into the frame in its second second), its faces looked for."""
    ms = shot.frames * 1000 // canvas.fps
    src = shot.segment.src
    moving = src is not None and src in media and media[src][1].kind == MediaKind.VIDEO
    moments = moments_ms(ms) if moving else (0,)
    return [s for into in moments if (s := shot_sample(shot, media, canvas, into, faces=True))]


def covered_share(found: Sequence[Sample], region: Region) -> float:
    """The share of the samples' saliency that lies under ``region``, each sample counted by its frames."""
    total = sum(s.weight for s in found) or 1.0
    share = 0.0
    for sample in found:
        part = _under(sample.saliency, region)
        share += sample.weight * float(part.sum()) / max(float(sample.saliency.sum()), 1e-9)
    return share / total


def _under(image: npt.NDArray[np.float64], region: Region) -> npt.NDArray[np.float64]:
    """The part of ``image`` under ``region`` (at least one pixel)."""
    x, y, w, h = region
    rows, cols = image.shape[:2]
    r0, c0 = min(int(y * rows), rows - 1), min(int(x * cols), cols - 1)
    return image[r0 : max(r0 + 1, round((y + h) * rows)), c0 : max(c0 + 1, round((x + w) * cols))]


def auto_color(found: Sequence[Sample], regions: Sequence[Region], ratio: float = CONTRAST) -> str:
    """The visualizer's colour: a hue of the pictures' palette, its accents too, in the shade that reads best over
    what lies under the strip in each sample (``regions``: where it lies on each sample, or one region for all;
    ``visualizer_color``), ``ratio`` the contrast wanted over their median; white or black for grey pictures;
    "#rrggbb"."""
    from .visualizer_color import best_color, ground_of

    under = region_luminance(found, regions)
    hues = palette_hues(found, _ACCENT)
    if under is None or not hues:
        base = colorsys.hsv_to_rgb(hues[0], _SATURATION, _VALUE) if hues else (1.0, 1.0, 1.0)
        return to_hex(base if under is None else with_contrast(base, under, ratio)[1])
    grounds = [ground_of(pixels, luminance_of(pixels), sample.weight) for sample, pixels in _beneath(found, regions)]
    return to_hex(best_color(hues, grounds, ratio))


def _beneath(found: Sequence[Sample], regions: Sequence[Region]) -> list[tuple[Sample, npt.NDArray[np.float64]]]:
    """Each sample with its pixels ((n, 3)) under its region (``regions``: one for each sample, or one for all)."""
    every = regions if len(regions) > 1 else [regions[0]] * len(found)
    return [(sample, _under(sample.image, region).reshape(-1, 3)) for sample, region in zip(found, every, strict=True)]


def palette_hue(found: Sequence[Sample]) -> float | None:
    """The most common vivid hue of the samples (0..1), or None when they are nearly grey."""
    hues = palette_hues(found)
    return hues[0] if hues else None


def palette_hues(found: Sequence[Sample], peak: float = _PEAK) -> list[float]:
    """The samples' common vivid hues (0..1), the most common first: the peaks of their hue histogram with at least
    ``peak`` of the highest's votes; none when the samples are nearly grey."""
    import numpy as np

    histogram = np.zeros(_HUE_BINS)
    pixels = 0.0
    for sample in found:
        image = sample.image.reshape(-1, 3)
        high, low = image.max(axis=1), image.min(axis=1)
        saturation = (high - low) / np.maximum(high, 1e-6)
        votes = np.where(saturation >= _VIVID, saturation * high, 0.0) * sample.weight / len(image)
        histogram += np.bincount(_hues(image, high, low), weights=votes, minlength=_HUE_BINS)[:_HUE_BINS]
        pixels += sample.weight
    if pixels <= 0 or histogram.sum() / pixels < _MIN_VIVID_SHARE:
        return []
    smooth = histogram + 0.5 * (np.roll(histogram, 1) + np.roll(histogram, -1))
    peaks = (smooth >= np.roll(smooth, 1)) & (smooth > np.roll(smooth, -1)) & (smooth >= peak * smooth.max())
    order = sorted(np.nonzero(peaks)[0], key=lambda i: -smooth[i])
    return [(int(i) + 0.5) / _HUE_BINS for i in order]


def _hues(
    image: npt.NDArray[np.float64], high: npt.NDArray[np.float64], low: npt.NDArray[np.float64]
) -> npt.NDArray[np.intp]:
    """Each pixel's hue bin."""
    import numpy as np

    r, g, b = image[:, 0], image[:, 1], image[:, 2]
    span = np.maximum(high - low, 1e-6)
    hue = np.where(high == r, (g - b) / span % 6, np.where(high == g, (b - r) / span + 2, (r - g) / span + 4)) / 6
    return np.minimum((hue * _HUE_BINS).astype(np.intp), _HUE_BINS - 1)


def region_luminance(found: Sequence[Sample], regions: Sequence[Region]) -> float | None:
    """The median relative luminance of the samples' pixels under ``regions`` (one for each sample, or one for
    all), each sample counted by its frames."""
    import numpy as np

    values, weights = [], []
    for sample, pixels in _beneath(found, regions):
        lum = luminance_of(pixels)
        values.append(lum)
        weights.append(np.full(lum.shape, sample.weight / lum.size))
    if not values:
        return None
    order = np.argsort(np.concatenate(values))
    flat, cumulative = np.concatenate(values)[order], np.cumsum(np.concatenate(weights)[order])
    return float(flat[np.searchsorted(cumulative, cumulative[-1] / 2)])
