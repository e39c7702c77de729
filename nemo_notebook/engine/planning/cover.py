"""A video of one cover and a track: which design (``m.cover_design``) the music asks for, and the lanes' parts
that belong to the design (its visualizer, the credit set in its layout for the whole video). The cover's
background moves as a picture's does (a slow pan or zoom a section, punch-ins on the loud sections' kicks); a lift
of its brightness on every beat was tried and dropped: the encoder spent 13 ms a 1080p frame on a picture whose
every pixel changed, more than the whole of a photo video's frame.

The design follows the music unless named: driving music (a kick on at least ``DRIVING_KICKS_PER_BEAT`` of the
beats at ``DRIVING_BPM`` or faster) gets the ring, whose bars go round the cover; music without a kick drum (fewer
than ``MIN_KICK_SHARE`` of its beats) or slower than ``CALM_BPM`` gets the wave, a thin line under the cover; the
rest the poster, big type and bars beside or under it.
"""

from __future__ import annotations

from dataclasses import replace

from ...protocol import Track
from ...protocol.vocabulary import COVER_DESIGNS, COVER_VISUALIZERS
from ..analysis.types import AudioAnalysis
from .accents import MIN_KICK_SHARE
from .backgrounds import DRIVING_BPM, DRIVING_KICKS_PER_BEAT

CALM_BPM = 80.0
CREDIT_FADE_MS = 800


def design_for(analysis: AudioAnalysis) -> str:
    """The design the music asks for (see the module docstring)."""
    kick_share = len(analysis.kicks_ms) / max(len(analysis.beats_ms), 1)
    if analysis.tempo_bpm >= DRIVING_BPM and kick_share >= DRIVING_KICKS_PER_BEAT:
        return "ring"
    if kick_share < MIN_KICK_SHARE or analysis.tempo_bpm < CALM_BPM:
        return "wave"
    return "poster"


def design_for_effect(effect: str | None) -> str | None:
    """The design whose visualizer is ``effect`` (a circular visualizer: the ring), or the one whose visualizer is
    drawn the same way (bars: the poster; a waveform: the wave); None for none."""
    for design, own in COVER_VISUALIZERS.items():
        if effect == own:
            return design
    if effect in ("mirrored", "cqt", "glow"):
        return "poster"
    if effect in ("waves", "vectorscope"):
        return "wave"
    return None


def chosen_design(named: str | None, visualizer: str | None, analysis: AudioAnalysis) -> str:
    """The design named, else the one a visualizer the user named belongs to (any but the default bars), else the
    music's; without a visualizer (the user asked for none) the poster, whose big type fills the frame alone (a ring
    or a wave without its visualizer is a cover on its own)."""
    if named in COVER_DESIGNS:
        return named
    if visualizer is None:
        return "poster"
    asked = design_for_effect(visualizer) if visualizer not in (None, "spectrum") else None
    return asked or design_for(analysis)


def with_design(visualizer: Track, design: str, named_effect: str | None) -> Track:
    """The visualizer lane drawing the design's own visualizer, or the one the user named where it belongs to the
    design; in the layout's place (position "auto") unless the user placed it."""
    effect = named_effect if design_for_effect(named_effect) == design else COVER_VISUALIZERS[design]
    return visualizer.with_segments([s.with_meta(effect=effect) for s in visualizer.segments])


def credit_in_layout(title: Track, duration_ms: int, fade_out_ms: int) -> Track:
    """The credit ("Title — Artist") set by the design's layout for the whole video, fading in and out with it."""
    segments = [
        replace(s, start_ms=0, duration_ms=duration_ms).with_meta(
            layout="cover", fade_in_ms=CREDIT_FADE_MS, fade_out_ms=max(fade_out_ms, 1)
        )
        for s in title.segments
    ]
    return title.with_segments(segments)
