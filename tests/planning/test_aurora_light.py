"""An aurora scene's light follows the music's level (``planning.backgrounds._aurora_light``): held-out 05's
breakdown (172-189 s, 4-7 dB under the song's body, quietest in its middle) brightened 44 -> 62 as its window drifted
to where its sky grew ("the breakdown runs against the music", a blind reviewer of stop 67). A scene under the body
carries its level (``render.backdrops`` dims it there), and one that settles (its last third quieter than its
first) is not grown; a quiet intro that rises still grows."""

from __future__ import annotations

from nemo_notebook.engine.analysis.types import AudioAnalysis
from nemo_notebook.engine.planning.backgrounds import background_segments

HOP = 100


def _song(energy: list[float], sections_ms: tuple[int, ...]) -> AudioAnalysis:
    length = len(energy) * HOP
    beats = tuple(range(0, length, 750))
    return AudioAnalysis(length, 80.0, beats, beats[::4], (), tuple(energy), HOP, sections_ms)


def test_a_breakdown_that_settles_is_dimmed_and_not_grown_and_a_rising_intro_grows() -> None:
    # an intro rising to the body (0.7 -> 0.8, 20 s), the band (0.85, 20 s), a breakdown settling 0.7 -> 0.6 (15 s),
    # the band again (0.85, 25 s)
    energy = (
        [0.7 + 0.1 * k / 200 for k in range(200)]
        + [0.85] * 200
        + [0.7 - 0.1 * k / 150 for k in range(150)]
        + [0.85] * 250
    )
    song = _song(energy, (0, 20000, 40000, 55000))
    scenes = background_segments(song, [*range(0, 80000, 750), 80000], "aurora")
    starts = [s.start_ms for s in scenes]
    assert len(scenes) == 4, starts
    intro, band, breakdown, back = (s.meta for s in scenes)
    # main: no scene carried a level, and each one's sky grew towards its end
    assert breakdown.get("grows") is False and isinstance(breakdown.get("level"), list), breakdown
    assert max(breakdown["level"]) < 1.0, breakdown["level"]  # type: ignore[arg-type]
    assert "grows" not in intro and isinstance(intro.get("level"), list), intro
    assert "grows" not in band and "grows" not in back, (band, back)
