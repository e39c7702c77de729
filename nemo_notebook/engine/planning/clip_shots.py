"""The clips' windows handed out shot by shot for a music video: each pass through the clips tells their story
from the start again, showing at most ``PASS_FILL`` of the footage; a clip whose shots show no more than that of it
tells its story once over the whole video, and a pass ended early by a clip out of unseen windows restarts only that
clip (held-out 01's 30 s street camera showed 1.0-2.5 s of its footage, then 2.5-3.7 s at 90 s: the same view)."""

from __future__ import annotations

import copy
import itertools
import math
from collections.abc import Sequence

from ...protocol import MediaInfo, MediaKind, Segment
from ..analysis.types import VideoAnalysis
from .clip_window_traits import clip_length
from .clip_windows import ClipWindows, Window
from .options import Visual

__all__ = ["PASS_FILL", "ClipShots", "ShowingPart", "passes"]

# the share of the clips' footage one pass through them shows: windows keep inside the clips' own shots and out of
# the dark, and the chooser needs a choice, so a pass cannot use all of it
PASS_FILL = 0.6

ShowingPart = tuple[MediaInfo, int, int, int]
"""A part of one showing on screen: the clip that fills it, its in-point, its start and end in the video (ms)."""

_TAKING_CHANGES = ("taken", "windows", "seen", "shown_at", "shown_ms")  # ``ClipShots``' state that ``take`` changes


