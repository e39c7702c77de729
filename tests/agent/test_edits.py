"""Pure edits: what each one keeps, moves and refuses, on hand-made drafts."""

from __future__ import annotations

import pytest

from nemo_notebook.engine.agent.edits import apply
from nemo_notebook.engine.agent.errors import EditError
from nemo_notebook.engine.agent.operations import (
    AT_END,
    AddText,
    BuildMusicVideo,
    RemoveClip,
    RemoveText,
    SetAspect,
    SetCutRate,
    SetFade,
    SetLength,
    SetText,
    SetVisualizer,
    SetVolume,
    Trim,
)
from nemo_notebook.engine.errors import EngineError
from nemo_notebook.protocol import TrackType
from nemo_notebook.protocol.vocabulary import Aspect, Position, Role, Visualizer

from .drafts import BEAT_MS, LENGTH_MS, music_video
from .table import beats_per_shot, music, texts, visualizer, visuals


def test_trimming_the_start_moves_everything_and_keeps_in_points_true() -> None:
    draft = apply(SetFade(target="all", edge="in", ms=1000), music_video())
    cut = apply(Trim(edge="start", ms=2500), draft)
    assert cut.duration_ms == LENGTH_MS - 2500
    assert music(cut).segments[0].in_ms == 2500 and music(cut).segments[0].start_ms == 0
    assert visuals(cut)[0].start_ms == 0 and visuals(cut)[0].meta["fade_in_ms"] == 1000  # the fade moved with it
    assert [int(b) for b in cut.meta["beats_ms"]][:2] == [0, BEAT_MS]


def test_shortening_keeps_the_fade_out_at_the_new_end() -> None:
    draft = apply(SetFade(target="music", edge="out", ms=2000), music_video())
    short = apply(SetLength(7000), draft)
    assert all(sg.end_ms <= 7000 for t in short.tracks for sg in t.segments)
    assert music(short).segments[-1].meta["fade_out_ms"] == 2000


def test_shortening_fades_the_music_out_where_it_now_stops() -> None:
    short = apply(SetLength(7000), music_video())
    assert music(short).segments[-1].end_ms == 7000
    assert music(short).segments[-1].meta["fade_out_ms"] == 1500


def test_shortening_leaves_no_flash_of_a_picture_at_the_end() -> None:
    short = apply(SetLength(8200), music_video(beats_per_cut=4))  # the fifth shot would last 200 ms
    shots = visuals(short)
    assert len(shots) == 4 and shots[-1].end_ms == 8200 and shots[-1].duration_ms == 2200


def test_a_video_cannot_be_stretched_or_emptied() -> None:
    with pytest.raises(EditError, match="shorten"):
        apply(SetLength(LENGTH_MS + 1000), music_video())
    with pytest.raises(EditError, match="leaves nothing"):
        apply(Trim(edge="start", ms=LENGTH_MS), music_video())


def test_recut_cycles_the_visuals_on_the_grid_and_clips_never_run_past_their_end() -> None:
    lengths = {"m_clip": 3000}
    draft = apply(SetCutRate(beats_per_cut=1), music_video(), media_ms=lengths)
    assert set(beats_per_shot(draft)) == {1}
    assert [s.src for s in visuals(draft)[:4]] == ["m_pic1", "m_pic2", "m_clip", "m_pic1"]
    clip_uses = [s for s in visuals(draft) if s.src == "m_clip"]
    assert all(s.in_ms is not None and s.in_ms + s.duration_ms <= 3000 for s in clip_uses)
    assert all(s.in_ms is None for s in visuals(draft) if s.src != "m_clip")  # pictures have no in-point


def test_faster_cuts_halve_the_beats_per_shot_until_every_beat() -> None:
    draft = music_video(beats_per_cut=2)
    faster = apply(SetCutRate(factor=0.5), draft)
    assert set(beats_per_shot(faster)) == {1}
    with pytest.raises(EditError, match="already"):
        apply(SetCutRate(factor=0.5), faster)


