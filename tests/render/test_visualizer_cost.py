"""What the soft bars over pictures cost to draw (issue 29's render speed bound), checked in the graph rather than
timed: the drawing's colour and its glow's are still frames laid under its alpha (a section's shade, a still frame of
its own joined to the others: a lookup over the strip, enabled from frame 0, cost 0.2 s of CPU a 20 s video; a
``drawbox`` fill of the strip, 1.3 ms a 1080p frame), and the glow is worked on one grey plane (its alpha), not on the
four of the drawing. On 60 s of the music_video benchmark at 1080p these took ffmpeg's CPU from 52.7 to 48.4 s, the
frames unchanged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from nemo_notebook.engine.render import build_graph, canvas_for, render_draft
from nemo_notebook.engine.render.graph import Graph
from nemo_notebook.engine.render.visualizer import placed
from nemo_notebook.engine.render.visualizer_draw import Box, still_colors

from .drafts import draft, shot
from .synth import ffmpeg, gray_frames, image_info

SIZE = (480, 270)
FULL_HD = (1920, 1080)
MS = 4000


def _scenes(assets: Any, tmp_path: Path) -> dict[str, Any]:
    media = dict(assets.media)
    for name, ground in (("dark", "0x102018"), ("pale", "0xe8e0d0")):
        path = tmp_path / f"{name}.jpg"
        chain = f"color=c={ground}:s=640x360,drawbox=x=240:y=120:w=160:h=120:c=0xd04020:t=fill"
        ffmpeg("-f", "lavfi", "-i", chain, "-frames:v", "1", "-q:v", "2", str(path))
        media[name] = (path, image_info(name, path))
    return media


def _two_sections() -> Any:
    lane = [shot(("dark", "pale")[i // 2], i * MS // 4, MS // 4, motion="none") for i in range(4)]
    sections = [
        {"start_ms": 0, "end_ms": MS // 2, "level": "middle"},
        {"start_ms": MS // 2, "end_ms": MS, "level": "middle"},
    ]
    return draft(lane, MS, music="noise", visualizer={"effect": "spectrum"}, sections=sections)


def test_the_soft_bars_colour_their_shades_and_their_glow_are_drawn_once(assets: Any, tmp_path: Path) -> None:
    """A dark section then a pale one: the automatic colour takes a shade for one of them. No chain fills the strip
    with ``drawbox`` or looks a colour up as it runs (``enable``); the drawing's colour comes from a still frame
    repeated for each section, joined (``concat``), and the glow's too; its ``dilation`` follows ``alphaextract``."""
    media = _scenes(assets, tmp_path)
    d = _two_sections()
    place = placed(d, d.tracks[1].segments[0], media, canvas_for(d, SIZE))
    assert place.soft and place.shades, place
    chains = build_graph(d, media, canvas_for(d, SIZE)).chains
    assert not [c for c in chains if "drawbox=x=0:y=0:w=iw:h=ih" in c]
    fills = [c for c in chains if "format=yuva420p,lutyuv=" in c]
    assert len(fills) == 4, fills  # the drawing's colour in its two sections, and its glow's in each: light under
    # the dark section's shade, dark under the pale one's (one glow throughout, from the video's colour, before)
    assert all(c.startswith("color=") and "trim=end_frame=1,loop=loop=" in c for c in fills), fills
    assert not [c for c in chains if ":enable='between(t," in c and "lutyuv=" in c], chains
    assert [c for c in chains if "concat=n=2:v=1:a=0" in c and "alphamerge" not in c and "[vizk" in c], chains
    glows = [c for c in chains if "dilation" in c]
    assert len(glows) == 1 and glows[0].split("]", 1)[1].startswith("alphaextract,"), glows


def test_the_shade_is_drawn_for_its_section(assets: Any, tmp_path: Path) -> None:
    """Rendered, the bars over the dark section are drawn in its shade (lighter than the video's colour): their
    brightest pixels are the shade at the bars' opacity (0.9) over the ground, within 6 levels of 255 (122 against
    123 expected; the video's colour there, 110)."""
    media = _scenes(assets, tmp_path)
    d = _two_sections()
    canvas = canvas_for(d, SIZE)
    place = placed(d, d.tracks[1].segments[0], media, canvas)
    first_frame, shade = place.shades[0]
    assert first_frame == 0 and luma(shade) > luma(str(place.color)) + 5, place
    frames = gray_frames(render_draft(d, media, tmp_path / "v.mp4", size=SIZE).path)[10:55].astype(float)
    box = place.box
    ground = float(np.median(frames[:, box.y - 28 : box.y - 8]))
    brightest = float(np.percentile(frames[:, box.y : box.y + box.height], 99))
    assert abs(brightest - (0.9 * luma(shade) + 0.1 * ground)) <= 6, (brightest, luma(shade), ground)


