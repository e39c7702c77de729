"""The report card of a finished export (``protocol.report.ReportCard``): measured on the rendered MP4 where it can
be (its cuts found in its frames, its loudness and true peak from its sound, its length and size), the rest taken
from the draft it was rendered from (shots, pictures, sections, the beat grid) and from the engine (render time).

``report_card`` measures; ``saved_card`` / ``save_card`` keep the result in the engine's cache (``card_path``, with
the render's wall time that the render queue writes there when the render completes), so that a second look costs a
file read. Measuring decodes every frame of the export, small: 15.5 s for a minute of 1080p here (two busy cores),
1-2 s for 15 s of 480p.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ...protocol import Draft
from ...protocol.report import ON_BEAT_MS, ReportCard
from ..errors import EngineError
from ..render import canvas_for
from ..render.graph import MediaMap
from ..render.presets import frame_rate, quality_for
from .beats import found_share, nearest_ms, on_share
from .cover import visualizer_cover_share
from .plan import PlanFigures, plan_figures

__all__ = ["ReportCard", "card_path", "record_render_time", "report_card", "save_card", "saved_card"]

NO_FLOOR = "render time is the engine's wall time; the engine measures no encode floor to compare it with"


def report_card(
    draft: Draft, media: MediaMap, path: Path, *, render_id: str, quality: str, render_s: float | None = None
) -> ReportCard:
    """Measure the export at ``path``, rendered from ``draft`` at ``quality`` with ``media`` (id → (path, info)).

    Figures that cannot be had are None, and the card's ``notes`` say why (no beat grid, no visualizer, no sound).
    """
    preset = quality_for(quality)
    draft = draft.with_meta(fps=frame_rate(preset, draft.fps))  # a preview renders at half the rate
    notes: list[str] = []
    plan = plan_figures(draft, {media_id: info for media_id, (_, info) in media.items()})
    found, fps = _found_cuts(path, draft.fps, notes)
    if found is not None:
        _note_unseen(plan.cuts_ms, found, 1000 / fps + 0.5, notes)
    cover = visualizer_cover_share(draft, media, canvas_for(draft, lines=preset.lines, fast=preset.fast))
    if cover is None:
        notes.append("no visualizer: its cover of the subject is n/a")
    lufs, peak = _loudness(path, notes)
    if render_s is None:
        notes.append("the render time was not recorded (rendered before the engine kept it)")
    else:
        notes.append(NO_FLOOR)
    return ReportCard(
        render_id=render_id,
        duration_ms=_duration_ms(path),
        size_bytes=path.stat().st_size,
        fps=round(fps, 3),
        cuts_planned=len(plan.cuts_ms),
        cuts_found=None if found is None else len(found),
        planned_cuts_found_share=None if found is None else found_share(plan.cuts_ms, found, 1000 / fps + 0.5),
        **_beat_figures(draft, found, fps, notes),
        **_plan_fields(plan, found),
        visualizer_covers_subject_share=cover,
        loudness_lufs=lufs,
        true_peak_dbtp=peak,
        render_s=None if render_s is None else round(render_s, 2),
        notes=tuple(notes),
    )


def _found_cuts(path: Path, fps: float, notes: list[str]) -> tuple[tuple[int, ...] | None, float]:
    from ..analysis.video import hard_cuts

    try:
        return hard_cuts(path)
    except EngineError as exc:
        notes.append(f"the frames could not be read ({exc}): no cuts found")
        return None, fps


def _note_unseen(planned_ms: tuple[int, ...], found: tuple[int, ...], tolerance_ms: float, notes: list[str]) -> None:
    unseen = [at for at in planned_ms if not found or nearest_ms(at, found) > tolerance_ms]
    if unseen:
        shown = ", ".join(f"{at / 1000:.2f} s" for at in unseen[:8]) + (" …" if len(unseen) > 8 else "")
        notes.append(
            f"planned cuts not seen as hard cuts in the frames: {shown} (a dissolve, or two shots that look alike)"
        )


def _beat_figures(draft: Draft, found: tuple[int, ...] | None, fps: float, notes: list[str]) -> dict[str, Any]:
    beats, downbeats = _times(draft.meta.get("beats_ms")), _times(draft.meta.get("downbeats_ms"))
    if not beats:
        notes.append("the draft has no beat grid (no analysed music): cuts on beats are n/a")
    elif not downbeats:
        notes.append("the draft has no downbeats: cuts on downbeats are n/a")
    cuts = found or ()
    frame_ms = 1000 / fps + 0.5  # a cut on the frame grid lies within half a frame of its planned time
    return {
        "cuts_on_beat_70ms_share": on_share(cuts, beats, ON_BEAT_MS),
        "cuts_on_beat_frame_share": on_share(cuts, beats, frame_ms),
        "cuts_on_downbeat_70ms_share": on_share(cuts, downbeats, ON_BEAT_MS),
        "cuts_on_downbeat_frame_share": on_share(cuts, downbeats, frame_ms),
    }


def _plan_fields(plan: PlanFigures, found: tuple[int, ...] | None) -> dict[str, Any]:
    cuts = [*plan.cuts_ms, *(found or ())]  # a cut the plan makes, or one a viewer sees (a section's new look)
    return {
        "section_changes": len(plan.section_changes_ms),
        "section_changes_cut": sum(1 for at in plan.section_changes_ms if any(abs(at - c) <= ON_BEAT_MS for c in cuts)),
        "longest_shot_ms": plan.longest_shot_ms,
        "most_shown": plan.most_shown,
        "most_shown_share": plan.most_shown_share,
        "repeats_within_3_shots": plan.repeats,
    }


def _times(raw: object) -> list[float]:
    return [float(t) for t in raw if isinstance(t, (int, float))] if isinstance(raw, list) else []


def _loudness(path: Path, notes: list[str]) -> tuple[float | None, float | None]:
    from .loudness import ebu_r128

    try:
        measured = ebu_r128(path)
    except EngineError as exc:
        notes.append(f"no loudness: {exc}")
        return None, None
    finite = [v if v > float("-inf") else None for v in (measured.integrated_lufs, measured.true_peak_dbtp)]
    return finite[0], finite[1]


def _duration_ms(path: Path) -> int:
    import av

    with av.open(str(path)) as container:
        return round((container.duration or 0) / 1000)


# kept in the engine's cache (``cache/reports/<render file name>.json``), not among the renders


def card_path(cache_dir: Path, video: Path) -> Path:
    """Where the card (and the render time) of the export ``video`` is kept."""
    return cache_dir / "reports" / f"{video.name}.json"


def _stamp(video: Path) -> list[int]:
    status = video.stat()
    return [status.st_size, status.st_mtime_ns]


def _read(kept: Path) -> dict[str, Any]:
    try:
        found = json.loads(kept.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _write(kept: Path, content: Mapping[str, Any]) -> None:
    kept.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{kept.name}.", suffix=".tmp", dir=kept.parent)  # one per writer
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(content, out)
        os.replace(name, kept)
    finally:
        Path(name).unlink(missing_ok=True)


def record_render_time(kept: Path, video: Path, render_s: float) -> None:
    """Keep the wall time the render of ``video`` took (the render queue calls it when the file is in place)."""
    _write(kept, {"render_s": render_s, "stamp": _stamp(video)})


def saved_card(kept: Path, video: Path) -> tuple[ReportCard | None, float | None]:
    """The card kept for ``video`` (None when there is none, or the file changed since), and its render time."""
    found = _read(kept)
    render_s = found.get("render_s")
    seconds = float(render_s) if isinstance(render_s, (int, float)) else None
    fresh = video.is_file() and found.get("stamp") == _stamp(video)
    card = found.get("card")
    return (ReportCard.from_wire(card) if fresh and isinstance(card, dict) else None), seconds


def save_card(kept: Path, video: Path, card: ReportCard) -> None:
    _write(kept, {"render_s": card.render_s, "stamp": _stamp(video), "card": card.to_wire()})
