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
    """An ``eq`` that grades the pictures and clips by section (saturation and contrast), "" when no section
    changes the look."""
    parts = {}
    for name, index in (("saturation", 0), ("contrast", 1)):
        expr = "1"
        for level, values in GRADES.items():
            inside = windows(sections, level)
            if inside and values[index] != 1.0:
                expr = f"if({inside},{values[index]},{expr})"
        parts[name] = expr
    if all(expr == "1" for expr in parts.values()):
        return ""
    return f"eq=saturation='{parts['saturation']}':contrast='{parts['contrast']}':eval=frame"


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
