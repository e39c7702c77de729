"""A session's timeline as OpenTimelineIO: written by the client (both flavours) against the real engine, read back
by OTIO's own reader with the same clips, times, media paths and the music's beats and sections as markers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nemo_notebook.client import Client
from nemo_notebook.protocol import TrackType
from tests.conftest import shared_media

otio = pytest.importorskip("opentimelineio")


@pytest.fixture(scope="module")
def made(real_engine: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One music video's session (song + poster), shared by the module's tests."""
    home = tmp_path_factory.mktemp("otio-client")
    with Client(base_url=real_engine.url, token=real_engine.token, home=home) as client:
        session = client.sessions.create()
        session.upload([shared_media("vibe-ace.mp3"), shared_media("big-buck-bunny-poster.jpg")])
        session.send("create a video from this music, 12 seconds long, with beat-synced cuts")
        session.send("add the title 'Vibe' for the first 3 seconds")
        return session.id, session.state()


def test_the_timeline_round_trips_through_otio(
    made: Any, real_engine: Any, client_home: Path, tmp_path: Path, flavour: str
) -> None:
    from .both import open_client

    session_id, state = made
    with open_client(flavour, base_url=real_engine.url, token=real_engine.token, home=client_home) as client:
        written = client.sessions.get(session_id).export_timeline(tmp_path / "edit.otio")
    timeline = otio.adapters.read_from_file(str(written))
    draft = state.draft
    # a text shown over another (the cover's credit and the added title) is written on a lane (track) of its own
    firsts = [t for t in timeline.tracks if "lane" not in t.metadata["nemo"]]
    assert len(firsts) == len(draft.tracks) and len(timeline.tracks) == len(draft.tracks) + 1
    rate = float(draft.meta.get("fps") or 30)
    lanes = {t.name: t for t in timeline.tracks}
    for track, out in zip(draft.tracks, firsts, strict=True):
        kind = otio.schema.TrackKind.Audio if track.type == TrackType.AUDIO else otio.schema.TrackKind.Video
        assert out.kind == kind
        mine = [out, *(t for name, t in lanes.items() if name.startswith(out.name + " ("))]
        clips = sorted((c for lane in mine for c in lane.find_clips()), key=lambda c: c.range_in_parent().start_time)
        assert len(clips) == len([s for s in track.segments if s.duration_ms > 0])
        for segment, clip in zip(sorted(track.segments, key=lambda s: s.start_ms), clips, strict=False):
            placed = clip.range_in_parent()
            assert abs(placed.start_time.to_seconds() - segment.start_ms / 1000) <= 1.5 / rate
            assert clip.metadata["nemo"]["src"] == segment.src
            if segment.src:
                target = Path(clip.media_reference.target_url.removeprefix("file://"))
                assert target.is_file() and target.parent == tmp_path / "edit_media"
    assert any(c.name.startswith('Title: "Vibe"') for c in timeline.find_clips())
    markers = list(timeline.tracks.markers)
    beats = draft.meta.get("beats_ms") or []
    assert beats and len([m for m in markers if m.name in ("beat", "downbeat")]) == len(set(beats))
    downbeats = [m for m in markers if m.name == "downbeat"]
    near = _near(draft.meta["downbeats_ms"], rate)
    assert downbeats and all(m.marked_range.start_time.to_seconds() * 1000 in near for m in downbeats)
    sections = [m for m in markers if m.name.startswith("section")]
    assert len(sections) == len(draft.meta.get("sections") or [])


def _near(values: list[int], rate: float) -> Any:
    class Near:
        def __contains__(self, ms: float) -> bool:
            return any(abs(ms - v) <= 1000 / rate for v in values)

    return Near()


def test_media_already_downloaded_are_kept_and_an_unknown_suffix_says_what_to_install(
    made: Any, real_engine: Any, tmp_path: Path
) -> None:
    from nemo_notebook.client import NemoError

    session_id, _ = made
    with Client(base_url=real_engine.url, token=real_engine.token, home=tmp_path / "home") as client:
        session = client.sessions.get(session_id)
        session.export_timeline(tmp_path / "a.otio", media_folder=tmp_path / "media")
        stamps = {p: p.stat().st_mtime_ns for p in (tmp_path / "media").iterdir()}
        session.export_timeline(tmp_path / "b.otio", media_folder=tmp_path / "media")
        assert {p: p.stat().st_mtime_ns for p in (tmp_path / "media").iterdir()} == stamps
        with pytest.raises(NemoError, match="adapter"):
            session.export_timeline(tmp_path / "edit.nosuchformat")
    assert not list(tmp_path.glob("*.part")) and not (tmp_path / "edit.nosuchformat").exists()


ADAPTERS = {"xml": "fcp_xml", "fcpxml": "fcpx_xml", "edl": "cmx_3600"}


@pytest.mark.parametrize("suffix", list(ADAPTERS))
def test_fcp_xml_fcpxml_and_edl_carry_the_pictures_by_path_and_the_beats(
    made: Any, real_engine: Any, tmp_path: Path, suffix: str
) -> None:
    """Through OTIO's adapter plug-ins (the ``otio`` extra installs them): the pictures track's clips at their times
    with their files by path, the title as a marker where it shows, every beat and downbeat as a marker within a
    frame of the analysis' (on the clips, for FCPXML and EDL, which write no timeline markers)."""
    if ADAPTERS[suffix] not in otio.adapters.available_adapter_names():
        pytest.skip(f"OTIO's {ADAPTERS[suffix]} adapter is not installed (the otio extra installs it)")
    session_id, state = made
    with Client(base_url=real_engine.url, token=real_engine.token, home=tmp_path / "home") as client:
        written = client.sessions.get(session_id).export_timeline(tmp_path / f"edit.{suffix}")
    draft = state.draft
    rate = float(draft.meta.get("fps") or 30)
    timeline = otio.adapters.read_from_file(str(written), **({"rate": rate} if suffix == "edl" else {}))
    pictures = sorted(draft.tracks[0].segments, key=lambda s: s.start_ms)
    clips = [c for c in timeline.find_clips() if c.media_reference.target_url.endswith((".jpg", ".mp4"))]
    assert len(clips) == len(pictures)
    for segment, clip in zip(pictures, clips, strict=True):
        assert abs(clip.range_in_parent().start_time.to_seconds() - segment.start_ms / 1000) <= 1.5 / rate
        target = Path(clip.media_reference.target_url.removeprefix("file://"))
        assert target.is_file() and target.parent == tmp_path / "edit_media"
    placed = _placed_markers(timeline)
    assert any(name.lower() == 'title: "vibe"' and at < 1.5 / rate for name, at in placed)
    beats = [at for name, at in placed if name.lower() in ("beat", "downbeat")]
    assert len(beats) == len(set(draft.meta["beats_ms"]))
    near = _near(draft.meta["beats_ms"], rate)
    assert all(at * 1000 in near for at in beats)


def _placed_markers(timeline: Any) -> list[tuple[str, float]]:
    """Every marker's name and time on the timeline (s): the timeline's own, and each clip's moved from its time."""
    out = [(m.name, m.marked_range.start_time.to_seconds()) for m in timeline.tracks.markers]
    for clip in timeline.find_clips():
        offset = clip.range_in_parent().start_time - clip.source_range.start_time
        out += [(m.name, (m.marked_range.start_time + offset).to_seconds()) for m in clip.markers]
    return out
