"""What is drawn over the picture keeps out of what a player or an app lays over it, and stays put (issue 29, a blind
reviewer: in 16:9 the visualizer ran along the bottom edge, under YouTube's bar; in 9:16 the strip jumped between
15 % and 70 % of the height from cut to cut; the 16:9 end card lay over the subject's head; the demo's last shot cut
to another picture under the end card). Each is found on rendered frames."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nemo_notebook.engine.analysis.video import analyze_video, hard_cuts
from nemo_notebook.engine.planning.ending import UNFIT_SHARE, ClipRoom, clip_breaks, held_ending
from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.end_card import card_start_ms
from nemo_notebook.engine.render.framing import saliency_of
from nemo_notebook.engine.render.graph import Canvas
from nemo_notebook.engine.render.safe_zone import WIDE, inside, safe_area, safe_bottom
from nemo_notebook.engine.render.visualizer_designs import designed
from nemo_notebook.engine.render.visualizer_head import head_of
from nemo_notebook.protocol import MediaInfo, MediaKind, Segment
from nemo_notebook.protocol.vocabulary import DESIGN_LIGHT, DESIGN_VISUALIZERS
from tests.conftest import shared_media

from .drafts import draft, shot
from .synth import audio_info, ffmpeg, gray_frames, image_info, picture


def _frames(path: Path) -> Any:
    import av

    with av.open(str(path)) as container:
        return np.stack([f.to_ndarray(format="rgb24").astype(np.float32) for f in container.decode(video=0)])


def _green(frames: Any) -> Any:
    """(frames, rows, columns): the pixels of a visualizer drawn in #00ff00 over a grey or dark picture, at its full
    strength or light (``visualizer_light.LIGHT_SHARE``: over a subject)."""
    return (frames[..., 1] > 75) & (frames[..., 1] > frames[..., 0] + 30) & (frames[..., 1] > frames[..., 2] + 30)


def _scene(path: Path, size: tuple[int, int], box: tuple[int, int, int, int] | None) -> Path:
    """A dark ground, with a red subject at ``box`` (x, y, width, height) where one is given."""
    drawn = f",drawbox={':'.join(map(str, box))}:color=red:t=fill" if box else ""
    ffmpeg("-f", "lavfi", "-i", f"color=c=0x303030:s={size[0]}x{size[1]}{drawn}", "-frames:v", "1", str(path))
    return path


@pytest.mark.parametrize(("aspect", "size"), [("16:9", (320, 180)), ("1:1", (240, 240))])
def test_the_strip_draws_nothing_where_a_players_bar_lies(
    tmp_path: Path, assets: Any, aspect: str, size: tuple[int, int]
) -> None:
    """An automatic strip over a picture with nothing to avoid: drawn, and not one pixel of it in the bottom
    ``WIDE.bottom`` of the frame (it ran from 81 to 96 % of the height)."""
    path = _scene(tmp_path / "ground.png", (640, 640 * size[1] // size[0]), None)
    media = {**assets.media, "p": (path, image_info("p", path))}
    d = draft([shot("p", 0, 2000, motion="none")], 2000, music="noise", aspect=aspect,
              visualizer={"effect": "spectrum", "color": "#00ff00"})  # fmt: skip
    green = _green(_frames(render_draft(d, media, tmp_path / "wide.mp4", size=size).path)[10:])
    rows = np.nonzero(green.any(axis=(0, 2)))[0]
    floor = safe_bottom(Canvas(*size, 30, 60, 2000))
    assert rows.size > 4, "the strip is not drawn"
    assert rows.max() < floor, (rows.min(), rows.max(), floor, round((1 - WIDE.bottom) * size[1]))


def test_the_horizons_crest_keeps_above_a_players_bar(tmp_path: Path) -> None:
    """The track alone's aurora: its horizon of light moves with the music above the bottom band and lays nothing in
    it (the water there is the backdrop's, alike with and without the horizon) but, in the band's first three rows,
    the encoder's blur of the line along its foot (3.5-4.6 levels at 180 lines)."""
    size, ms = (320, 180), 3000
    song = shared_media("choice-drum-bass.ogg")
    dark = picture(tmp_path / "dark.jpg", "0x181818")
    media = {"song": (song, audio_info("song", song, ms)), "dark": (dark, image_info("dark", dark))}
    effect, position = DESIGN_VISUALIZERS["aurora"]
    viz = {"effect": effect, "position": position, "color": DESIGN_LIGHT, "opacity": 0.9}
    lane = [shot("dark", 0, ms, motion="none")]
    made = draft(lane, ms, music="song", visualizer=viz, backdrop="aurora")
    plain = draft(lane, ms, music="song", backdrop="aurora")
    light = gray_frames(render_draft(made, media, tmp_path / "a.mp4", size=size).path)
    light = (light - gray_frames(render_draft(plain, media, tmp_path / "b.mp4", size=size).path))[15:]
    floor = safe_bottom(Canvas(*size, 30, 90, ms))
    moving = light.std(axis=0)  # (rows, columns): how much each pixel changes over the frames
    assert moving[: floor - 2].max() > 20, "the horizon does not move"
    assert moving[floor + 3 :].max() < 3 and moving[floor:].max() < 8, moving[floor:].max(axis=1)


@pytest.mark.parametrize("aspect", ["16:9", "1:1", "9:16"])
def test_each_track_alone_design_draws_inside_what_nothing_covers(aspect: str) -> None:
    """The aurora's horizon (its moving box, across the whole width; its still ground below it aside), the tunnel's
    ring and the bokeh's bars: each box inside ``safe_area`` (the horizon lay along the frame's bottom edge, the 9:16
    bars under the apps' buttons down the right edge)."""
    size = {"16:9": (1920, 1080), "1:1": (1080, 1080), "9:16": (1080, 1920)}[aspect]
    canvas = Canvas(*size, 30, 90, 3000)
    for design, (effect, position) in DESIGN_VISUALIZERS.items():
        viz = {"effect": effect, "position": position, "color": DESIGN_LIGHT}
        d = draft([shot(None, 0, 3000)], 3000, music="song", aspect=aspect, visualizer=viz, backdrop=design)
        found = designed(d, effect, position, DESIGN_LIGHT, canvas)
        assert found is not None, design
        box, (x, y, w, h) = found.box, safe_area(canvas)
        if found.drawn == "horizon":  # a landscape across the whole width: kept only off the top and bottom bands
            box = replace(box, x=x, width=w)
        assert inside((box.x, box.y, box.width, box.height), canvas), (design, box, (x, y, w, h))


def test_the_tall_strip_keeps_one_place_through_a_section(tmp_path: Path, assets: Any) -> None:
    """9:16, two sections of four 1 s shots, each shot's subject's head under the other place than the shot before
    (the strip jumped at each cut): in the render the strip's place changes at most where the second section begins,
    and there it fades out and in rather than jump (over such shots it may rather stay, drawn light)."""
    size, shot_ms, first_frame = (180, 320), 1000, 120
    media = dict(assets.media)
    for name, box in (("high", (130, 80, 100, 160)), ("low", (130, 400, 100, 160))):
        path = _scene(tmp_path / f"{name}.png", (360, 640), box)
        media[name] = (path, image_info(name, path))
    order = ["high", "low", "high", "high", "low", "high", "low", "low"]
    lane = [shot(name, i * shot_ms, shot_ms, motion="none") for i, name in enumerate(order)]
    sections = [
        {"start_ms": 0, "end_ms": 4000, "level": "middle"},
        {"start_ms": 4000, "end_ms": 8000, "level": "middle"},
    ]
    viz = {"effect": "spectrum", "color": "#00ff00"}
    d = draft(lane, 8000, music="noise", aspect="9:16", visualizer=viz, sections=sections)
    green = _green(_frames(render_draft(d, media, tmp_path / "tall.mp4", size=size).path))
    half = size[1] // 2
    upper, lower = green[:, :half].sum(axis=(1, 2)), green[:, half:].sum(axis=(1, 2))
    place = np.where(upper > 3 * lower + 20, 1, np.where(lower > 3 * upper + 20, 2, 0))  # 0: not drawn, or fading
    held = []
    for a, b in ((10, first_frame - 15), (first_frame + 15, 240)):
        shown = place[a:b]
        assert (shown > 0).mean() > 0.9, ("the strip is not drawn through the section", a, b)
        assert len(set(shown[shown > 0].tolist())) == 1, ("the strip moves within a section", a, b, shown.tolist())
        held.append(int(shown[shown > 0][0]))
    if held[0] != held[1]:  # moved where the second section begins: a fade, not a jump
        boundary = (upper + lower)[first_frame - 15 : first_frame + 15]
        assert boundary.min() < 0.3 * np.median(upper + lower), "the strip jumps at the section's start: no fade"


def test_the_wide_end_card_lies_off_the_subjects_head(tmp_path: Path) -> None:
    """16:9, a held last shot with a figure whose head is where the card's middle place would put the title: the
    card goes above or below the head the engine finds in the picture, inside what a player leaves clear."""
    size, ms = (320, 180), 6000
    path = _scene(tmp_path / "figure.png", (640, 360), (280, 120, 80, 150))
    media = {"f": (path, MediaInfo("f", path.name, MediaKind.IMAGE, "png", 1, width=640, height=360))}
    card = {"title": "Digital Pursuit", "artist": "Parapraxis"}
    d = draft([shot("f", 0, ms, motion="none")], ms, music=None, end_card=card)
    frame = _frames(render_draft(d, media, tmp_path / "card.mp4", size=size).path)[round(4.6 * 30)]
    head = head_of(saliency_of(path, 0))
    assert head is not None, "no head found in the figure"
    white = frame.min(axis=2) > 215  # the card's type: the picture, dimmed, is dark grey and red
    ys = np.nonzero(white)[0]
    head_rows = (head[1] * size[1], (head[1] + head[3]) * size[1])
    assert len(ys) > 100, "the card is not drawn"
    assert ys.max() < head_rows[0] or ys.min() > head_rows[1], (ys.min(), ys.max(), head_rows)
    _, y, _, h = safe_area(Canvas(*size, 30, 180, ms))
    assert y <= ys.min() and ys.max() < y + h, (ys.min(), ys.max(), (y, h))


def test_the_last_clip_is_held_under_the_end_card_without_a_cut(tmp_path: Path) -> None:
    """The demo's ending: the last shot, of the demo's clip from 11.9 s, held under the end card ran across the clip's
    own cut at 15.75 s, and another picture came under the card. Held now inside one of the clip's shots, off its
    title card, and not on the moment the shot before showed: the render shows no cut from the held shot's first
    frame to the end."""
    clip = shared_media("big-buck-bunny-30s.mp4")
    analysis = analyze_video(clip)
    info = MediaInfo("clip", clip.name, MediaKind.VIDEO, "mp4", clip.stat().st_size, 30_000, 854, 480, 24.0, True)
    ms, beat = 8000, 1846
    lane = [Segment(i * beat, beat, src="clip", in_ms=in_ms) for i, in_ms in enumerate((15792, 11917, 8083))]
    held = held_ending(lane, ms, ClipRoom({"clip": 30_000}, {"clip": clip_breaks(analysis)}))
    last, before = held[-1], held[0]
    assert last.end_ms == ms and last.start_ms == beat and last.in_ms is not None and before.in_ms is not None, held
    shots = [shot("clip", sg.start_ms, sg.duration_ms, motion="none", in_ms=sg.in_ms) for sg in held]
    d = draft(shots, ms, music=None, end_card={"title": "Vibe Ace"})
    out = render_draft(d, {"clip": (clip, info)}, tmp_path / "end.mp4", size=(320, 180)).path
    cuts, _ = hard_cuts(out)
    card_ms = card_start_ms(d)
    assert card_ms is not None and card_ms > last.start_ms
    assert not [c for c in cuts if c > last.start_ms + 100], (cuts, last.in_ms, analysis.cut_points_ms)
    hops = analysis.unfit[last.in_ms // analysis.hop_ms : (last.in_ms + last.duration_ms) // analysis.hop_ms + 1]
    assert max(hops, default=0.0) < UNFIT_SHARE, (last.in_ms, hops)  # not the clip's title card
    apart = last.in_ms >= before.in_ms + before.duration_ms or last.in_ms + last.duration_ms <= before.in_ms
    assert apart, (before.in_ms, last.in_ms)  # not the moment the shot before it showed
