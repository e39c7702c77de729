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


def test_an_untagged_file_is_named_by_its_cleaned_name_and_tags_name_the_song_under_many_pictures(
    real_engine: Any, tmp_path: Path
) -> None:
    from tests.render.synth import ffmpeg

    untagged = tmp_path / "song-pathological-intro-50s.wav"
    ffmpeg("-i", str(shared_media("vibe-ace.ogg")), "-t", "12", "-map_metadata", "-1", str(untagged))
    # was no title at all (and before that "Song Pathological Intro 50S", which read as a bug)
    assert _lanes(_planned(real_engine, tmp_path / "a", [untagged]))[2] == ["Song Pathological Intro 50s"]
    pictures = []
    for n, colour in enumerate(("red", "teal", "orange")):
        pictures.append(tmp_path / f"p{n}.png")
        ffmpeg("-f", "lavfi", "-i", f"color=c={colour}:s=640x360", "-frames:v", "1", str(pictures[-1]))
    texts = _lanes(_planned(real_engine, tmp_path / "b", [shared_media("vibe-ace.ogg"), *pictures]))[2]
    assert texts == ["Vibe Ace — Kevin MacLeod"]  # the tags name the song (a video of several pictures had none)


def test_an_untagged_cover_video_takes_the_title_from_the_name_unless_the_user_names_it(
    real_engine: Any, tmp_path: Path
) -> None:
    from tests.render.synth import ffmpeg

    untagged = tmp_path / "01_midnight_drive_final.wav"
    ffmpeg("-i", str(shared_media("vibe-ace.ogg")), "-t", "12", "-map_metadata", "-1", str(untagged))
    cover = tmp_path / "cover.png"
    ffmpeg("-f", "lavfi", "-i", "testsrc2=s=500x500", "-frames:v", "1", str(cover))
    draft = _planned(real_engine, tmp_path / "a", [untagged, cover])
    credit = [sg for t in draft.tracks if t.type == TrackType.TEXT for sg in t.segments]
    assert [sg.meta.get("text") for sg in credit] == ["Midnight Drive"]  # no artist line: none is known
    assert credit[0].meta.get("layout") == "cover", credit[0].meta
    with Client(base_url=real_engine.url, token=real_engine.token, home=tmp_path / "home") as client:
        session = client.sessions.create()
        session.upload([untagged, cover])
        session.send("create a video from this music with visualizer, 12 seconds long, with the title 'Night Drive'")
        assert _lanes(session.state().draft)[2] == ["Night Drive"]  # the user's words win over the file's name
        (named,) = [sg for t in session.state().draft.tracks if t.type == TrackType.TEXT for sg in t.segments]
        assert named.meta.get("layout") == "cover" and named.duration_ms > 11_000  # in the layout, not a 3 s title
        reply = session.send("add an end card saying 'Out now everywhere'")
        assert session.state().draft.meta.get("end_card") == {"title": "Night Drive", "line": "Out now everywhere"}
        assert "end card over the last 4 s" in reply.text, reply.text


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


def _synthetic(folder: Path, kind: str) -> Path:
    """20 s of driving music (a kick on every beat at 128 BPM, a bass, an off-beat hat) or of calm music (a slow
    chord that swells every four beats at 68 BPM, a soft note on each, quieter for its first 10 s)."""
    from tests.render.synth import ffmpeg

    if kind == "driving":
        p = 60 / 128
        kick = f"0.9*sin(2*PI*(50+90*exp(-30*mod(t,{p})))*mod(t,{p}))*exp(-9*mod(t,{p}))"
        hat = f"0.15*(random(0)-0.5)*exp(-60*mod(t+{p / 2},{p}))"
        expr = f"{kick}+{hat}+0.3*sin(2*PI*55*t)*(0.6+0.4*exp(-4*mod(t,{p})))"
    else:
        q = 60 / 68
        chord = "(sin(2*PI*220*t)+0.7*sin(2*PI*277.2*t)+0.5*sin(2*PI*329.6*t))"
        swell = f"(0.35+0.65*(1-exp(-1.5*mod(t,{4 * q}))))*(0.4+0.6*gt(t,10))"
        expr = f"0.25*{chord}*{swell}+0.2*sin(2*PI*440*t)*exp(-3*mod(t,{q}))"
    path = folder / f"{kind}.wav"
    ffmpeg("-f", "lavfi", "-i", f"aevalsrc='{expr}':s=44100:d=20", "-ac", "2", str(path))
    return path


def _scenes(draft: Any) -> list[Any]:
    return [sg for sg in _lanes(draft)[0].segments if sg.src is None]


def test_the_track_alone_takes_its_design_from_the_music(real_engine: Any, tmp_path: Path) -> None:
    designs = {}
    for kind in ("driving", "calm"):
        draft = _planned(real_engine, tmp_path / kind, [_synthetic(tmp_path, kind)])
        scenes = _scenes(draft)
        assert scenes and {sg.meta.get("design") for sg in scenes} == {draft.meta.get("backdrop")}
        designs[kind] = (draft.meta.get("backdrop"), _lanes(draft)[1].segments[0].meta.get("effect"))
    # was the same gradient for both (neon for one, ocean or forest for the other)
    assert designs == {"driving": ("pulse", "circular"), "calm": ("aurora", "cqt")}, designs


def test_a_design_named_in_words_changes_every_scene_and_the_visualizer_it_chose(
    real_engine: Any, tmp_path: Path
) -> None:
    with Client(base_url=real_engine.url, token=real_engine.token, home=tmp_path / "home") as client:
        session = client.sessions.create()
        session.upload([_synthetic(tmp_path, "calm")])
        session.send("create a video from this music with visualizer, 12 seconds long")
        assert session.state().draft.meta.get("backdrop") == "aurora"
        for words, design, effect in (
            ("use the pulse design", "pulse", "circular"),
            ("more particles", "bokeh", "mirrored"),
        ):
            reply = session.send(words)
            draft = session.state().draft
            assert draft.meta.get("backdrop") == design, (words, reply.text)
            assert {sg.meta.get("design") for sg in _scenes(draft)} == {design}
            assert _lanes(draft)[1].segments[0].meta.get("effect") == effect  # each design's own visualizer
            assert f"the {design} design" in reply.text, reply.text
        # a kind no design draws (the bokeh's own bars, asked for by name, cannot be told from its choice)
        session.send("make the visualizer a waveform")
        session.send("use the aurora design")
        draft = session.state().draft
        assert _lanes(draft)[1].segments[0].meta.get("effect") == "waves"  # the user's choice stays
        assert draft.meta.get("backdrop") == "aurora"
