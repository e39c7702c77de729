"""Which stretch of which clip fills a shot: lively, unused, inside one of the clip's own shots, in story order.

A window must not contain a cut of the clip itself, or the export would show a cut off the beat; it keeps a frame
clear of each cut on either side, since a cut found "within a frame" may be a frame early or late. Where no scene of
the clip is as long as the shot, a window whose cuts each land on a beat of the shot (``clip_beat_cuts``; the
music's ``beats`` and the shot's time known) fits too, unless its moment was on screen more lately than the clip's
least lately shown; the fallbacks across cuts rank those that show fewer cuts off the beat first after the clip's
recent and seen moments (held-out 01's last ``Megamind.avi`` shot crossed two of its scene changes ~170 ms off the
beat). Among the windows that fit, the one with the most motion wins, preferring windows after the last one taken from that clip (the story
keeps its order, each clip's footage shared out evenly among the shots it fills, so that the first shots do not use
up the end of a clip, nor a lively stretch all of them: so a pass opens on the liveliest window of the clip's
opening share, not its first second, and each next shot takes the liveliest of its own share where it can; one
that reaches the clip's end starts again near its earliest unseen window) and windows not shown yet; windows that dip into darkness (a fade from black), and
windows mostly out of focus or smeared next to the clip's sharp moments (``quality.soft_hops``), only when nothing
else fits, and windows with a frame unfit to show (a title card, credits, black or white, a letterbox, a fade,
a frozen picture: ``VideoAnalysis.unfit``) only when no clip has anything else. When no clip has a shot long enough, the window that crosses the weakest cut is taken: one cut
off the beat is better than a frozen picture.

Among the windows the story's order and the clip's recent moments leave, those opening on no in-point an earlier
shot of the clip opened on come first (``clip_seen.new_in_points``): the held-out 11 s clip cut into 20 shots of
0.77 s opened on 14 different in-points, one of them three times ("the same four Megamind shots recurring").

A shot goes to another clip where its own has no window inside one of its shots, if the other has a look it has
not shown yet (``VideoAnalysis.looks``; any window of a clip without looks); else the shot stays with its clip,
across the weakest of its cuts that shows nothing shown yet (a montage of short shots under long ones: the static
street camera beside it was shown five times, more than its one look allows).

A shot that follows a shot of the same clip on screen starts away from it (``JOIN_GAP_MS`` either side of that
window) and on a look (``VideoAnalysis.looks``) that window did not show, where the clip has one: else the cut between
them would join two moments that look alike, a cut no viewer sees (5000-6874 ms of Big Buck Bunny, then 6917 ms).
Another clip fills the shot before such a join is made.

A weak clip (a fixed camera, footage out of focus: ``quality.weakness``) fills another clip's shot only where no
other clip has anything: the other clip's own footage comes again first (the review export showed a street camera
three times where a 10 s clip had run out of unseen 4 s windows).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from ...protocol import MediaInfo
from ..analysis.types import VideoAnalysis
from .clip_beat_cuts import beat_faults, on_beat_starts, sliver_cuts
from .clip_looks_shown import LooksShown
from .clip_recency import ShownAt, not_recent, recency
from .clip_seen import new_in_points, overlaps, seen_steps, unseen
from .clip_window_traits import (
    STEP_MS,
    clip_length,
    dim,
    frame_length_ms,
    motion,
    on_frames,
    soft,
    starts_within_shots,
    unfit,
    worst_cut_inside,
)
from .quality import soft_hops

__all__ = ["JOIN_GAP_MS", "ClipWindows", "Window", "frame_length_ms"]

OPENING_MS = 400  # a window across cuts opens on no dull moment whose this long an earlier pass showed
JOIN_GAP_MS = 1000  # a shot after one of its own clip starts at least this far from that shot's window
DULL_SHARE = 0.5  # a window moving less than this share of the clip's lively moments is dull (``_dull``)
LIVELY_QUANTILE = 0.9  # the clip's lively moments: this quantile of its motion
# a window longer than this share of its clip takes its place by what it leaves the clip's other shots, its cuts
# where they fall: a 10 s montage's 8 s opening moved to 1.5 s put its cuts on the beat and left the later shots
# only moments it showed (``test_clip_moments``: 6 moments twice in a minute, not 4)
LONG_SHARE = 0.75

Window = tuple[int, int, int]
"""A clip's window on screen: (clip index, in-point ms, out-point ms)."""


