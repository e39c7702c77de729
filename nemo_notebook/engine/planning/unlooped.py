"""The showings of a planned visuals lane in an order a viewer does not take for a loop: the last pass over what
the picture shows, after the shot order and the passes that split, hold and reframe its shots.

Held-out 01 (a 156 BPM pop-rock song, eight photos, ``Megamind.avi`` and a street camera) showed, after all of
those passes, Elephants LadyBird YellowFlower Elephants LadyBird YellowFlower Elephants in its first 25 s, the
same four-picture rounds again from 39 s, its clips only from 31 s, and its 9:16 short cycled four pictures from
13.8 s ("the second half replays the opening order of pictures", "the first 30 s are photos only", blind
reviewers). A showing is a run of shots of one picture or clip side by side (a held picture's views, a clip's
moments). ``unlooped`` trades the contents of two showings of as many shots (each place keeps its cuts, which
the music set; the content is laid into them) as long as a trade lowers the ``looped`` count: a clip's first
showing after ``CLIP_BY_MS`` where clips exist; each run of three showings or pair shown again in the same order;
each picture or clip back within ``NEAR`` showings of its last where more than ``NEAR`` of them are shown. A clip's
moments keep the order they had in time (``story_order``: each pass of a clip tells its story in order).
"""

from __future__ import annotations

import bisect
import itertools
from collections import defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import replace

from ...protocol import Segment
from ...protocol.vocabulary import is_reframe
from .stills_apart import REACH

CLIP_BY_MS = 8_000  # where clips exist, one is seen this early: the liveliest material, not after 30 s of photos
NEAR = 5  # showings: a picture or clip back within this many, where more are shown, is a loop a viewer sees
ALIKE = 1.5  # two showings trade contents where one lasts at most this much longer than the other ...
WEAK_LONGER = 1.1  # ... and a weak picture's or clip's takes a place at most this much longer than its own
SPLIT_MS = 1500  # a shot cut for a clip's place in the opening leaves two of at least this
LATE, RUN, PAIR, CLOSE = 1000, 10, 2, 3  # what each fault costs in ``looped``
REST_MS = 8000  # a picture or clip moved comes back no sooner than this, or than it did
TRADES = 200  # trades made at most (each lowers ``looped``)


def showings(shots: Sequence[Segment]) -> list[range]:
    """The places of ``shots`` (in time order) by showing: each run of shots of one source side by side."""
    out: list[range] = []
    start = 0
    for n in range(1, len(shots) + 1):
        if n == len(shots) or shots[n].src != shots[start].src:
            out.append(range(start, n))
            start = n
    return out


def looped(sources: Sequence[str | None], starts_ms: Sequence[int], clips: Collection[str]) -> int:
    """What a viewer takes for a loop in showings of ``sources`` (one a showing, starting at ``starts_ms``): a
    clip's first showing later than ``CLIP_BY_MS`` (``LATE``), each run of three (``RUN``) and pair (``PAIR``)
    shown again in the same order, each source back within ``NEAR`` showings (``CLOSE``, once more for each
    showing nearer) where more than ``NEAR`` sources are shown."""
    shown_clips = [at for src, at in zip(sources, starts_ms, strict=True) if src in clips]
    late = bool(shown_clips) and min(shown_clips) > CLIP_BY_MS
    runs = list(itertools.pairwise(sources))
    triples = list(zip(sources, sources[1:], sources[2:], strict=False))
    again = RUN * (len(triples) - len(set(triples))) + PAIR * (len(runs) - len(set(runs)))
    near = min(NEAR, len(set(sources)) - 1)
    last: dict[str | None, int] = {}
    close = 0
    for n, src in enumerate(sources):
        if src in last and n - last[src] <= near:
            close += CLOSE * (near + 1 - (n - last[src]))
        last[src] = n
    return LATE * late + again + close


