"""Where a song's chorus first comes in (``m.chorus_start_ms``, for "start at the chorus"): the first section after
the opening at the song's full level (within 1 dB of its loudest section), not the loudest section alone, which put
held-out 06's chorus at 2:33 of its 4:00 though the song plays at its full level from 0:15. On main d3ce0be the plan
has no ``chorus_start_ms`` (``planning.chorus_start`` is new)."""

from __future__ import annotations

from nemo_notebook.engine.planning.draft_meta import rhythm_meta
from tests.render.synth import click_analysis

DURATION_MS = 60_000


def _song(levels: dict[int, float], sections: tuple[int, ...]) -> object:
    def level(t_ms: int) -> float:
        return next(v for start, v in sorted(levels.items(), reverse=True) if t_ms >= start)

    energy = tuple(level(k * 100) for k in range(DURATION_MS // 100 + 1))
    return click_analysis(120, DURATION_MS, energy=energy, sections_ms=sections)


CASES = [
    # a quiet intro, the song at its full level from 0:16 (0.8 dB under its loudest, at 0:32): there
    ({0: 0.3, 16_000: 0.88, 32_000: 0.9, 48_000: 0.5}, (0, 16_000, 32_000, 48_000), 16_000),
    # a verse 8 dB under the chorus at 0:20 that comes back at 0:44
    ({0: 0.25, 8_000: 0.7, 20_000: 0.9, 32_000: 0.7, 44_000: 0.9}, (0, 8_000, 20_000, 32_000, 44_000), 20_000),
    ({0: 0.9, 20_000: 0.6, 40_000: 0.7}, (0, 20_000, 40_000), None),  # it opens at its loudest: no chorus later
    ({0: 0.9}, (0,), None),  # one section
]


def test_the_chorus_is_the_first_section_after_the_opening_at_the_songs_full_level() -> None:
    found = [rhythm_meta(_song(levels, sections), DURATION_MS).get("chorus_start_ms") for levels, sections, _ in CASES]  # type: ignore[arg-type]
    assert found == [chorus_ms for _, _, chorus_ms in CASES]
