"""A quiet scene whose music rises into the loud scene after it builds from where the rise starts
(``planning.risers``), and the re-drop after a breakdown comes in another geometry (``backgrounds``): held-out 06's
riser 2:27.5-2:32.7 "gets no visual build-up ... the re-drop at 152.7 s is a 4-frame dissolve into the same hexagon
layout as the breakdown, only lit blue" (a blind reviewer)."""

from __future__ import annotations

from nemo_notebook.engine.analysis.types import AudioAnalysis
from nemo_notebook.engine.planning.backgrounds import background_segments
from nemo_notebook.engine.planning.risers import rise_of

HOP = 100
BEAT_MS = 500  # 120 BPM: a bar of 2 s


def _song(energy: list[float], sections: tuple[int, ...] = ()) -> AudioAnalysis:
    length = len(energy) * HOP
    beats = tuple(range(0, length, BEAT_MS))
    return AudioAnalysis(length, 120.0, beats, beats[::4], beats, tuple(energy), HOP, sections or (0, length))


# a breakdown 20-40 s: quiet (0.5), a hit at 31 s, then rising from 34 s to the re-drop at 40 s (0.5 -> 0.75)
BREAKDOWN = [0.5] * 110 + [0.8] * 3 + [0.5] * 27 + [0.5 + 0.25 * k / 60 for k in range(60)]
SONG = [0.85] * 200 + BREAKDOWN + [0.85] * 200


def test_a_breakdown_builds_from_where_its_music_rises_into_the_re_drop() -> None:
    rise = rise_of(_song(SONG), 20000, 40000)
    assert isinstance(rise.get("rises_from_ms"), int) and 33000 <= int(rise["rises_from_ms"]) <= 35000, rise


def test_a_breakdown_that_does_not_rise_builds_nothing() -> None:
    flat = [0.85] * 200 + [0.5] * 200 + [0.85] * 200
    assert rise_of(_song(flat), 20000, 40000) == {}


def test_the_re_drop_comes_in_in_another_geometry_and_its_breakdown_builds() -> None:
    song = _song(SONG, (0, 20000, 40000, 60000))
    scenes = background_segments(song, [0, 20000, 40000, 60000], design="pulse")
    quiet = [n for n, sg in enumerate(scenes) if sg.meta.get("variant") == "quiet"]
    assert quiet and 0 < quiet[0] < len(scenes) - 1, [sg.meta for sg in scenes]
    breakdown, redrop = scenes[quiet[0]], scenes[quiet[0] + 1]
    assert "rises_from_ms" in breakdown.meta, breakdown.meta
    assert breakdown.meta.get("form", 0) != redrop.meta.get("form", 0), (breakdown.meta, redrop.meta)


def test_the_re_drop_and_what_follows_it_are_the_songs_peak() -> None:
    """The scenes after the breakdown are meta "peak" (lit as the floors: ``render.tunnel.PEAK_LIGHT``), those
    before it not: held-out 06's re-drop (mean luma 60) and last section (58) were dimmer than the full section
    before the breakdown (87), "the drop doesn't come across as the peak of the video" (a blind reviewer of ab69c)."""
    song = _song(SONG, (0, 20000, 40000, 60000))
    scenes = background_segments(song, [0, 20000, 40000, 60000], design="pulse")
    quiet = next(n for n, sg in enumerate(scenes) if sg.meta.get("variant") == "quiet")
    peaks = [bool(sg.meta.get("peak")) for sg in scenes]
    assert peaks == [n > quiet for n in range(len(scenes))], [sg.meta for sg in scenes]
