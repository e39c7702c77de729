"""A return of a picture in a look shown before is shown mirrored where that repeats fewer showings
(``planning.mirrored_returns``; blind review ab68b of held-out 01: returns of its one-look photos at frame
correlations of 0.97-0.99 with an earlier showing). A showing repeats one before it in the same look (framing and
zoom), pan axis and side; a picture that may hold lettering is never mirrored."""

from __future__ import annotations

import itertools

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.planning.looks_apart import same_look
from nemo_notebook.engine.planning.mirrored_returns import axis, mirrored, mirrored_returns
from nemo_notebook.engine.planning.views_apart import view_of
from nemo_notebook.protocol import Segment
from nemo_notebook.protocol.showings import showings
from tests.planning.test_looks_apart import CLIPS, DURATION_MS, ENERGY, PHOTOS, SECTIONS, SONG
from tests.render.synth import click_analysis


def _lane(seed: int, aspect: str, lettered: tuple[str, ...] = ()) -> list[Segment]:
    beats = click_analysis(156, DURATION_MS).beats_ms
    analysis = click_analysis(156, DURATION_MS, energy=ENERGY, sections_ms=SECTIONS, drive=0.9, kicks_ms=beats)
    options = MusicVideoOptions(seed=seed, aspect=aspect, picture_lettered=lettered)
    draft = plan_music_video(SONG, analysis, [(v, None) for v in (*PHOTOS, *CLIPS)], options)
    return sorted(next(t for t in draft.tracks if t.meta.get("role") == "visuals").segments, key=lambda s: s.start_ms)


def _replays(lane: list[Segment]) -> list[tuple[int, str | None]]:
    """The one-shot showings of a picture (not the opening or last) that show it as an earlier showing did: in
    its look, pan axis and side."""
    runs = showings(lane)
    had: dict[str | None, list[tuple[tuple[str, float], str, bool]]] = {}
    out = []
    for n, run in enumerate(runs):
        shot = run[0]
        if shot.in_ms is not None:
            continue
        if len(run) == 1 and 0 < n < len(runs) - 1:
            key = (axis(shot), mirrored(shot))
            if any(same_look(view_of(shot), look) and (way, flip) == key for look, way, flip in had.get(shot.src, [])):
                out.append((shot.start_ms, shot.src))
        had.setdefault(shot.src, []).extend((view_of(s), axis(s), mirrored(s)) for s in run)
    return out


def test_a_01_like_montage_shows_no_return_of_a_picture_as_an_earlier_showing_did() -> None:
    for seed, aspect in itertools.product(range(4), ("16:9", "9:16")):
        lane = _lane(seed, aspect)
        assert not _replays(lane), (seed, aspect, _replays(lane))  # main 83dc2632: 0-2 each, 10 in all


def test_a_picture_that_may_hold_lettering_is_never_mirrored() -> None:
    lane = _lane(0, "16:9", lettered=tuple(p.id for p in PHOTOS))
    assert not [s for s in lane if s.in_ms is None and mirrored(s)]


def test_a_return_in_a_look_axis_and_side_shown_before_is_mirrored_where_that_repeats_fewer() -> None:
    pans = ("pan_left", "pan_up", "pan_right", "pan_down", "pan_left", "pan_up", "pan_right")
    lane = [
        Segment(k * 3000, 3000, src, meta={"motion": m}) for k, (src, m) in enumerate(zip("abababa", pans, strict=True))
    ]
    lane.insert(0, Segment(-3000, 3000, "c"))  # the opening
    lane.append(Segment(21_000, 3000, "c"))  # the last showing
    out = mirrored_returns(lane, {"a", "b"})
    assert [(s.src, axis(s), mirrored(s)) for s in out[1:-1]] == [
        ("a", "across", False),
        ("b", "updown", False),
        ("a", "across", True),  # across again: mirrored
        ("b", "updown", True),
        ("a", "across", False),  # across both ways before: as it is, a tie
        ("b", "updown", False),
        ("a", "across", True),  # across twice as it is before, once mirrored
    ]
    assert not any(mirrored(s) for s in mirrored_returns(lane, {"b"}) if s.src == "a")  # "a" may hold lettering
