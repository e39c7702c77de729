"""What a release pack holds, and the Spotify Canvas made from a short.

A pack is the full 16:9 video, 9:16 shorts of 15, 30 and 60 s that start at the hook (only those shorter than the
song), a 1:1 cut of the whole song, and a Spotify Canvas.

Spotify's own guidelines (support.spotify.com/us/artists/article/canvas-guidelines, read 2026-11-24): a Canvas is
3-8 seconds long, vertical 9:16, "between 720px - 1080px tall" (read here as its short side, the 720×1280 minimum and
1080×1920 size the guides quote), an MP4 or JPG, "avoid rapid video cuts", and consider leaving out the song's and the
artist's name. The same page gives no size limit; guides quote Spotify for Artists' upload limit as 10 MB
(gymo.studio/requirements, pauline-bricout.fr): the Canvas is held under 8 MB by a cap on its video bit rate.
It has no sound (the song plays beside it) and it loops, so its end dissolves into its start (``render.loop``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ...protocol import Draft, Segment
from ...protocol.vocabulary import Role
from .accents import ACCENT_KEYS

SHORTS_MS = (15_000, 30_000, 60_000)
SONG_SLACK_MS = 1_000  # a short this close to the song's length is the song: left out
CANVAS_MIN_MS, CANVAS_MAX_MS = 3_000, 8_000
CANVAS_TARGET_MS = 7_000  # whole bars up to this: room under Spotify's 8 s for a frame's rounding
CANVAS_LOOP_MS = 1_000
CANVAS_MIN_SHOT_MS = 2_000  # "avoid rapid video cuts"
CANVAS_MAX_VIDEO_KBPS = 6_000  # 8 s at 6 Mb/s is 6 MB: under 8 MB with the container's share
CANVAS_MIN_WIDTH_PX = 720


@dataclass(frozen=True)
class VersionSpec:
    """One version to make: its name, what a person calls it, its aspect, its length (None: the whole song), and
    whether it starts at the hook (a short)."""

    name: str
    label: str
    aspect: str
    length_ms: int | None = None
    from_hook: bool = False


def pack_specs(song_ms: int) -> tuple[list[VersionSpec], list[str]]:
    """The versions a song ``song_ms`` long gives (the Canvas apart), and in words the shorts it cannot give.

    >>> [s.name for s in pack_specs(45_000)[0]], pack_specs(45_000)[1]
    (['full', 'short_15', 'short_30', 'square'], ['no 60 s short: the song is 45 s long'])
    """
    specs = [VersionSpec("full", "Full video, 16:9", "16:9")]
    skipped = []
    for length in SHORTS_MS:
        if length < song_ms - SONG_SLACK_MS:
            specs.append(
                VersionSpec(f"short_{length // 1000}", f"{length // 1000} s short, 9:16", "9:16", length, True)
            )
        else:
            skipped.append(f"no {length // 1000} s short: the song is {round(song_ms / 1000)} s long")
    specs.append(VersionSpec("square", "Square cut, 1:1", "1:1"))
    return specs, skipped


def canvas_length_ms(bar_ms: float) -> int:
    """The Canvas's length: the most whole bars that fit ``CANVAS_TARGET_MS`` (a loop that turns on the bar), at
    least 3 s; 6 s where the bar is unknown or too long for two of them.

    >>> canvas_length_ms(2000.0), canvas_length_ms(1600.0), canvas_length_ms(0.0)
    (6000, 6400, 6000)
    """
    if bar_ms <= 0:
        return 6_000
    bars = int(CANVAS_TARGET_MS // bar_ms)
    length = round(bars * bar_ms)
    return length if CANVAS_MIN_MS <= length <= CANVAS_MAX_MS else 6_000


def canvas_draft(short: Draft, length_ms: int) -> Draft:
    """A Spotify Canvas from a short (9:16, from the hook): its first ``length_ms`` of pictures, no sound, no
    visualizer, no words, shots of at least ``CANVAS_MIN_SHOT_MS`` without punch-ins or flashes, looping."""
    lane = next((t for t in short.tracks if t.meta.get("role") == Role.VISUALS), None)
    shots = _slow_shots(lane.segments if lane else (), length_ms)
    tracks = (lane.with_segments(shots),) if lane is not None else ()
    meta = {k: v for k, v in short.meta.items() if k not in ("song_parts", "loudnorm")}
    meta |= {"silent": True, "loop_ms": CANVAS_LOOP_MS, "max_video_kbps": CANVAS_MAX_VIDEO_KBPS}
    return Draft(tracks=tracks, duration_ms=length_ms, meta=meta)


def _slow_shots(segments: tuple[Segment, ...], length_ms: int) -> list[Segment]:
    """The shots under ``length_ms``, each stretched over the ones after it until it lasts ``CANVAS_MIN_SHOT_MS``
    (the last to the end), without accents or fades."""
    out: list[Segment] = []
    for sg in sorted(segments, key=lambda s: s.start_ms):
        if sg.start_ms >= length_ms:
            break
        if out and sg.start_ms - out[-1].start_ms < CANVAS_MIN_SHOT_MS:
            continue
        if out:
            out[-1] = replace(out[-1], duration_ms=sg.start_ms - out[-1].start_ms)
        meta = {k: v for k, v in sg.meta.items() if k not in (*ACCENT_KEYS, "fade_in_ms", "fade_out_ms")}
        if not out or out[-1].src != sg.src:  # a reframe whose showing began in a shot left out begins its own
            meta.pop("reframe", None)
        out.append(replace(sg, meta=meta))
    if out and length_ms - out[-1].start_ms < CANVAS_MIN_SHOT_MS and len(out) > 1:
        out.pop()
    if out:
        out[-1] = replace(out[-1], duration_ms=length_ms - out[-1].start_ms)
    return out
