"""A clip shown more often than its footage allows is counted in the reply as a viewer sees it (issue 29, review 45
"Fix first" 4): held-out 01 said 5 pictures and clips were "on screen up to 7 times each" while a blind reviewer
counted "Megamind.avi" in 13 shots, each another moment of it. The reply says how often the clip comes back and,
where its shots show a moment of it again (counted on the plan), says so, without the counts stop 47's reviewer called
tool-speak ("in 13 shots showing 5 different moments of the clip"). The real planner cuts every second beat of a
minute over two photos and a static street camera (``tests/planning/test_picture_ceiling``), which it shows more
often than its one look allows."""

from __future__ import annotations

import re

from nemo_notebook.protocol import Segment
from nemo_notebook.protocol.showings import times_shown
from tests.planning.test_picture_ceiling import CLIPS, PHOTOS, _agent, _lane, _one_look

from .fakes import run


def _viewers_shots(lane: list[Segment], src: str) -> list[tuple[int, int]]:
    """The footage (clip ms) of each shot of ``src`` a viewer sees: a segment that runs on from the one before it
    (the same clip and framing, its footage within a frame of where that one ended) is the same shot."""
    shots: list[tuple[int, int]] = []
    for before, sg in zip([None, *lane], lane, strict=False):
        if sg.src != src or sg.in_ms is None:
            continue
        same = before is not None and before.src == src and before.in_ms is not None
        framed = same and all(sg.meta.get(k) == before.meta.get(k) for k in ("framing", "zoom"))  # type: ignore[union-attr]
        if framed and abs(sg.in_ms - (before.in_ms + before.duration_ms)) <= 40:  # type: ignore[union-attr,operator]
            shots[-1] = (shots[-1][0], sg.in_ms + sg.duration_ms)
        else:
            shots.append((sg.in_ms, sg.in_ms + sg.duration_ms))
    return shots


def test_the_reply_counts_a_clips_shots_and_moments_as_the_viewer_sees_them() -> None:
    """On main 5a745b9 the reply folded the clip in with the photos: '3 pictures and clips ("p0.jpg", "p1.jpg", …)
    are on screen up to 24 times each in 60s'; on main 0e4861e '"m_street.mp4" is on screen 12 times in 60s, in 12
    shots, each a different moment of the clip'; here '"m_street.mp4" is on screen 12 times in 60s'."""
    street_info, street = _one_look(CLIPS[1])
    ctx = _agent(*PHOTOS[:2], street_info, video={"m_street": street})
    _, words = run(ctx, "create a video from this music with beat-synced cuts, cut every 2 beats")
    lane = _lane(ctx.draft())
    # one line for every picture and clip that comes back (s57, ``repetition``): how often, the clip's moments again
    said = re.search(
        r"3 pictures and clips for 1:00, so each is on screen (\d+)(?: to (\d+))? times[^:]*?"
        r'(; some moments of "m_street\.mp4" show twice)?: more pictures or clips would let each come back less',
        words,
    )
    assert said, words
    assert words.count("come back less") == 1, words
    shots = _viewers_shots(lane, "m_street")
    new = [
        s for i, s in enumerate(shots) if all(min(s[1], e) - max(s[0], b) <= (s[1] - s[0]) / 2 for b, e in shots[:i])
    ]
    fewest, most = int(said.group(1)), int(said.group(2) or said.group(1))
    assert fewest <= times_shown(lane)["m_street"] <= most, (words, times_shown(lane))
    assert max(times_shown(lane).values()) == most, (words, times_shown(lane))
    assert bool(said.group(3)) == (len(new) < len(shots)), (words, shots)  # a moment again said only where there is one
    assert "different moment" not in words, words
