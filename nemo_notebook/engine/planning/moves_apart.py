"""No two picture shots cut straight one into the other with the same camera move.

``shot_moves.ShotMoves`` deals moves that never repeat the shot before's, but later passes give shots other moves
(a view's fresh move: ``views_apart``; from the edge: ``edge_pans``; a reframe's turning pans: ``reframes``), and
held-out 01 (156 BPM, 7 photos) came out with four pans up in a row at 15.95, 19.03, 22.10 and 25.18 s (ladybird,
grass, painting, flower): "the same constant-speed linear slide ... feels mechanical" (a blind reviewer). Here, last,
a picture's shot whose move is the one the picture shot cut into it had takes another: first one on another axis
(a pan across after a pan up or down, a pan after a push or pull), then one the picture has not had in that view,
never the move of the picture shot after it; a shot under ``MIN_ZOOM_SHOT_MS`` keeps to pans. A clip between two
pictures breaks the run. Calm music keeps its moves (``accents``: its rhymes and its near views' pushes are
dealt on purpose).
"""

from __future__ import annotations

from collections.abc import Sequence

from ...protocol import Segment
from ...protocol.vocabulary import MIN_ZOOM_SHOT_MS, PANS, PICTURE_MOTIONS


def moves_apart(shots: Sequence[Segment]) -> list[Segment]:
    """``shots`` (the visuals lane, in order) with no picture shot's move the same as the picture shot cut straight
    into it, as the module says.

    >>> def still(start: int, src: str, motion: str) -> Segment:
    ...     return Segment(start, 3000, src, None, {"motion": motion})
    >>> lane = [still(0, "a", "pan_up"), still(3000, "b", "pan_up"), still(6000, "c", "pan_up"), still(9000, "d", "zoom_in")]
    >>> [shot.meta["motion"] for shot in moves_apart(lane)]
    ['pan_up', 'zoom_in', 'pan_up', 'zoom_in']
    >>> lane[1:2] = [Segment(3000, 3000, "clip", 0, {})]  # a clip between: no run
    >>> [shot.meta.get("motion") for shot in moves_apart(lane)]
    ['pan_up', None, 'pan_up', 'zoom_in']
    """
    out = list(shots)
    had = {(*_look(shot), str(shot.meta.get("motion"))) for shot in out if _moving(shot)}
    for k in range(1, len(out)):
        before, shot = out[k - 1], out[k]
        motion = shot.meta.get("motion")
        if not (_moving(before) and _moving(shot)) or before.end_ms != shot.start_ms or motion != before.meta["motion"]:
            continue
        after = out[k + 1].meta.get("motion") if k + 1 < len(out) and _moving(out[k + 1]) else None
        allowed = PANS if shot.duration_ms < MIN_ZOOM_SHOT_MS else PICTURE_MOTIONS
        options = [m for m in allowed if m not in (motion, after)]
        if not options:
            continue
        look = _look(shot)
        move = min(options, key=lambda m: (_axis(m) == _axis(str(motion)), (*look, m) in had))
        had.add((*look, move))
        out[k] = shot.with_meta(motion=move)
    return out


def _moving(shot: Segment) -> bool:
    """A picture's shot with a camera move (not a clip's, not a held still's)."""
    return shot.src is not None and shot.in_ms is None and shot.meta.get("motion") in PICTURE_MOTIONS


def _look(shot: Segment) -> tuple[str, str, str]:
    """The picture and its view: framing and zoom."""
    return str(shot.src), str(shot.meta.get("framing", "wide")), str(shot.meta.get("zoom", 1.0))


def _axis(motion: str) -> str:
    """A move's axis: across, up and down, or in and out."""
    return "across" if motion in ("pan_left", "pan_right") else "tilt" if motion in ("pan_up", "pan_down") else "zoom"
