"""Clips keep their story order across a music video, each pass through them opening on a lively window; the
options the words steer (a faster chorus, a clip weighted more) change only what they say."""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from nemo_notebook.engine.analysis.types import AudioAnalysis, VideoAnalysis
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.planning.clip_shots import passes as clip_passes
from nemo_notebook.engine.planning.cutting import cut_points_ms, loudest_section
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind
from tests.render.synth import click_analysis

SONG = MediaInfo("song", "song.mp3", MediaKind.AUDIO, "mp3", 1000, duration_ms=60_000)
PICTURES = [MediaInfo(f"img{i}", f"p{i}.jpg", MediaKind.IMAGE, "jpg", 10, width=800, height=600) for i in range(2)]


def _clip(media_id: str, duration_ms: int = 30_000) -> MediaInfo:
    return MediaInfo(media_id, f"{media_id}.mp4", MediaKind.VIDEO, "mp4", 10, duration_ms, 1280, 720, 25.0, True)


def _watched(
    duration_ms: int, cuts: tuple[int, ...], seed: int, lively: tuple[int, int] | None = None
) -> VideoAnalysis:
    n = duration_ms // 200
    if lively is None:
        motion = tuple(0.1 + 0.8 * (((i * 37 + seed * 11) % 23) / 22) for i in range(n))
    else:
        motion = tuple(0.9 if lively[0] <= i * 200 < lively[1] else 0.1 for i in range(n))
    return VideoAnalysis(
        duration_ms, 1280, 720, 25.0, 0, cuts, (0.8,) * len(cuts), motion, (0.5,) * n, (0.5,) * n, 200, 0.0, 0.5,
        0.5, 0.5, True,
    )  # fmt: skip


def _in_points(draft: Draft, media_id: str) -> list[int]:
    lane = next(t for t in draft.tracks if t.meta.get("role") == "visuals")
    return [sg.in_ms or 0 for sg in sorted(lane.segments, key=lambda s: s.start_ms) if sg.src == media_id]


def _in_points_by_pass(
    draft: Draft, visuals: list[tuple[MediaInfo, VideoAnalysis | None]]
) -> dict[str, list[list[int]]]:
    """Each clip's in-points, in order, one list a pass through the clips (``clip_shots.passes``)."""
    lane = sorted(next(t for t in draft.tracks if t.meta.get("role") == "visuals").segments, key=lambda s: s.start_ms)
    clips = [(c, a) for c, a in visuals if a is not None]
    shots = [sg for sg in lane if sg.src in {c.id for c, _ in clips}]
    pass_of = clip_passes([sg.duration_ms for sg in shots], clips)
    out: dict[str, list[list[int]]] = {c.id: [[] for _ in range(max(pass_of) + 1)] for c, _ in clips}
    for sg, p in zip(shots, pass_of, strict=True):
        out[str(sg.src)][p].append(sg.in_ms or 0)
    return out


@pytest.mark.parametrize("song_ms", [20_000, 45_000, 90_000, 150_000])
@pytest.mark.parametrize("weight", [1.0, 2.0])
def test_each_clip_tells_its_story_in_order_within_each_pass(song_ms: int, weight: float) -> None:
    """Within a pass through the clips, a clip's in-points only move forward, but where the clip has no unseen
    window left ahead of the story and it starts again from its earliest unseen one (at most once a pass)."""
    clips = [_clip("c1"), _clip("c2")]
    cuts = (7000, 15_000, 22_000)
    visuals = [(c, _watched(30_000, cuts, k)) for k, c in enumerate(clips)] + [(p, None) for p in PICTURES]
    song = dataclasses.replace(SONG, duration_ms=song_ms)
    draft = plan_music_video(song, click_analysis(120, song_ms), visuals, MusicVideoOptions(clip_weight=weight))
    for clip, passes in _in_points_by_pass(draft, visuals).items():
        for ins in passes:
            back = sum(b < a for a, b in itertools.pairwise(ins))
            assert back <= 1, (clip, ins)