class ClipWindows:
    """Hands out windows (clip index, in-point ms) of requested lengths, remembering what it handed out."""

    def __init__(
        self,
        videos: Sequence[tuple[MediaInfo, VideoAnalysis]],
        *,
        shots: int | Sequence[int],
        seen: Sequence[Sequence[tuple[int, int]]] = (),
        weak: Collection[int] = (),
        shown_at: Sequence[ShownAt] = (),
        beats: Sequence[int] = (),
    ) -> None:
        """``shots``: how many shots the clips are expected to fill, in all (shared equally) or each; ``seen``: the
        windows (in-point, out-point ms) each clip showed in earlier passes; ``weak``: the clips (indices) that fill
        another clip's shot only where no other clip can (``quality.weakness``); ``shown_at``: each clip's shots so
        far, (time in the video, in-point) ms, whose moments come back at most once a minute (``clip_recency``);
        ``beats``: the music's beats in the video (ms), on which a clip's cut inside a shot of a known time
        (``take``'s ``at_ms``) may land (``clip_beat_cuts``)."""
        self.videos = list(videos)
        self.beats = sorted(beats)
        self.shown_at = list(shown_at) or [[] for _ in self.videos]
        self.now_ms: int | None = None  # the time in the video of the shot being taken, where the caller says it
        self.weak = set(weak)
        # windows an earlier pass showed, per clip: this pass starts its windows elsewhere where it can
        self.seen = [list(s) for s in seen] or [[] for _ in self.videos]
        self.used: list[list[tuple[int, int]]] = [[] for _ in self.videos]
        self.cursor = [0] * len(self.videos)
        # each clip's footage is shared out evenly among the shots it is expected to fill
        each = [-(-shots // max(len(self.videos), 1))] * len(self.videos) if isinstance(shots, int) else shots
        self.expected = list(each)
        self.portion_ms = [clip_length(info, a) / max(1, n) for (info, a), n in zip(self.videos, each, strict=True)]
        self.shares_from_ms = [0.0] * len(self.videos)  # where each clip's shares begin
        self.shares = [0] * len(self.videos)  # how many of its shares its shots took (a joined showing's too)
        # how often each of a clip's looks and scenes was shown, by this pass or an earlier one
        self.shown = LooksShown([analysis for _, analysis in self.videos])
        self.soft = [soft_hops(analysis) for _, analysis in self.videos]
        ranked = [sorted(analysis.motion) or [0.0] for _, analysis in self.videos]
        self.lively_motion = [m[int(LIVELY_QUANTILE * (len(m) - 1))] for m in ranked]
        for clip, windows in enumerate(self.seen):
            for start, _ in windows:
                self.shown.count(clip, start, 0)

    def take(
        self, preferred: int, length_ms: int, *, after: Window | None = None, at_ms: int | None = None
    ) -> tuple[int, int]:
        """A window of ``length_ms`` from clip ``preferred``, or from the next clip that has room; its in-point (ms).

        ``after``: the window of the shot just before on screen, where it is one of these clips: a window of the same
        clip is taken away from it and on another look (``_alike_join``) where any clip has one. ``at_ms``: the
        shot's time in the video, where its clip's moments shown in the minute before are not taken again where the
        clip has others (``shown_at``)."""
        self.now_ms = at_ms
        count = len(self.videos)
        others = [(preferred + k) % count for k in range(1, count)]
        strong = [c for c in others if c not in self.weak]
        found = (
            self._own_unseen(preferred, length_ms, after=after)
            or self._first_fit(strong, length_ms, new_look=True, after=after)
            # a montage of short shots: its own cut inside the shot (on the beat where one is) rather than a look of
            # another clip again
            or self._across_cuts(preferred, length_ms, after=after)
            or self._first_fit(strong, length_ms, after=after)
            # a join that looks alike only where no clip has anything else
            or self._first_fit([preferred], length_ms)
            or self._across_cuts(preferred, length_ms)
            or self._first_fit(strong, length_ms)
            # its own footage again (a new pass: ``music_video``) rather than a weak clip (a fixed camera) again
            or (self._again(preferred, length_ms) if len(strong) < len(others) else None)
            or self._first_fit(others, length_ms)
            # title cards, credits, black or white frames, letterboxes, fades, frozen pictures only where no clip has
            # anything else
            or self._first_fit([preferred, *others], length_ms, strict=False)
            or (preferred, self._fallback_start(preferred, length_ms))
        )
        return found[0], self._mark(found[0], found[1], length_ms)

    def _first_fit(
        self,
        clips: Sequence[int],
        length_ms: int,
        *,
        strict: bool = True,
        new_look: bool = False,
        after: Window | None = None,
    ) -> tuple[int, int] | None:
        """The first of ``clips`` with a window inside its shots (``strict``: fit to show), and its start; with
        ``new_look``, only a window of a look not shown yet (``LooksShown.unseen_look``); with ``after``, none that joins
        it alike (``_alike_join``)."""
        for clip in clips:
            start = self._best_start(clip, length_ms, strict=strict, after=after)
            if start is not None and (not new_look or self.shown.unseen_look(clip, start, length_ms)):
                return clip, start
        return None

    def _own_unseen(self, clip: int, length_ms: int, *, after: Window | None = None) -> tuple[int, int] | None:
        """A window of the clip inside one of its shots (``_first_fit``); or, where its shots hold fewer than two
        windows side by side and that one shows a moment an earlier pass showed, one across its weakest cuts that no
        pass showed, bright and fit to show, where there is one (a 10 s clip's opening 4 s twice while 6-10 s were
        unseen)."""
        own = self._first_fit([clip], length_ms, after=after)
        inside = self._starts_within_shots(clip, length_ms)
        if (
            own is None
            or (inside and max(inside) - min(inside) >= length_ms)
            or self._unseen(clip, [own[1]], length_ms)
        ):
            return own
        across = self._across_cuts(clip, length_ms, after=after)
        if (
            across is None
            or not self._unseen(clip, [across[1]], length_ms)
            or self._dim(clip, across[1], length_ms)
            or self._off_beat(clip, across[1], length_ms)
        ):
            return own
        return across

    def _across_cuts(self, clip: int, length_ms: int, *, after: Window | None = None) -> tuple[int, int] | None:
        start = self._fresh_fallback_start(clip, length_ms, after=after)
        return None if start is None else (clip, start)

    def _best_start(self, clip: int, length_ms: int, *, strict: bool = True, after: Window | None = None) -> int | None:
        starts = self._joinable(clip, self._starts_within_shots(clip, length_ms), length_ms, strict, after)
        if not starts:  # no scene holds a window this long: those across the clip's cuts where each lands on a beat,
            # on a moment on screen no more lately than the clip's least lately shown (else the fallbacks weigh them)
            room = range(0, clip_length(*self.videos[clip]) - length_ms + 1, STEP_MS)
            least = min((self._recency(clip, s) for s in room), default=0)
            on_beat = [s for s in self._on_beat_starts(clip, length_ms) if self._recency(clip, s) <= least]
            on_beat = [s for s in on_beat if not sliver_cuts(self.videos[clip][1], s, length_ms)] or on_beat  # no blip
            starts = self._joinable(clip, on_beat, length_ms, strict, after)
        if not starts:
            return None
        # a fade from or to black reads as motion, but a dim shot in a music video looks like a fault
        starts = [s for s in starts if not self._dim(clip, s, length_ms)] or starts
        starts = [s for s in starts if not self._soft(clip, s, length_ms)] or starts
        fresh = [s for s in starts if not self._overlaps_used(clip, s, length_ms)]
        forward = [s for s in fresh if s >= self.cursor[clip]]
        # this shot's own share of the clip where it can, so that a lively stretch does not take every shot
        share_start = self.shares_from_ms[clip] + self.shares[clip] * self.portion_ms[clip] - length_ms
        before_share_end = [s for s in forward if s <= max(self.cursor[clip], share_start + self.portion_ms[clip])]
        pool = [s for s in before_share_end if s >= share_start] or before_share_end or forward
        pool = self._new_look_ahead(clip, pool, forward, length_ms)
        if not pool:  # this pass has told the clip's story to its end: it starts again near its beginning, on
            # no dull moment an earlier pass showed where it can (a dull one never twice)
            rest = fresh or starts
            rest = self._no_dull_again(clip, rest, length_ms) or rest
            pool = [s for s in rest if s <= min(rest) + max(self.portion_ms[clip] - length_ms, 0)]
        opened = [*self.seen[clip], *self.used[clip]]  # in-points opened on before: others of the story's first
        pool = new_in_points(opened, pool)
        if self.now_ms is not None:  # no moment on screen in the minute before where the clip has others, even out
            # of the story's order (``clip_recency``), nor a dull one an earlier pass showed
            groups = [self._no_dull_again(clip, group, length_ms) for group in (pool, forward, fresh, starts)]
            pool = not_recent(groups, self.shown_at[clip], self.now_ms) or pool
        # moments no pass showed before any shown again, in this shot's share or just ahead; else those shown least
        # a new pass opening where the last opened: the unseen windows a window's length on, where there are some
        ahead = [s for s in forward if pool and pool[0] <= s <= pool[0] + length_ms] if not self.used[clip] else []
        pool = (
            self._unseen(clip, pool, length_ms)
            or self._unseen(clip, ahead, length_ms)
            or self._least_seen(clip, self._not_the_last(clip, pool, forward, length_ms), length_ms)
        )
        pool = self.shown.least_shown(clip, new_in_points(opened, pool), length_ms)
        # the first of the liveliest windows, so that the story moves on as little as it must
        return max(pool, key=lambda s: (round(self._motion(clip, s, length_ms), 2), -s))

    def _joinable(self, clip: int, starts: list[int], length_ms: int, strict: bool, after: Window | None) -> list[int]:
        """Those of ``starts`` not joining ``after`` alike, and (``strict``) fit to show: no title card, credits,
        black or white frame, letterbox, fade or frozen picture."""
        starts = [s for s in starts if not self._alike_join(clip, s, length_ms, after)]
        return [s for s in starts if not self._unfit(clip, s, length_ms)] if strict else starts

    def _not_the_last(self, clip: int, pool: list[int], forward: list[int], length_ms: int) -> list[int]:
        """``pool`` (all shown by an earlier pass), or where it holds the clip's last shot again, the unseen windows
        ahead of it where there are some (a new pass of a 10 s clip opened on the 4 s its last shot showed)."""
        last = self.seen[clip][-1][0] if self.seen[clip] else None
        if last is None or all(abs(s - last) >= length_ms for s in pool):
            return pool
        return self._unseen(clip, forward, length_ms) or pool

    def _least_seen(self, clip: int, starts: list[int], length_ms: int) -> list[int]:
        """Those of ``starts`` (in order) within one share of the clip from the first of which earlier passes showed
        least (``_seen_steps``): the same moment again only where the story has no other near."""
        near = [s for s in starts if s <= starts[0] + self.portion_ms[clip]] if starts else starts
        seen = [self._seen_steps(clip, s, length_ms) for s in near]
        return [s for s, n in zip(near, seen, strict=True) if n == min(seen)] if seen else starts

    def _unseen(self, clip: int, starts: list[int], length_ms: int) -> list[int]:
        return unseen(self.seen[clip], starts, length_ms)

    def _starts_within_shots(self, clip: int, length_ms: int) -> list[int]:
        return starts_within_shots(*self.videos[clip], length_ms)

    def _on_beat_starts(self, clip: int, length_ms: int) -> list[int]:
        long = length_ms > LONG_SHARE * clip_length(*self.videos[clip])
        return [] if long else on_beat_starts(*self.videos[clip], self.beats, self.now_ms, length_ms)

    def _off_beat(self, clip: int, start: int, length_ms: int) -> int:
        """The window's cuts off the beat and blips (``clip_beat_cuts.beat_faults``); none counted in a window over
        ``LONG_SHARE`` of its clip."""
        if length_ms > LONG_SHARE * clip_length(*self.videos[clip]):
            return 0
        return beat_faults(self.videos[clip][1], self.beats, self.now_ms, start, length_ms)

    def _fallback_start(self, clip: int, length_ms: int) -> int:
        """The window of ``length_ms`` that earlier passes showed least of (``_seen_steps``), across the clip's
        weakest cut among those."""
        info, analysis = self.videos[clip]
        room = max(clip_length(info, analysis) - length_ms, 0)
        best = min(
            sorted({*range(0, room + 1, STEP_MS), *self._on_beat_starts(clip, length_ms)}),
            key=lambda s: (
                self._recency(clip, s),
                self._off_beat(clip, s, length_ms),
                self._seen_steps(clip, s, length_ms),
                self._worst_cut_inside(clip, s, length_ms),
            ),
        )
        return on_frames(best, analysis)

    def _no_dull_again(self, clip: int, starts: list[int], length_ms: int) -> list[int]:
        """Those of ``starts`` that are not a dull moment an earlier pass showed (``_dull``)."""
        return [s for s in starts if not (self._dull(clip, s, length_ms) and self._seen_steps(clip, s, length_ms))]

    def _recency(self, clip: int, start: int) -> int:
        return recency(start, self.shown_at[clip], self.now_ms)

    def _seen_steps(self, clip: int, start: int, length_ms: int) -> int:
        return seen_steps(self.seen[clip], start, length_ms)

    def _again(self, clip: int, length_ms: int) -> tuple[int, int] | None:
        """A window of ``clip`` this pass showed already, across its weakest cut (the caller starts a new pass on
        it); None where the clip is weak itself."""
        return None if clip in self.weak else (clip, self._fallback_start(clip, length_ms))

    def _fresh_fallback_start(self, clip: int, length_ms: int, *, after: Window | None = None) -> int | None:
        """A window of ``length_ms`` across the clip's weakest cuts that shows nothing this pass showed, fit to show,
        not joining ``after`` alike nor opening on a dull moment an earlier pass showed, and where it can not out of focus (``_soft``) nor starting near an in-point an
        earlier pass showed (a 10 s clip's fence, the same 4 s twice in a minute), showing as little as it can of
        what they showed; None where the clip is shorter than that or has none."""
        info, analysis = self.videos[clip]
        grid = [on_frames(s, analysis) for s in range(0, clip_length(info, analysis) - length_ms + 1, STEP_MS)]
        starts = [
            s
            for s in sorted({*grid, *self._on_beat_starts(clip, length_ms)})
            if not self._overlaps_used(clip, s, length_ms)
            and not self._unfit(clip, s, length_ms)
            and not self._alike_join(clip, s, length_ms, after)
            and not (self._dull(clip, s, 1) and self._seen_steps(clip, s, OPENING_MS) > 0)  # opens on a dull one seen
        ]
        if not starts:
            return None
        return min(
            starts,
            key=lambda s: (
                self._soft(clip, s, length_ms),
                self._recency(clip, s),
                any(abs(s - t) < length_ms // 2 for t, _ in self.seen[clip]),
                self._seen_steps(clip, s, length_ms),
                self._off_beat(clip, s, length_ms),
                round(self._worst_cut_inside(clip, s, length_ms), 2),
                self._dull(clip, s, length_ms) and self._seen_steps(clip, s, length_ms) > 0,
                s,
            ),
        )

    def _worst_cut_inside(self, clip: int, start: int, length_ms: int) -> float:
        return worst_cut_inside(self.videos[clip][1], start, length_ms)

    def _overlaps_used(self, clip: int, start: int, length_ms: int) -> bool:
        return overlaps(self.used[clip], start, length_ms)

    def _motion(self, clip: int, start: int, length_ms: int) -> float:
        return motion(self.videos[clip][1], start, length_ms)

    def _dull(self, clip: int, start: int, length_ms: int) -> bool:
        """Whether the window moves less than ``DULL_SHARE`` of the clip's lively moments (``LIVELY_QUANTILE`` of its
        motion): a still, bland moment (the white post bikes.mp4 opens on, three times in a minute)."""
        return self._motion(clip, start, length_ms) < DULL_SHARE * self.lively_motion[clip]

    def _unfit(self, clip: int, start: int, length_ms: int) -> bool:
        return unfit(self.videos[clip][1], start, length_ms)

    def _dim(self, clip: int, start: int, length_ms: int) -> bool:
        return dim(self.videos[clip][1], start, length_ms)

    def _soft(self, clip: int, start: int, length_ms: int) -> bool:
        return soft(self.soft[clip], self.videos[clip][1].hop_ms, start, length_ms)

    def _alike_join(self, clip: int, start: int, length_ms: int, after: Window | None) -> bool:
        """Whether a window of ``clip`` from ``start`` would follow ``after`` (a window of the shot before) with a cut
        no viewer sees: the same clip, coming within ``JOIN_GAP_MS`` of that window or starting on a look shown within
        ``JOIN_GAP_MS`` of it."""
        if after is None or after[0] != clip:
            return False
        _, in_ms, out_ms = after
        if start < out_ms + JOIN_GAP_MS and in_ms - JOIN_GAP_MS < start + length_ms:
            return True
        analysis = self.videos[clip][1]
        hop = max(analysis.hop_ms, 1)
        # the looks within a gap of it too: a pan drifts from look to look, and the next one begins alike
        first, last = max(in_ms - JOIN_GAP_MS, 0) // hop, -(-(out_ms + JOIN_GAP_MS) // hop)
        shown = set(analysis.looks[first : max(last, first + 1)])
        return self.shown.look(clip, start, 0) in shown

    def _new_look_ahead(self, clip: int, pool: list[int], forward: list[int], length_ms: int) -> list[int]:
        """``pool``, or where each of its windows shows a look shown more than one later in the clip shows, the
        windows of one share from the first of those on (a long scene does not take the shots of the short ones
        after it)."""
        if not pool:
            return pool
        least = min(self.shown.look_count(clip, s, length_ms) for s in pool)
        fresher = [s for s in forward if self.shown.look_count(clip, s, length_ms) < least]
        if not fresher:
            return pool
        return [s for s in fresher if s <= fresher[0] + self.portion_ms[clip]]

    def _mark(self, clip: int, start: int, length_ms: int) -> int:
        self.shares[clip] += 1
        self.shown.count(clip, start, length_ms)
        self.used[clip].append((start, start + length_ms))
        self.cursor[clip] = start + length_ms
        return start
