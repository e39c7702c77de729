"""Energetic music with little material (issue 29: five photos and two short clips under a driving electronic
minute, a blind reviewer: "4 s holds on stills feel slow for an energetic track", "street and bike at 13-16 s again
at 31-36 s"): in the loud sections a picture is on screen a bar at most before another source comes, each showing
opens on a framing the picture has had least, and a clip's shot is cut into other moments of it, spread over its
length; what a viewer notices is measured on the plan."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest

from nemo_notebook.engine.analysis.types import VideoAnalysis
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.protocol import MediaInfo, MediaKind, Segment
from tests.render.synth import click_analysis

SONG = MediaInfo("m_song", "song.ogg", MediaKind.AUDIO, "ogg", 1000, duration_ms=60_000)
PHOTOS = [MediaInfo(f"m_p{i}", f"p{i}.jpg", MediaKind.IMAGE, "jpg", 10 + i, width=2560, height=1600) for i in range(5)]
# a driving minute: an 8 s intro, then loud to the end (the drop), its energy pulsing
LOUD = (0.3,) * 80 + tuple(0.95 if i % 2 else 0.7 for i in range(521))
SECTIONS = (0, 8000)
BAR_MS = 2000  # at 120 BPM


def _clip(
    media_id: str, duration_ms: int, cuts: tuple[int, ...], *, fixed: bool = False
) -> tuple[MediaInfo, VideoAnalysis]:
    """A clip too small for a close view (640x272, as a phone's 2.35:1 export), its own shots cut at ``cuts``;
    ``fixed``: a fixed camera (one look), as the review's street camera."""
    info = MediaInfo(media_id, f"{media_id}.mp4", MediaKind.VIDEO, "mp4", 10, duration_ms, 640, 272, 25.0, False)
    n = duration_ms // 200
    looks = tuple(0 if fixed else i // 5 for i in range(n))  # a new look every second
    motion = tuple(0.2 + 0.6 * ((i * 37 % 23) / 22) for i in range(n))
    video = VideoAnalysis(
        duration_ms, 640, 272, 25.0, 0, cuts, (0.8,) * len(cuts), motion, (0.5,) * n, (0.5,) * n, 200, 0.0, 0.5,
        0.5, 0.5, False, looks=looks,
    )  # fmt: skip
    return info, video


MONTAGE = _clip("m_bikes", 10_000, (1200, 3040, 5480, 7480, 9680))  # a 10 s montage: the review clip's own cuts
STREET = _clip("m_street", 30_000, (), fixed=True)


def _lane(seed: int) -> list[Segment]:
    beats = click_analysis(120, 60_000).beats_ms
    analysis = click_analysis(120, 60_000, energy=LOUD, sections_ms=SECTIONS, drive=0.9, kicks_ms=beats)
    visuals = [*[(p, None) for p in PHOTOS], MONTAGE, STREET]
    draft = plan_music_video(SONG, analysis, visuals, MusicVideoOptions(seed=seed))
    lane = next(t for t in draft.tracks if t.meta.get("role") == "visuals")
    return sorted(lane.segments, key=lambda s: s.start_ms)


def _showings(lane: list[Segment]) -> list[list[Segment]]:
    """The lane in runs of one source (what a viewer takes as one stretch of the same picture or clip)."""
    return [list(run) for _, run in itertools.groupby(lane, key=lambda sg: sg.src)]


@pytest.mark.parametrize("seed", range(4))
def test_a_picture_in_the_loud_minute_is_on_screen_a_bar_at_most(seed: int) -> None:
    """The longest framing of one photo, the opening and closing shots aside: a bar; the longest stretch of one
    photo (its framings together) two (was 4 s in four framings, "a 4 s hold"; the material, each framing twice at
    most, and the clip's moments once, leave a few showings of two bars cut once)."""
    lane = _lane(seed)
    runs = _showings(lane)[1:-1]
    held = [sum(sg.duration_ms for sg in run) for run in runs if run[0].src and run[0].src.startswith("m_p")]
    assert held and max(held) <= 2 * BAR_MS + 100, held
    # a cut at least every bar, but where a near view would flip back (a picture, another, the picture: issue 29)
    # it joins its showing: before the ending, one shot of 1.5 or 2 bars in each seed
    assert max(sg.duration_ms for sg in lane[1:-1]) <= 2 * BAR_MS + 100
    assert len(runs) >= 20, len(runs)  # the sources change about every bar, not every 4 s (14 showings)


@pytest.mark.parametrize("seed", range(4))
def test_each_showing_of_a_photo_opens_on_a_framing_it_has_had_least(seed: int) -> None:
    """A photo's showings do not all open on one framing, its close view and detail come about equally often, none
    of its framings comes more than twice, and the framing changes at every cut inside a showing (a picture's short showings each opened
    on its wide view, then its close view: the same two framings every time)."""
    runs = _showings(_lane(seed))[1:]
    compared = 0
    for photo in PHOTOS:
        shown = [run for run in runs if run[0].src == photo.id]  # a showing held in one framing counts too
        opens = [str(run[0].meta.get("framing", "wide")) for run in shown]
        assert len(set(opens)) >= min(len(opens), 2), (photo.id, opens)
        near = Counter(str(sg.meta["framing"]) for run in shown for sg in run if "framing" in sg.meta)
        assert abs(near["close"] - near["detail"]) <= 1, (photo.id, near)
        # the material's limit (issue 29: each photo's wide view 4-6 times in the minute): each framing twice at most
        framings = Counter(
            str(sg.meta.get("framing", "wide")) for run in _showings(_lane(seed)) for sg in run if sg.src == photo.id
        )
        assert max(framings.values()) <= 2, (photo.id, framings)
        compared += len(shown) >= 2
    assert compared >= 3
    for run in runs:
        for a, b in itertools.pairwise(run):
            assert a.meta.get("framing", "wide") != b.meta.get("framing", "wide") or a.in_ms is not None


@pytest.mark.parametrize("seed", range(4))
def test_a_short_montage_clip_shows_its_moments_spread_over_its_length(seed: int) -> None:
    """The 10 s montage's shots start on at least 6 different moments (1 s apart) from all of its own shots,
    and none of its moments is shown three times (4 s shots of it found two windows only, each shown three
    times: "the same street and bike again")."""
    lane = _lane(seed)
    ins = [sg.in_ms or 0 for sg in lane if sg.src == MONTAGE[0].id]
    moments = Counter(round(t / 1000) for t in ins)
    assert len(moments) >= 6, sorted(ins)
    assert max(moments.values()) <= 2, sorted(ins)
    own_shots = {sum(t >= c for c in MONTAGE[1].cut_points_ms) for t in ins}
    assert len(own_shots) >= 5, sorted(ins)  # of its 6 own shots, the first (1.2 s) too short for some shots
    assert max(sg.duration_ms for sg in lane[:-1] if sg.src == MONTAGE[0].id) <= BAR_MS + 100  # the last fades out
