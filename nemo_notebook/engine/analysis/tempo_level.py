"""The tempo's metrical level: of the candidate T and 2T, the faster one wins when the slow grid's off-beats are
nearly as strong as its beats (snares between kicks), the slower one when the fast grid alternates strong and weak
beats (eighth-note hats between the beats); in music that flows rather than drives (strings, voices, a rubato piano:
``character``), the off-beats must stand out from the onsets found at any phase, since every note, bow change and
vibrato makes some. Used by ``rhythm.track``."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]

# Beyond 200 BPM a cut on every beat is too fast to watch, and such music is also heard (and danced) in half-time.
MIN_BPM, MAX_BPM = 40.0, 200.0
# In real music every level between the beat and its double is played (eighth-note guitars, hats, strummed chords
# are as strong on the off-beats as on the beats), so the off-beat test alone doubles a 95 BPM ballad to 190. Above
# this a listener taps half (a rock ballad at 95, not 190; drum and bass at 174 is still tapped at 174).
TAPPED_MAX_BPM = 180.0
PREFERRED_BPM, PREFERENCE_OCTAVES = 120.0, 0.7
# Off-beat strength relative to the beat above which the off-beats are beats too (at equal preference).
_OFFBEAT_RATIO = 0.5
_WINDOW_S = 8.0  # the off-beats are measured in windows of this length (at least four beats), half overlapping


def choose_level(envelope: FloatArray, frame_rate: float, tempo_bpm: float, drive: float = 1.0) -> float:
    """Move ``tempo_bpm`` to the metrical level the music plays: halve while the beats alternate strong and weak,
    double while the off-beats are nearly as strong as the beats. How strong is "nearly" depends on the tempo: a
    listener hears 120 BPM more readily than 60 or 200, so going towards it needs less evidence. ``drive`` (0..1)
    weighs the off-beats' strength as ``offbeat_ratio`` says."""
    while tempo_bpm / 2 >= MIN_BPM and not _double_is_played(envelope, frame_rate, tempo_bpm / 2, drive):
        tempo_bpm /= 2
    while tempo_bpm * 2 <= TAPPED_MAX_BPM and _double_is_played(envelope, frame_rate, tempo_bpm, drive):
        tempo_bpm *= 2
    while tempo_bpm > TAPPED_MAX_BPM and tempo_bpm / 2 >= MIN_BPM:
        tempo_bpm /= 2
    return tempo_bpm


def _double_is_played(envelope: FloatArray, frame_rate: float, tempo_bpm: float, drive: float) -> bool:
    return offbeat_ratio(envelope, frame_rate, tempo_bpm, drive) >= _doubling_bar(tempo_bpm)


def _doubling_bar(tempo_bpm: float) -> float:
    """Off-beat ratio above which ``2 * tempo_bpm`` is the played tempo rather than ``tempo_bpm``: 0.5 weighted by
    how much less likely the faster tempo is under a log-normal preference around 120 BPM."""

    def preference(bpm: float) -> float:
        return math.exp(-0.5 * (math.log2(bpm / PREFERRED_BPM) / PREFERENCE_OCTAVES) ** 2)

    return min(0.9, max(0.15, _OFFBEAT_RATIO * preference(tempo_bpm) / preference(2 * tempo_bpm)))


def offbeat_ratio(envelope: FloatArray, frame_rate: float, tempo_bpm: float, drive: float = 1.0) -> float:
    """Strength of the onsets halfway between beats, relative to those on the beats, for the best-aligned grid at
    ``tempo_bpm``; measured in windows so that drift does not blur the grid.

    In music that drives (``drive`` 1) the strengths are taken as they are: what plays between the kicks, hats
    and guitars, is what a listener counts. In music that flows (``drive`` 0) they are taken above the floor that
    a grid at any phase finds: strings, voices and sustained chords make onsets everywhere (bow changes, vibrato),
    and off-beats as strong as that floor are no faster beat. ``drive`` between mixes the two ratios.
    """
    import numpy as np

    period = 60.0 * frame_rate / tempo_bpm
    width = int(max(_WINDOW_S * frame_rate, 4 * period))
    rows, weights = [], []
    for start in range(0, max(1, len(envelope) - width + 1), max(1, width // 2)):
        window = envelope[start : start + width]
        if window.max(initial=0.0) <= 0:
            continue
        rows.append(_grid_strengths(window, period))
        weights.append(float(np.mean(window > 0)))
    if not rows:
        return 0.0
    on, mid, floor_on, floor_mid = np.average(np.asarray(rows), axis=0, weights=weights)
    if on <= 0:
        return 0.0
    as_played = mid / on
    above_floor = max(mid - floor_mid, 0.0) / max(on - floor_on, 1e-9)
    share = min(max(drive, 0.0), 1.0)
    return float(share * as_played + (1.0 - share) * above_floor)


def _grid_strengths(window: FloatArray, period: float) -> tuple[float, float, float, float]:
    """Mean envelope on the best-aligned beat grid of ``period`` frames, and halfway between its beats; and the
    same two measures for a grid at a typical phase (their medians over all phases): the floor."""
    import numpy as np
    from scipy.ndimage import maximum_filter1d

    peaks = maximum_filter1d(window, 3, mode="constant")
    beats = np.arange(0.0, len(window) - period, period)
    phases = np.arange(0.0, period, 1.0)
    positions = np.clip(np.rint(phases[:, None] + beats[None, :]).astype(np.int64), 0, len(window) - 1)
    strengths = peaks[positions].mean(axis=1)
    best = int(np.argmax(strengths))
    mids = np.clip(np.rint(positions[best] + period / 2).astype(np.int64), 0, len(window) - 1)
    # The upper quartile, not the mean: a breakbeat fills every other off-beat (kick on 1 but not on 3), and that
    # is still a played beat.
    upper = np.percentile(peaks[positions], 75, axis=1)
    return (
        float(strengths[best]),
        float(np.percentile(peaks[mids], 75)),
        float(np.median(strengths)),
        float(np.median(upper)),
    )
