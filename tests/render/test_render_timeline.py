"""The visuals lane on the frame grid, without running ffmpeg."""

from __future__ import annotations

from nemo_notebook.engine.render.timeline import FILLER, frame_at, shots, total_frames

from .drafts import draft, shot


def test_cut_frames_come_from_cumulative_times_not_from_rounded_durations() -> None:
    beat_ms = 60_000 / 137  # 437.96 ms: 13.14 frames at 30 fps, so rounded durations would drift
    starts = [round(i * beat_ms) for i in range(200)]
    lane = [shot("pic0", s, e - s) for s, e in zip(starts, [*starts[1:], 87_591], strict=True)]
    placed = shots(draft(lane, 87_591))
    assert [s.start_frame for s in placed] == [frame_at(s, 30) for s in starts]
    assert all(abs(s.start_frame / 30 * 1000 - t) <= 1000 / 60 + 0.01 for s, t in zip(placed, starts, strict=True))
    assert sum(s.frames for s in placed) == total_frames(draft(lane, 87_591)) == 2628


def test_gaps_are_filled_with_background_and_overlaps_trimmed() -> None:
    lane = [shot("a", 1000, 1000), shot("clip", 1500, 1000, in_ms=4000), shot("b", 3000, 500)]
    placed = shots(draft(lane, 4000))
    assert [(s.segment.src, s.start_frame, s.frames) for s in placed] == [
        (None, 0, 30),
        ("a", 30, 30),
        ("clip", 60, 15),
        (None, 75, 15),
        ("b", 90, 15),
        (None, 105, 15),
    ]
    assert placed[0].segment is FILLER
    assert placed[2].in_ms == 4500, "the part of the clip hidden under the shot before is skipped"


def test_a_draft_without_visuals_is_one_background() -> None:
    (only,) = shots(draft([], 2000))
    assert (only.segment.meta["role"], only.start_frame, only.frames) == ("background", 0, 60)
