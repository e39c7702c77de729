"""Each track-alone design draws a visualizer of its own character, found on rendered frames where the drawing lies
(frames with it less frames without it, over a still dark picture): the aurora a soft horizon of light standing on
the band a player's bar covers, the tunnel a bold ring a little below the middle, the bokeh separate bars mirrored about a line across
the middle. Each moves across its whole width (every column, every sector of the ring) on sparse and on dense music,
and no level sits pinned at the edge of its box."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.graph import Canvas
from nemo_notebook.engine.render.safe_zone import safe_bottom
from nemo_notebook.engine.render.visualizer import placed
from nemo_notebook.engine.render.visualizer_draw import Box, bar_pitch
from nemo_notebook.engine.render.visualizer_orbit import ORBIT_RING, ORBIT_SPOKES
from nemo_notebook.protocol.vocabulary import BACKDROPS, DESIGN_LIGHT, DESIGN_VISUALIZERS
from tests.conftest import shared_media

from .drafts import draft, shot
from .synth import audio_info, gray_frames, image_info, picture
from .test_visualizer_sparse import MIN_MOVING, MS, moving_share, plucks

SIZE = (480, 270)
BRIGHT = 100  # a pixel of the drawing itself (not its glow)
LIT = 12  # a pixel belongs to the drawing where it is this many levels lighter than without it


@pytest.fixture(scope="module")
def songs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The sparse plucks and a dense drum-and-bass recording, each with the dark picture's frames without a drawing."""
    folder = tmp_path_factory.mktemp("designs")
    dark = picture(folder / "dark.jpg", "0x181818", "1920x1080")  # 1080 lines: a smaller one sits whole on its fill
    out = {}
    for name, song in (("sparse", plucks(folder / "plucks.wav")), ("dense", shared_media("choice-drum-bass.ogg"))):
        media = {
            "song": (song, audio_info("song", song, MS)),
            "dark": (dark, replace(image_info("dark", dark), width=1920, height=1080)),
        }
        plain = gray_frames(render_draft(_draft("aurora", None), media, folder / f"{name}.mp4", size=SIZE).path)
        out[name] = (media, plain)
    return out


def _draft(design: str, visualizer: dict[str, Any] | None) -> Any:
    return draft([shot("dark", 0, MS, motion="none")], MS, music="song", visualizer=visualizer, backdrop=design)


