"""The acceptance media are the same file on every run: a test whose input changes between runs passes or fails by
luck (a randomly coloured shot once moved the clip's mood across a style line, and the score's tempo with it)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .media import clip_with_cuts

SHOT_SECONDS = (73 / 30, 89 / 30, 54 / 30, 108 / 30, 72 / 30)


def test_the_clip_with_cuts_is_the_same_file_each_time_it_is_made(tmp_path: Path) -> None:
    digests = set()
    for run in range(3):
        made = tmp_path / f"clip-{run}.mp4"
        clip_with_cuts(made, SHOT_SECONDS)
        digests.add(hashlib.sha256(made.read_bytes()).hexdigest())
    assert len(digests) == 1
