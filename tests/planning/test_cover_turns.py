"""A cover video's scene plan (issue 29, review of held-out 04 at stop 50): "56-136 s is one layout, 80 s with no
layout change" and "two turns 6 s apart (a section turn at 50 s, a lift at 56 s) read as a stutter". A hand-made
analysis of a 100-s song shaped like 04 (a section from 50 s, 2 dB up; a lift at 56 s, 8.5 dB up inside it; a
section from 80 s) is planned as a cover video; its scenes (``cover_scenes.scene_sections``, what the renderer turns
the layout at) and its background's cuts are checked. Tested against main 7f5562f: each test fails there."""

from __future__ import annotations

import itertools

from nemo_notebook.engine.analysis.types import AudioAnalysis
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.render.cover_scenes import scene_sections, scene_turns
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind

HOP_MS = 100
SONG_MS = 100_000
APART_MS = 8000  # two turns nearer than this read as one stutter
CAP_MS = 40_000  # no scene stands longer than this


def _analysis(levels: list[tuple[int, float]], sections: tuple[int, ...]) -> AudioAnalysis:
    """120 BPM (a bar every 2 s), the energy ``levels`` ((from ms, level 0..1) each on until the next)."""
    energy = [next(v for at, v in reversed(levels) if t * HOP_MS >= at) for t in range(SONG_MS // HOP_MS)]
    beats = tuple(range(0, SONG_MS, 500))
    return AudioAnalysis(
        duration_ms=SONG_MS,
        tempo_bpm=120.0,
        beats_ms=beats,
        downbeats_ms=beats[::4],
        onsets_ms=beats,
        energy=tuple(energy),
        energy_hop_ms=HOP_MS,
        sections_ms=sections,
        kicks_ms=beats,
    )


def _planned(analysis: AudioAnalysis) -> Draft:
    track = MediaInfo("m", "song.wav", MediaKind.AUDIO, "wav", 1, duration_ms=SONG_MS)
    cover = MediaInfo("c", "cover.png", MediaKind.IMAGE, "png", 1, width=1000, height=1000)
    options = MusicVideoOptions(title="Choice — The Band", credit_line=True, cover_design="poster")
    return plan_music_video(track, analysis, [(cover, None)], options)


def _starts(draft: Draft) -> list[int]:
    return [s.start_ms for s in scene_sections(draft)]


def test_a_lift_6_s_after_a_section_start_is_the_one_turn_and_no_scene_stands_over_40_s() -> None:
    """On main the scenes begin at 0, 50, 56 and 80 s (a stutter at 50/56 s, 50 s of one layout from 0 s) and the
    background is cut at 50 and 56 s; here one turn at the lift (the bigger rise: 8.5 dB against the section's 4),
    none of the scenes over 40 s, the background not cut at 50 s."""
    draft = _planned(_analysis([(0, 0.5), (50_000, 0.55), (56_000, 0.75), (80_000, 0.6)], (0, 50_000, 80_000)))
    assert draft.meta.get("lifts_ms") == [56_000]
    starts = _starts(draft)
    assert 56_000 in starts and 50_000 not in starts, starts
    assert all(b - a >= APART_MS for a, b in itertools.pairwise(starts)), starts
    ends = [s.end_ms for s in scene_sections(draft)]
    assert all(b - a <= CAP_MS for a, b in zip(starts, ends, strict=True)), list(zip(starts, ends, strict=True))
    assert all(b in draft.meta["downbeats_ms"] for b in starts), starts  # each inner turn on a downbeat
    assert 50_000 not in [s.start_ms for s in draft.tracks[0].segments]


def test_a_section_start_that_rises_more_than_the_lift_after_it_keeps_the_turn() -> None:
    """A section from 50 s 10 dB up, the lift at 56 s a smaller rise than it: the turn at 50 s, no lift (on main a
    lift at 54 s too, 4 s after the turn)."""
    draft = _planned(_analysis([(0, 0.5), (50_000, 0.75), (56_000, 0.95), (80_000, 0.7)], (0, 50_000, 80_000)))
    assert "lifts_ms" not in draft.meta
    starts = _starts(draft)
    assert 50_000 in starts and all(b - a >= APART_MS for a, b in itertools.pairwise(starts)), starts


def test_a_long_calm_stretch_turns_its_layout_inside() -> None:
    """100 s of one quiet level (one section): on main one scene and the layout never turns; here the scenes are
    40 s at most and the layout turns inside the stretch."""
    draft = _planned(_analysis([(0, 0.3)], (0,)))
    calm: dict[str, object] = {"sections": [{"start_ms": 0, "end_ms": SONG_MS, "level": "calm"}]}
    draft = Draft(draft.tracks, draft.duration_ms, {**draft.meta, **calm})
    spans = scene_sections(draft)
    assert all(s.end_ms - s.start_ms <= CAP_MS for s in spans), spans
    assert any(scene_turns(spans)), spans
