"""The report card of an export, measured on the rendered file: against known drafts (a picture planted again within
three shots, a cut planted off the beat) and against a music video planned from a real song, whose cuts found in the
frames must be the plan's within a frame."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from nemo_notebook.engine.analysis.audio import analyze_audio
from nemo_notebook.engine.analysis.video import analyze_video
from nemo_notebook.engine.intake.probe import probe
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.report import card_path, record_render_time, report_card, save_card, saved_card
from nemo_notebook.engine.report.plan import plan_figures
from nemo_notebook.protocol.report import ReportCard
from tests.conftest import shared_media

from .conftest import TEMPO_BPM, TRACK_MS, Assets
from .drafts import draft, shot

BEAT_MS = 60_000 // TEMPO_BPM  # the click track's beats: every 500 ms from 0, a downbeat every 2 s
BEATS = list(range(0, TRACK_MS, BEAT_MS))
# all "middle": a calm or loud section has its own grade, which a flat grey picture shows as a cut of its own
SECTIONS = [
    {"start_ms": 0, "end_ms": 4000, "level": "middle"},
    {"start_ms": 4000, "end_ms": 6000, "level": "middle"},
    {"start_ms": 6000, "end_ms": TRACK_MS, "level": "middle"},
]


def _known(pictures: list[str], *, off_beat_ms: int = 0) -> list[dict[str, object]]:
    """Eight shots of one to three beats, cut on the beats (on the downbeats at 2 s and 4 s); the cut at 4 s moved
    ``off_beat_ms`` off it; pic0 back as the fourth shot (a repeat within three shots) and as the last (four shots on:
    none); no cut where the last section starts (6 s). pic0 is on screen 3 of the 8 seconds."""
    a, b, c, d = pictures[:4]
    starts = [0, 1000, 2000, 2500, 3000, 4000 + off_beat_ms, 5000, 6500]
    sources = [a, b, c, a, d, b, c, a]
    ends = [*starts[1:], TRACK_MS]
    return [shot(src, s, e - s, motion="none") for src, s, e in zip(sources, starts, ends, strict=True)]


def _card(assets: Assets, tmp_path: Path, shots: list[dict[str, object]], **meta: object) -> ReportCard:
    d = draft(shots, TRACK_MS, **meta)
    out = render_draft(d, assets.media, tmp_path / "out.mp4", size=(320, 180), quality="low")
    return report_card(d, assets.media, out.path, render_id="r", quality="low", render_s=1.5)


def test_a_known_draft_reports_its_repeat_its_cuts_and_its_sections(assets: Assets, tmp_path: Path) -> None:
    grid = {"beats_ms": BEATS, "downbeats_ms": BEATS[::4], "sections": SECTIONS}
    card = _card(assets, tmp_path, _known(assets.picture_ids), **grid)
    assert (card.cuts_planned, card.cuts_found, card.planned_cuts_found_share) == (7, 7, 1.0)
    assert card.cuts_on_beat_70ms_share == card.cuts_on_beat_frame_share == 1.0
    assert card.cuts_on_downbeat_70ms_share == card.cuts_on_downbeat_frame_share == pytest.approx(2 / 7, abs=0.001)
    assert (card.section_changes, card.section_changes_cut) == (2, 1)
    assert card.repeats_within_3_shots == 1 and card.longest_shot_ms == 1500
    assert card.most_shown == "pic0.jpg" and card.most_shown_share == pytest.approx(3000 / TRACK_MS, abs=0.005)
    assert card.duration_ms == pytest.approx(TRACK_MS, abs=50) and card.fps == 30
    assert card.loudness_lufs is not None and card.true_peak_dbtp is not None and card.true_peak_dbtp <= -1.0
    assert card.visualizer_covers_subject_share is None and any("no visualizer" in n for n in card.notes)
    assert card.render_s == 1.5 and card.size_bytes == (tmp_path / "out.mp4").stat().st_size


def test_a_cut_planted_off_the_beat_is_found_off_it(assets: Assets, tmp_path: Path) -> None:
    grid = {"beats_ms": BEATS, "downbeats_ms": BEATS[::4], "sections": SECTIONS}
    card = _card(assets, tmp_path, _known(assets.picture_ids, off_beat_ms=150), **grid)
    assert card.cuts_found == 7 and card.planned_cuts_found_share == 1.0
    assert card.cuts_on_beat_70ms_share == card.cuts_on_beat_frame_share == pytest.approx(6 / 7, abs=0.001)
    assert card.cuts_on_downbeat_70ms_share == pytest.approx(1 / 7, abs=0.001)  # the one at 4 s is 150 ms late
    assert card.section_changes_cut == 0  # nor is it on the section change at 4 s any more


def test_a_planned_cut_a_viewer_cannot_see_is_named(assets: Assets, tmp_path: Path) -> None:
    """The same still picture twice in a row: the plan cuts at 2 s, the frames do not change there."""
    a, b = assets.picture_ids[:2]
    shots = [shot(a, 0, 1000, motion="none"), shot(b, 1000, 1000, motion="none"), shot(b, 2000, 2000, motion="none")]
    shots.append(shot(a, 4000, TRACK_MS - 4000, motion="none"))
    card = _card(assets, tmp_path, shots, beats_ms=BEATS, downbeats_ms=BEATS[::4])
    assert (card.cuts_planned, card.cuts_found) == (3, 2) and card.planned_cuts_found_share == pytest.approx(
        2 / 3, abs=0.001
    )
    assert card.repeats_within_3_shots == 1  # a's return; b twice in a row is one showing (``protocol.showings``)
    assert any(n.startswith("planned cuts not seen as hard cuts in the frames: 2.00 s") for n in card.notes)


def test_without_a_beat_grid_the_beat_figures_are_none_and_say_why(assets: Assets, tmp_path: Path) -> None:
    card = _card(assets, tmp_path, _known(assets.picture_ids))
    assert card.cuts_found == 7 and card.cuts_on_beat_70ms_share is None and card.cuts_on_downbeat_frame_share is None
    assert any("no beat grid" in n for n in card.notes) and card.section_changes == 0


def test_the_card_is_kept_until_the_file_changes(tmp_path: Path) -> None:
    video = tmp_path / "r.mp4"
    video.write_bytes(b"x" * 10)
    kept = card_path(tmp_path / "cache", video)
    record_render_time(kept, video, 3.25)
    assert saved_card(kept, video) == (None, 3.25)
    card = ReportCard("r", 1000, 10, 30.0, 2, notes=("a note",))
    save_card(kept, video, card)
    assert saved_card(kept, video) == (card, None) and ReportCard.from_wire({**card.to_wire(), "new": 1}) == card
    video.write_bytes(b"y" * 11)
    assert saved_card(kept, video)[0] is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "r.mp4"]  # nothing beside the video


def test_a_music_video_of_a_real_song_has_the_cuts_it_planned(tmp_path: Path) -> None:
    """A 15-second music video of the shared song, its poster and clip, planned as the engine plans it and rendered at
    480p: the cuts found in its frames are the plan's, each within one frame, and on the song's beats."""
    song, poster, clip = (
        shared_media(n) for n in ("vibe-ace.mp3", "big-buck-bunny-poster.jpg", "big-buck-bunny-30s.mp4")
    )
    infos = [probe(p, media_id=i, name=p.name) for p, i in ((song, "song"), (poster, "pic"), (clip, "clip"))]
    media = {info.id: (path, info) for path, info in zip((song, poster, clip), infos, strict=True)}
    visuals = [(infos[1], None), (infos[2], analyze_video(clip, cache_dir=tmp_path))]
    track = dataclasses.replace(infos[0], duration_ms=15_000)
    d = plan_music_video(track, analyze_audio(song, cache_dir=tmp_path), visuals, MusicVideoOptions())
    out = render_draft(d, media, tmp_path / "mv.mp4", quality="low")
    card = report_card(d, media, out.path, render_id="mv", quality="low")
    planned = plan_figures(d, {k: v[1] for k, v in media.items()}).cuts_ms
    assert card.cuts_planned == len(planned) >= 4 and card.planned_cuts_found_share == 1.0
    # more only where a section's own look begins (a change a viewer sees as a cut)
    assert card.cuts_found is not None and card.cuts_found <= len(planned) + card.section_changes
    assert card.cuts_on_beat_frame_share is not None and card.cuts_on_beat_frame_share >= 0.85
    assert card.visualizer_covers_subject_share is not None and 0 <= card.visualizer_covers_subject_share <= 1
    assert card.loudness_lufs is not None and -30 < card.loudness_lufs < -8 and card.true_peak_dbtp is not None
    assert card.render_s is None and any("not recorded" in n for n in card.notes)