def test_a_new_title_replaces_the_one_showing_then_and_styles_apply_to_it() -> None:
    draft = apply(AddText("One"), music_video())
    draft = apply(AddText("Two", duration_ms=2000), draft)
    draft = apply(AddText("Later", start=10_000), draft)
    assert [s.meta["text"] for s in texts(draft)] == ["Two", "Later"]
    styled = apply(SetText(which=1, color="#ff0000", size_factor=2), draft)
    assert dict(texts(styled)[1].meta["style"]) == {"size": 220, "color": "#ff0000", "position": "auto"}
    assert texts(styled)[0] == texts(draft)[0]


def test_visualizer_is_added_on_the_music_and_removed() -> None:
    off = apply(SetVisualizer(enabled=False), music_video())
    assert visualizer(off) is None
    on = apply(SetVisualizer(kind=Visualizer.CQT, position=Position.TOP), off)
    seg = visualizer(on)
    assert seg is not None and seg.src == "m_song" and seg.meta["effect"] == "cqt" and seg.meta["position"] == "top"
    assert on.tracks[1].type == TrackType.VIDEO  # drawn over the visuals, under any titles


def test_volume_stays_between_silence_and_full() -> None:
    loud = apply(SetVolume(target="music", factor=3.0), music_video())
    assert music(loud).meta["volume"] == 1.0
    quiet = apply(SetVolume(target="music", volume=0.25), loud)
    assert music(quiet).meta["volume"] == 0.25


def test_edits_leave_the_draft_they_were_given_alone() -> None:
    draft = music_video()
    wire = draft.to_wire()
    for op in (
        SetAspect(Aspect.SQUARE),
        Trim(edge="end", ms=1000),
        RemoveClip(0),
    ):
        apply(op, draft)
    assert draft.to_wire() == wire


def test_a_title_said_at_the_end_ends_with_the_video() -> None:
    draft = apply(AddText("Fin", start=AT_END, duration_ms=2000), music_video())
    moved = apply(SetText(which="fin", start=AT_END, duration_ms=4000), draft)
    assert (texts(draft)[0].start_ms, texts(moved)[0].start_ms) == (LENGTH_MS - 2000, LENGTH_MS - 4000)


def test_an_edit_that_does_not_fit_is_an_engine_error_not_a_value_error() -> None:
    with pytest.raises(EngineError) as caught:
        apply(SetLength(LENGTH_MS + 1000), music_video())
    assert not isinstance(caught.value, ValueError)


def test_the_tool_call_shows_what_was_said_as_plain_json() -> None:
    assert AddText("Fin", role=Role.TEXT, start=AT_END).to_json() == {"text": "Fin", "role": "text", "start_ms": "end"}
    assert SetCutRate(bars=1).to_json() == {"bars": 1}
    assert RemoveText(every=True).to_json() == {"which": "all"}
    assert SetVisualizer(enabled=False).to_json() == {"enabled": False}
    build = BuildMusicVideo(track="m_song", visuals=("m_pic1",))
    assert build.to_json() == {"track": "m_song", "visuals": ["m_pic1"], "visualizer": None}
    assert type(SetAspect(Aspect.TALL).to_json()["aspect"]) is str


def test_a_kind_named_after_the_music_chose_one_is_the_users() -> None:
    """A calm song's thin wave (``m.design`` "calm") becomes bars when the user asks for them, and stays theirs; a
    colour alone keeps the music's choice."""
    draft = music_video()
    lane = draft.tracks[1]
    calm = {"effect": "line", "design": "calm", "color": "auto", "position": "auto", "opacity": 0.8}
    draft = draft.with_tracks(
        [draft.tracks[0], lane.with_segments([lane.segments[0].with_meta(**calm)]), draft.tracks[2]]
    )
    recoloured = apply(SetVisualizer(color="#ff0000"), draft).tracks[1].segments[0].meta
    assert (recoloured["effect"], recoloured.get("design")) == ("line", "calm")
    bars = apply(SetVisualizer(kind=Visualizer.SPECTRUM), draft).tracks[1].segments[0].meta
    assert bars["effect"] == "spectrum" and "design" not in bars and bars["opacity"] == 0.9