def test_the_first_pass_opens_on_the_lively_part_of_the_clips_opening() -> None:
    """Story order and liveliness: the first shot from a clip is the liveliest window of its opening share (not
    its first second), and the shots after it go on from there."""
    clip = _clip("c1")
    song = dataclasses.replace(SONG, duration_ms=16_000)
    draft = plan_music_video(
        song,
        click_analysis(120, 16_000),
        [(clip, _watched(30_000, (), 0, lively=(4000, 8000))), *[(p, None) for p in PICTURES]],
    )
    ins = _in_points(draft, "c1")
    assert 4000 <= ins[0] < 8000
    assert ins == sorted(ins)


def test_a_lively_stretch_does_not_take_every_shot_of_the_clip() -> None:
    """A clip whose first third is its liveliest (a camera pan, say) still shows its later scenes: each shot comes
    from its own share of the clip where it can, so the in-points spread over the clip in order."""
    clip = _clip("c1")
    song = dataclasses.replace(SONG, duration_ms=40_000)
    visuals = [(clip, _watched(30_000, (), 0, lively=(2000, 10_000))), *[(p, None) for p in PICTURES]]
    # the two pictures come back twice each, the clip takes the other shots: more than one pass through it
    draft = plan_music_video(song, click_analysis(120, 40_000), visuals)
    ins = _in_points_by_pass(draft, visuals)["c1"][0]
    assert len(ins) >= 4 and ins == sorted(ins)
    opening = next(sg for sg in draft.tracks[0].segments if sg.src == "c1")
    assert 2000 <= ins[0] + opening.duration_ms // 2 < 10_000  # the pass still opens on the lively part
    share = 30_000 / len(ins)
    late = [t for t in ins if t >= 10_000]
    assert len(late) >= len(ins) // 2, ins  # the calmer later scenes get their turn
    assert max(ins) >= 30_000 - 2 * share, ins  # down to the clip's last shares


def _chorus_song() -> AudioAnalysis:
    beats = tuple(range(0, 32_000, 500))
    energy = tuple(0.9 if 16_000 <= i * 100 < 24_000 else 0.35 for i in range(320))
    return AudioAnalysis(32_000, 120.0, beats, beats[::4], beats, energy, 100, (0, 8000, 16_000, 24_000))


@pytest.mark.parametrize("beats_per_cut", [None, 4])
def test_a_faster_chorus_changes_only_the_chorus(beats_per_cut: int | None) -> None:
    song = _chorus_song()
    assert loudest_section(song, 32_000) == (16_000, 24_000)
    before = cut_points_ms(song, 32_000, beats_per_cut=beats_per_cut)
    after = cut_points_ms(song, 32_000, beats_per_cut=beats_per_cut, chorus_factor=0.5)
    inside = [c for c in after if 16_000 <= c < 24_000]
    assert len(inside) >= 2 * len([c for c in before if 16_000 <= c < 24_000]) - 1
    if beats_per_cut is None:  # a fixed rate gains the section cuts the chorus needs; a free one had them already
        assert [c for c in after if not 16_000 < c < 24_000] == [c for c in before if not 16_000 < c < 24_000]
    assert loudest_section(click_analysis(120, 8000), 8000) is None  # one section: no chorus to find


def test_a_clip_weighted_more_fills_more_of_the_video_and_the_plan_says_so() -> None:
    visuals = [(_clip("c1"), _watched(30_000, (7000, 15_000, 22_000), 0)), *[(p, None) for p in PICTURES]]
    song = dataclasses.replace(SONG, duration_ms=32_000)

    def share(weight: float) -> float:
        draft = plan_music_video(song, _chorus_song(), visuals, MusicVideoOptions(clip_weight=weight))
        lane = next(t for t in draft.tracks if t.meta.get("role") == "visuals").segments
        assert draft.meta.get("clip_weight", 1.0) == weight and draft.meta["chorus_ms"] == [16_000, 24_000]
        return sum(sg.duration_ms for sg in lane if sg.src == "c1") / 32_000

    assert share(0.5) < share(1.0) - 0.05 < share(2.0) - 0.15