def unlooped(
    shots: Sequence[Segment],
    clips: Mapping[str, int],
    weak: Collection[str] = (),
    beats_ms: Sequence[int] = (),
    loud: Callable[[int], bool] | None = None,
) -> list[Segment]:
    """``shots`` (the visuals lane, in time order) with the contents of two showings traded, again and again, while a
    trade lowers ``looped`` (the best trade first; at most ``TRADES``). The first showing (the opening picture) and
    the last (the closing one) stay. Two showings trade only where they have as many shots and last about as long
    (``ALIKE``), where neither comes beside nor one showing away from a showing of itself, nor nearer its other
    showings than it was, ``NEAR`` showings and ``REST_MS``; where no weak picture or clip (``weak``: their ids)
    gets a longer place (``WEAK_LONGER``) nor the first ``CLIP_BY_MS``, and, where the music's loudest sections are
    known (``loud``), no clip leaves them but for the first ``CLIP_BY_MS`` (``loud_clips``: the clips' place).
    Where no clip can come into the first ``CLIP_BY_MS``, a shot there is cut in two on a beat of ``beats_ms``
    (``_opening_split``) for one to. ``clips``: each clip's length (ms) by its id; a clip's moment laid into a
    longer shot starts early enough to end within it."""
    out = sorted(shots, key=lambda s: s.start_ms)
    places = showings(out)
    if len(places) < 4:
        return out
    laid = _traded([[out[i] for i in p] for p in places], clips, weak, loud)
    late = all(c[0].start_ms > CLIP_BY_MS for c in laid if c[0].src in clips)
    if late and any(sg.src in clips for sg in out):  # no place in the opening a clip could take: one made
        laid = _traded(_opening_split(laid, beats_ms), clips, weak, loud)
    joined = [shot for n, content in enumerate(laid) for shot in _joined(laid, n, content)]
    return story_order(joined, out, clips)


def story_order(shots: Sequence[Segment], planned: Sequence[Segment], clips: Mapping[str, int]) -> list[Segment]:
    """``shots`` with each clip's in-points in the order its shots had in ``planned`` (as many of them), each
    starting early enough to end within the clip (``clips``: their lengths)."""
    was: dict[str, list[int]] = defaultdict(list)
    for shot in planned:
        if shot.src is not None and shot.src in clips and shot.in_ms is not None:
            was[shot.src].append(shot.in_ms)
    out, used = [], dict.fromkeys(was, 0)
    for shot in shots:
        src = shot.src or ""
        if src not in was or shot.in_ms is None or used[src] >= len(was[src]):
            out.append(shot)
            continue
        in_ms = was[src][used[src]]
        used[src] += 1
        out.append(replace(shot, in_ms=min(in_ms, max(clips[src] - shot.duration_ms, 0))))
    return out


def _traded(
    contents: list[list[Segment]],
    clips: Mapping[str, int],
    weak: Collection[str],
    loud: Callable[[int], bool] | None,
) -> list[list[Segment]]:
    """``contents`` (each showing's shots, in their places) with two traded while a trade lowers ``looped``, the
    best first (``unlooped``), each laid into the shots of its new place."""
    contents = list(contents)
    places = [[(s.start_ms, s.duration_ms) for s in c] for c in contents]
    spans = [(c[0].start_ms, c[-1].end_ms) for c in contents]
    sources = [c[0].src for c in contents]
    starts = [a for a, _ in spans]
    cost = looped(sources, starts, clips)
    for _ in range(TRADES):
        best: tuple[int, int, int] | None = None
        for i, j in itertools.combinations(range(1, len(contents) - 1), 2):
            opening = {sources[i], sources[j]} & set(clips) and min(starts[i], starts[j]) <= CLIP_BY_MS
            if len(places[i]) != len(places[j]) and not opening:
                continue
            if not _may_trade(sources, spans, i, j, clips, weak, loud):
                continue
            trial = list(sources)
            trial[i], trial[j] = trial[j], trial[i]
            found = looped(trial, starts, clips)
            if (
                found >= cost
                or (best is not None and found >= best[0])
                or not _kept_apart(sources, trial, starts, (i, j))
            ):
                continue
            moved = list(contents)
            moved[i], moved[j] = moved[j], moved[i]
            if _views_continued(moved, clips):
                best = (found, i, j)
        if best is None:
            break
        cost, i, j = best
        sources[i], sources[j] = sources[j], sources[i]
        contents[i], contents[j] = contents[j], contents[i]
    return [_fitted(content, place) for content, place in zip(contents, places, strict=True)]


def _fitted(content: Sequence[Segment], place: Sequence[tuple[int, int]]) -> list[Segment]:
    """``content`` (a showing's shots) laid into the shots of ``place`` (each its start and length, ms): shot by
    shot; its first shots only where it has more, its last lasting over the place's last shots where it has fewer."""
    k = min(len(content), len(place))
    end = place[-1][0] + place[-1][1]
    bounds = [*place[: k - 1], (place[k - 1][0], end - place[k - 1][0])]
    return [replace(shot, start_ms=a, duration_ms=ms) for shot, (a, ms) in zip(content, bounds, strict=False)]


def _views_continued(contents: Sequence[Sequence[Segment]], clips: Collection[str]) -> bool:
    """Whether each picture's near view moved a few shots on from its showing (``stills_apart``: a showing whose
    first shot ``is_reframe``) still has a shot of its picture within ``REACH`` shots before it, in another framing."""
    lane = [shot for content in contents for shot in content]
    for k, shot in enumerate(lane):
        if shot.src in clips or not is_reframe(shot.meta) or (k and lane[k - 1].src == shot.src):
            continue
        earlier = [sg for sg in lane[max(0, k - REACH) : k] if sg.src == shot.src]
        if not earlier or earlier[-1].meta.get("framing") == shot.meta.get("framing"):
            return False
    return True


