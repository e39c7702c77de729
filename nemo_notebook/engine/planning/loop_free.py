"""The last passes over a montage's shots where the music drives, in their order: no loop a viewer sees and a clip
early (``unlooped``), no still held over music driving to its end (``closing_still``), clips in the long shots and
stills in the short ones (``clip_takes``), no moment of a clip shown twice after those moves (``clip_spans_apart``),
and no shot showing its clip's own cut off the beat (``clip_cuts_clear``).
Each pass's module says what it does and why."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from ...protocol import MediaKind, Segment
from ..analysis.types import AudioAnalysis
from .clip_cuts_clear import clips_clear_of_cuts
from .clip_spans_apart import clip_spans_apart
from .clip_takes import clip_takes
from .closing_still import closing_cut
from .options import Visual
from .quiet_breaks import quiet_breaks_ms
from .unlooped import unlooped


def loop_free(
    shots: Sequence[Segment],
    visuals: Sequence[Visual],
    weak: Collection[str],
    beats_ms: Sequence[int],
    loud: Callable[[int], bool] | None,
    analysis: AudioAnalysis,
    driving: bool,
) -> list[Segment]:
    """``shots`` after the five passes (``visuals``: the uploads shown; ``weak``: the ids of weak ones; ``beats_ms``:
    the music's; ``loud``: whether a time is in a loud section; ``analysis``: the music's, for its downbeats, sections
    and quiet breaks; ``driving``: whether the music drives to its end)."""
    clip_ms = {info.id: info.duration_ms or 0 for info, _ in visuals if info.kind == MediaKind.VIDEO}
    planned, moved = list(shots), unlooped(shots, clip_ms, weak, beats_ms, loud)
    moved = closing_cut(moved, visuals, analysis.downbeats_ms, driving, weak)
    breaks = quiet_breaks_ms(analysis, max((s.end_ms for s in shots), default=0))  # held there on purpose
    moved = clip_takes(moved, clip_ms, weak, analysis.downbeats_ms, analysis.sections_ms, breaks)
    moved = clip_spans_apart(moved, {k: ms for k, ms in clip_ms.items() if ms})  # moments moved: none twice
    return clips_clear_of_cuts(moved, visuals, beats_ms, planned)  # nor one showing the clip's own cut off the beat
