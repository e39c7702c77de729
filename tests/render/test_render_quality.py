"""Export qualities: each has its frame size, and a lower quality is never a bigger file."""

from __future__ import annotations

from pathlib import Path

from nemo_notebook.engine.render import build_graph, canvas_for, render_draft
from nemo_notebook.engine.render.presets import frame_rate, output_size, quality_for
from nemo_notebook.protocol import QUALITIES, Quality

from .conftest import Assets
from .drafts import draft, shot, title
from .synth import probe

EXPECTED_SIZES = {"high": (1920, 1080), "medium": (1280, 720), "low": (854, 480), "preview": (640, 360)}


def test_qualities_are_listed_best_first_with_their_lines() -> None:
    assert QUALITIES == ("high", "medium", "low", "preview")
    assert [Quality(q).lines for q in QUALITIES] == [1080, 720, 480, 360]
    assert {q: output_size("16:9", Quality(q).lines) for q in QUALITIES} == EXPECTED_SIZES
    assert output_size("9:16", 360) == (360, 640)
    assert output_size("1:1", 720) == (720, 720)


def test_each_quality_has_its_size_and_a_lower_one_is_never_bigger(assets: Assets, tmp_path: Path) -> None:
    pics = assets.picture_ids
    shots = [shot("clip", 0, 1500), shot(pics[0], 1500, 1000, motion="zoom_in"), shot("clip", 2500, 1500, in_ms=2000)]
    d = draft(shots, 4000, visualizer={"effect": "bars"}, texts=[title("Quality ladder", 0, 2000)])
    sizes = {}
    for quality in QUALITIES:
        result = render_draft(d, assets.media, tmp_path / f"{quality}.mp4", quality=quality)
        facts = probe(result.path)
        assert facts["size"] == EXPECTED_SIZES[quality], quality
        assert (facts["codec"], facts["profile"]) == ("h264", "High")
        assert facts["frames"] == (60 if quality == "preview" else 120)  # a preview at half the rate
        sizes[quality] = result.size
    ladder = [sizes[q] for q in QUALITIES]
    assert ladder == sorted(ladder, reverse=True) and len(set(ladder)) == len(ladder), sizes


def test_a_preview_trades_looks_for_speed_and_the_other_qualities_do_not(assets: Assets) -> None:
    d = draft([shot(assets.picture_ids[0], 0, 4000)], 4000, visualizer={"effect": "spectrum"})
    for quality in QUALITIES:
        preset = quality_for(quality)
        script = build_graph(d, assets.media, canvas_for(d, lines=preset.lines, fast=preset.fast)).script()
        if quality == "preview":
            assert frame_rate(preset, 30) == 15 and frame_rate(preset, 24) == 12
            assert "loudnorm" not in script and "alimiter" in script
            assert preset.x264_preset == "ultrafast" and "cabac=1" in preset.x264_params  # still H.264 High
        else:
            assert frame_rate(preset, 30) == 30 and frame_rate(preset, 24) == 24
            assert "loudnorm" in script and not preset.fast and preset.x264_preset == "veryfast"