def test_each_colour_is_held_from_its_first_frame(tmp_path: Path) -> None:
    """The drawing's colour, a still frame a section joined to the next's (``still_colors``): drawn by ffmpeg, each
    frame has its section's levels, from exactly its first frame (a shade at frame 0 replaces the colour; one equal
    to the one before it adds nothing)."""
    graph = Graph()
    runs = [(0, (60, 100, 140)), (5, (200, 90, 170)), (9, (200, 90, 170)), (12, (40, 128, 128))]
    source = still_colors(graph, Box(0, 0, 32, 16), 30, (235, 128, 128), runs)
    assert source.endswith("concat=n=3:v=1:a=0"), source
    graph.add(f"{source},format=yuv420p[out]")
    script = tmp_path / "graph.txt"
    script.write_text(graph.script(), encoding="utf-8")
    raw = tmp_path / "colors.yuv"
    ffmpeg("-/filter_complex", str(script), "-map", "[out]", "-frames:v", "16", "-f", "rawvideo", str(raw))
    frames = np.frombuffer(raw.read_bytes(), np.uint8).reshape(16, -1)
    lumas, blues = frames[:, : 32 * 16].mean(axis=1), frames[:, 32 * 16 : 32 * 16 + 16 * 8].mean(axis=1)
    assert lumas.round().tolist() == [60] * 5 + [200] * 7 + [40] * 4, lumas
    assert blues.round().tolist() == [100] * 5 + [90] * 7 + [128] * 4, blues


def luma(color: str) -> float:
    r, g, b = (int(color.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return 0.299 * r + 0.587 * g + 0.114 * b


def test_the_soft_bars_are_drawn_at_half_the_width_and_enlarged(assets: Any, tmp_path: Path) -> None:
    """The soft bars are cut apart, rounded, held and faded at half the strip's width (their gaps, a still frame
    of that width), then enlarged once to the strip: on 60 s of the music_video benchmark at 1080p the
    visualizer's filters alone took 6.6-7.4 → 4.9-5.3 s of CPU (one thread each), its strip's SSIM 0.998. Not in
    a preview (under ``NARROW_MIN_PX`` at half), whose bars came out a few pixels thin and dim."""
    media = _scenes(assets, tmp_path)
    d = _two_sections()
    box = placed(d, d.tracks[1].segments[0], media, canvas_for(d, FULL_HD)).box
    chains = build_graph(d, media, canvas_for(d, FULL_HD)).chains
    gaps = [c for c in chains if "drawgrid=" in c]
    assert len(gaps) == 1 and f"s={box.width // 2}x{box.height}" in gaps[0], (box, gaps)
    assert [c for c in chains if f"scale={box.width}:{box.height}:flags=bicubic[vizp" in c], chains
    # drawn, coloured and glowing at 15 fps, the drawing and its glow each held on two frames of the 30 fps video
    sources = [c for c in chains if "[viz" in c and ("showcqt=" in c or "drawgrid=" in c or "lutyuv=" in c)]
    assert len(sources) >= 4 and all(":r=15:" in c for c in sources), sources
    assert len([c for c in chains if "fps=30,setpts=PTS-STARTPTS" in c]) == 2, chains
    small = build_graph(d, media, canvas_for(d, SIZE)).chains
    assert not [c for c in small if ":flags=bicubic[vizp" in c], small


def test_the_soft_bars_strength_is_turned_on_their_grey_masks(assets: Any, tmp_path: Path) -> None:
    """The lookups that turn the soft bars down (a calmer section's strength, a shot drawn light) run on the grey
    masks of the drawing and of its glow, one plane each, not on the four planes of either (the frames are the
    same, by ffmpeg's framemd5 of the benchmark's visualizer)."""
    media = _scenes(assets, tmp_path)
    lane = [shot("dark", i * MS // 4, MS // 4, motion="none") for i in range(4)]
    sections = [
        {"start_ms": 0, "end_ms": MS // 2, "level": "calm"},
        {"start_ms": MS // 2, "end_ms": MS, "level": "loudest"},
    ]
    d = draft(lane, MS, music="noise", visualizer={"effect": "spectrum"}, sections=sections)
    chains = build_graph(d, media, canvas_for(d, SIZE)).chains
    assert not [c for c in chains if "lut=a=" in c], chains
    turned = [c for c in chains if "lut=c0=val*" in c and ":enable=" in c]
    assert turned and all(c.split("]", 1)[0].startswith("[viz") for c in turned), turned


def test_the_bars_take_one_transform_a_frame(assets: Any, tmp_path: Path) -> None:
    """showcqt computes ``count`` transforms a frame (6 by default) for its sonogram, which no strip draws
    (``sono_h=0``): the strip's showcqt takes one, and its frames are those of the default, one for one (ffmpeg's
    framemd5 of 8 s of pink noise at 15 fps, the rate the bars of a 30 fps video are drawn at)."""
    media = _scenes(assets, tmp_path)
    d = _two_sections()
    chains = [c for c in build_graph(d, media, canvas_for(d, FULL_HD)).chains if "showcqt=" in c]
    drawn = [f for c in chains for f in c.split("]", 1)[1].split(",") if f.startswith("showcqt=")]
    assert drawn and all(":sono_h=0:" in f and ":count=1:" in f for f in drawn), drawn
    hashes = []
    for showcqt in (drawn[0], drawn[0].replace(":count=1", "")):
        out = tmp_path / "bars.md5"
        chain = f"[0:a]aresample=48000,{showcqt},format=gray"
        ffmpeg("-i", str(media["noise"][0]), "-filter_complex", chain, "-an", "-f", "framemd5", str(out))
        hashes.append([line.rsplit(",", 1)[1] for line in out.read_text().splitlines() if not line.startswith("#")])
    assert len(hashes[0]) >= 7 * 15 and hashes[0] == hashes[1], [len(h) for h in hashes]
