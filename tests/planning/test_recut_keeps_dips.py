"""A calm video's shots cut again on the beats (``recut_to_beats``) still meet through the dark where their colours
clash and the music dips (issue 29: the recut ran the accents again without the plan's colours, and the dissolves between the orange
and the green photo came back, the olive mud of ``tests/render/test_clashing_dissolve.py``)."""

from __future__ import annotations

import itertools

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video, recut_to_beats
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind
from tests.render.synth import click_analysis

SONG = MediaInfo("m_song", "song.ogg", MediaKind.AUDIO, "ogg", 1000, duration_ms=40_000)
PHOTOS = [MediaInfo(f"m_{n}", f"{n}.jpg", MediaKind.IMAGE, "jpg", 10 + i, width=1920, height=1080) for i, n in
          enumerate(("flower", "meadow"))]  # fmt: skip
# CIE a*, b* of held-out 03's FreshFlower (hue 46°) and GreenMeadow (128°): they clash
COLOURS = (("m_flower", 48.6, 50.4), ("m_meadow", -40.0, 51.2))
# a section every 8 s, each opening in a lull 8 dB under the rest: the joins there dip (``colour_joins.dark_cuts``),
# one end of a shot at most
QUIET = tuple(0.1 if i and abs(i * 100 % 8000 - 4000) > 2500 else 0.3 for i in range(401))
CALM = click_analysis(60, 40_000, energy=QUIET, drive=0.1, sections_ms=(0, 8000, 16_000, 24_000, 32_000))


def _joins(draft: Draft) -> list[str | None]:
    lane = sorted(next(t for t in draft.tracks if t.meta.get("role") == "visuals").segments, key=lambda s: s.start_ms)
    return [sg.meta.get("transition_in") for before, sg in itertools.pairwise(lane) if before.src != sg.src]


def test_a_recut_calm_video_still_dips_between_clashing_colours() -> None:
    options = MusicVideoOptions(picture_colours=COLOURS, visualizer=None, title=None)
    draft = plan_music_video(SONG, CALM, [(info, None) for info in PHOTOS], options)
    assert _joins(draft) and "dip" in _joins(draft), _joins(draft)
    recut = recut_to_beats(draft, CALM, beats_per_cut=4)
    assert len(_joins(recut)) > len(_joins(draft)), (_joins(draft), _joins(recut))
    assert "dip" in _joins(recut), _joins(recut)  # main: every join a dissolve
