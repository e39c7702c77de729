"""No two picture shots cut one into the other with the same camera move (``planning.moves_apart``), in driving
music; calm music keeps its moves. Held-out 01 (156 BPM, 7 photos) had four pans up in a row (15.95-28.26 s)."""

from __future__ import annotations

import random
from itertools import pairwise

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.planning.accents import accent_shots
from nemo_notebook.engine.planning.moves_apart import moves_apart
from nemo_notebook.protocol import Segment
from tests.planning.test_beat_pulses import PICTURES, SONG, _song


def _lane(drive: float) -> list[Segment]:
    draft = plan_music_video(
        SONG, _song(drive=drive), [(p, None) for p in PICTURES], MusicVideoOptions(visualizer=None)
    )
    return list(next(t for t in draft.tracks if t.meta.get("role") == "visuals").segments)


def _repeats(lane: list[Segment]) -> list[tuple[int, str]]:
    """(cut, move) where a picture shot cuts straight into another with the same move."""
    return [
        (b.start_ms, str(b.meta.get("motion")))
        for a, b in pairwise(lane)
        if a.src and b.src and a.in_ms is None and b.in_ms is None and a.end_ms == b.start_ms
        and a.meta.get("motion") == b.meta.get("motion") and a.meta.get("motion") not in (None, "still")
    ]  # fmt: skip


def test_a_driving_video_never_repeats_a_move_across_a_cut() -> None:
    lane = _lane(1.0)
    assert sum(1 for sg in lane if sg.meta.get("motion")) >= 6, lane
    assert not _repeats(lane), [(sg.start_ms, sg.src, sg.meta.get("motion")) for sg in lane]


def _pans_up() -> list[Segment]:
    return [Segment(k * 4000, 4000, f"p{k % 3}", None, {"motion": "pan_up"}) for k in range(12)]


def test_accents_turn_a_run_of_pans_up_in_driving_music_only() -> None:
    """Through ``accent_shots`` (the pass every music video's lane ends with), 48 s of pictures all panning up:
    driving music's come out with no move repeated across a cut; calm music's keep theirs (all pans up)."""
    driving = accent_shots(_pans_up(), _song(drive=1.0), 48_000, random.Random(1))
    calm = accent_shots(_pans_up(), _song(drive=0.1), 48_000, random.Random(1))
    # main (028b1f35): the driving lane kept its twelve pans up, 11 repeats
    assert not _repeats(driving), [sg.meta.get("motion") for sg in driving]
    assert [sg.meta.get("motion") for sg in calm] == ["pan_up"] * 12


def test_four_pans_up_in_a_row_alternate() -> None:
    """Held-out 01's four pans up (ladybird, grass, painting, flower, 3.08 s each) before: every other one turns to
    another axis, and short shots (under 2 s) stay pans."""
    lane = [Segment(k * 3077, 3077, src, None, {"motion": "pan_up"}) for k, src in enumerate("abcd")]
    lane += [Segment(4 * 3077, 1538, "e", None, {"motion": "pan_up"}), Segment(4 * 3077 + 1538, 1538, "f", None, {"motion": "pan_up"})]  # fmt: skip
    moves = [str(sg.meta["motion"]) for sg in moves_apart(lane)]
    # main (028b1f35): nothing changed the moves after the passes that dealt them: six pans up
    assert not _repeats(moves_apart(lane)), moves
    assert moves[1] not in ("pan_up", "pan_down") and moves[-1].startswith("pan_"), moves
