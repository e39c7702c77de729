"""The timeline picture: valid SVG with a lane per track, named blocks, the beat grid and the waveform."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from nemo_notebook.notebook.timeline_svg import Envelope, timeline_svg
from nemo_notebook.protocol import Draft

NS = {"svg": "http://www.w3.org/2000/svg"}

WIRE = {
    "d": 20000,
    "m": {
        "aspect": "16:9",
        "fps": 30,
        "bpm": 120,
        "beats_ms": list(range(0, 20000, 500)),
        "downbeats_ms": list(range(0, 20000, 2000)),
    },
    "t": [
        {
            "tt": 0,
            "m": {"role": "visuals"},
            "sg": [
                {"s": 0, "d": 8000, "src": "med_pic1", "in": 0, "m": {"name": "poster.jpg"}},
                {"s": 8000, "d": 12000, "src": "med_clip", "in": 2000, "m": {"name": "bunny <clip> & co"}},
            ],
        },
        {
            "tt": 1,
            "m": {"role": "music", "volume": 1.0},
            "sg": [
                {"s": 0, "d": 20000, "src": "med_song", "in": 10000, "m": {"name": "Vibe Ace"}},
            ],
        },
        {"tt": 7, "m": {}, "sg": [{"s": 0, "d": 3000, "m": {"role": "title", "text": "Urban Dreams"}}]},
        {"tt": 1, "m": {"role": "bgm"}, "sg": []},
    ],
}


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_one_lane_per_track_with_segments_and_a_block_per_segment() -> None:
    root = _parse(timeline_svg(Draft.from_wire(WIRE)))
    lanes = root.findall("svg:g[@class='lane']", NS)
    assert [lane.get("data-type") for lane in lanes] == ["video", "audio", "text"]
    blocks = [len(lane.findall("svg:rect[@class='segment']", NS)) for lane in lanes]
    assert blocks == [2, 1, 1]


def test_blocks_carry_their_names_escaped() -> None:
    root = _parse(timeline_svg(Draft.from_wire(WIRE)))
    titles = [t.text for t in root.iter("{http://www.w3.org/2000/svg}title")]
    assert any(t and "bunny <clip> & co" in t for t in titles)
    names = [t.text for t in root.findall(".//svg:text[@class='name']", NS)]
    assert "Urban Dreams" in names


def test_blocks_sit_where_their_times_are() -> None:
    root = _parse(timeline_svg(Draft.from_wire(WIRE), width_px=1000))
    video = root.find("svg:g[@data-type='video']", NS)
    assert video is not None
    first, second = video.findall("svg:rect", NS)
    x0, x1 = float(first.get("x", 0)), float(second.get("x", 0))
    plot = x1 - x0  # 8 s of 20 s
    assert abs(float(first.get("width", 0)) + 1 - plot) < 1.0
    assert abs((float(second.get("width", 0)) + 1) / plot - 12 / 8) < 0.02


def test_beat_grid_marks_beats_and_downbeats() -> None:
    root = _parse(timeline_svg(Draft.from_wire(WIRE)))
    assert len(root.findall(".//svg:line[@class='downbeat']", NS)) == 10
    assert len(root.findall(".//svg:line[@class='beat']", NS)) == 30


def test_dense_beats_are_thinned_to_stay_readable() -> None:
    wire = {**WIRE, "d": 600000, "m": {"beats_ms": list(range(0, 600000, 250))}}
    root = _parse(timeline_svg(Draft.from_wire(wire), width_px=900))
    assert 0 < len(root.findall(".//svg:line[@class='beat']", NS)) < 900 / 5 + 1


def test_music_lane_shows_its_waveform_from_the_in_point() -> None:
    loud_second_half = Envelope(tuple([0.0] * 50 + [1.0] * 50), duration_ms=40000)
    root = _parse(timeline_svg(Draft.from_wire(WIRE), {"med_song": loud_second_half}))
    polygon = root.find(".//svg:g[@data-type='audio']/svg:polygon[@class='waveform']", NS)
    assert polygon is not None
    ys = [float(p.split(",")[1]) for p in polygon.get("points", "").split()]
    # the segment starts at 10 s of a 40 s file: first half silent (flat), second half loud (tall)
    half = len(ys) // 2
    upper = ys[:half]
    assert max(upper[: len(upper) // 2 - 2]) - min(upper[: len(upper) // 2 - 2]) < 0.01
    assert min(upper[len(upper) // 2 + 2 :]) < min(upper[: len(upper) // 2 - 2]) - 5


def test_an_empty_timeline_still_draws() -> None:
    root = _parse(timeline_svg(Draft.empty()))
    assert root.findall("svg:g[@class='lane']", NS) == []
    assert "empty" in "".join(root.itertext())


def test_the_html_form_shrinks_to_its_container_and_the_image_keeps_its_size() -> None:
    from nemo_notebook.notebook.timeline_svg import TimelinePicture

    picture = TimelinePicture(Draft.from_wire(WIRE))
    fixed = _parse(picture._repr_svg_())
    fluid = _parse(picture._repr_html_().removeprefix("<div>").removesuffix("</div>"))
    assert fixed.get("width") == "900" and fixed.get("height")
    assert fluid.get("width") == "100%" and "max-width:900px" in fluid.get("style", "")
    assert fluid.get("viewBox") == fixed.get("viewBox")


def test_shot_labels_shorten_then_number_where_they_do_not_fit() -> None:
    many = {
        "d": 20000,
        "t": [
            {
                "tt": 0,
                "m": {"role": "visuals"},
                "sg": [
                    {"s": i * 500, "d": 500, "src": "p", "m": {"name": "big-buck-bunny-poster.jpg"}} for i in range(36)
                ]
                + [{"s": 18000, "d": 2000, "src": "p", "m": {"name": "big-buck-bunny-poster.jpg"}}],
            }
        ],
    }
    root = _parse(timeline_svg(Draft.from_wire(many)))
    names = [t.text or "" for t in root.findall(".//svg:text[@class='name']", NS)]
    assert names[:3] == ["1", "2", "3"]  # 500 ms blocks: numbered
    assert names[-1].startswith("big-buck") and names[-1].endswith("…")  # a wider block: the name's start
    assert not any(n in ("b…", "…") for n in names)


def test_sections_are_marked_when_the_draft_has_them() -> None:
    wire = {**WIRE, "m": {**WIRE["m"], "sections_ms": [0, 8000, 14000]}}  # type: ignore[dict-item]
    root = _parse(timeline_svg(Draft.from_wire(wire)))
    assert len(root.findall(".//svg:line[@class='section']", NS)) == 2
    assert [t.text for t in root.findall(".//svg:text[@class='section-name']", NS)] == ["A", "B", "C"]


def test_names_are_drawn_above_the_beat_grid_and_waveform_and_labels_have_a_background() -> None:
    svg = timeline_svg(Draft.from_wire(WIRE), {"med_song": Envelope((0.5,) * 10, 40000)}, fluid=True)
    assert svg.index('class="waveform"') < svg.index('class="beat"') < svg.index('class="name"')
    assert 'class="label-bg"' in svg and "var(--jp-layout-color2" in svg and "var(--jp-ui-font-color1" in svg
    image = timeline_svg(Draft.from_wire(WIRE))
    assert 'class="card"' in image and "var(--" not in image  # an image has no page theme to take