class ClipShots:
    """Hands out the clips' windows: analysed clips through ``ClipWindows`` (each window inside one of the clip's
    own shots or across its cuts landing on the beat, so that its cuts do not show off the beat, and out of its
    dark stretches where brighter footage fits), clips without analysis from their next unseen part.

    Music longer than the footage goes through the clips in passes, each telling their story from the start again
    (and a pass that runs out of unseen windows ends early, the other clips going on where they were), since a
    chooser that has shown everything would show the same liveliest window over and over."""

    def __init__(
        self,
        visuals: Sequence[Visual],
        order: Sequence[int],
        shots_ms: Sequence[int],
        weak: Sequence[int] = (),
        beats: Sequence[int] = (),
    ) -> None:
        """``beats``: the music's beats in the video (ms), on which a shot may show a clip's own cut where no scene of
        it is long enough (``clip_beat_cuts``)."""
        self.beats = beats
        self.visuals = visuals
        self.analysed = [
            k for k, (info, video) in enumerate(visuals) if info.kind == MediaKind.VIDEO and video is not None
        ]
        self.weak = [self.analysed.index(k) for k in weak if k in self.analysed]  # as ``ClipWindows`` counts them
        self.clips = [(visuals[k][0], video) for k in self.analysed if (video := visuals[k][1]) is not None]
        self.pass_of = passes([ms for k, ms in zip(order, shots_ms, strict=False) if k in self.analysed], self.clips)
        self.clip_of = [self.analysed.index(k) for k in order if k in self.analysed]  # each clip shot's clip
        clip_shots_ms = [ms for k, ms in zip(order, shots_ms, strict=False) if k in self.analysed]
        # the clips whose shots show no more than a pass's share of them: their story told once over the whole video,
        # not from its start again each pass (held-out 01's 30 s street camera twice on its first 4 s)
        self.told_once = [
            sum(ms for c, ms in zip(self.clip_of, clip_shots_ms, strict=False) if c == clip)
            <= PASS_FILL * clip_length(*self.clips[clip])
            for clip in range(len(self.clips))
        ]
        self.windows: dict[int, ClipWindows] = {}  # each pass's, made when it starts (it avoids the last's)
        self.seen: list[list[tuple[int, int]]] = [[] for _ in self.clips]  # every window handed out, per clip
        self.shown_at: list[list[tuple[int, int]]] = [[] for _ in self.clips]  # and when: (video ms, in-point)
        self.taken = 0
        self.shown_ms: dict[str, int] = {}

    def take(
        self, k: int, shot_ms: int, *, after: Segment | None = None, at_ms: int | None = None
    ) -> tuple[MediaInfo, int]:
        """The clip that fills a shot of ``shot_ms`` meant for visual ``k`` (another analysed clip when ``k`` has
        no shot of its own long enough and another has), and the shot's in-point in it (ms); ``after`` is the shot
        before on screen (a shot of the same clip does not join it alike: ``ClipWindows``); ``at_ms`` the shot's time in
        the video (a clip's moment comes back at most once a minute where it has others: ``clip_recency``)."""
        info = self.visuals[k][0]
        if k not in self.analysed:
            return info, self._unseen_in_point(info, shot_ms)
        clip, in_ms = self._take_analysed(self.analysed.index(k), shot_ms, self._window(after), at_ms)
        return self.visuals[self.analysed[clip]][0], in_ms

    def take_showing(self, k: int, bounds: Sequence[int], *, after: Segment | None = None) -> list[ShowingPart]:
        """The parts of one showing of visual ``k`` cut at ``bounds`` (video ms: start, cuts, end), each filled as
        ``take`` fills a shot, and all by the clip that fills the first: a part its clip cannot fill (no window away
        from the part before it) joins the part before rather than going to another clip, which would flash between
        two moments of the showing's clip (held-out 01 of stop 59: a 0.77 s street-camera shot, then a 0.77 s
        mirrored sliver of ``Megamind.avi``, one bar cut in two at the loud pace). Parts of the same clip stay cut:
        the montage at the music's pace."""
        if len(bounds) <= 2:
            return self._parts(k, bounds, after)
        before = self._state()
        cuts = list(bounds)
        while True:
            parts = self._parts(k, cuts, after)
            stray = next((n for n, part in enumerate(parts) if part[0].id != parts[0][0].id), None)
            if stray is None:
                self._pass_over(parts[0][0], len(bounds) - len(cuts))
                return parts
            self._restore(before)
            del cuts[stray]

    def _pass_over(self, info: MediaInfo, joined: int) -> None:
        """The ``joined`` parts' places in the passes, and their shares of the clip that filled them (``ClipWindows``)."""
        windows = self.windows.get(self.pass_of[min(self.taken, len(self.pass_of)) - 1]) if self.taken else None
        ids = [clip.id for clip, _ in self.clips]
        if windows is not None and info.id in ids:
            windows.shares[ids.index(info.id)] += joined  # the shots its window filled alone
        self.taken += joined

    def _parts(self, k: int, cuts: Sequence[int], after: Segment | None) -> list[ShowingPart]:
        parts: list[ShowingPart] = []
        for start, end in itertools.pairwise(cuts):
            info, in_ms = self.take(k, end - start, after=after, at_ms=start)
            parts.append((info, in_ms, start, end))
            after = Segment(start_ms=start, duration_ms=end - start, src=info.id, in_ms=in_ms)
        return parts

    def _state(self) -> dict[str, object]:
        """What taking a shot changes, copied (the clips and their analyses shared, not copied)."""
        return copy.deepcopy({name: getattr(self, name) for name in _TAKING_CHANGES}, self._shared())

    def _restore(self, state: dict[str, object]) -> None:
        """Back to ``state`` (``_state``), kept as it is for another return."""
        for name, value in copy.deepcopy(state, self._shared()).items():
            setattr(self, name, value)

    def _shared(self) -> dict[int, object]:
        """``deepcopy``'s memo that keeps the clips and their analyses shared: what ``_state`` and ``_restore`` never
        copy."""
        return {id(x): x for visual in self.visuals for x in visual}

    def _window(self, shot: Segment | None) -> Window | None:
        """``shot``'s window as ``ClipWindows`` names it, where it shows one of the analysed clips."""
        ids = [info.id for info, _ in self.clips]
        if shot is None or shot.in_ms is None or shot.src not in ids:
            return None
        return ids.index(shot.src), shot.in_ms, shot.in_ms + shot.duration_ms

    def _take_analysed(self, preferred: int, shot_ms: int, after: Window | None, at_ms: int | None) -> tuple[int, int]:
        this_pass = self.pass_of[self.taken]
        self.taken += 1
        if this_pass not in self.windows:
            self.windows[this_pass] = self._windows(this_pass, self.taken - 1, self.windows.get(this_pass - 1))
        windows = self.windows[this_pass]
        shown = [list(used) for used in windows.used]
        clip, in_ms = windows.take(preferred, shot_ms, after=after, at_ms=at_ms)
        if any(a < in_ms + shot_ms and in_ms < b for a, b in shown[clip]):
            # the clips' shots left no unseen window this long: the next pass starts here, not a repeat
            windows = self.windows[this_pass] = self._windows(this_pass, self.taken - 1, windows, ran_out=clip)
            clip, in_ms = windows.take(preferred, shot_ms, after=after, at_ms=at_ms)
        self.seen[clip].append((in_ms, in_ms + shot_ms))
        if at_ms is not None:
            self.shown_at[clip].append((at_ms, in_ms))
        return clip, in_ms

    def _windows(
        self, this_pass: int, since: int, before: ClipWindows | None, ran_out: int | None = None
    ) -> ClipWindows:
        """A pass's windows from the ``since``-th clip shot on, after ``before`` (the pass that ended, where one did),
        which the clips told once over the video (``told_once``) carry on from, and where ``ran_out`` (a clip with no
        unseen window left) ended it early, every other clip."""
        windows = ClipWindows(
            self.clips,
            shots=self._expected(this_pass, since),
            seen=self.seen,
            weak=self.weak,
            shown_at=self.shown_at,
            beats=self.beats,
        )
        if before is not None:
            going_on = [
                c for c in range(len(self.clips)) if c != ran_out and (ran_out is not None or self.told_once[c])
            ]
            carry_on(windows, before, going_on)
        return windows

    def _expected(self, this_pass: int, since: int) -> list[int]:
        """How many shots of ``this_pass`` (of every pass, for a clip told once: ``told_once``) from the ``since``-th
        clip shot on each clip is to fill (so that a clip with few shots spreads them over its whole length)."""
        mine = [
            c
            for c, p in zip(self.clip_of[since:], self.pass_of[since:], strict=False)
            if p == this_pass or self.told_once[c]
        ]
        return [mine.count(c) for c in range(len(self.clips))]

    def _unseen_in_point(self, info: MediaInfo, shot_ms: int) -> int:
        """Without analysis nothing says where the clip's shots are: its parts in turn, from the start."""
        room = max((info.duration_ms or 0) - shot_ms, 0)
        shown = self.shown_ms.get(info.id, 0)
        self.shown_ms[info.id] = shown + shot_ms
        return shown % room if room else 0


