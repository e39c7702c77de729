"""A short for phones' apps (TikTok, Reels, Shorts): a shorter version of a song, a minute or less
(``song_version``: the default short of a request that names an app, "make it 30 seconds", a release pack's
shorts), paced for a feed where the first second decides the scroll.

Held-out export 02 (a 156 BPM pop-rock song cut to 30 s from its chorus), to a blind reviewer: "3.07 s on [the
opener] before the first cut is long for 156 BPM ... put the title at frame 0 and cut at the phrase start (~1.1 s)",
and "4.6 s on the yellow-flower photo, which is almost static ... a dead spot in a loud chorus". So a short

- cuts its opening shot on the first downbeat from ``OPENING_MS`` on (``short_opening``: a bar in, where a whole
  video holds its opening picture to a phrase, ``cutting.hold_opening``);
- shows its title from the first frame, with no fade in (``from_first_frame``), where a whole video brings it in on
  a downbeat after the picture has been seen alone, and takes it off at the first cut from ``TITLE_MS`` on (it
  covered held-out 02's first 5.5 s, "the hook, over three cuts", a blind reviewer);
- holds a still of loud driving music ``HOLD_MS`` at most, rounded to whole bars (``holds.longest_hold_ms``: one bar
  at 156 BPM, where a whole video's holds reach two), its hold cut into near and wide views of its picture
  (``holds.framed_holds``); a picture with no near view to cut to is held two bars at most, the cuts of loud
  driving music put two bars apart at most (``holds.phrase_holds``) however few the pictures (four small portrait
  photos held 6.2 s each). The last shot, under the end card, may hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ...protocol import Track
from ..analysis.types import AudioAnalysis
from .cutting import MIN_SHOT_MS

LONGEST_MS = 60_000  # a shorter version this long or less is a short
OPENING_MS = 1000  # the opening shot lasts to the first downbeat from here on
HOLD_MS = 2000  # a still of loud driving music is held the most of 4, 2 or 1 bars that fits this long
TITLE_MS = 2500  # its title is read over the hook's first shots: gone by the first cut from here on
PHRASE_BARS = 2  # and no shot of it is cut longer than this many bars, however few the pictures


def is_short(length_ms: int) -> bool:
    """Whether a shorter version ``length_ms`` long is a short (``LONGEST_MS`` or less)."""
    return 0 < length_ms <= LONGEST_MS


def short_opening(analysis: AudioAnalysis, cuts: Sequence[int], duration_ms: int) -> list[int]:
    """``cuts`` with the first cut on the first downbeat from ``OPENING_MS`` on (else the first beat there), the cuts
    after it kept where they leave a shot of ``MIN_SHOT_MS``; ``cuts`` as they are without such a beat.

    >>> from types import SimpleNamespace as Song
    >>> short_opening(Song(downbeats_ms=(0, 1539, 3076), beats_ms=()), [3076, 4615], 30_000)
    [1539, 3076, 4615]
    """
    for grid in (analysis.downbeats_ms, analysis.beats_ms):
        first = next((b for b in sorted(grid) if OPENING_MS <= b <= duration_ms - MIN_SHOT_MS), None)
        if first is not None:
            return [first, *(c for c in cuts if c >= first + MIN_SHOT_MS)]
    return list(cuts)


def from_first_frame(titles: Track, cuts_ms: Sequence[int] = ()) -> Track:
    """The titles lane with its first title shown from the first frame, fully (no fade in), to the first of
    ``cuts_ms`` (the visuals' cuts) from ``TITLE_MS`` on where that comes before its end, else as long as it was (an
    opening title that came in on a downbeat goes out on one still: ``opening.opening_end_ms``). A cover's credit,
    set in its layout for the whole video (``cover.credit_in_layout``), keeps its length.

    >>> from nemo_notebook.protocol import Segment, TrackType
    >>> lane = Track(TrackType.TEXT, (Segment(start_ms=400, duration_ms=5100, meta={}),))
    >>> [(s.start_ms, s.end_ms) for s in from_first_frame(lane, [1539, 3078, 4617]).segments]
    [(0, 3078)]
    """
    if not titles.segments:
        return titles
    first = min(titles.segments, key=lambda s: s.start_ms)
    cuts_ms = () if first.meta.get("layout") == "cover" else cuts_ms  # a cover's credit stays for the whole video
    end = next((c for c in sorted(cuts_ms) if TITLE_MS <= c < first.end_ms), first.end_ms)
    shown = replace(first, start_ms=0, duration_ms=end, meta={**first.meta, "fade_in_ms": 0})
    return titles.with_segments([shown if s is first else s for s in titles.segments])
