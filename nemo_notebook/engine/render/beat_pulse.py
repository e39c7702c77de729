"""A long photo shot's push in on a loud downbeat (``m.pulse_ms``: ``planning.beat_pulses``), drawn as a groove, not
a camera bump: the frame eases ``PULSE_ZOOM`` closer over ``RISE_S`` (three frames at 30 fps), peaking on the
downbeat's frame, and back over ``BACK_S`` at most, on a half cosine, the shot's own move going on under it.

It is the lane's punch-in crop (``accents``: ``crop@punch``, moved by ``sendcmd``, then scaled back to the frame), at
any pixel (``exact=1``), sized by the frame's long side in whole pixels that change on every frame of the pulse: a
push of 1.3 % is 16 px of a 1280 px side, so its ease back moves at least a pixel a frame (faster where the cosine
is steep) and ends when it is home, never holding a size inside it. Stop 57's pulse (2.5 %, in one frame, on beats 1
and 3) "zooms in 2.5% in a single frame, then steps back in three stages, each held 2 frames ... reads as a camera
bump rather than a groove", and it jolted under the end card (a blind reviewer): here none lies under the title or
the end card (``clear_of_words``), where the picture holds still for the words.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from ...protocol import Draft, Segment, TrackType
from .end_card import card_start_ms
from .graph import Canvas
from .timeline import Shot, frame_at

PULSE_ZOOM = 0.013  # how much closer the frame is at the downbeat (a blind reviewer asked for 1-1.5 %)
RISE_S = 0.1  # the ease in, ending on the downbeat's frame: 3 frames at 30 fps, 2 at 15
BACK_S = 0.5  # the ease back, at most (a pixel a frame at least: shorter where the push is few pixels)
PULSE_KEY = "pulse_ms"

Window = tuple[int, int]  # frames [a, b) of the lane
View = tuple[int, int, int, int]  # a crop: width, height, left, top


def pulse_offsets(long_side: int, fps: int) -> tuple[int, list[int]]:
    """(frames before the downbeat's, pixels off the frame's long side on each frame of a pulse): eased in on a
    smoothstep to the downbeat's frame, then back on a half cosine, every frame a whole pixel nearer home than the one
    before, and none left after the last.

    >>> pulse_offsets(1280, 30)
    (2, [4, 12, 16, 15, 14, 13, 12, 11, 10, 9, 7, 6, 4, 3, 2, 1])
    >>> pulse_offsets(640, 15)
    (1, [4, 8, 7, 6, 5, 4, 2, 1])
    """
    peak = long_side - round(long_side / (1 + PULSE_ZOOM))
    rise = max(2, round(RISE_S * fps))
    up: list[int] = []
    for k in range(1, rise + 1):
        p = k / rise
        up.append(min(max(round(peak * p * p * (3 - 2 * p)), up[-1] + 1 if up else 1), peak))
    back, down, last = max(2, round(BACK_S * fps)), [], peak
    for j in range(1, back + 1):
        last = min(round(peak * (0.5 + 0.5 * math.cos(math.pi * j / back))), last - 1)
        if last <= 0:
            break
        down.append(last)
    return rise - 1, up + down


def pulse_views(shots: Sequence[Shot], taken: Sequence[Window], canvas: Canvas) -> tuple[dict[int, View], list[Window]]:
    """The crop of every frame of every pulse of the lane (``m.pulse_ms``), centred, and the frames of each pulse:
    none that would overlap ``taken`` (flashes, whips, punch-ins) or leave its shot; cut short by its shot's end."""
    w, h = canvas.width, canvas.height
    long_side = max(w, h)
    lead, offsets = pulse_offsets(long_side, canvas.fps)
    views: dict[int, View] = {}
    windows: list[Window] = []
    for shot in shots:
        end = shot.start_frame + shot.frames
        for f in _pulse_frames(shot, canvas.fps):
            a = shot.start_frame + f - lead
            b = min(a + len(offsets), end)
            if a <= shot.start_frame or any(x < b and a < y for x, y in [*taken, *windows]):
                continue
            for n, cut in zip(range(a, b), offsets, strict=False):
                views[n] = _view(w, h, long_side, cut)
            windows.append((a, b))
    return views, windows


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


def _view(w: int, h: int, long_side: int, cut: int) -> View:
    """The centred crop ``cut`` pixels shorter on the long side, the other side in proportion."""
    share = (long_side - cut) / long_side
    cw, ch = round(w * share), round(h * share)
    return cw, ch, (w - cw) // 2, (h - ch) // 2


def _pulse_frames(shot: Shot, fps: int) -> list[int]:
    """The frames (from the shot's first) of the downbeats its ``m.pulse_ms`` names."""
    raw = shot.segment.meta.get(PULSE_KEY)
    if not isinstance(raw, list):
        return []
    start = frame_at(shot.segment.start_ms, fps)
    frames = {frame_at(shot.segment.start_ms + int(ms), fps) - start for ms in raw if isinstance(ms, (int, float))}
    return sorted(f for f in frames if 0 < f < shot.frames)
