"""How often each look (``VideoAnalysis.looks``) and each scene (the clip's own shot) of every clip was shown, by
this pass through the clips or an earlier one, so that a clip's shots spread over its scenes and their looks."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from ..analysis.types import VideoAnalysis
from .clip_window_traits import look_at


class LooksShown:
    """Counts of the looks and scenes of ``analyses`` (one per clip, by index) shown so far."""

    def __init__(self, analyses: Sequence[VideoAnalysis]) -> None:
        self.analyses = list(analyses)
        self.looks: list[dict[int | None, int]] = [{} for _ in self.analyses]
        self.scenes: list[dict[int, int]] = [{} for _ in self.analyses]

    def count(self, clip: int, start: int, length_ms: int) -> None:
        """Count the window's look and scene as shown once more."""
        look = self.look(clip, start, length_ms)
        self.looks[clip][look] = self.looks[clip].get(look, 0) + 1
        scene = self._scene(clip, start, length_ms)
        self.scenes[clip][scene] = self.scenes[clip].get(scene, 0) + 1

    def look(self, clip: int, start: int, length_ms: int) -> int | None:
        return look_at(self.analyses[clip], start, length_ms)

    def look_count(self, clip: int, start: int, length_ms: int) -> int:
        """How often the window's look was shown."""
        return self.looks[clip].get(self.look(clip, start, length_ms), 0)

    def unseen_look(self, clip: int, start: int, length_ms: int) -> bool:
        """Whether the window shows a look of the clip not shown yet (any window where the clip has no looks)."""
        look = self.look(clip, start, length_ms)
        return look is None or not self.looks[clip].get(look, 0)

    def least_shown(self, clip: int, starts: list[int], length_ms: int) -> list[int]:
        """Those of ``starts`` whose scene (the clip's own shot), then look, was shown least, so that a clip's shots
        spread over its scenes and their different looks (a static camera's moments all look alike; a clip with
        three scenes shows each before any twice; a 9 s pan over a hillside, three looks, does not take three
        shots of every five)."""
        counts = [self._shown(clip, s, length_ms) for s in starts]
        return [s for s, n in zip(starts, counts, strict=True) if n == min(counts)] if counts else starts

    def _shown(self, clip: int, start: int, length_ms: int) -> tuple[int, int]:
        """How often the window's scene and its look were shown."""
        scene = self.scenes[clip].get(self._scene(clip, start, length_ms), 0)
        return scene, self.look_count(clip, start, length_ms)

    def _scene(self, clip: int, start: int, length_ms: int) -> int:
        return bisect.bisect(self.analyses[clip].cut_points_ms, start + length_ms // 2)