def _kept_apart(
    before: Sequence[str | None], after: Sequence[str | None], starts: Sequence[int], moved: Sequence[int]
) -> bool:
    """Whether each source moved (at ``moved`` in ``after``) comes back no nearer its other showings than it did in
    ``before``, or than ``NEAR`` + 1 showings and ``REST_MS`` (``starts``: the showings' starts)."""
    for src in {after[n] for n in moved}:
        was, now = _apart(before, starts, src), _apart(after, starts, src)
        if now[0] < min(was[0], NEAR + 1) or now[1] < min(was[1], REST_MS):
            return False
    return True


def _apart(sources: Sequence[str | None], starts: Sequence[int], src: str | None) -> tuple[int, int]:
    """The fewest showings and the shortest time (ms, start to start) between two showings of ``src``."""
    at = [n for n, s in enumerate(sources) if s == src]
    gaps = list(itertools.pairwise(at))
    return min((b - a for a, b in gaps), default=len(sources)), min(
        (starts[b] - starts[a] for a, b in gaps), default=starts[-1]
    )


def _opening_split(contents: list[list[Segment]], beats_ms: Sequence[int]) -> list[list[Segment]]:
    """``contents`` with the first showing after the opening one (that one where no other) that is one shot of at
    least two ``SPLIT_MS`` cut on the beat nearest its middle, where that falls within ``CLIP_BY_MS``: a place a clip's showing can take in the opening seconds (the
    two halves are one shot again where none does, ``_joined``)."""
    for n in [*range(1, len(contents) - 1), 0]:  # the opening shot (under the title) last
        content, shot = contents[n], contents[n][0]
        if shot.start_ms > CLIP_BY_MS:
            continue
        middle = _nearest_beat(beats_ms, shot.start_ms + shot.duration_ms // 2)
        if len(content) > 1 or middle is None or not SPLIT_MS <= middle - shot.start_ms <= shot.duration_ms - SPLIT_MS:
            continue
        if middle > CLIP_BY_MS:
            continue
        halves = [
            replace(shot, duration_ms=middle - shot.start_ms),
            replace(shot, start_ms=middle, duration_ms=shot.end_ms - middle),
        ]
        return [*contents[:n], [halves[0]], [halves[1]], *contents[n + 1 :]]
    return contents


def _joined(laid: Sequence[Sequence[Segment]], n: int, content: Sequence[Segment]) -> list[Segment]:
    """The shots of showing ``n`` of ``laid``: none where it is the second half of a shot cut by ``_opening_split``
    beside its first; that one lasting to its end."""
    if n > 0 and _halves(laid[n - 1][-1], content[0]):
        return []
    if n + 1 < len(laid) and _halves(content[-1], laid[n + 1][0]):
        return [*content[:-1], replace(content[-1], duration_ms=laid[n + 1][0].end_ms - content[-1].start_ms)]
    return list(content)


def _halves(a: Segment, b: Segment) -> bool:
    return a.src == b.src and a.end_ms == b.start_ms and a.meta == b.meta and a.in_ms is None


def _may_trade(
    sources: Sequence[str | None],
    spans: Sequence[tuple[int, int]],
    i: int,
    j: int,
    clips: Collection[str],
    weak: Collection[str],
    loud: Callable[[int], bool] | None,
) -> bool:
    """Whether the showings at ``i`` and ``j`` may trade contents (see ``unlooped``)."""
    a, b = sources[i], sources[j]
    if a == b:
        return False
    length = [end - start for start, end in spans]
    if max(length[i], length[j]) > ALIKE * min(length[i], length[j]):
        return False
    for src, here, there in ((a, i, j), (b, j, i)):
        if src in weak and (length[there] > WEAK_LONGER * length[here] or spans[there][0] < CLIP_BY_MS):
            return False
        leaves = loud is not None and loud(spans[here][0]) and not loud(spans[there][0])
        if src in clips and leaves and spans[there][0] > CLIP_BY_MS:
            return False
        if any(sources[n] == src and n != here for n in range(max(there - 2, 0), min(there + 3, len(sources)))):
            return False
    return True


def _nearest_beat(beats_ms: Sequence[int], at_ms: int) -> int | None:
    n = bisect.bisect_left(beats_ms, at_ms)
    near = [beats_ms[k] for k in (n - 1, n) if 0 <= k < len(beats_ms)]
    return min(near, key=lambda b: abs(b - at_ms)) if near else None
