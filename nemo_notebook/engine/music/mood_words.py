"""Mood words over the footage (issue 28): a style the words name ("upbeat", "sad", "dreamy", "rock") plays at its
own energy, tempo and mode where the footage's mood disagrees, the footage only shading it; words that name none
leave the footage in charge. Pure Python, used by ``brief.brief_from_video`` and ``planning.score_fit``.

Before, a named style met the footage's energy half way and took its tempo from the footage's pace: "create an upbeat
background track" over a still, grey clip played at 0.54 energy and 116 BPM, "a sad track" over a fast, bright one
at 0.61 energy and the top of sad's range."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nemo_notebook.engine.music.styles import STYLES

if TYPE_CHECKING:
    from nemo_notebook.engine.analysis.types import VideoAnalysis

DISAGREE = 0.2  # a named style's energy this far from the footage's: the words win, and the reply says so
_SHADE = 0.1  # how far the footage still moves a named style's energy, either way
_TEMPO_SHADE = 0.3  # the share of the footage's pace (around the middle) a named style's tempo follows
# where the words name a style, its sections' energies spread this far round the style's own (the footage's shape
# kept, squeezed): "upbeat" (0.75) over held-out 07's still tree shot (0.09 of 1) played a 23 s
# drumless "bridge" before any chorus, "only upbeat for its second half" to a blind listener; now 0.55, a verse with
# the full groove, and its loudest scene a chorus
_SECTION_SPREAD = 0.5


def footage_energy(analysis: VideoAnalysis) -> float:
    """The energy (0..1) the footage's arousal and pace suggest."""
    return 0.25 + 0.55 * analysis.arousal + 0.2 * analysis.pace


def footage_mode(analysis: VideoAnalysis) -> str:
    """The mode the footage's mood suggests: major from a valence of 0.45 up."""
    return "major" if analysis.valence >= 0.45 else "minor"


def energy_over(analysis: VideoAnalysis, named: str | None, nudge: float) -> float:
    """The energy of a score: the footage's, held within ``_SHADE`` of the named style's own (upbeat's 0.75: 0.65
    over a still clip, was 0.54); where no style is named, the footage's nudged by the words' pace words."""
    footage = footage_energy(analysis)
    if named is None:
        return _clamp(footage + 0.15 * nudge)
    own = STYLES[named].energy
    return _clamp(_clamp(footage, own - _SHADE, own + _SHADE))


def sections_over(energies: tuple[float, ...], named: str | None) -> tuple[float, ...]:
    """The energies (0..1) of a score's sections (``scene_energy.section_energies``: the footage's by scene): where
    the words name a style, ``squeezed`` round the style's own (an upbeat track over a still shot grooves on, a calm
    one over action never hits a full chorus), else the footage's as they are. Held-out 07's clips as a whole agree
    with "upbeat" (the talk and the street), but its still tree shot alone, at 0.09, played a drumless bridge."""
    if named is None:
        return energies
    return squeezed(energies, STYLES[named].energy)


def squeezed(energies: tuple[float, ...], own: float) -> tuple[float, ...]:
    """``energies`` within ``_SECTION_SPREAD`` / 2 of ``own``, in their order and their steps halved.

    Examples
    --------
    >>> squeezed((0.7, 0.09, 0.9), 0.75)  # upbeat's sections over held-out 07's talk, still tree, street camera
    (0.85, 0.545, 0.95)
    >>> squeezed((0.1, 0.9), 0.3)  # a calm style's over a still shot and an action one
    (0.1, 0.5)
    """
    return tuple(round(_clamp(own + _SECTION_SPREAD * (energy - 0.5)), 4) for energy in energies)


def drive_over(analysis: VideoAnalysis, named: str | None, nudge: float) -> float:
    """Where in the style's tempo range a score plays (0 its slowest … 1 its fastest): the footage's arousal and pace
    where no style is named; the middle, the pace words' way, where one is (the footage shading it)."""
    footage = 0.6 * analysis.arousal + 0.4 * analysis.pace
    if named is None:
        return _clamp(footage + 0.15 * nudge)
    return _clamp(0.5 + 0.3 * nudge + _TEMPO_SHADE * (footage - 0.5))


def mode_over(analysis: VideoAnalysis, named: str | None) -> str:
    """The mode where the words name none: the named style's own where it has one and its energy disagrees with the
    footage's ("a calm track" over an action clip), else the footage's."""
    own = STYLES[named].mode if named is not None else "either"
    if own != "either" and disagrees(analysis, named):
        return own
    return footage_mode(analysis)


def wider_tempo_range(
    analysis: VideoAnalysis, named: str | None, low: float, high: float, share: float
) -> tuple[float, float]:
    """A style's tempo range (``low``-``high``) widened by ``share`` either way, for a score's grid to land more of
    the cuts, except on the footage's side where a named style disagrees with it: "upbeat" over a still clip keeps
    its 112 BPM floor, "dreamy" over an action clip calm's 80 BPM ceiling."""
    down, up = low * (1 - share), high * (1 + share)
    if named is not None and disagrees(analysis, named):
        return (low, up) if STYLES[named].energy > footage_energy(analysis) else (down, high)
    return down, up


def disagrees(analysis: VideoAnalysis, named: str | None) -> bool:
    """Whether a named style's energy is more than ``DISAGREE`` from the footage's."""
    return named is not None and abs(footage_energy(analysis) - STYLES[named].energy) > DISAGREE


def _clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return max(low, min(high, value))
