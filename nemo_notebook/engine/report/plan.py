"""What the plan (the draft an export was rendered from) says of its shots: where it cuts, how long its longest shot
is, which picture it shows most, how often a picture comes back within a few shots, and where its sections change. Shots are the visuals lane on the frame grid, as the renderer places them (``render.timeline.shots``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ...protocol import Draft, MediaInfo
from ...protocol.report import REPEAT_SHOTS
from ...protocol.showings import showings
from ..render.sections import sections_of
from ..render.timeline import Shot, shots

GENERATED = "generated background"


@dataclass(frozen=True)
class PlanFigures:
    """The plan's cuts (ms, each the first frame of a shot after the first), its longest shot (ms), the most-shown
    picture (its name) and its share of the frames, repeats within ``REPEAT_SHOTS`` shots, and where its sections change
    (each section's start after the first, ms)."""

    cuts_ms: tuple[int, ...]
    longest_shot_ms: int
    most_shown: str | None
    most_shown_share: float | None
    repeats: int
    section_changes_ms: tuple[int, ...]


def plan_figures(draft: Draft, media: Mapping[str, MediaInfo]) -> PlanFigures:
    placed = shots(draft)
    fps = draft.fps
    cuts_ms = tuple(shot.start_frame * 1000 // fps for shot in placed[1:])
    longest = max((shot.frames for shot in placed), default=0) * 1000 // fps
    shown, share = most_shown(placed, media)
    changes = tuple(s.start_ms for s in sections_of(dict(draft.meta)) if 0 < s.start_ms < draft.duration_ms)
    return PlanFigures(cuts_ms, longest, shown, share, repeats(placed), changes)


def most_shown(placed: Sequence[Shot], media: Mapping[str, MediaInfo]) -> tuple[str | None, float | None]:
    """The picture or clip on screen longest (generated backgrounds counted as one) and its share of the frames."""
    frames: Counter[str | None] = Counter()
    for shot in placed:
        frames[shot.segment.src] += shot.frames
    total = sum(frames.values())
    if not total:
        return None, None
    src, count = frames.most_common(1)[0]
    info = media.get(src) if src is not None else None
    name = GENERATED if src is None else (info.name if info is not None else src)
    return name, round(count / total, 3)


def repeats(placed: Sequence[Shot]) -> int:
    """Showings (``protocol.showings``: a near view a few shots on is one of its own, as the viewer sees it) whose
    picture or clip was also shown in one of the ``REPEAT_SHOTS`` showings before (generated backgrounds are not
    pictures and never count)."""
    sources = [run[0].src for run in showings([shot.segment for shot in placed])]
    return sum(1 for i, src in enumerate(sources) if src is not None and src in sources[max(0, i - REPEAT_SHOTS) : i])
