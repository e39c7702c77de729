"""A finished export's report card: how its cuts sit on the music, how its pictures are spread, how loud it is.

The embedded engine's addition to API.md: ``GET /api/render/proxy/lambda/<id>/report`` answers ``data`` =
``ReportCard.to_wire()`` for a completed render; the hosted service has no such call. Each figure says where it was
measured (``SOURCES``): the rendered file itself (cuts found in its frames, loudness from its sound, its size and
length) or the plan it was rendered from (the draft: shots, pictures, sections). A figure that cannot be had is
None, and ``notes`` says why.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

ON_BEAT_MS = 70
"""A cut this close to a beat (or downbeat) counts as on it; the other test is within one frame."""
REPEAT_SHOTS = 3
"""A picture shown again within this many shots of its last showing is a repeat."""
COVER_SHARE = 0.2
"""The visualizer covers a subject where at least this share of what a viewer looks at (saliency) lies under it."""
_Card = TypeVar("_Card", bound="ReportCard")


@dataclass(frozen=True)
class ReportCard:
    """The report card of one export; shares are 0..1, None where the figure cannot be had (``notes`` says why)."""

    render_id: str
    duration_ms: int
    size_bytes: int
    fps: float
    cuts_planned: int
    cuts_found: int | None = None
    planned_cuts_found_share: float | None = None
    cuts_on_beat_70ms_share: float | None = None
    cuts_on_beat_frame_share: float | None = None
    cuts_on_downbeat_70ms_share: float | None = None
    cuts_on_downbeat_frame_share: float | None = None
    section_changes: int = 0
    section_changes_cut: int = 0
    longest_shot_ms: int = 0
    most_shown: str | None = None
    most_shown_share: float | None = None
    repeats_within_3_shots: int = 0
    visualizer_covers_subject_share: float | None = None
    loudness_lufs: float | None = None
    true_peak_dbtp: float | None = None
    render_s: float | None = None
    notes: tuple[str, ...] = ()

    def to_wire(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out["notes"] = list(self.notes)
        return out

    @classmethod
    def from_wire(cls: type[_Card], data: Mapping[str, Any]) -> _Card:
        """The card from its JSON; keys this version does not know are dropped, missing ones take their default."""
        known = {f.name for f in dataclasses.fields(cls)}
        given = {k: v for k, v in data.items() if k in known}
        given["notes"] = tuple(str(n) for n in given.get("notes") or ())
        return cls(**given)


FRAMES, PLAN = "rendered file", "plan"
SOURCES: Mapping[str, str] = {
    "duration_ms": FRAMES,
    "size_bytes": FRAMES,
    "fps": FRAMES,
    "cuts_planned": PLAN,
    "cuts_found": FRAMES,
    "planned_cuts_found_share": FRAMES,
    "cuts_on_beat_70ms_share": FRAMES,
    "cuts_on_beat_frame_share": FRAMES,
    "cuts_on_downbeat_70ms_share": FRAMES,
    "cuts_on_downbeat_frame_share": FRAMES,
    "section_changes": PLAN,
    "section_changes_cut": "plan and rendered file",
    "longest_shot_ms": PLAN,
    "most_shown": PLAN,
    "most_shown_share": PLAN,
    "repeats_within_3_shots": PLAN,
    "visualizer_covers_subject_share": PLAN,
    "loudness_lufs": FRAMES,
    "true_peak_dbtp": FRAMES,
    "render_s": "engine",
}
"""Where each figure comes from."""
