"""Accents in the export: a flash, a dissolve and a whip where the draft asks for them, punch-ins on their frames,
and every hard cut still on its exact frame."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.render import build_graph, canvas_for, frame_at, render_draft

from .conftest import Assets
from .drafts import draft, shot
from .synth import click_analysis, click_track, cut_frames, ffmpeg, gray_frames, image_info

SIZE = (320, 180)


@pytest.fixture(scope="module")
def rendered(assets: Assets, tmp_path_factory: pytest.TempPathFactory) -> np.ndarray:
    folder = tmp_path_factory.mktemp("accents")
    box = folder / "box.png"  # a white box in the middle of a black frame: its size shows the zoom
    ffmpeg("-f", "lavfi", "-i", "color=c=black:s=640x360,drawbox=x=240:y=135:w=160:h=90:c=white:t=fill,scale=1920:1080:flags=neighbor", "-frames:v", "1", str(box))  # fmt: skip
    media = {
        **assets.media,
        "box": (box, dataclasses.replace(image_info("box", box), width=1920, height=1080)),
    }  # fills at 1080
    dark, white, light = "pic1", "pic0", "pic2"  # luma 0x20, 0xf0, 0xa0
    shots = [
        shot(dark, 0, 1000),
        shot("box", 1000, 2000, transition_in="flash", transition_ms=200, punch_ms=[1000]),  # frames 30–89
        shot(light, 3000, 1000),  # a hard cut at frame 90
        shot(white, 4000, 1000, transition_in="dissolve", transition_ms=400),  # 12 frames around frame 120
        shot("box", 5000, 1000, transition_in="whip", transition_ms=300),  # 9 frames around frame 150
        shot(dark, 6000, 1000),  # a hard cut at frame 180
    ]
    result = render_draft(draft(shots, 7000), media, folder / "out.mp4", size=SIZE, quality="high")
    return gray_frames(result.path)


def _luma(frames: np.ndarray, i: int) -> float:
    return float(frames[i].mean())


def test_every_frame_is_there_and_hard_cuts_land_on_their_frames(rendered: np.ndarray) -> None:
    assert len(rendered) == 210
    cuts = cut_frames(rendered)
    assert 90 in cuts and 180 in cuts
    assert not [c for c in cuts if 60 < c < 90 or 91 < c < 110 or 160 < c < 180 or c > 180]
    assert abs(_luma(rendered, 179) - _luma(rendered, 156)) < 2, "the whip is over before the next cut"
    assert 150 in cuts, "a whip cuts on its frame"


def test_the_flash_lifts_the_picture_on_the_section_change_and_fades_within_its_frames(rendered: np.ndarray) -> None:
    assert abs(_luma(rendered, 29) - _luma(rendered, 10)) < 1, "the shot before is untouched"
    picture, flashed = _luma(rendered, 50), _luma(rendered, 30)
    lift = (flashed - picture) / (255 - picture)  # of the way to white, on the section's first frame
    assert 0.3 < lift < 0.5, (picture, flashed)  # a lift a viewer feels; it was a white frame (lift 1.0)
    assert float(np.percentile(rendered[30], 50)) < 140, "the black of the picture is lifted, not turned white"
    fading = [_luma(rendered, i) for i in range(30, 37)]
    assert all(a > b for a, b in itertools.pairwise(fading[:6]))
    assert abs(_luma(rendered, 36) - _luma(rendered, 50)) < 1, "the picture itself after six frames"


def test_a_punch_in_pushes_in_on_its_beat_and_eases_back(rendered: np.ndarray) -> None:
    def box_area(i: int) -> int:
        return int((rendered[i] > 128).sum())

    before, hit, after = box_area(58), box_area(60), box_area(70)
    assert 1.08 < hit / before < 1.16, "about 6 % closer each way on the beat's frame"
    assert box_area(59) == before and abs(after - before) <= before * 0.01, "and only around it"
    assert box_area(61) < hit


def test_the_dissolve_blends_the_shots_around_the_cut(rendered: np.ndarray) -> None:
    light, white = _luma(rendered, 110), _luma(rendered, 130)
    blend = [_luma(rendered, i) for i in range(113, 127)]
    assert abs(blend[0] - light) < 1 and abs(blend[-1] - white) < 1
    assert all(b >= a for a, b in itertools.pairwise(blend)), "from one to the other"
    middle = _luma(rendered, 120)
    assert light + 0.3 * (white - light) < middle < white - 0.3 * (white - light), "half way on the cut's frame"


def test_the_whip_pans_fast_and_blurred_across_the_cut(rendered: np.ndarray) -> None:
    def box_centre(i: int) -> float:
        columns = np.nonzero((rendered[i] > 128).sum(axis=0) > 10)[0]
        return float(columns.mean())

    assert abs(_luma(rendered, 149) - _luma(rendered, 140)) < 2, "the outgoing shot up to the cut"
    centre = box_centre(170)
    assert box_centre(150) > centre + 10, "the incoming view starts at the picture's left edge"
    assert box_centre(150) > box_centre(152) > box_centre(154) and abs(box_centre(156) - centre) < 2
    sharpness = [float(np.abs(np.diff(rendered[i], axis=1)).max()) for i in (151, 170)]
    assert sharpness[0] < 0.5 * sharpness[1], "blurred sideways while it moves"


def test_a_draft_without_accents_draws_none(assets: Assets) -> None:
    plain = draft([shot("pic0", 0, 1000), shot("pic1", 1000, 1000)], 2000)
    script = build_graph(plain, assets.media, canvas_for(plain, SIZE)).script()
    assert "xfade" not in script and "zoompan" not in script and "color=white" not in script


def test_a_planned_video_cuts_hard_on_its_frames_except_where_a_section_begins(assets: Assets, tmp_path: Path) -> None:
    duration_ms = 16_000
    energy = (0.1,) * 80 + (0.95,) * 81  # a calm half, then a loud one that punches in
    analysis = click_analysis(120, duration_ms, energy=energy, sections_ms=(0, 8000))
    analysis = dataclasses.replace(analysis, kicks_ms=analysis.beats_ms)  # a click track: a kick on every beat
    info = assets.media["click"][1]
    track = click_track(tmp_path / "click.wav", 120, duration_ms)
    song = dataclasses.replace(info, id="song", duration_ms=duration_ms)
    pictures = [assets.media[k][1] for k in assets.picture_ids]
    planned = plan_music_video(song, analysis, [(p, None) for p in pictures], MusicVideoOptions(visualizer=None))
    lane = planned.tracks[0].segments
    assert [sg.start_ms for sg in lane if "transition_in" in sg.meta] == [8000]
    assert any(sg.meta.get("punch_ms") for sg in lane)
    media = {**assets.media, "song": (track, song)}
    frames = gray_frames(render_draft(planned, media, tmp_path / "out.mp4", size=(160, 90), quality="low").path)
    change = frame_at(8000, 30)
    expected = [frame_at(sg.start_ms, 30) for sg in lane[1:] if sg.start_ms != 8000]
    found = [c for c in cut_frames(frames) if abs(c - change) > 8]
    assert found == expected
