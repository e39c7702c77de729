"""How the sound ends, worked out once for the picture to follow (``planning.ending``, ``render.picture_ending``,
``render.end_card``, ``agent.end_card``): where it begins to end and where it has ended, and how: the engine's fade
("fade": the longest ``m.fade_out_ms`` of what is heard at the end), the recording's own decay ("decay") or its final
hit ("hit": the sound stops within ``HIT_RING_MS``, then silence), each read from the song where it was planned and
kept on its music segment as ``m.own_ending`` (``planning.song_ending.own_ending``: in the recording's own time, so that it
holds only while the segment still plays that part of it).

Held-out 01 (a pop-rock song that stops on a hit at 106.2 s, RMS -10 to -57 dBFS in 0.1 s, then 1.5 s of silence)
kept its end card lit 0.8 s over the silence; held-out 04 (an electronic track whose last 8 s play 13-16 dB under its
body) faded under its cover's end card only over the card's last 0.8 s.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .draft import Draft, Segment, TrackType

END_SLACK_MS = 50  # a segment ending this close to the end of the video ends with it
OWN_ENDING = "own_ending"  # a music segment's meta: {"how": "decay" | "hit", "from_ms", "until_ms"} in the recording
# An end card (render.end_card) shows over this much before the picture goes dark: 2.5 s at full white between its
# fades (3 s left 1.6 s measured: short for two lines). The agent and the Timeline line say the same span.
END_CARD_MS = 4000
# over a sound that ends over longer than the card (the engine's fade, a song's own fade) the card comes up this far
# into it (the engine's fade, square in amplitude, is 6 dB down there), not only over its last ``END_CARD_MS``:
# held-out 03's recording, faded over its last 8 s from 1:27, was about -42 dB by 1:32 and its card (1:31-1:35)
# played over near silence (s52)
CARD_HEARD_SHARE = 0.3
HIT_FADE_MS = 200  # the picture goes dark over this much at a final hit (a fade, not a cut: no flash of black)
ENDING_FADE_MS = 2500  # the video's last shot fades to black over this much (``planning.ending``)
# over a song's own quiet outro the whole frame (its texts and visualizer too, not an end card) dims to this share of
# its brightness within ``DIM_RAMP_MS`` of the fall, then goes black over ``OUTRO_BLACK_MS`` ending where the last
# sound ends. At 0.5, reached over the whole outro, a blind reviewer of held-out 04 (an outro 20 dB under its body)
# did not notice it (frame mean 68 -> 47 2 s after the fall); its last 1.5 s went dark while the song still played
DIM_LEVEL = 0.3
DIM_RAMP_MS = 1500
OUTRO_BLACK_MS = 400  # held-out 04's outro is heard to its last frame, -26 LUFS
# a song's own decay no longer than this (a final chord's ring) the picture fades over whole, from where it falls to
# black as it ends: no dim. Held-out 07's score rang 2.51 s (over the 2.5 s ending fade the dim took from): its light
# stepped down 9 % in a frame at the ring, then faded over the last 1.5 s, while its reply said a fade of 0.4 s
RING_MS = 4000


@dataclass(frozen=True)
class SoundEnding:
    """How the sound of a video of ``duration_ms`` ends: ``how`` ("fade", "decay", "hit", or "" where it plays on to
    the end at its level), from ``from_ms`` to ``until_ms`` (video time; the video's end where the sound lasts to it)."""

    how: str
    from_ms: int
    until_ms: int
    duration_ms: int

    @property
    def dark_ms(self) -> int:
        """Where the picture has gone dark with the sound: its end, or ``HIT_FADE_MS`` after a final hit (the
        silence after it is dark)."""
        if self.until_ms >= self.duration_ms - END_SLACK_MS:
            return self.duration_ms
        return min(self.duration_ms, max(self.until_ms, self.from_ms + HIT_FADE_MS))

    @property
    def fade_ms(self) -> int:
        """How long the picture fades with the sound (0: the sound does not end before the video does)."""
        return self.dark_ms - self.from_ms if self.how else 0

    @property
    def dim_ms(self) -> int:
        """How long the picture is dimmed (to ``DIM_LEVEL`` within ``DIM_RAMP_MS``) from where the song falls into
        its own quiet outro ("decay") before it fades to black over ``OUTRO_BLACK_MS`` (a quarter of a short video)
        to where the last sound ends; 0 for any other ending, or a decay no longer than ``RING_MS`` (a final
        chord's ring: the picture fades over all of it)."""
        if self.how != "decay" or self.fade_ms <= RING_MS:
            return 0
        return self.fade_ms - min(OUTRO_BLACK_MS, self.duration_ms // 4)

    @property
    def card_from_ms(self) -> int:
        """Where an end card begins: ``END_CARD_MS`` before the picture goes dark, or earlier, ``CARD_HEARD_SHARE``
        into a fade or decay longer than that, so that it is up while the music is still heard."""
        latest = max(0, self.dark_ms - END_CARD_MS)
        if self.how not in ("fade", "decay") or self.fade_ms <= END_CARD_MS:
            return latest
        return min(latest, self.from_ms + round(self.fade_ms * CARD_HEARD_SHARE))

    @property
    def black_from_ms(self) -> int:
        """Where the picture begins to fade to black: after its dim (``dim_ms``), else where the sound begins to end."""
        return self.from_ms + self.dim_ms


def sound_ending(draft: Draft) -> SoundEnding:
    """The sound's ending in ``draft``: the recording's own (``m.own_ending`` of a music segment heard to the end that
    still plays that part of the recording) or, where the music has one, the engine's fade, whichever ends first; ("", end, end) for neither."""
    return sound_ending_of(_heard_at_the_end(draft), draft.duration_ms)


def sound_ending_of(heard: Sequence[Segment], end: int) -> SoundEnding:
    """The ending of the sound of ``heard`` (the segments heard at the end of a video of ``end`` ms)."""
    found = SoundEnding("", end, end, end)
    for segment in heard:
        fade = round(number(segment.meta.get("fade_out_ms")) or 0)
        # the engine's fade where the music has one (planned, or asked for: "longer fade"), else its own ending: the
        # planner gives a song one or the other, and a fade asked for later is what the listener hears end it
        own = None if fade > 0 else _own(segment, end)
        candidates = [SoundEnding("fade", end - fade, end, end)] if fade > 0 else [own] if own is not None else []
        for candidate in candidates:
            if (candidate.until_ms, candidate.from_ms) < (found.until_ms, found.from_ms) or not found.how:
                found = candidate
    return found


def _own(segment: Segment, end: int) -> SoundEnding | None:
    own = segment.meta.get(OWN_ENDING)
    if not isinstance(own, Mapping) or own.get("how") not in ("decay", "hit") or segment.in_ms is None:
        return None
    start, stop = number(own.get("from_ms")), number(own.get("until_ms"))
    if start is None or stop is None or not segment.in_ms <= start <= stop:
        return None
    if stop > segment.in_ms + segment.duration_ms + END_SLACK_MS:  # the segment stops before the recording's end
        return None
    offset = segment.start_ms - segment.in_ms
    return SoundEnding(str(own["how"]), round(start + offset), min(end, round(stop + offset)), end)


def _heard_at_the_end(draft: Draft) -> list[Segment]:
    return [
        sg
        for track in draft.tracks_of(TrackType.AUDIO)
        if _heard(track.meta.get("volume"))
        for sg in track.segments
        if sg.end_ms >= draft.duration_ms - END_SLACK_MS and _heard(sg.meta.get("volume"))
    ]


def _heard(volume: object) -> bool:
    level = number(volume)
    return level is None or level > 0


def number(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
