"""The two commonest musician cases: the track alone, and the track with one cover. The video names the track
(title and artist from its tags), changes scene with the song's sections rather than on every beat, and keeps a
cover whole with the visualizer beside it."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import numpy as np

from nemo_notebook.client import Client
from nemo_notebook.protocol import TrackType
from nemo_notebook.protocol.vocabulary import COVER_DESIGNS, COVER_VISUALIZERS
from tests.conftest import shared_media


def _made(real_engine: Any, tmp_path: Path, files: list[Path]) -> Any:
    with Client(base_url=real_engine.url, token=real_engine.token, home=tmp_path / "home") as client:
        session = client.sessions.create()
        session.upload(files)
        session.send("create a video from this music with visualizer and beat-synced cuts, 20 seconds long")
        video = session.export(quality="preview").wait().download(tmp_path / "video.mp4")
        return session.state().draft, video


def _lanes(draft: Any) -> tuple[Any, Any, Any]:
    videos = [t for t in draft.tracks if t.type == TrackType.VIDEO]
    visuals = next(t for t in videos if t.meta.get("role") == "visuals")
    visualizer = next(t for t in videos if t.meta.get("role") == "visualizer")
    texts = [sg.meta.get("text") for t in draft.tracks if t.type == TrackType.TEXT for sg in t.segments]
    return visuals, visualizer, texts


def test_the_track_alone_names_itself_and_changes_scene_by_section_not_by_beat(
    real_engine: Any, tmp_path: Path
) -> None:
    import av

    song = shared_media("vibe-ace.ogg")
    draft, video = _made(real_engine, tmp_path, [song])
    visuals, _, texts = _lanes(draft)
    assert texts == ["Vibe Ace — Kevin MacLeod"]
    sections = draft.meta.get("sections") or []
    assert len(visuals.segments) <= len(sections) + 1, len(visuals.segments)  # was one scene a beat (0.46 s)
    with av.open(str(video)) as container:
        frames = [f.to_ndarray(format="rgb24").astype(np.float32) for f in container.decode(video=0)]
    changes = [float(np.abs(b - a).mean()) for a, b in itertools.pairwise(frames)]
    big = sum(1 for c in changes if c > 25)  # the whole screen changing colour at once
    assert big <= len(sections) + 2, (big, len(changes))


def test_one_cover_gets_a_design_with_its_visualizer_and_the_credit_set_in_its_layout(
    real_engine: Any, tmp_path: Path
) -> None:
    from tests.render.synth import ffmpeg

    cover = tmp_path / "cover.png"
    ffmpeg("-f", "lavfi", "-i", "testsrc2=s=500x500", "-frames:v", "1", str(cover))
    draft, _ = _made(real_engine, tmp_path, [shared_media("vibe-ace.ogg"), cover])
    visuals, visualizer, texts = _lanes(draft)
    assert texts == ["Vibe Ace — Kevin MacLeod"]
    assert len(visuals.segments) <= len(draft.meta.get("sections") or []) + 1  # not the same picture cut on beats
    design = draft.meta.get("cover_design")
    assert design in COVER_DESIGNS, draft.meta
    assert visualizer.segments[0].meta.get("effect") == COVER_VISUALIZERS[design]  # was a ring in a corner
    credit = next(sg for t in draft.tracks if t.type == TrackType.TEXT for sg in t.segments)
    assert credit.meta.get("layout") == "cover" and credit.duration_ms == draft.duration_ms  # was 5 s at the top


def _planned(real_engine: Any, tmp_path: Path, files: list[Path]) -> Any:
    with Client(base_url=real_engine.url, token=real_engine.token, home=tmp_path / "home") as client:
        session = client.sessions.create()
        session.upload(files)
        session.send("create a video from this music with visualizer and beat-synced cuts, 12 seconds long")
        return session.state().draft


def test_a_file_name_is_not_a_title_and_tags_name_the_song_under_many_pictures(
    real_engine: Any, tmp_path: Path
) -> None:
    from tests.render.synth import ffmpeg

    untagged = tmp_path / "song-pathological-intro-50s.wav"
    ffmpeg("-i", str(shared_media("vibe-ace.ogg")), "-t", "12", "-map_metadata", "-1", str(untagged))
    assert _lanes(_planned(real_engine, tmp_path / "a", [untagged]))[2] == []  # was "Song Pathological Intro 50S"
    pictures = []
    for n, colour in enumerate(("red", "teal", "orange")):
        pictures.append(tmp_path / f"p{n}.png")
        ffmpeg("-f", "lavfi", "-i", f"color=c={colour}:s=640x360", "-frames:v", "1", str(pictures[-1]))
    texts = _lanes(_planned(real_engine, tmp_path / "b", [shared_media("vibe-ace.ogg"), *pictures]))[2]
    assert texts == ["Vibe Ace — Kevin MacLeod"]  # the tags name the song (a video of several pictures had none)


def test_a_cover_design_named_in_words_is_the_one_the_video_gets(real_engine: Any, tmp_path: Path) -> None:
    from tests.render.synth import ffmpeg

    cover = tmp_path / "cover.png"
    ffmpeg("-f", "lavfi", "-i", "testsrc2=s=500x500", "-frames:v", "1", str(cover))
    with Client(base_url=real_engine.url, token=real_engine.token, home=tmp_path / "home") as client:
        session = client.sessions.create()
        session.upload([shared_media("vibe-ace.ogg"), cover])
        session.send("create a video from this music with visualizer, 12 seconds long, poster style")
        made = session.state().draft
        assert made.meta.get("cover_design") == "poster"
        reply = session.send("use the ring design")
        ringed = session.state().draft
        assert "ring" in reply.text, reply.text
        assert ringed.meta.get("cover_design") == "ring"
        assert _lanes(ringed)[1].segments[0].meta.get("effect") == "circular"
        session.send("make it minimal")
        assert session.state().draft.meta.get("cover_design") == "wave"