def _drawn(songs: dict[str, Any], name: str, design: str, folder: Path) -> tuple[Any, Any]:
    """How much lighter the design's visualizer makes each pixel of each frame ((frames, height, width) levels, the
    first half second left out), and its placement."""
    effect, position = DESIGN_VISUALIZERS[design]
    viz = {"effect": effect, "position": position, "color": DESIGN_LIGHT, "opacity": 0.9}
    media, plain = songs[name]
    made = _draft(design, viz)
    frames = gray_frames(render_draft(made, media, folder / f"{design}.mp4", size=SIZE).path)
    canvas = Canvas(SIZE[0], SIZE[1], 30, MS * 30 // 1000, MS)
    return (frames - plain)[15:], placed(made, made.tracks[1].segments[0], media, canvas)


def test_each_design_draws_its_own_visualizer_where_its_character_puts_it(
    songs: dict[str, Any], tmp_path: Path
) -> None:
    light = {design: _drawn(songs, "dense", design, tmp_path)[0] for design in BACKDROPS}
    drawn = {design: levels > LIT for design, levels in light.items()}
    height, width = SIZE[1], SIZE[0]
    ever = {design: lit.any(axis=0) for design, lit in drawn.items()}
    often = {design: lit.mean(axis=0) > 0.5 for design, lit in drawn.items()}  # lit in most frames
    for a, b in ((0, 1), (0, 2), (1, 2)):
        first, second = often[BACKDROPS[a]], often[BACKDROPS[b]]
        overlap = (first & second).sum() / (first | second).sum()
        assert overlap < 0.4, (BACKDROPS[a], BACKDROPS[b], overlap)  # not one drawing moved about
    rows = np.nonzero(ever["aurora"].any(axis=1))[0]
    # the horizon: low in the frame, standing on the band a player's bar covers (``safe_zone``) and nothing drawn in
    # it (the water under it is the backdrop's), over its whole width, every column lit in nearly every frame (a line)
    shore = safe_bottom(Canvas(width, height, 30, MS * 30 // 1000, MS))
    # (a row past it: the encoder's blur of the sharp line along the shore)
    assert rows.min() > 0.6 * height and shore - 3 <= rows.max() <= shore + 1, (rows.min(), rows.max(), shore)
    assert drawn["aurora"].any(axis=1).mean() > 0.95
    # the ring: round the middle, nothing at the sides or the top (the credit's), its centre empty
    ring, middle = ever["pulse"], int(0.56 * height)
    assert not ring[:, : width // 4].any() and not ring[:, -width // 4 :].any() and not ring[: height // 5].any()
    assert not ring[middle - 8 : middle + 8, width // 2 - 8 : width // 2 + 8].any()
    # the bars: about a line across the middle, as far above it as below, clear of the top and the bottom edge;
    # separate (light and gap repeating at the bars' pitch); the horizon is one line
    rows = np.nonzero(ever["bokeh"].any(axis=1))[0]
    assert rows.min() > 0.3 * height and rows.max() < 0.8 * height, (rows.min(), rows.max())
    assert abs((rows.min() + rows.max()) / 2 - middle) <= 3, (rows.min(), rows.max())
    box = _drawn(songs, "dense", "bokeh", tmp_path)[1].box
    pitch = bar_pitch(box)
    along = {"bokeh": light["bokeh"][:, middle, box.x : box.x + box.width], "aurora": light["aurora"][:, shore - 3, :]}
    repeats = {design: _at_pitch(levels.mean(axis=0), pitch) for design, levels in along.items()}
    assert repeats["bokeh"] > 0.1 and repeats["aurora"] < 0.02, repeats


def _at_pitch(profile: Any, pitch: int) -> float:
    """The share of a row's variation (its power spectrum, less the mean) that repeats every ``pitch`` pixels."""
    power = np.abs(np.fft.rfft(profile - profile.mean())) ** 2
    k = round(len(profile) / pitch)
    return float(power[k - 2 : k + 3].sum() / max(float(power[1:].sum()), 1e-9))


@pytest.mark.parametrize("name", ["sparse", "dense"])
@pytest.mark.parametrize("design", BACKDROPS)
def test_the_whole_width_moves_and_nothing_is_pinned_at_the_top(
    songs: dict[str, Any], tmp_path: Path, name: str, design: str
) -> None:
    levels, placement = _drawn(songs, name, design, tmp_path)
    lit = levels > LIT
    box = placement.box
    inside = lit[:, box.y : box.y + box.height, box.x : box.x + box.width]
    if design == "aurora":  # a line over a body that fades out: its extent is from its crest down
        inside = np.maximum.accumulate(inside, axis=1)
    share = moving_share(inside, design == "pulse")
    assert share >= MIN_MOVING, f"{design} on {name} music: only {share:.2f} of its width moves"
    if design != "pulse":
        top = inside[:, : max(2, box.height // 20)].any(axis=1)  # a column reaching the top of its box
        assert top.mean(axis=0).max() < 0.5, (design, name, top.mean(axis=0).max())  # no column pinned there


def test_no_level_of_a_loud_track_is_pinned_at_the_edge_of_its_box(songs: dict[str, Any], tmp_path: Path) -> None:
    """A blind reviewer saw the aurora's horizon flat-topped at its box (a level clipped): on the dense recording no
    column of the horizon reaches the top row of its box, and no part of the ring the rim of its box, in more than
    1 % of the frames."""
    levels, placement = _drawn(songs, "dense", "aurora", tmp_path)
    box = placement.box
    top = (levels[:, box.y : box.y + max(2, box.height // 25), :] > LIT).any(axis=(1, 2))
    ring, rim = _drawn(songs, "dense", "pulse", tmp_path)
    outer = _radii(rim.box) > 0.97 * ORBIT_RING[1] * rim.box.width / 2  # the glow beyond is fainter than BRIGHT
    at_rim = (ring[:, outer] > BRIGHT).any(axis=1)
    assert top.mean() <= 0.01 and at_rim.mean() <= 0.01, (top.mean(), at_rim.mean())


def _radii(box: Box) -> Any:
    """Each pixel's distance from the box's centre, over the whole frame (``SIZE``)."""
    ys, xs = np.mgrid[0 : SIZE[1], 0 : SIZE[0]]
    return np.hypot(xs - (box.x + box.width / 2 - 0.5), ys - (box.y + box.height / 2 - 0.5))


def test_the_ring_is_bold_and_large_from_the_first_second(songs: dict[str, Any], tmp_path: Path) -> None:
    """The tunnel's ring read as small and hairy to a blind reviewer (14 % of the height across, its bars thin):
    on the sparse plucks, from the first half second on, a solid band lit in every frame runs round the centre at
    least 35 % of the frame's height across and at least 2 % of it thick."""
    levels, placement = _drawn(songs, "sparse", "pulse", tmp_path)
    always = (levels > LIT).all(axis=0)
    row = always[placement.box.y + placement.box.height // 2]
    lit = np.nonzero(row)[0]
    across = (lit.max() - lit.min() + 1) / SIZE[1]
    left_band = np.argmin(row[lit.min() :]) / SIZE[1]  # lit pixels from the band's outer edge inward
    assert across >= 0.35 and left_band >= 0.02, (across, left_band)


def test_the_horizon_is_one_smooth_curve_not_a_staircase(songs: dict[str, Any], tmp_path: Path) -> None:
    """The aurora's horizon was a staircase (flat steps of a column, then a jump): along its crest the height moves
    by at most a few pixels from one column to the next in nearly every frame."""
    levels, placement = _drawn(songs, "dense", "aurora", tmp_path)
    box = placement.box
    lit = levels[:, box.y : box.y + box.height, :] > LIT
    crest = np.argmax(lit, axis=1)  # the first lit row of each column, frame by frame
    jumps = np.abs(np.diff(crest.astype(float), axis=1))
    share = float((jumps > 3).mean())
    assert share < 0.03, share


def test_the_rings_loudest_levels_are_spread_round_it_not_stood_up_at_the_top(
    songs: dict[str, Any], tmp_path: Path
) -> None:
    """On the dense recording the ring reaches as far out at its top as at its bottom, and at its left as at its
    right (a blind reviewer saw two "ears" at its top: mirrored once, its bass stood at the top and its treble at
    the bottom, its top reaching 8 % further out than its bottom; mirrored four ways, the bass lies at its left and
    right)."""
    levels, placement = _drawn(songs, "dense", "pulse", tmp_path)
    box = placement.box
    ys, xs = np.mgrid[0 : SIZE[1], 0 : SIZE[0]]
    angle = np.degrees(np.arctan2(xs - (box.x + box.width / 2 - 0.5), (box.y + box.height / 2 - 0.5) - ys)) % 360
    radii = _radii(box)
    lit = levels > LIT

    def reach(centre: float) -> float:  # the mean outermost lit radius over frames, in a 40-degree sector
        sector = np.abs((angle - centre + 180) % 360 - 180) < 20
        outmost = np.where(lit[:, sector], radii[sector], 0).max(axis=1)
        return float(outmost.mean())

    top, right, bottom, left = (reach(c) for c in (0, 90, 180, 270))
    assert abs(top - bottom) <= 0.06 * (top + bottom) / 2, (top, bottom)
    assert abs(left - right) <= 0.06 * (left + right) / 2, (left, right)


def test_the_tunnel_and_its_ring_change_on_the_same_frames_so_every_other_frame_is_a_repeat(tmp_path: Path) -> None:
    """The tunnel and its ring are each drawn at half the frame rate and shown twice, so that the encoder codes every
    other frame as a repeat: that holds only where both change on the same frames. A quiet scene (its tunnel
    drifting without rest) that starts on an odd frame (frame 31) changed the tunnel on the frames the ring rested;
    now about half its frames repeat the one before (a mean change under 0.25 levels)."""
    song = shared_media("choice-drum-bass.ogg")
    media = {"song": (song, audio_info("song", song, MS))}
    viz = {"effect": "circular", "position": "center", "color": DESIGN_LIGHT, "opacity": 0.9}
    colors = ["#030822", "#1a52ff", "#00e5ff", "#ff3fd2"]
    first_ms = 1034  # frame 31
    scenes = [
        shot(None, 0, first_ms, design="pulse", effect="pulse", variant="loud", colors=colors),
        shot(None, first_ms, MS - first_ms, design="pulse", effect="gradient", variant="quiet", colors=colors),
    ]
    made = draft(
        scenes, MS, music="song", visualizer=viz, backdrop="pulse", bpm=120.0, beats_ms=list(range(0, MS, 500))
    )
    frames = gray_frames(render_draft(made, media, tmp_path / "tunnel.mp4", size=SIZE).path)
    changes = np.abs(np.diff(frames[32 : len(frames) - 2], axis=0)).mean(axis=(1, 2))
    assert (changes < 0.25).mean() >= 0.4, changes.round(2)


def test_the_rings_levels_are_separate_spokes_not_one_band_of_light(songs: dict[str, Any], tmp_path: Path) -> None:
    """Round the ring, just outside its solid band, light and gap alternate at the spokes' pitch (``ORBIT_SPOKES``
    round the circle): its levels drawn as one smooth band of light were "a pink blob" to a blind reviewer."""
    levels, placement = _drawn(songs, "dense", "pulse", tmp_path)
    box = placement.box
    half = box.width / 2
    angles = np.linspace(0, 2 * np.pi, 1024, endpoint=False)
    profiles = []
    for share in (ORBIT_RING[0] + 0.12, ORBIT_RING[0] + 0.16):  # two circles inside the levels' reach
        xs = np.round(box.x + half - 0.5 + share * half * np.sin(angles)).astype(int)
        ys = np.round(box.y + half - 0.5 - share * half * np.cos(angles)).astype(int)
        profiles.append(levels[:, ys, xs].mean(axis=0))
    spokes = [_at_pitch(profile, len(profile) // ORBIT_SPOKES) for profile in profiles]
    # one band: 0.0003-0.0015 of the variation round the ring at the spokes' pitch; the spokes 0.55-0.59
    assert min(spokes) > 0.15, spokes


def test_the_horizons_crest_is_a_glow_that_fades_up_from_its_edge(songs: dict[str, Any], tmp_path: Path) -> None:
    """Down each column of the horizon, its crest: how light its lightest pixel is (over the sky without it), how many
    rows over it are at least half as light (the glow standing over the hill's edge) and how many in all. A blind
    reviewer saw "a fuzzy grey line" (a crest 20-25 px of half light at 1080p, its soft edge less its erosion), then
    "still a light stroke, not a glow" (held-out 05 at stop 54: the edge lit, half light 1 row over it)."""
    levels, placement = _drawn(songs, "dense", "aurora", tmp_path)
    box = placement.box
    inside = levels[:, box.y : box.y + box.height, box.x : box.x + box.width]
    peak, top = inside.max(axis=1), inside.argmax(axis=1)  # (frames, columns)
    half = inside >= peak[:, None, :] / 2
    rows = np.arange(inside.shape[1])[None, :, None]
    over = (half & (rows < top[:, None, :])).sum(axis=1)  # rows of half light over the crest's lightest
    lit = peak > 60
    glow, thick = float(np.median(over[lit])), float(np.median(half.sum(axis=1)[lit]))
    # at 270 lines: 86 levels and 6 rows (24 px at 1080p) before; 215 and 2 at stop 53, a white stroke that read as "a
    # loudness graph" (two blind reviewers of held-out 05); stop 54: 169 levels, 2 rows of half light over the lightest,
    # 6 in all; now a glow over the edge (``visualizer_crest``): 128 levels, 5 rows (20 px at 1080p) over it, 8 in all
    assert float(np.median(peak)) > 110 and glow >= 4 and thick <= 10, (np.median(peak), glow, thick)
