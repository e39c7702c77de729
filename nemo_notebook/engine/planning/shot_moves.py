"""The camera move of each picture shot (``ShotMoves``): pushes, pulls and pans dealt so that neither a shot nor a
source repeats its last."""

from __future__ import annotations

import random

from ...protocol.vocabulary import MIN_ZOOM_SHOT_MS, PANS, PICTURE_MOTIONS


class ShotMoves:
    """The camera move for each picture shot: push in, pull out, pans in four directions (each eased in and out by
    the renderer), but only pans in shots shorter than ``MIN_ZOOM_SHOT_MS``. A zoom that short moves too little to
    see, and each zoom shot costs the renderer a per-frame rescale and a few frames of memory while it waits its
    turn, where a pan is a free moving crop.

    The move never repeats the shot before's, nor the one this source had last; among the rest, the ones this source
    has had least, then the ones the video has shown least, drawn at random. So a source does not come back with the
    same move however regular the order of the sources is (four sources in a fast section must come round in a
    fixed cycle)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.previous = ""
        self.last: dict[int, str] = {}
        self.uses: dict[tuple[int, str], int] = {}
        self.total: dict[str, int] = {}

    def next(self, source: int, shot_ms: int) -> str:
        moves = PANS if shot_ms < MIN_ZOOM_SHOT_MS else PICTURE_MOTIONS
        options = [m for m in moves if m not in (self.previous, self.last.get(source))]
        rank = {m: (self.uses.get((source, m), 0), self.total.get(m, 0)) for m in options}
        move = self.rng.choice([m for m in options if rank[m] == min(rank.values())])
        self.previous = self.last[source] = move
        self.uses[source, move] = self.uses.get((source, move), 0) + 1
        self.total[move] = self.total.get(move, 0) + 1
        return move
