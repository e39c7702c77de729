"""How far each scene of a track alone turns its palette round the colour wheel (``hue_deg``), from the music: a
louder section warmer, a softer one cooler, by its energy against the rest of the song, and neighbouring scenes far
enough apart that a viewer sees a new scene. With turns of 14-24 degrees, alternating, the six scenes of a 4-minute
rock ballad lay within 50 degrees of magenta ("4 minutes of near-identical purple ... it feels like one 4-minute
shot", a blind reviewer); the scenes still change through the soft dip between them, not a flip."""

from __future__ import annotations

from collections.abc import Sequence

HUE_STEPS = (0, 24, -24, 36, -36)  # a scene's own step round the wheel, in turn: scenes of one loudness differ too
WARMTH_DEG = 40  # the song's loudest scene turned this far towards warm, its softest as far towards cool
LEAST_SPREAD = 0.1  # energies (0..1) within this of the song's middle turn in proportion; the song's own spread, if
# wider, is its scale (a song whose sections all lie within 0.13 is not turned through the whole range)
LEAST_APART_DEG = 35  # neighbouring scenes at least this far apart round the wheel
MOST_WARM_DEG, MOST_COOL_DEG = 40, 60  # and none turned further than these from its palette towards warm and cool
# (its family kept: plum turns crimson or blue; at 60 the dusk's drop turned amber over brown)
WARM_HUES = (30.0, 180.0)  # a palette whose field's hue lies outside these degrees warms as its hue rises (blue,
# violet and magenta towards red); inside them (orange, yellow, green, cyan) as it falls


def warm_way(field_hue_deg: float) -> int:
    """Which way round the wheel (+1 or -1) warms a palette whose field colour has this hue."""
    low, high = WARM_HUES
    return -1 if low <= field_hue_deg % 360 < high else 1


def scene_turns(energies: Sequence[float], warm: int) -> list[int]:
    """Each scene's turn (degrees) for scenes of these mean ``energies``, ``warm`` the way that warms the palette
    (``warm_way``): none for the first (a quiet intro turned cool read as another palette, ``test_track_alone_look``),
    for the others their energy's place in the song towards warm or cool (``WARMTH_DEG``), plus its step
    (``HUE_STEPS``), moved away from the scene before it where they lie closer than ``LEAST_APART_DEG``, all within
    ``MOST_WARM_DEG`` and ``MOST_COOL_DEG``."""
    if not energies:
        return []
    top, low = max(energies), min(energies)
    middle, half = (top + low) / 2, max((top - low) / 2, LEAST_SPREAD)
    least, most = sorted((-warm * MOST_COOL_DEG, warm * MOST_WARM_DEG))
    out: list[int] = []
    for n, energy in enumerate(energies):
        if not n:  # the opening scene in the palette as the music chose it (its hue the song's character)
            out.append(0)
            continue
        turn = warm * WARMTH_DEG * (energy - middle) / half + HUE_STEPS[n % len(HUE_STEPS)]
        turn = max(least, min(most, turn))
        if out and abs(turn - out[-1]) < LEAST_APART_DEG:
            away = 1 if turn > out[-1] else -1 if turn < out[-1] else (1 if n % 2 else -1)
            tried = (out[-1] + away * LEAST_APART_DEG, out[-1] - away * LEAST_APART_DEG)
            turn = next((t for t in tried if least <= t <= most), tried[0])
        out.append(round(turn))
    return out
