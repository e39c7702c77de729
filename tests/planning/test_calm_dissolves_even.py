"""Calm music's dissolves all last the same whole number of beats, muddy ones too: held-out 03's joins between an
orange flower and a green leaf or meadow took 0.5 s (15 frames) and the others 1 s, and a blind reviewer found the
short ones "feel almost like cuts" beside the ones that "feel right" (ab67b). A dissolve is centred on its cut,
which lies on a beat, so two beats end it on the beat after."""

from __future__ import annotations

import itertools

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video, recut_to_beats
from nemo_notebook.engine.planning.accents import CALM_DISSOLVE_LONGEST_MS, CALM_DISSOLVE_MS, calm_dissolve_ms
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind, Segment
from tests.render.synth import click_analysis

COLOURS = {  # CIE a*, b* of held-out 03's photos' mean colours
    "flower": (49.2, 50.4),
    "aqua": (-2.8, -14.5),
    "meadow": (-39.2, 51.2),
    "wood": (-6.9, 15.3),
    "leaf": (-31.6, 30.6),
}
BPM = 70.0  # a slow piece: a beat of 857 ms
DURATION_MS = 95_000


def _plan() -> tuple[Draft, object]:
    analysis = click_analysis(BPM, DURATION_MS, drive=0.1)
    song = MediaInfo("m_song", "song.ogg", MediaKind.AUDIO, "ogg", 1000, duration_ms=DURATION_MS)
    photos = [MediaInfo(f"m_{n}", f"{n}.jpg", MediaKind.IMAGE, "jpg", 10 + i, width=1920, height=1080)
              for i, n in enumerate(COLOURS)]  # fmt: skip
    colours = tuple((f"m_{n}", *c) for n, c in COLOURS.items())
    options = MusicVideoOptions(picture_colours=colours, visualizer=None, title=None)
    return plan_music_video(song, analysis, [(info, None) for info in photos], options), analysis


def _joins(draft: Draft) -> list[Segment]:
    lane = sorted(next(t for t in draft.tracks if t.meta.get("role") == "visuals").segments, key=lambda s: s.start_ms)
    return [sg for before, sg in itertools.pairwise(lane) if before.src != sg.src]


def test_every_dissolve_of_a_calm_piece_lasts_two_of_its_beats_muddy_or_not() -> None:
    """Main: the joins whose mix would go muddy lasted 500 ms, the others 1000 ms."""
    draft, analysis = _plan()
    joins = [sg for sg in _joins(draft) if sg.meta.get("transition_in") == "dissolve"]
    assert any("dissolve_lift" in sg.meta for sg in joins), [sg.meta for sg in joins]  # a muddy one among them
    lengths = {sg.meta["transition_ms"] for sg in joins}
    assert lengths == {round(2 * 60_000 / BPM)}, lengths  # 1714 ms: two beats
    recut = recut_to_beats(draft, analysis, beats_per_cut=16)  # cut again: as long again
    assert {sg.meta["transition_ms"] for sg in _joins(recut) if sg.meta.get("transition_in") == "dissolve"} == lengths


def test_a_calm_dissolve_is_a_whole_number_of_beats_from_one_to_two_seconds() -> None:
    for bpm in range(30, 200, 7):
        beat = 60_000 / bpm
        ms = calm_dissolve_ms(beat)
        assert CALM_DISSOLVE_MS <= ms <= CALM_DISSOLVE_LONGEST_MS, (bpm, ms)
        if beat <= CALM_DISSOLVE_LONGEST_MS:
            assert abs(ms / beat - round(ms / beat)) < 0.01, (bpm, ms)