def passes(shots_ms: Sequence[int], clips: Sequence[tuple[MediaInfo, VideoAnalysis]]) -> list[int]:
    """The pass through the clips each of their shots (``shots_ms`` long, in order) belongs to: as few passes as
    show at most ``PASS_FILL`` of the footage each, of about equal length."""
    footage_ms = sum(video.duration_ms or info.duration_ms or 0 for info, video in clips)
    total_ms = sum(shots_ms)
    count = max(1, math.ceil(total_ms / max(PASS_FILL * footage_ms, 1)))
    starts_ms = itertools.accumulate(shots_ms, initial=0)
    return [min(start * count // max(total_ms, 1), count - 1) for start, _ in zip(starts_ms, shots_ms, strict=False)]


def carry_on(windows: ClipWindows, before: ClipWindows, clips: Sequence[int]) -> None:
    """``clips`` go on in ``windows`` from where ``before`` (a pass that ended early, another clip having run out of
    unseen windows) left them, their footage still ahead shared out among the shots this pass expects them to fill:
    a new pass restarts only the clip that ran out (held-out 01's 30 s street camera opened again on its first 3 s at
    90 s, since an 11 s clip beside it had been told twice)."""
    for clip in clips:
        length = clip_length(*windows.videos[clip])
        ahead_ms = max(before.shares_from_ms[clip] + before.shares[clip] * before.portion_ms[clip], before.cursor[clip])
        if ahead_ms >= length:  # its story told to the end: from its start again
            continue
        windows.used[clip], windows.cursor[clip] = list(before.used[clip]), before.cursor[clip]
        windows.shares_from_ms[clip] = ahead_ms
        windows.portion_ms[clip] = (length - ahead_ms) / max(1, windows.expected[clip])
