"""A clip shorter than the shots it is given never freezes on its last frame (issue 27/29, s54-kinds2): with a 15 s
song and one 4 s clip the plan made two shots of 7.7 and 7.3 s, each from the clip's start, so the render held its
last frame 3.7 s, twice. No clip shot may need more than its clip's footage after its in-point (+ a frame), counting
the halves of the dissolves into and out of it that it plays under: alone, and beside two pictures, under a calm and
a driving song, on several seeds."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.protocol import MediaInfo, MediaKind
from tests.planning.test_energetic_pace import PHOTOS, _clip
from tests.render.synth import click_analysis

SONG_MS = 15_000
CLIP_MS = 4_000
FRAME_MS = 34  # a clip's last frame may show one frame at 30 fps
SONG = MediaInfo("m_song", "song.ogg", MediaKind.AUDIO, "ogg", 1000, duration_ms=SONG_MS)


def _half_blend(meta: Mapping[str, object]) -> int:
    """Half of a dissolve (or of a dip's cross-dissolve) into a shot, ms: the render centres it on the cut, so the
    clip before plays on that long under it and the clip after starts that much earlier (``render.accents``)."""
    ms, kind, blend = meta.get("transition_ms"), meta.get("transition_in"), meta.get("dip_blend")
    share = 1.0 if kind == "dissolve" else float(blend) if kind == "dip" and isinstance(blend, (int, float)) else 0.0
    return round(ms * share) // 2 if isinstance(ms, (int, float)) else 0


def clip_shots(pictures: int, seed: int, drive: float) -> list[tuple[int, int]]:
    """(footage from, footage to) that each shot of the 4 s clip plays, ms, dissolves counted, in a 15 s song's plan
    with ``pictures`` pictures."""
    beats = click_analysis(120, SONG_MS).beats_ms
    energy = tuple(0.5 + 0.4 * drive for _ in range(SONG_MS // 100))
    analysis = click_analysis(120, SONG_MS, energy=energy, sections_ms=(0, 8000), drive=drive, kicks_ms=beats)
    visuals = [*[(p, None) for p in PHOTOS[:pictures]], _clip("m_clip", CLIP_MS, ())]
    draft = plan_music_video(SONG, analysis, visuals, MusicVideoOptions(seed=seed))
    lane = next(t for t in draft.tracks if t.meta.get("role") == "visuals")
    shots, out = lane.segments, []
    for k, sg in enumerate(shots):
        if sg.src == "m_clip":
            lead, tail = _half_blend(sg.meta), _half_blend(shots[k + 1].meta) if k + 1 < len(shots) else 0
            out.append((max((sg.in_ms or 0) - lead, 0), max(sg.in_ms or 0, lead) + sg.duration_ms + tail))
    return out


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("drive", [0.2, 0.9])
@pytest.mark.parametrize("pictures", [0, 2])
def test_no_clip_shot_outlasts_its_footage(pictures: int, drive: float, seed: int) -> None:
    """merge54 (603192e): the clip alone, shots playing 0-8000 and 0-7000 ms of it (0-7500 with the dissolves,
    under the driving song); beside two pictures, 0-4500 (a 4 s shot with a 1 s dissolve in and out)."""
    shots = clip_shots(pictures, seed, drive)
    assert shots, "the clip is shown"
    past = [(a, b) for a, b in shots if b > CLIP_MS + FRAME_MS]
    assert past == [], f"shots past the clip's {CLIP_MS} ms of footage (from, to): {past}"
