"""Tempo and beats from onset envelopes, where librosa's defaults are not enough.

librosa's ``beat_track`` picks the tempo nearest 120 BPM and tracks one global period, so it halves fast music
(drum and bass at 174 comes out at 87), lets silence and quiet intros pull its grid, and slips on live drift. Here:

- the tempo's metrical level is chosen by the music: of the candidate T and 2T, the faster one wins when the
  slow grid's off-beats are nearly as strong as its beats (snares between kicks), the slower one when the fast
  grid alternates strong and weak beats (eighth-note hats between the beats); in music that flows rather than
  drives (strings, voices, a rubato piano: ``character``), the off-beats must stand out from the onsets found at
  any phase, since every note, bow change and vibrato makes some;
- the onset envelope is normalised by its local level, and beats are kept only where there is music;
- the dynamic-programming tracker follows a local tempo curve measured in overlapping windows;
- in a steady song, the beat's phase (on the beat or half a beat from it) is checked with every band counted alike,
  so a loud bass line on the off-beats cannot pull the beats off the drums that keep time (``steady.choose_phase``).

Everything works on frames of ``hop`` samples; the caller converts to ms.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import steady

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]
    IntArray = npt.NDArray[np.int64]

# Beyond 200 BPM a cut on every beat is too fast to watch, and such music is also heard (and danced) in half-time.
MIN_BPM, MAX_BPM = 40.0, 200.0
# In real music every level between the beat and its double is played (eighth-note guitars, hats, strummed chords
# are as strong on the off-beats as on the beats), so the off-beat test alone doubles a 95 BPM ballad to 190. Above
# this a listener taps half (a rock ballad at 95, not 190; drum and bass at 174 is still tapped at 174).
TAPPED_MAX_BPM = 180.0
_PREFERRED_BPM, _PREFERENCE_OCTAVES = 120.0, 0.7
# Off-beat strength relative to the beat above which the off-beats are beats too (at equal preference).
_OFFBEAT_RATIO = 0.5
_TEMPO_WINDOW_S = 8.0
_TEMPO_HOP_S = 1.0
_LOCAL_TEMPO_RANGE = 0.08
# Another tempo: in 4 s windows (hop 0.5 s), a periodicity between 0.85 and 1.27 times the song's tempo, at least
# this strong (normalised autocorrelation) and this much stronger than the one within the local range, in this
# many windows in a row.
_CHANGE_WINDOW_S, _CHANGE_HOP_S, _CHANGE_RANGE = 4.0, 0.5, (0.85, 1.27)
_CHANGE_STRENGTH, _CHANGE_MARGIN, _CHANGE_WINDOWS = 0.3, 1.5, 6
# A beat with no onset reaching this share of the local level (the envelope is normalised to about 1) is a guess;
# a beat added beyond the tracker's first or last needs a clear onset.
_WEAK_BEAT, _CLEAR_BEAT = 0.15, 0.3
# At the edges, where the tracker has no past or future to score against, a beat this far off the local period is
# off the grid.
_OFF_GRID = 0.1
# How far before a tracked beat (frames, 46 ms at the analysis' hop) its onset's leading edge is looked for.
_EDGE_SEARCH = 4
# The share of its peak at which an onset counts as begun.
_EDGE_LEVEL = 0.7
# The tracker's tightness (librosa's) for steady music (``steady.is_steady``), and otherwise.
_STEADY_TIGHTNESS, _LOOSE_TIGHTNESS = 400.0, 100.0


@dataclass(frozen=True, eq=False)
class Rhythm:
    """What the tracker found, in frames."""

    tempo_bpm: float
    beat_frames: IntArray
    local_bpm: FloatArray


def normalize_envelope(envelope: FloatArray, music: npt.NDArray[np.bool_], frame_rate: float) -> FloatArray:
    """Divide an onset envelope by its local level (a 4 s running maximum) so quiet passages count as loud ones.

    The floor (a twentieth of the loud passages' level) keeps noise in near-silence from being blown up, and frames
    outside ``music`` are zeroed so that silence cannot pull the beat grid.
    """
    import numpy as np
    from scipy.ndimage import maximum_filter1d, uniform_filter1d

    width = max(3, int(4.0 * frame_rate))
    level = uniform_filter1d(maximum_filter1d(envelope, width, mode="nearest"), width, mode="nearest")
    loud = float(np.percentile(level[music], 90)) if music.any() else float(level.max(initial=0.0))
    out = envelope / np.maximum(level, 0.05 * loud + 1e-9)
    return np.where(music, out, 0.0)


def track(
    beat_envelope: FloatArray,
    pulse_envelope: FloatArray,
    frame_rate: float,
    phase_envelope: FloatArray | None = None,
    drive: float = 1.0,
) -> Rhythm:
    """Tempo and beat frames of a normalised onset envelope.

    Parameters
    ----------
    beat_envelope : ndarray, shape (n,)
        Onset strength the beats are placed on (all bands).
    pulse_envelope : ndarray, shape (n,)
        Onset strength of the low and middle bands (kick, snare, bass), which carry the beat more than hats do;
        used to choose the metrical level.
    frame_rate : float
        Frames per second (Hz).
    phase_envelope : ndarray, shape (n,), optional
        Onset strength with every band counted alike (decibel flux); in a steady song it decides between the beat
        grid and the grid half a beat from it (``steady.choose_phase``).
    drive : float
        How much the music drives, 0..1 (``AudioAnalysis.drive``); it weighs the metrical-level evidence
        (``offbeat_ratio``).
    """
    import numpy as np

    from . import beat_dp

    if not np.any(pulse_envelope > 0) or len(pulse_envelope) < 4 * frame_rate:
        return Rhythm(0.0, np.zeros(0, dtype=np.int64), np.zeros(0))
    tempo = choose_level(pulse_envelope, frame_rate, _global_tempo(pulse_envelope, frame_rate), drive)
    local_bpm = local_tempo(beat_envelope, frame_rate, tempo)
    changed = _tempo_changes(beat_envelope, frame_rate, tempo)
    tightness = _tightness(local_bpm)
    for start, stop, bpm in changed:
        local_bpm[start:stop] = bpm
    beats = beat_dp.track(beat_envelope, frame_rate, local_bpm, tightness)
    if steady.is_steady(local_bpm):
        # one grid per steady part: a section at another tempo is not on the song's grid
        cuts = [0] + [edge for start, stop, _ in changed for edge in (start, stop)] + [len(beat_envelope)]
        parts = [beats[(beats >= lo) & (beats < hi)] for lo, hi in itertools.pairwise(cuts)]
        for k in range(0, len(parts), 2):
            parts[k] = steady.hold_pulse(parts[k], beat_envelope)
            if phase_envelope is not None:
                parts[k] = steady.choose_phase(parts[k], phase_envelope, beat_envelope)
        beats = np.concatenate(parts).astype(np.int64)
    return Rhythm(tempo, beats, local_bpm)


def _tempo_changes(envelope: FloatArray, frame_rate: float, tempo_bpm: float) -> list[tuple[int, int, float]]:
    """Stretches (first frame, end frame, BPM) where the music holds another tempo than ``tempo_bpm``, beyond the
    local range, for several seconds: a new section or a closing loop. In short windows the autocorrelation's
    peak within ``_CHANGE_RANGE`` must clearly beat the one within the local range (``_CHANGE_MARGIN``)."""
    import numpy as np

    from .dsp import true_runs

    period = 60.0 * frame_rate / tempo_bpm
    lo, hi = _local_lags(period)
    wide_lo, wide_hi = int(period / _CHANGE_RANGE[1]), int(np.ceil(period / _CHANGE_RANGE[0])) + 1
    width, windows = _periodicity(envelope, frame_rate, period, (_CHANGE_WINDOW_S, _CHANGE_HOP_S), wide_hi, 0.5)
    centres = [start + width // 2 for start, _ in windows]
    flags, periods = [], []
    for _, acf in windows:
        if acf is None:
            flags.append(False)
            periods.append(period)
            continue
        acf = acf / max(float(acf[0]), 1e-12)
        near = float(acf[lo:hi].max())
        lags = np.r_[wide_lo:lo, hi:wide_hi]
        peaks = lags[(acf[lags] >= acf[lags - 1]) & (acf[lags] >= acf[lags + 1])]
        best = int(peaks[np.argmax(acf[peaks])]) if len(peaks) else lo
        flags.append(acf[best] >= _CHANGE_STRENGTH and acf[best] >= _CHANGE_MARGIN * max(near, 0.0))
        periods.append(_refine_peak(acf, best))
    out: list[tuple[int, int, float]] = []
    for k, end in true_runs(np.asarray(flags, dtype=bool)):
        run = np.asarray(periods[k:end])
        if end - k >= _CHANGE_WINDOWS and np.ptp(run) <= _LOCAL_TEMPO_RANGE * float(np.median(run)) * 2:
            first = 0 if k == 0 else (centres[k - 1] + centres[k]) // 2
            last = len(envelope) if end == len(flags) else (centres[end - 1] + centres[end]) // 2
            out.append((int(first), int(last), float(60.0 * frame_rate / np.median(run))))
    return out


def _local_lags(period: float) -> tuple[int, int]:
    """The lags (frames, end exclusive) within ``_LOCAL_TEMPO_RANGE`` of ``period``."""
    return int(period * (1 - _LOCAL_TEMPO_RANGE)), math.ceil(period * (1 + _LOCAL_TEMPO_RANGE)) + 1


def _periodicity(envelope: FloatArray, frame_rate: float, period: float, seconds: tuple[float, float], max_lag: int,
                 filled: float) -> tuple[int, list[tuple[int, FloatArray | None]]]:  # fmt: skip
    """The autocorrelation (lags up to ``max_lag`` + 1) of the envelope in windows of ``seconds[0]`` (six periods at
    least) every ``seconds[1]``: the windows' width (frames) and each one's first frame and autocorrelation, None
    where fewer than a ``filled`` share of its frames have an onset."""
    import numpy as np

    width = int(max(seconds[0] * frame_rate, 6 * period))
    hop = max(1, int(seconds[1] * frame_rate))
    windows: list[tuple[int, FloatArray | None]] = []
    for start in range(0, max(1, len(envelope) - width + 1), hop):
        window = envelope[start : start + width]
        filled_enough = np.count_nonzero(window) >= int(width * filled)
        windows.append((start, _autocorrelation(window - window.mean())[: max_lag + 2] if filled_enough else None))
    return width, windows


def _global_tempo(envelope: FloatArray, frame_rate: float) -> float:
    """The strongest periodicity (BPM) of the envelope's autocorrelation, where a beat period counts with its
    multiples (two beats, a bar): that is what tells a beat from a swung or dotted figure at 2/3 or 3/2 of it."""
    import numpy as np

    acf = _autocorrelation(envelope - envelope.mean())
    acf = np.maximum(acf / max(float(acf[0]), 1e-12), 0.0)
    lags = np.arange(int(60.0 * frame_rate / MAX_BPM), int(60.0 * frame_rate / MIN_BPM) + 1)
    lags = lags[4 * lags < len(acf) - 1]
    if len(lags) == 0:
        return _PREFERRED_BPM
    comb = acf[lags] + 0.5 * acf[2 * lags] + 0.25 * acf[4 * lags]
    bpm = 60.0 * frame_rate / lags
    score = comb * np.exp(-0.5 * (np.log2(bpm / _PREFERRED_BPM) / (2 * _PREFERENCE_OCTAVES)) ** 2)
    best = int(np.argmax(score))
    return float(60.0 * frame_rate / (lags[0] + _refine_peak(score, best)))


def _autocorrelation(x: FloatArray) -> FloatArray:
    import numpy as np

    n = len(x)
    spectrum = np.fft.rfft(x, 2 * n)
    return np.asarray(np.fft.irfft(np.abs(spectrum) ** 2)[:n])


def _refine_peak(values: FloatArray, i: int) -> float:
    """Sub-sample position of the peak at ``i`` by a parabola through its neighbours."""
    if i <= 0 or i >= len(values) - 1:
        return float(i)
    a, b, c = values[i - 1], values[i], values[i + 1]
    denom = a - 2 * b + c
    return float(i) if denom >= 0 else float(i + 0.5 * (a - c) / denom)


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
        return math.exp(-0.5 * (math.log2(bpm / _PREFERRED_BPM) / _PREFERENCE_OCTAVES) ** 2)

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
    width = int(max(_TEMPO_WINDOW_S * frame_rate, 4 * period))
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


def local_tempo(envelope: FloatArray, frame_rate: float, tempo_bpm: float) -> FloatArray:
    """Tempo (BPM) per frame: the autocorrelation peak within ±8 % of ``tempo_bpm`` in overlapping 8 s windows,
    median-smoothed and interpolated; live recordings drift and one global period slips off them."""
    import numpy as np
    from scipy.ndimage import median_filter

    period = 60.0 * frame_rate / tempo_bpm
    lo, hi = _local_lags(period)
    width, windows = _periodicity(envelope, frame_rate, period, (_TEMPO_WINDOW_S, _TEMPO_HOP_S), hi, 0.25)
    centres = [start + width / 2 for start, acf in windows if acf is not None]
    periods = [_refine_peak(acf, lo + int(np.argmax(acf[lo:hi]))) for _, acf in windows if acf is not None]
    if len(periods) < 2:
        return np.full(len(envelope), tempo_bpm)
    smooth = median_filter(np.asarray(periods), size=5, mode="nearest")
    return np.asarray(60.0 * frame_rate / np.interp(np.arange(len(envelope)), centres, smooth))


def _tightness(local_bpm: FloatArray) -> float:
    """How strictly the tracker holds the period: tightly where the tempo is steady (a studio track), loosely where
    the music drifts or plays rubato."""
    return _STEADY_TIGHTNESS if steady.is_steady(local_bpm) else _LOOSE_TIGHTNESS


def keep_musical_beats(
    beat_frames: IntArray, envelope: FloatArray, music: npt.NDArray[np.bool_], local_bpm: FloatArray, frame_rate: float
) -> IntArray:
    """Drop beats where there is no music, and leading or trailing beats with no onset near them or off the local
    period (the tracker runs its grid on to the file's edges, and bends it there)."""
    import numpy as np
    from scipy.ndimage import maximum_filter1d

    if len(beat_frames) < 2:
        return beat_frames[:0]
    frames = np.clip(beat_frames, 0, len(envelope) - 1)
    intervals = np.diff(frames).astype(np.float64)
    gaps = np.concatenate([intervals[:1], intervals])  # the first beat is judged by the interval after it
    periods = 60.0 * frame_rate / local_bpm[np.clip(frames, 0, len(local_bpm) - 1)]
    on_grid = np.abs(gaps / periods - 1.0) <= _OFF_GRID
    keep = music[frames].copy()
    good = np.flatnonzero((maximum_filter1d(envelope, 5, mode="constant")[frames] >= _WEAK_BEAT) & keep & on_grid)
    if len(good) == 0:
        return beat_frames[:0]
    keep[: good[0]] = False
    keep[good[-1] + 1 :] = False
    return np.asarray(beat_frames[keep], dtype=np.int64)


def tempo_of(beat_frames: IntArray, frame_rate: float) -> float | None:
    """Tempo (BPM) of a beat sequence: the median of its eight-beat spans, which frame rounding does not bias and a
    slow drift does not upset; None for fewer than nine beats."""
    import numpy as np

    span = 8
    if len(beat_frames) <= span:
        return None
    periods = (beat_frames[span:] - beat_frames[:-span]) / span
    return float(60.0 * frame_rate / np.median(periods))


def extend_to_edges(beat_frames: IntArray, envelope: FloatArray, local_bpm: FloatArray, frame_rate: float) -> IntArray:
    """Add the beats the tracker leaves off at either end (its last beat needs a future to score against): one more
    period out, while a clear onset (half the local level) lies within 35 ms of where the grid says."""
    import numpy as np

    beats = [int(b) for b in beat_frames]
    if len(beats) < 2 or len(local_bpm) != len(envelope):
        return beat_frames
    reach = max(1, round(0.035 * frame_rate))
    for direction in (1, -1):
        while True:
            edge = beats[-1] if direction == 1 else beats[0]
            guess = edge + direction * round(60.0 * frame_rate / local_bpm[min(max(edge, 0), len(local_bpm) - 1)])
            lo, hi = max(0, guess - reach), min(len(envelope), guess + reach + 1)
            if hi - lo < 2 or envelope[lo:hi].max() < _CLEAR_BEAT:
                break
            found = lo + int(np.argmax(envelope[lo:hi]))
            beats.insert(len(beats) if direction == 1 else 0, found)
    return np.asarray(beats, dtype=np.int64)


def leading_edges(beat_frames: IntArray, envelope: FloatArray) -> FloatArray:
    """Each beat moved to the leading edge of its onset (fractional frames): where the envelope first reaches half
    of its peak near the beat.

    The flux of a real attack (a plucked string, a piano, a kick with a soft front) peaks one to four frames after
    the note starts, which is where a listener taps and where an annotator marks the beat; a constant 20–40 ms lag
    on every beat otherwise.
    """
    import numpy as np

    out = np.asarray(beat_frames, dtype=np.float64).copy()
    n = len(envelope)
    for k, b in enumerate(beat_frames):
        lo, hi = max(int(b) - _EDGE_SEARCH, 0), min(int(b) + 2, n)
        if hi - lo < 2:
            continue
        peak = lo + int(np.argmax(envelope[lo:hi]))
        half = _EDGE_LEVEL * envelope[peak]
        if half <= 0:
            continue
        i = peak
        while i > max(lo - 1, 0) and envelope[i - 1] >= half:
            i -= 1
        if i == 0 or envelope[i - 1] >= half:
            out[k] = float(i)
            continue
        before, at = envelope[i - 1], envelope[i]
        out[k] = i - 1 + (half - before) / max(at - before, 1e-12)
    return np.asarray(np.maximum(out, 0.0), dtype=np.float64)
