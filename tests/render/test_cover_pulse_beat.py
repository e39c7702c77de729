"""The cover's pulse on a downbeat stands out over its slow breath (``cover_motion.pulse_levels``): s53's blind
reviewer of held-out 04 (120 BPM, the reply: "the cover pulsing with the beat, hardest on each downbeat") saw its edge
move "1-3 px every half second". There each downbeat's pulse was the larger of it and the breath: at the breath's crest
(half of ``PULSE``) a middle section's downbeat (0.6 of it) grew the cover 0.5 % over the frame before. Now the pulse
rises over the breath and settles within ``FALL_MS`` (300 ms).

A 60 s draft at 120 BPM in one middle section, its downbeats every 2 s, read at 30 fps (no rendering)."""

from __future__ import annotations

from nemo_notebook.engine.render.cover_layout import PULSE, WIDE_PULSE
from nemo_notebook.engine.render.cover_motion import pulse_levels
from nemo_notebook.protocol import Draft

FPS, SONG_MS = 30, 60_000
DOWNBEATS = list(range(1000, SONG_MS - 1000, 2000))


def _levels() -> list[float]:
    meta = {
        "bpm": 120,
        "downbeats_ms": DOWNBEATS,
        "beats_ms": list(range(1000, SONG_MS - 1000, 500)),
        "sections": [{"start_ms": 0, "end_ms": SONG_MS, "level": "middle"}],
    }
    return pulse_levels(Draft((), SONG_MS, meta), FPS, SONG_MS * FPS // 1000)


def test_each_downbeat_grows_the_cover_visibly_over_its_breath() -> None:
    levels = _levels()
    grown = []
    for beat in DOWNBEATS:
        at = round(beat * FPS / 1000)
        before = levels[at - round(0.2 * FPS)]  # the breath, 200 ms before the beat
        grown.append(PULSE * (max(levels[at - 1 : at + 2]) - before))
    assert min(grown) >= 0.015, [round(g, 4) for g in grown]  # merge53: 0.005 at the breath's crest


def test_the_pulse_settles_within_a_quarter_second() -> None:
    levels = _levels()
    left = []
    for beat in DOWNBEATS:
        at = round(beat * FPS / 1000)
        a, b = at - round(0.2 * FPS), at + round(0.6 * FPS)  # the breath alone, either side of the pulse
        breath = levels[a] + (levels[b] - levels[a]) * (round(0.25 * FPS) + at - a) / (b - a)
        peak = max(levels[at - 1 : at + 2])
        left.append((levels[at + round(0.25 * FPS)] - breath) / max(peak - breath, 1e-6))  # of the pulse, 250 ms on
    assert max(left) < 0.06, [round(x, 3) for x in left]  # merge53: 0.1 (its 460 ms fall)


def test_a_loud_sections_downbeat_grows_the_cover_harder_than_its_other_beats() -> None:
    """A blind reviewer of held-out 04 (s65-cover2): "every beat's pulse is the same"; its loudest sections' other
    beats grew the cover 0.4 of ``PULSE`` against the downbeats' 0.55 (of the loudness alone, not of the downbeat's)."""
    meta = {
        "bpm": 120,
        "downbeats_ms": DOWNBEATS,
        "beats_ms": list(range(1000, SONG_MS - 1000, 500)),
        "sections": [{"start_ms": 0, "end_ms": SONG_MS, "level": "loudest"}],
    }
    levels = pulse_levels(Draft((), SONG_MS, meta), FPS, SONG_MS * FPS // 1000)

    def grown(beat: int) -> float:
        at = round(beat * FPS / 1000)
        return max(levels[at - 1 : at + 2]) - levels[at - round(0.1 * FPS)]

    downbeats = [grown(b) for b in DOWNBEATS[1:-1]]
    others = [grown(b) for b in range(DOWNBEATS[1], DOWNBEATS[-2], 500) if b not in DOWNBEATS]
    assert min(others) > 0.1  # the other beats still pulse
    assert min(downbeats) >= 1.6 * max(others), (min(downbeats), max(others))  # main: 0.55 against 0.4


def test_a_downbeat_grows_the_cover_by_a_visible_share_in_every_kind_of_section() -> None:
    """A blind reviewer of held-out 04 (s66-cover3, 1-2.75 % a downbeat): "the cover's pulse is only about 2-3 % in
    scale ... in the quieter sections the painting looks almost still"."""
    grown = {}
    for level in ("calm", "middle", "loudest"):
        meta = {
            "bpm": 120,
            "downbeats_ms": DOWNBEATS,
            "sections": [{"start_ms": 0, "end_ms": SONG_MS, "level": level}],
        }
        levels = pulse_levels(Draft((), SONG_MS, meta), FPS, SONG_MS * FPS // 1000)
        ats = [round(beat * FPS / 1000) for beat in DOWNBEATS]
        grown[level] = min(PULSE * (max(levels[at - 1 : at + 2]) - levels[at - round(0.2 * FPS)]) for at in ats)
    assert grown["loudest"] >= 0.035 and grown["middle"] >= 0.025 and grown["calm"] >= 0.009, grown


def _sectioned(levels: list[tuple[int, int, str]]) -> list[float]:
    meta = {
        "bpm": 120,
        "downbeats_ms": DOWNBEATS,
        "beats_ms": list(range(1000, SONG_MS - 1000, 500)),
        "sections": [{"start_ms": a, "end_ms": b, "level": level} for a, b, level in levels],
    }
    return pulse_levels(Draft((), SONG_MS, meta), FPS, SONG_MS * FPS // 1000)


def test_a_loud_downbeat_grows_the_cover_enough_to_feel_on_a_phone_peaking_on_its_beat() -> None:
    """s68's blind reviewer of held-out 04 (3.5 % on downbeats, 2 % on the other beats): "the beat pulse is too weak
    to 'feel' the music ... on a phone the cover looks almost static". The peak is the beat's own frame."""
    levels = _sectioned([(0, 30_000, "middle"), (30_000, SONG_MS, "loudest")])
    for beat in DOWNBEATS[2:-1]:
        at = round(beat * FPS / 1000)
        window = levels[at - 5 : at + 6]
        assert window.index(max(window)) == 5, (beat, [round(v, 2) for v in window])  # not a frame late
        grown = WIDE_PULSE * (levels[at] - levels[at - round(0.2 * FPS)])  # in a wide frame
        assert grown >= (0.06 if beat >= 30_000 else 0.045), (beat, grown)  # main: 0.030 in the middle section
    for beat in range(2500, SONG_MS - 2000, 1000):  # the other beats of a middle section pulse too (main: none)
        at = round(beat * FPS / 1000)
        assert WIDE_PULSE * (levels[at] - levels[at - round(0.15 * FPS)]) >= 0.015, beat


def test_the_second_loudest_stretch_pulses_harder_than_the_first() -> None:
    """The same reviewer: nothing made "the second drop feel bigger than the first" (the same pulse in both)."""
    levels = _sectioned([(0, 20_000, "loudest"), (20_000, 40_000, "middle"), (40_000, SONG_MS, "loudest")])

    def grown(beats: list[int]) -> float:
        return min(levels[round(b * FPS / 1000)] for b in beats)

    first = grown([b for b in DOWNBEATS if 2000 < b < 20_000])
    second = grown([b for b in DOWNBEATS if 42_000 < b < SONG_MS - 2000])
    assert second - first >= 0.1, (first, second)  # of the most it grows; main: the same
