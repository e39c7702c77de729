"""The music video draft's ``m``: its rhythm (tempo, beats, sections), its look and pace, and what the reply should
say about the sources (``low_resolution_sources``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ...protocol import MediaKind
from ...protocol.vocabulary import ASPECT_SIZES
from ..analysis.character import character
from ..analysis.types import ENERGY_RANGE_DB, AudioAnalysis
from .chorus_start import chorus_start_ms
from .cutting import loudest_section, section_spans

if TYPE_CHECKING:
    from .options import MusicVideoOptions, Visual

# the renderer crops a picture to fill the frame enlarged at most this much, a clip this much (render.fills.PICTURE_FILL_UPSCALE,
# render.fills.MAX_CLIP_UPSCALE; planning cannot import render)
MAX_UPSCALE = 6.5
MAX_CLIP_UPSCALE = 4.0


def pace_meta(
    analysis: AudioAnalysis, options: MusicVideoOptions, usable: Sequence[Visual], first: int | None
) -> dict[str, object]:
    """``pace``: the music's character that set the cut rate ("calm", "flowing", "driving"; absent where the user
    fixed the rate or the analysis did not measure it), and ``opening``: the name of the picture the video opens on
    (where ``options.opening`` chose it)."""
    out: dict[str, object] = {}
    if analysis.drive is not None and not options.beats_per_cut:
        out["pace"] = character(analysis.drive)
    if first is not None:
        out["opening"] = usable[first][0].name
    return out


def look_meta(analysis: AudioAnalysis, duration_ms: int, options: MusicVideoOptions) -> dict[str, object]:
    """The options a re-plan keeps (``chorus_factor``, ``clip_weight`` where not 1, ``source_weights``) and where the chorus
    (the loudest section) is, ``chorus_ms`` [start, end], when the music has sections."""
    chorus = loudest_section(analysis, duration_ms)
    out: dict[str, object] = {} if chorus is None else {"chorus_ms": list(chorus)}
    out |= {name: getattr(options, name) for name in ("chorus_factor", "clip_weight") if getattr(options, name) != 1.0}
    return out | ({"source_weights": dict(options.source_weights)} if options.source_weights else {})


def low_resolution_sources(visuals: Sequence[Visual], aspect: str) -> list[str]:
    """Names of the pictures that would need enlarging more than 6.5 times to fill a frame of ``aspect``, and of
    the clips more than four times: the renderer shows them at that size on a blurred copy of themselves, and the reply
    should say so."""
    frame_w, frame_h = ASPECT_SIZES.get(aspect, ASPECT_SIZES["16:9"])
    limits = {MediaKind.IMAGE: MAX_UPSCALE, MediaKind.VIDEO: MAX_CLIP_UPSCALE}
    return [
        info.name
        for info, _ in visuals
        if info.kind in limits
        and info.width
        and info.height
        and max(frame_w / info.width, frame_h / info.height) > limits[info.kind]
    ]


def rhythm_meta(analysis: AudioAnalysis, duration_ms: int) -> dict[str, object]:
    """``bpm``, ``beats_ms`` and ``downbeats_ms`` for the draft's ``m``, limited to the video's length, and
    ``sections`` (each one's span and level, for its own look) when the music has several, with ``seconds_db``
    (how loud each second is, for a cover video's scenes each sized by its own loudness) and ``seconds_bright``
    (how much of each second's sound lies above 4 kHz, ``AudioAnalysis.bright_db``, where measured), and where
    its chorus first comes in (``chorus_start_ms``, for "start at the chorus") where it has one."""
    sections = section_spans(analysis, duration_ms)
    chorus = chorus_start_ms(analysis, duration_ms)
    return (
        {
            "bpm": round(analysis.tempo_bpm, 2),
            "beats_ms": [b for b in analysis.beats_ms if 0 <= b < duration_ms],
            "downbeats_ms": [b for b in analysis.downbeats_ms if 0 <= b < duration_ms],
        }
        | ({"sections": sections, "seconds_db": seconds_db(analysis, duration_ms)} if sections else {})
        | (
            {"seconds_bright": list(analysis.bright_db[: -(-duration_ms // 1000)])}
            if sections and analysis.bright_db
            else {}
        )
        | ({"chorus_start_ms": chorus} if chorus else {})
    )


def seconds_db(analysis: AudioAnalysis, duration_ms: int) -> list[float]:
    """How loud each second of the music is up to ``duration_ms``, in dB under its loud passages (the mean of its
    energy, ``AudioAnalysis.energy``, on its dB scale: 0 at the loud passages, -40 at silence).

    >>> seconds_db(AudioAnalysis(2500, 120.0, (), (), (), (1.0,) * 10 + (0.5,) * 15, 100, (0,)), 2500)
    [0.0, -20.0, -20.0]
    """
    hop = max(analysis.energy_hop_ms, 1)
    out = []
    for start in range(0, duration_ms, 1000):
        values = analysis.energy[start // hop : -(-min(start + 1000, duration_ms) // hop)]
        out.append(round((sum(values) / len(values) - 1) * ENERGY_RANGE_DB, 1) if values else -ENERGY_RANGE_DB)
    return out
